use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// Longest slice of an error body kept in [`HttpError::Status`]: enough to read a provider's error
/// code, short enough that a huge HTML error page does not travel through the error path.
pub const BODY_SNIPPET_MAX_BYTES: usize = 512;

/// Why an outbound call failed, after retries.
///
/// `Display` never includes a URL, header or body: callers log errors freely, and those hold API
/// keys and personal data. `Debug` hides the body snippet for the same reason; read the field.
#[derive(thiserror::Error)]
pub enum HttpError {
    /// No complete answer within the per-attempt timeout.
    #[error("timed out waiting for the upstream service")]
    Timeout,
    /// The connection could not be made (DNS, TCP or TLS): the request never reached the server.
    #[error("could not connect to the upstream service")]
    Connect,
    /// The upstream answered with a status that is not success.
    #[error("upstream service answered {status}")]
    Status {
        status: StatusCode,
        /// At most [`BODY_SNIPPET_MAX_BYTES`] bytes of the body, cut on a character boundary.
        body_snippet: String,
    },
    /// 429, and either retrying is not allowed, retries ran out, or the server asked us to wait
    /// longer than we are willing to. `retry_after` is what the server asked for, when it said.
    #[error("rate limited by the upstream service")]
    RateLimited { retry_after: Option<Duration> },
    /// The integration's circuit breaker is open: the call was refused without touching the network.
    #[error("circuit open for integration {integration}")]
    CircuitOpen { integration: &'static str },
    /// A success answer whose body could not be decoded as expected.
    #[error("invalid response from the upstream service: {0}")]
    InvalidResponse(String),
    /// Anything else (a request that could not be built, a connection dropped mid-answer, ...).
    #[error("outbound HTTP call failed: {0}")]
    Other(String),
}

impl HttpError {
    /// The upstream status, when the failure is an HTTP answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Status { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            _ => None,
        }
    }

    /// The short name used in metrics and logs.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Timeout => ErrorKind::Timeout,
            Self::Connect => ErrorKind::Connect,
            Self::Status { .. } | Self::RateLimited { .. } => ErrorKind::Status,
            Self::CircuitOpen { .. } => ErrorKind::CircuitOpen,
            Self::InvalidResponse(_) => ErrorKind::InvalidResponse,
            Self::Other(_) => ErrorKind::Other,
        }
    }

    /// Classifies a transport error. Only the kind survives: reqwest's own message includes the
    /// full URL, query string and all.
    pub(crate) fn from_transport(error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else if error.is_connect() {
            Self::Connect
        } else if error.is_builder() {
            Self::Other("request could not be built".to_owned())
        } else {
            Self::Other("transport error".to_owned())
        }
    }

    pub(crate) fn status_with_body(status: StatusCode, body: &[u8]) -> Self {
        Self::Status {
            status,
            body_snippet: snippet(body),
        }
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status {
                status,
                body_snippet,
            } => f
                .debug_struct("Status")
                .field("status", status)
                .field(
                    "body_snippet",
                    &format_args!("<{} bytes>", body_snippet.len()),
                )
                .finish(),
            Self::Timeout => f.write_str("Timeout"),
            Self::Connect => f.write_str("Connect"),
            Self::RateLimited { retry_after } => f
                .debug_struct("RateLimited")
                .field("retry_after", retry_after)
                .finish(),
            Self::CircuitOpen { integration } => f
                .debug_struct("CircuitOpen")
                .field("integration", integration)
                .finish(),
            Self::InvalidResponse(why) => f.debug_tuple("InvalidResponse").field(why).finish(),
            Self::Other(why) => f.debug_tuple("Other").field(why).finish(),
        }
    }
}

/// What went wrong, without any detail that could carry data. Used by metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Timeout,
    Connect,
    Status,
    CircuitOpen,
    InvalidResponse,
    Other,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Connect => "connect",
            Self::Status => "status",
            Self::CircuitOpen => "circuit_open",
            Self::InvalidResponse => "invalid_response",
            Self::Other => "other",
        }
    }
}

fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(BODY_SNIPPET_MAX_BYTES)];
    match std::str::from_utf8(head) {
        Ok(text) => text.to_owned(),
        // The cut may split a character; keep the valid prefix rather than garble the end.
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned()
        }
        Err(_) => {
            let mut text = String::from_utf8_lossy(head).into_owned();
            // Replacement characters are 3 bytes, so lossy text can outgrow the limit.
            let mut cut = text.len().min(BODY_SNIPPET_MAX_BYTES);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_capped_on_a_char_boundary() {
        let body = "é".repeat(400); // 800 bytes, 2 bytes per char
        let cut = snippet(body.as_bytes());
        assert_eq!(cut.len(), 512);
        assert!(cut.chars().all(|c| c == 'é'));

        let odd = format!("a{}", "é".repeat(400)); // the 512th byte splits a char
        assert_eq!(snippet(odd.as_bytes()).len(), 511);

        let invalid = [0xff_u8; 600];
        assert!(snippet(&invalid).len() <= 512);
    }

    #[test]
    fn debug_and_display_hide_the_body() {
        let error = HttpError::status_with_body(StatusCode::BAD_REQUEST, b"secret@example.com");
        assert!(!format!("{error}").contains("secret"));
        assert!(!format!("{error:?}").contains("secret"));
    }
}
