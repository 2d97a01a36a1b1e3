use jobr_core::Currency;
use jobr_http::{HttpError, StatusCode};

/// Why a pay request or status check gave no usable answer.
///
/// `Display` never contains the salt key, a checksum or the user's data.
#[derive(Debug, thiserror::Error)]
pub enum PhonePeError {
    /// PhonePe charges in rupees only.
    #[error("PhonePe takes payments in INR only, not {0:?}")]
    UnsupportedCurrency(Currency),
    /// PhonePe: "Amount should be greater than 100 (in Paise)".
    #[error("PhonePe takes at least 100 paise, the payment is {0} paise")]
    AmountTooSmall(i64),
    /// The request could not be built from the configuration.
    #[error("the PhonePe request could not be built: {0}")]
    Request(String),
    /// No answer, a 429, a 5xx after the retries, or an open circuit.
    #[error("calling PhonePe failed")]
    Http(#[source] HttpError),
    /// PhonePe answered and refused the request (a bad request or checksum, a duplicate
    /// transaction id, a payment that could not be started).
    #[error("PhonePe refused the request: {code}")]
    Rejected {
        /// The HTTP status when it was not 200.
        status: Option<StatusCode>,
        code: String,
        message: Option<String>,
    },
    /// An answer that cannot be read, or contradicts itself (a success without an amount, a
    /// `PAYMENT_ERROR` in state `COMPLETED`). Never taken for success.
    #[error("PhonePe's answer is unusable: {0}")]
    InvalidResponse(String),
    /// The answer is about another merchant or transaction than the one asked about.
    #[error("PhonePe answered about {field} {got:?}, not {expected:?}")]
    Misattributed {
        field: &'static str,
        expected: String,
        got: String,
    },
    /// The answer's amount is not the payment request's: never a success, whatever the code.
    #[error("PhonePe reports {got} paise for a payment of {expected} paise")]
    AmountMismatch { expected: i64, got: i64 },
}

impl PhonePeError {
    /// Whether asking again later may succeed: timeouts, connection failures, 429, 5xx and an
    /// open circuit. A status poller backs off and retries these; everything else needs a person.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Http(error) => match error {
                HttpError::Timeout
                | HttpError::Connect
                | HttpError::RateLimited { .. }
                | HttpError::CircuitOpen { .. } => true,
                HttpError::Status { status, .. } => status.is_server_error(),
                HttpError::InvalidResponse(_) | HttpError::Other(_) => false,
            },
            _ => false,
        }
    }
}
