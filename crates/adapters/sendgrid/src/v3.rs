//! The SendGrid v3 mailer: `POST {api_base}/v3/mail/send` over the shared outbound client.

use async_trait::async_trait;
use jobr_http::{HttpError, OutboundClient, RequestSpec, StatusCode, Url};
use jobr_notifications::{Mailer, MailerError, OutgoingMessage};
use serde::{Deserialize, Serialize};

use crate::MessageError;
use crate::config::{SendGridApiConfig, Sender};

/// Sends through SendGrid's v3 API. Cheap to clone.
#[derive(Clone)]
pub struct SendGridApiMailer {
    client: OutboundClient,
    config: SendGridApiConfig,
    url: Url,
    from: Sender,
}

impl std::fmt::Debug for SendGridApiMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendGridApiMailer")
            .field("endpoint", &self.url.as_str())
            .field("from", &self.from.email.as_str())
            .finish_non_exhaustive()
    }
}

/// Why the v3 API could not take a mail, with what SendGrid said. Never holds the key.
#[derive(Debug, thiserror::Error)]
pub enum SendGridApiError {
    /// The call did not get an answer SendGrid meant for this mail (timeout, connection, 5xx,
    /// 429, breaker open, ...).
    #[error("SendGrid v3 call failed")]
    Http(#[source] HttpError),
    /// SendGrid refused the mail: 400 (the message), 401/403 (the key or the sender), 413, ...
    #[error("SendGrid refused the mail ({status}){}", detail_suffix(.detail))]
    Refused { status: u16, detail: Option<String> },
    #[error("the mail cannot be sent as it is")]
    Message(#[source] MessageError),
}

fn detail_suffix(detail: &Option<String>) -> String {
    detail
        .as_deref()
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

impl SendGridApiError {
    /// 429, 5xx, timeouts and connection failures may pass; a refusal or a bad message will not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Http(HttpError::Status { status, .. }) => {
                status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS
            }
            Self::Http(
                HttpError::RateLimited { .. }
                | HttpError::Timeout
                | HttpError::Connect
                | HttpError::CircuitOpen { .. }
                | HttpError::Other(_),
            ) => true,
            // A 2xx we could not read: SendGrid took the mail. The caller never sees this one.
            Self::Http(HttpError::InvalidResponse(_)) => false,
            Self::Refused { .. } | Self::Message(_) => false,
        }
    }
}

impl SendGridApiMailer {
    /// Builds the outbound client from [`SendGridApiConfig::client_config`].
    pub fn new(config: SendGridApiConfig, from: Sender) -> Result<Self, HttpError> {
        let client = OutboundClient::new(config.client_config())?;
        Self::with_client(config, from, client)
    }

    /// With a client built elsewhere (shared metrics sink, or test-sized timeouts).
    pub fn with_client(
        config: SendGridApiConfig,
        from: Sender,
        client: OutboundClient,
    ) -> Result<Self, HttpError> {
        let url = config.send_url().map_err(HttpError::Other)?;
        Ok(Self {
            client,
            config,
            url,
            from,
        })
    }

    /// The JSON body of `POST /v3/mail/send` for `message`.
    pub fn request_body(
        &self,
        message: &OutgoingMessage,
    ) -> Result<serde_json::Value, MessageError> {
        let subject = crate::single_line_subject(&message.subject)?;
        let id = message.id.to_string();
        let body = MailSend {
            personalizations: [Personalization {
                to: [Address {
                    email: message.to.as_str(),
                    name: None,
                }],
            }],
            from: Address {
                email: self.from.email.as_str(),
                name: self.from.name.as_deref(),
            },
            subject,
            content: [
                Content {
                    kind: "text/plain",
                    value: &message.text,
                },
                Content {
                    kind: "text/html",
                    value: &message.html,
                },
            ],
            custom_args: CustomArgs { message_id: &id },
            // Links carry one-time tokens: they must reach the reader as written, not through a
            // tracking redirect.
            tracking_settings: TrackingSettings {
                click_tracking: ClickTracking {
                    enable: false,
                    enable_text: false,
                },
            },
        };
        serde_json::to_value(&body).map_err(|e| MessageError::Build(Box::new(e)))
    }

    async fn post(&self, message: &OutgoingMessage) -> Result<(), SendGridApiError> {
        let body = self
            .request_body(message)
            .map_err(SendGridApiError::Message)?;
        let request = RequestSpec::post(self.url.clone())
            .bearer_auth(self.config.api_key())
            .and_then(|r| r.json(&body))
            .map_err(SendGridApiError::Http)?
            // The outbox is the one retry loop (with backoff over minutes); a second one here
            // would only multiply attempts, and each repeat of a POST that timed out may be a
            // duplicate mail.
            .retryable(false);
        match self.client.send(request).await {
            // 202 Accepted is SendGrid's answer; any 2xx means it took the mail.
            Ok(_) => Ok(()),
            Err(HttpError::Status {
                status,
                body_snippet,
            }) if status.is_client_error() => Err(SendGridApiError::Refused {
                status: status.as_u16(),
                detail: error_detail(&body_snippet),
            }),
            Err(error) => Err(SendGridApiError::Http(error)),
        }
    }
}

#[async_trait]
impl Mailer for SendGridApiMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        match self.post(message).await {
            Ok(()) => {
                tracing::info!(
                    mailer = "sendgrid",
                    message_id = %message.id,
                    kind = %message.kind,
                    "mail accepted by SendGrid"
                );
                Ok(())
            }
            Err(error) => {
                let retryable = error.is_retryable();
                tracing::warn!(
                    mailer = "sendgrid",
                    message_id = %message.id,
                    kind = %message.kind,
                    retryable,
                    error = %jobr_core::ErrorChain(&error),
                    "SendGrid send failed"
                );
                Err(if retryable {
                    MailerError::retryable(error)
                } else {
                    MailerError::permanent(error)
                })
            }
        }
    }
}

/// SendGrid's `{"errors":[{"message":…,"field":…}]}`, as `field: message; …`. Messages name what
/// is wrong (a field, an unverified sender), not the mail's content; capped all the same.
fn error_detail(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<ErrorItem>,
    }
    #[derive(Deserialize)]
    struct ErrorItem {
        message: Option<String>,
        field: Option<String>,
    }
    let parsed: Errors = serde_json::from_str(body).ok()?;
    let joined = parsed
        .errors
        .iter()
        .filter_map(|e| match (&e.field, &e.message) {
            (Some(field), Some(message)) => Some(format!("{field}: {message}")),
            (None, Some(message)) => Some(message.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("; ");
    (!joined.is_empty()).then(|| joined.chars().take(300).collect())
}

#[derive(Serialize)]
struct MailSend<'a> {
    personalizations: [Personalization<'a>; 1],
    from: Address<'a>,
    subject: &'a str,
    content: [Content<'a>; 2],
    custom_args: CustomArgs<'a>,
    tracking_settings: TrackingSettings,
}

#[derive(Serialize)]
struct Personalization<'a> {
    to: [Address<'a>; 1],
}

#[derive(Serialize)]
struct Address<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct Content<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct CustomArgs<'a> {
    #[serde(rename = "jobr_message_id")]
    message_id: &'a str,
}

#[derive(Serialize)]
struct TrackingSettings {
    click_tracking: ClickTracking,
}

#[derive(Serialize)]
struct ClickTracking {
    enable: bool,
    enable_text: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MESSAGE_ID_ARG;

    #[test]
    fn the_custom_argument_is_named_as_the_webhook_reads_it() {
        let json = serde_json::to_value(CustomArgs { message_id: "x" }).unwrap();
        assert_eq!(json[MESSAGE_ID_ARG], "x");
    }

    #[test]
    fn error_details_are_read_and_capped() {
        let body = r#"{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from","help":null},{"message":"bad"}]}"#;
        assert_eq!(
            error_detail(body).as_deref(),
            Some("from: The from address does not match a verified Sender Identity.; bad")
        );
        assert_eq!(error_detail("<html>oops</html>"), None);
        let long = format!(r#"{{"errors":[{{"message":"{}"}}]}}"#, "x".repeat(1000));
        assert_eq!(error_detail(&long).unwrap().len(), 300);
    }
}
