use jobr_core::Timestamp;
use serde::Serialize;

/// One rejected input field, named as the API names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<jobr_core::InvalidValue> for FieldError {
    fn from(value: jobr_core::InvalidValue) -> Self {
        Self::new(value.field, value.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("email already registered")]
    EmailTaken,
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("account locked until {until}")]
    Locked { until: Timestamp },
    #[error("invalid or expired token")]
    InvalidToken,
    /// A refresh token that was already rotated or revoked came back: the family is revoked.
    #[error("refresh token reused; all sessions of this login were revoked")]
    TokenReused,
    #[error("user not found")]
    UserNotFound,
    /// A verification or reset link that is unknown, already used or expired.
    #[error("the link is invalid, expired or already used")]
    InvalidLink,
    #[error("the email address is already verified")]
    EmailAlreadyVerified,
    /// Too many mails of one kind were asked for in the window; nothing was sent.
    #[error("too many mails were asked for; try again later")]
    TooManyEmails,
    /// The user or token store failed; says whether it is a passing outage.
    #[error("account storage failed")]
    Storage(#[from] jobr_core::StorageError),
    #[error(transparent)]
    Unexpected(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl AccountError {
    pub fn unexpected(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unexpected(Box::new(error))
    }

    pub fn invalid_field(field: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }
}
