use crate::OutgoingMessage;
use async_trait::async_trait;
use jobr_core::BoxError;

/// Why a mail was not handed over. The worker retries `Retryable` with backoff and marks the
/// mail failed on `Permanent`; both keep the provider's error as the source.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    /// Trying again later may work: connection refused or reset, timeouts, SMTP 4xx,
    /// HTTP 429 and 5xx.
    #[error("the mail provider failed for now")]
    Retryable(#[source] BoxError),
    /// Trying again cannot work: a rejected address or message, bad credentials, SMTP 5xx,
    /// HTTP 400, 401, 403, 413.
    #[error("the mail provider rejected the mail")]
    Permanent(#[source] BoxError),
}

impl MailerError {
    pub fn retryable(source: impl Into<BoxError>) -> Self {
        Self::Retryable(source.into())
    }

    pub fn permanent(source: impl Into<BoxError>) -> Self {
        Self::Permanent(source.into())
    }

    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Retryable(_))
    }
}

/// Hands one mail to a mail provider.
///
/// Contract:
/// - MUST send `message.to` one mail with `message.subject`, a `text/plain` part
///   (`message.text`) and a `text/html` part (`message.html`), from the configured sender.
/// - MUST carry `message.id` as the `Message-ID` header, `<{id}@{sender's domain}>`, and, where
///   the provider has them (SendGrid), as the custom argument `jobr_message_id`, so a duplicate
///   sent after a crash can be recognised.
/// - MUST answer `Ok` only once the provider accepted the mail, and classify every failure as
///   [`MailerError::Retryable`] or [`MailerError::Permanent`]; credentials MUST NOT appear in
///   the error or in logs.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError>;
}
