//! The log mailer: what runs when no provider is configured. It sends nothing.

use async_trait::async_trait;
use jobr_notifications::{Mailer, MailerError, OutgoingMessage};

/// Writes each mail to the log instead of sending it, and says so. In development the whole
/// plain-text body is logged, so the links in it (verify, reset) can be followed by hand; in
/// production only the kind, id and recipient's domain are, since a body holds one-time tokens.
#[derive(Debug, Clone, Copy)]
pub struct LogMailer {
    show_bodies: bool,
}

impl LogMailer {
    /// Logs whole messages, links included. For development only.
    pub fn development() -> Self {
        Self { show_bodies: true }
    }

    /// Logs that a mail was not sent, without its body.
    pub fn production() -> Self {
        Self { show_bodies: false }
    }

    /// The warning to log once at start.
    pub fn announce(&self) {
        if self.show_bodies {
            tracing::warn!(
                mailer = "log",
                "mail is NOT sent: neither SMTP_URL nor SENDGRID_API_KEY is set; every mail is \
                 written to this log instead, links included"
            );
        } else {
            tracing::warn!(
                mailer = "log",
                "mail is NOT sent: neither SMTP_URL nor SENDGRID_API_KEY is set; mails are \
                 dropped and only noted in this log (bodies are not logged in production)"
            );
        }
    }
}

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        if self.show_bodies {
            tracing::info!(
                mailer = "log",
                message_id = %message.id,
                kind = %message.kind,
                to = %message.to,
                subject = %message.subject,
                "mail NOT sent (no mail provider configured); its text follows\n{}",
                message.text
            );
        } else {
            let domain = message.to.as_str().rsplit_once('@').map_or("", |(_, d)| d);
            tracing::info!(
                mailer = "log",
                message_id = %message.id,
                kind = %message.kind,
                to_domain = domain,
                "mail NOT sent (no mail provider configured)"
            );
        }
        Ok(())
    }
}
