//! Every error code a client can see, in one place. Clients branch on these strings, so a
//! variant's wire name never changes once shipped.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // Request shape
    ValidationError,
    InvalidJson,
    InvalidMultipart,
    PayloadTooLarge,
    UnsupportedMediaType,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    RateLimited,
    CorsRejected,
    // Authentication and accounts
    Unauthorized,
    Forbidden,
    InvalidCredentials,
    InvalidToken,
    TokenReused,
    AccountLocked,
    EmailTaken,
    UserNotFound,
    InvalidLink,
    EmailAlreadyVerified,
    // CVs
    CvNotFound,
    EmptyFile,
    UnsupportedFileType,
    NoTextLayer,
    EncryptedFile,
    CorruptFile,
    FileTooLarge,
    FieldTooLarge,
    ArchiveTooLarge,
    UnreadableFile,
    NoText,
    // Jobs
    JobNotFound,
    // Applications
    ApplicationNotFound,
    InvalidTransition,
    AlreadyApplied,
    PlanLimitReached,
    FeatureNotInPlan,
    // Subscriptions and payments
    PaymentsUnavailable,
    CardDeclined,
    AlreadySubscribed,
    InvalidSignature,
    PaymentNotFound,
    NoSubscription,
    PaymentProviderError,
    // The server's side
    DatabaseUnavailable,
    InternalError,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 46] = [
        Self::ValidationError,
        Self::InvalidJson,
        Self::InvalidMultipart,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::RequestTimeout,
        Self::RateLimited,
        Self::CorsRejected,
        Self::Unauthorized,
        Self::Forbidden,
        Self::InvalidCredentials,
        Self::InvalidToken,
        Self::TokenReused,
        Self::AccountLocked,
        Self::EmailTaken,
        Self::UserNotFound,
        Self::InvalidLink,
        Self::EmailAlreadyVerified,
        Self::CvNotFound,
        Self::EmptyFile,
        Self::UnsupportedFileType,
        Self::NoTextLayer,
        Self::EncryptedFile,
        Self::CorruptFile,
        Self::FileTooLarge,
        Self::FieldTooLarge,
        Self::ArchiveTooLarge,
        Self::UnreadableFile,
        Self::NoText,
        Self::JobNotFound,
        Self::ApplicationNotFound,
        Self::InvalidTransition,
        Self::AlreadyApplied,
        Self::PlanLimitReached,
        Self::FeatureNotInPlan,
        Self::PaymentsUnavailable,
        Self::CardDeclined,
        Self::AlreadySubscribed,
        Self::InvalidSignature,
        Self::PaymentNotFound,
        Self::NoSubscription,
        Self::PaymentProviderError,
        Self::DatabaseUnavailable,
        Self::InternalError,
    ];

    /// The wire name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationError => "VALIDATION_ERROR",
            Self::InvalidJson => "INVALID_JSON",
            Self::InvalidMultipart => "INVALID_MULTIPART",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::NotFound => "NOT_FOUND",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::RateLimited => "RATE_LIMITED",
            Self::CorsRejected => "CORS_REJECTED",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::InvalidCredentials => "INVALID_CREDENTIALS",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::TokenReused => "TOKEN_REUSED",
            Self::AccountLocked => "ACCOUNT_LOCKED",
            Self::EmailTaken => "EMAIL_TAKEN",
            Self::UserNotFound => "USER_NOT_FOUND",
            Self::InvalidLink => "INVALID_LINK",
            Self::EmailAlreadyVerified => "EMAIL_ALREADY_VERIFIED",
            Self::CvNotFound => "CV_NOT_FOUND",
            Self::EmptyFile => "EMPTY_FILE",
            Self::UnsupportedFileType => "UNSUPPORTED_FILE_TYPE",
            Self::NoTextLayer => "NO_TEXT_LAYER",
            Self::EncryptedFile => "ENCRYPTED_FILE",
            Self::CorruptFile => "CORRUPT_FILE",
            Self::FileTooLarge => "FILE_TOO_LARGE",
            Self::FieldTooLarge => "FIELD_TOO_LARGE",
            Self::ArchiveTooLarge => "ARCHIVE_TOO_LARGE",
            Self::UnreadableFile => "UNREADABLE_FILE",
            Self::NoText => "NO_TEXT",
            Self::JobNotFound => "JOB_NOT_FOUND",
            Self::ApplicationNotFound => "APPLICATION_NOT_FOUND",
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::AlreadyApplied => "ALREADY_APPLIED",
            Self::PlanLimitReached => "PLAN_LIMIT_REACHED",
            Self::FeatureNotInPlan => "FEATURE_NOT_IN_PLAN",
            Self::PaymentsUnavailable => "PAYMENTS_UNAVAILABLE",
            Self::CardDeclined => "CARD_DECLINED",
            Self::AlreadySubscribed => "ALREADY_SUBSCRIBED",
            Self::InvalidSignature => "INVALID_SIGNATURE",
            Self::PaymentNotFound => "PAYMENT_NOT_FOUND",
            Self::NoSubscription => "NO_SUBSCRIPTION",
            Self::PaymentProviderError => "PAYMENT_PROVIDER_ERROR",
            Self::DatabaseUnavailable => "DATABASE_UNAVAILABLE",
            Self::InternalError => "INTERNAL_ERROR",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;
    use std::collections::HashSet;

    #[test]
    fn the_wire_name_is_the_serialised_name_and_unique() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let serialised = serde_json::to_value(code).unwrap();
            assert_eq!(serialised, code.as_str(), "{code:?}");
            assert!(seen.insert(code.as_str()), "{code} appears twice");
        }
    }
}
