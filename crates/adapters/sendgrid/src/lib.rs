//! Mail out through SendGrid (or any SMTP server), and SendGrid's reports back.
//!
//! - [`SmtpMailer`]: SMTP through lettre on tokio, TLS by rustls (`SMTP_URL`, e.g.
//!   `smtp://apikey:SG.xxx@smtp.sendgrid.net:587`, STARTTLS required).
//! - [`SendGridApiMailer`]: `POST {SENDGRID_API_BASE}/v3/mail/send` over the shared
//!   `jobr_http::OutboundClient` (integration `"sendgrid"`). 2xx is accepted; 429, 5xx, timeouts
//!   and connection failures are retryable; 400, 401, 403 and other 4xx are permanent.
//! - [`LogMailer`]: neither configured; writes mail to the log and says it is not sending.
//! - [`EventWebhookVerifier`]: the Event Webhook's ECDSA P-256 signature and timestamp, then
//!   its events as the domain's [`jobr_notifications::DeliveryEvent`]s.
//!
//! Every mailer implements [`jobr_notifications::Mailer`]: the message's stable id goes out as
//! the `Message-ID` header `<{id}@{sender domain}>` (SMTP) and as the custom argument
//! [`MESSAGE_ID_ARG`] (SendGrid, both ways), and comes back on webhook events.
//!
//! ```no_run
//! # fn demo() -> Result<(), Vec<String>> {
//! use jobr_sendgrid::{MailConfig, build_mailer};
//!
//! let config = MailConfig::from_lookup(|k| std::env::var(k).ok())?;
//! let mailer = build_mailer(&config.mailer, false).map_err(|e| vec![e.to_string()])?;
//! # let _ = mailer;
//! # Ok(())
//! # }
//! ```

mod config;
mod log;
mod smtp;
mod v3;
mod webhook;

use std::sync::Arc;

use jobr_notifications::{Mailer, MessageId};

pub use config::{
    DEFAULT_API_BASE, DEFAULT_TIMEOUT, MAX_FROM_NAME_CHARS, MailConfig, MailerConfig,
    SendGridApiConfig, Sender, SmtpConfig, SmtpCredentials, SmtpSecurity, parse_smtp_url,
};
pub use log::LogMailer;
pub use smtp::{SmtpMailer, SmtpSetupError};
pub use v3::{SendGridApiError, SendGridApiMailer};
pub use webhook::{
    DEFAULT_TOLERANCE, EventWebhookVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookError,
    WebhookKeyError, parse_events, parse_public_key,
};

/// The custom argument (v3 `custom_args`, SMTP `X-SMTPAPI` `unique_args`) that carries a
/// message's stable id to SendGrid and back on each Event Webhook event.
pub const MESSAGE_ID_ARG: &str = "jobr_message_id";

/// Why a message cannot be put on the wire as it is. Permanent: sending again cannot help.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("the subject contains a line break or control character")]
    Subject,
    #[error("the recipient address cannot be used")]
    Recipient(#[source] jobr_core::BoxError),
    #[error("the message could not be built")]
    Build(#[source] jobr_core::BoxError),
}

/// Why the configured mailer could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailerSetupError {
    #[error("the SMTP mailer could not be set up")]
    Smtp(#[from] SmtpSetupError),
    #[error("the SendGrid API mailer could not be set up")]
    SendGridApi(#[source] jobr_http::HttpError),
}

/// The mailer `config` asks for, announced in the log. With [`MailerConfig::Log`],
/// `development` decides whether the log mailer shows bodies and links. Call it inside the tokio
/// runtime (the SMTP connection pool starts a task there).
pub fn build_mailer(
    config: &MailerConfig,
    development: bool,
) -> Result<Arc<dyn Mailer>, MailerSetupError> {
    Ok(match config {
        MailerConfig::Smtp { smtp, from } => {
            tracing::info!(
                mailer = "smtp",
                host = %smtp.host,
                port = smtp.port,
                security = ?smtp.security,
                "mail is sent over SMTP"
            );
            Arc::new(SmtpMailer::new(smtp, from)?)
        }
        MailerConfig::SendGridApi { api, from } => {
            tracing::info!(
                mailer = "sendgrid",
                api_base = %api.api_base,
                "mail is sent through the SendGrid v3 API"
            );
            Arc::new(
                SendGridApiMailer::new(api.clone(), from.clone())
                    .map_err(MailerSetupError::SendGridApi)?,
            )
        }
        MailerConfig::Log => {
            let mailer = if development {
                LogMailer::development()
            } else {
                LogMailer::production()
            };
            mailer.announce();
            Arc::new(mailer)
        }
    })
}

/// `<{id}@{domain}>`: globally unique as long as the id is, and the same on every attempt.
pub(crate) fn message_id_header(id: MessageId, sender_domain: &str) -> String {
    format!("<{id}@{sender_domain}>")
}

/// The composer already keeps subjects to one line; a mailer still refuses to send a header
/// that could carry another.
pub(crate) fn single_line_subject(subject: &str) -> Result<&str, MessageError> {
    if subject.chars().any(char::is_control) {
        Err(MessageError::Subject)
    } else {
        Ok(subject)
    }
}
