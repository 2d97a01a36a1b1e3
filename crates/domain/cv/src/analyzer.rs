//! The port through which an AI structures CV text. Adapters (OpenAI, ...) implement it.

use crate::model::ParsedCv;
use jobr_core::UserId;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzerError {
    /// Not configured, unreachable, or failing (5xx, circuit open).
    #[error("CV analyzer unavailable: {0}")]
    Unavailable(String),
    #[error("CV analyzer rate limited")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("CV analyzer timed out")]
    Timeout,
    /// The model answered with something that is not a valid `ParsedCv`.
    #[error("CV analyzer returned invalid output: {0}")]
    InvalidOutput(String),
    #[error("CV analyzer failed: {0}")]
    Other(String),
}

#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CvAnalyzer: Send + Sync {
    /// Structures CV text. The text is untrusted data. MUST return Err (never invent data) when it cannot.
    /// `requested_by` is whom the call is made for, so its cost can be metered per user.
    async fn analyze(
        &self,
        cv_text: &str,
        requested_by: Option<UserId>,
    ) -> Result<ParsedCv, AnalyzerError>;
}
