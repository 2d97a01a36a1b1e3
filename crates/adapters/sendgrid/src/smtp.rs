//! The SMTP mailer: lettre's async transport on tokio, TLS by rustls.

use async_trait::async_trait;
use jobr_notifications::{Mailer, MailerError, OutgoingMessage};
use lettre::message::{Mailbox, MultiPart, header::HeaderName, header::HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::config::{Sender, SmtpConfig, SmtpSecurity};
use crate::{MESSAGE_ID_ARG, MessageError, message_id_header};

/// Sends through one SMTP server (SendGrid's relay, or any other). Connections are pooled and
/// reused between mails. Cheap to clone.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    sender_domain: String,
    /// SendGrid's relay reads `X-SMTPAPI`: our id as a unique argument (so Event Webhook events
    /// name the message) and click tracking off (links carry one-time tokens).
    sendgrid_relay: bool,
    endpoint: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("endpoint", &self.endpoint)
            .field("from", &self.from.email.to_string())
            .finish_non_exhaustive()
    }
}

/// Why the SMTP mailer could not be built from its config.
#[derive(Debug, thiserror::Error)]
pub enum SmtpSetupError {
    #[error("TLS could not be set up for SMTP host {host}")]
    Tls {
        host: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    #[error("the sender address cannot be used in SMTP")]
    Sender(#[source] lettre::address::AddressError),
}

impl SmtpMailer {
    /// Connects lazily, on the first send. MUST be called inside a tokio runtime: the
    /// connection pool runs a task on it (lettre panics otherwise).
    pub fn new(config: &SmtpConfig, from: &Sender) -> Result<Self, SmtpSetupError> {
        Self::build(config, from, None)
    }

    /// As [`SmtpMailer::new`], also trusting `root_pem` (a PEM certificate) as a root besides
    /// the web PKI: for a relay behind a private CA, or a self-signed test server.
    pub fn with_root_certificate(
        config: &SmtpConfig,
        from: &Sender,
        root_pem: &[u8],
    ) -> Result<Self, SmtpSetupError> {
        Self::build(config, from, Some(root_pem))
    }

    fn build(
        config: &SmtpConfig,
        from: &Sender,
        root_pem: Option<&[u8]>,
    ) -> Result<Self, SmtpSetupError> {
        let host = config.host.as_str();
        let tls_error = |source| SmtpSetupError::Tls {
            host: host.to_owned(),
            source,
        };
        let parameters = || {
            let mut builder = TlsParameters::builder(host.to_owned());
            if let Some(pem) = root_pem {
                builder = builder.add_root_certificate(Certificate::from_pem(pem)?);
            }
            builder.build_rustls()
        };
        let tls = match config.security {
            SmtpSecurity::ImplicitTls => Tls::Wrapper(parameters().map_err(tls_error)?),
            SmtpSecurity::StartTls => Tls::Required(parameters().map_err(tls_error)?),
            SmtpSecurity::None => Tls::None,
        };
        // `builder_dangerous` only means "TLS is set by hand": it is, just above.
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.port)
            .tls(tls)
            .timeout(Some(config.timeout));
        if let Some(credentials) = &config.credentials {
            builder = builder.credentials(Credentials::new(
                credentials.username.clone(),
                credentials.password.expose_secret().to_owned(),
            ));
        }
        let address: Address = from
            .email
            .as_str()
            .parse()
            .map_err(SmtpSetupError::Sender)?;
        Ok(Self {
            transport: builder.build(),
            sender_domain: address.domain().to_owned(),
            from: Mailbox::new(from.name.clone(), address),
            sendgrid_relay: host.eq_ignore_ascii_case("smtp.sendgrid.net"),
            endpoint: format!("{host}:{}", config.port),
        })
    }

    /// The MIME message for `message`: `From`, `To`, `Subject`, `Message-ID` and a
    /// multipart/alternative body (plain text first, HTML last, as preferred).
    pub fn build_message(&self, message: &OutgoingMessage) -> Result<Message, MessageError> {
        let to: Address = message
            .to
            .as_str()
            .parse()
            .map_err(|e| MessageError::Recipient(Box::new(e)))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(crate::single_line_subject(&message.subject)?)
            .message_id(Some(message_id_header(message.id, &self.sender_domain)));
        if self.sendgrid_relay {
            let smtpapi = json!({
                "unique_args": { MESSAGE_ID_ARG: message.id.to_string() },
                "filters": { "clicktrack": { "settings": { "enable": 0, "enable_text": 0 } } },
            });
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("X-SMTPAPI"),
                smtpapi.to_string(),
            ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))
            .map_err(|e| MessageError::Build(Box::new(e)))
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        let mime = self
            .build_message(message)
            .map_err(MailerError::permanent)?;
        match self.transport.send(mime).await {
            Ok(response) => {
                tracing::info!(
                    mailer = "smtp",
                    endpoint = %self.endpoint,
                    message_id = %message.id,
                    kind = %message.kind,
                    code = %response.code(),
                    "mail handed to the SMTP server"
                );
                Ok(())
            }
            Err(error) => {
                // lettre's errors carry the server's reply and never the credentials.
                let retryable = !error.is_permanent();
                tracing::warn!(
                    mailer = "smtp",
                    endpoint = %self.endpoint,
                    message_id = %message.id,
                    kind = %message.kind,
                    retryable,
                    error = %error,
                    "SMTP send failed"
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
