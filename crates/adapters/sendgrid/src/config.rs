//! Which mailer to build and with what, read from the environment and checked before start.
//!
//! - `SMTP_URL` set: SMTP ([`MailerConfig::Smtp`]), whether or not a SendGrid key is set too.
//! - else `SENDGRID_API_KEY` set: SendGrid's v3 API ([`MailerConfig::SendGridApi`]).
//! - neither: the log mailer ([`MailerConfig::Log`]), which sends nothing.
//!
//! Both senders need `SENDGRID_FROM_EMAIL` (and take `SENDGRID_FROM_NAME`). The Event Webhook
//! key, `SENDGRID_WEBHOOK_PUBLIC_KEY`, is read on its own: without it the webhook refuses events.

use std::time::Duration;

use jobr_core::Email;
use jobr_http::{ClientConfig, Url};
use percent_encoding::percent_decode_str;
use secrecy::{ExposeSecret, SecretString};

use crate::webhook::{WebhookKeyError, parse_public_key};

pub const DEFAULT_API_BASE: &str = "https://api.sendgrid.com";
/// Per SMTP command and per HTTP attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest accepted `SENDGRID_FROM_NAME`, in characters.
pub const MAX_FROM_NAME_CHARS: usize = 100;

/// Everything mail-related the server needs. `Debug` never shows a key or a password.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub mailer: MailerConfig,
    /// The Event Webhook's verification key; `None` when `SENDGRID_WEBHOOK_PUBLIC_KEY` is unset.
    pub webhook_key: Option<p256::ecdsa::VerifyingKey>,
}

#[derive(Debug, Clone)]
pub enum MailerConfig {
    Smtp {
        smtp: SmtpConfig,
        from: Sender,
    },
    SendGridApi {
        api: SendGridApiConfig,
        from: Sender,
    },
    /// Nothing configured: mail is written to the log, not sent.
    Log,
}

/// The `From` of every message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub email: Email,
    /// A display name ("Jobr"); `None` sends the bare address.
    pub name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<SmtpCredentials>,
    /// Per SMTP command (connect, each command, the data transfer).
    pub timeout: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtps://`: TLS from the first byte (port 465 by default).
    ImplicitTls,
    /// `smtp://`: STARTTLS, and the connection fails if the server does not offer it (port 587
    /// by default). Never a silent fallback to plain text.
    StartTls,
    /// `smtp://…?tls=none`: plain text, for a local or test server. Refused with credentials
    /// unless the host is this machine, since they would cross the network in the clear.
    None,
}

#[derive(Debug, Clone)]
pub struct SmtpCredentials {
    pub username: String,
    pub password: SecretString,
}

#[derive(Debug, Clone)]
pub struct SendGridApiConfig {
    pub api_key: SecretString,
    /// Mail is posted to `{api_base}/v3/mail/send`.
    pub api_base: Url,
    pub timeout: Duration,
}

impl SendGridApiConfig {
    /// Production defaults (api.sendgrid.com, 30 s) with this key.
    pub fn new(api_key: SecretString) -> Self {
        Self {
            api_key,
            api_base: default_api_base(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    pub fn send_url(&self) -> Result<Url, String> {
        let base = self.api_base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/v3/mail/send"))
            .map_err(|_| "the SendGrid API base cannot be extended with a path".to_owned())
    }

    /// The outbound client for integration `"sendgrid"`: the shared defaults with this timeout.
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig {
            timeout: self.timeout,
            ..ClientConfig::new("sendgrid")
        }
    }

    pub(crate) fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }
}

impl MailConfig {
    /// Reads `SMTP_URL`, `SENDGRID_API_KEY`, `SENDGRID_API_BASE`, `SENDGRID_FROM_EMAIL`,
    /// `SENDGRID_FROM_NAME` and `SENDGRID_WEBHOOK_PUBLIC_KEY` through `lookup` (e.g.
    /// `|k| std::env::var(k).ok()`). Blank counts as unset.
    ///
    /// Every problem is reported, one message each, including in settings the chosen mailer does
    /// not use (a typo surfaces before the day it matters). No message contains a key or password.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let set = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let smtp = set("SMTP_URL").and_then(|raw| {
            parse_smtp_url(&raw)
                .map_err(|why| problems.push(format!("SMTP_URL {why}")))
                .ok()
        });

        let api_key = set("SENDGRID_API_KEY").and_then(|key| {
            check_api_key(&key)
                .map(|()| SecretString::from(key))
                .map_err(|why| problems.push(format!("SENDGRID_API_KEY {why}")))
                .ok()
        });

        let api_base = match set("SENDGRID_API_BASE") {
            None => default_api_base(),
            Some(raw) => jobr_http::check_api_base(&raw).unwrap_or_else(|why| {
                problems.push(format!("SENDGRID_API_BASE {why}"));
                default_api_base()
            }),
        };

        let from_email_raw = set("SENDGRID_FROM_EMAIL");
        let from_email_given = from_email_raw.is_some();
        let from_email = from_email_raw.and_then(|raw| {
            Email::parse(&raw)
                .map_err(|e| {
                    problems.push(format!("SENDGRID_FROM_EMAIL {}, got {raw:?}", e.message))
                })
                .ok()
        });

        let from_name = set("SENDGRID_FROM_NAME").and_then(|name| {
            if name.chars().any(char::is_control) {
                problems.push(
                    "SENDGRID_FROM_NAME must be one line without control characters".to_owned(),
                );
                None
            } else if name.chars().count() > MAX_FROM_NAME_CHARS {
                problems.push(format!(
                    "SENDGRID_FROM_NAME must be at most {MAX_FROM_NAME_CHARS} characters"
                ));
                None
            } else {
                Some(name)
            }
        });

        let webhook_key = set("SENDGRID_WEBHOOK_PUBLIC_KEY").and_then(|raw| {
            parse_public_key(&raw)
                .map_err(|e: WebhookKeyError| {
                    problems.push(format!("SENDGRID_WEBHOOK_PUBLIC_KEY {e}"))
                })
                .ok()
        });

        let sending = smtp.is_some() || api_key.is_some();
        let from = match from_email {
            Some(email) => Some(Sender {
                email,
                name: from_name,
            }),
            None if sending && !from_email_given => {
                problems.push(
                    "SENDGRID_FROM_EMAIL is required when SMTP_URL or SENDGRID_API_KEY is set \
                     (the verified sender address every mail is sent from)"
                        .to_owned(),
                );
                None
            }
            None => None,
        };

        if !problems.is_empty() {
            return Err(problems);
        }
        let mailer = match (smtp, api_key, from) {
            (Some(smtp), _, Some(from)) => MailerConfig::Smtp { smtp, from },
            (None, Some(api_key), Some(from)) => MailerConfig::SendGridApi {
                api: SendGridApiConfig {
                    api_key,
                    api_base,
                    timeout: DEFAULT_TIMEOUT,
                },
                from,
            },
            _ => MailerConfig::Log,
        };
        Ok(Self {
            mailer,
            webhook_key,
        })
    }
}

/// A SendGrid key is `SG.` followed by two base64url parts; it goes into a header, so visible
/// ASCII only. The message never repeats the value.
fn check_api_key(key: &str) -> Result<(), String> {
    if !key.starts_with("SG.") {
        return Err("must start with `SG.` (a SendGrid API key)".to_owned());
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "contains spaces or characters that cannot be sent in an HTTP header (check for \
             quotes or a pasted line break)"
                .to_owned(),
        );
    }
    Ok(())
}

#[allow(clippy::expect_used)] // a constant, covered by the tests below
fn default_api_base() -> Url {
    Url::parse(DEFAULT_API_BASE).expect("DEFAULT_API_BASE is a valid URL")
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

/// `smtp://[user:password@]host[:port][?tls=none]` or `smtps://[user:password@]host[:port]`.
/// Errors never echo the URL: it may hold a password.
pub fn parse_smtp_url(raw: &str) -> Result<SmtpConfig, String> {
    const SHAPE: &str = "smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 \
                         (TLS) or smtp://host:port?tls=none (plain, local servers)";
    let url = Url::parse(raw).map_err(|e| format!("is not a valid URL ({e}); expected {SHAPE}"))?;
    let implicit_tls = match url.scheme() {
        "smtp" => false,
        "smtps" => true,
        other => return Err(format!("has scheme {other:?}; expected {SHAPE}")),
    };
    let host = match url.host_str() {
        Some(host) if !host.is_empty() => host.trim_start_matches('[').trim_end_matches(']'),
        _ => return Err(format!("has no host; expected {SHAPE}")),
    };
    if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
        return Err(format!(
            "must not have a path or fragment; expected {SHAPE}"
        ));
    }

    let mut plain = false;
    for (key, value) in url.query_pairs() {
        match (&*key, &*value) {
            ("tls", "none") if !implicit_tls => plain = true,
            ("tls", "required") => {}
            ("tls", other) => {
                return Err(format!(
                    "has tls={other:?}; use smtps:// for TLS, smtp:// for STARTTLS (required), \
                     or smtp://…?tls=none for a plain-text local server"
                ));
            }
            (other, _) => return Err(format!("has an unknown parameter {other:?}")),
        }
    }
    let security = match (implicit_tls, plain) {
        (true, _) => SmtpSecurity::ImplicitTls,
        (false, false) => SmtpSecurity::StartTls,
        (false, true) => SmtpSecurity::None,
    };

    let decode = |part: &str, what: &str| {
        percent_decode_str(part)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|_| format!("has a {what} that is not valid percent-encoded UTF-8"))
    };
    let credentials = match (url.username(), url.password()) {
        ("", None) => None,
        (user, Some(password)) if !user.is_empty() => Some(SmtpCredentials {
            username: decode(user, "user name")?,
            password: SecretString::from(decode(password, "password")?),
        }),
        _ => {
            return Err("must give both a user name and a password, or neither".to_owned());
        }
    };
    if security == SmtpSecurity::None && credentials.is_some() && !is_loopback(host) {
        return Err(
            "must not send credentials over plain text (tls=none) to another machine; use \
             smtp:// (STARTTLS) or smtps://"
                .to_owned(),
        );
    }

    let port = url.port().unwrap_or(if implicit_tls { 465 } else { 587 });
    Ok(SmtpConfig {
        host: host.to_owned(),
        port,
        security,
        credentials,
        timeout: DEFAULT_TIMEOUT,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const FROM: (&str, &str) = ("SENDGRID_FROM_EMAIL", "noreply@jobr.example");

    #[test]
    fn nothing_set_means_the_log_mailer() {
        let config = MailConfig::from_lookup(lookup(&[])).unwrap();
        assert!(matches!(config.mailer, MailerConfig::Log));
        assert!(config.webhook_key.is_none());
        let blank = MailConfig::from_lookup(lookup(&[("SMTP_URL", " "), ("SENDGRID_API_KEY", "")]))
            .unwrap();
        assert!(matches!(blank.mailer, MailerConfig::Log));
    }

    #[test]
    fn smtp_wins_over_the_api_key() {
        let config = MailConfig::from_lookup(lookup(&[
            ("SMTP_URL", "smtp://apikey:SG.abc.def@smtp.sendgrid.net:587"),
            ("SENDGRID_API_KEY", "SG.abc.def"),
            FROM,
            ("SENDGRID_FROM_NAME", "Jobr"),
        ]))
        .unwrap();
        let MailerConfig::Smtp { smtp, from } = config.mailer else {
            panic!("expected SMTP");
        };
        assert_eq!(smtp.host, "smtp.sendgrid.net");
        assert_eq!(smtp.port, 587);
        assert_eq!(smtp.security, SmtpSecurity::StartTls);
        let credentials = smtp.credentials.unwrap();
        assert_eq!(credentials.username, "apikey");
        assert_eq!(credentials.password.expose_secret(), "SG.abc.def");
        assert_eq!(from.email.as_str(), "noreply@jobr.example");
        assert_eq!(from.name.as_deref(), Some("Jobr"));
    }

    #[test]
    fn the_api_key_alone_selects_the_v3_api() {
        let config =
            MailConfig::from_lookup(lookup(&[("SENDGRID_API_KEY", "SG.key.secret"), FROM]))
                .unwrap();
        let MailerConfig::SendGridApi { api, from } = config.mailer else {
            panic!("expected the v3 API");
        };
        assert_eq!(
            api.send_url().unwrap().as_str(),
            "https://api.sendgrid.com/v3/mail/send"
        );
        assert_eq!(api.client_config().integration, "sendgrid");
        assert_eq!(from.name, None);
        assert!(!format!("{api:?}").contains("secret"));
    }

    #[test]
    fn every_problem_is_reported_and_no_secret_echoed() {
        let problems = MailConfig::from_lookup(lookup(&[
            ("SMTP_URL", "http://user:hunter2@mail.example"),
            ("SENDGRID_API_KEY", "sk-hunter2"),
            ("SENDGRID_API_BASE", "http://api.example.com"),
            ("SENDGRID_FROM_NAME", "Jobr\r\nBcc: x@example.com"),
            ("SENDGRID_WEBHOOK_PUBLIC_KEY", "not base64!"),
        ]))
        .unwrap_err();
        let expected = [
            "SMTP_URL",
            "SENDGRID_API_KEY",
            "SENDGRID_API_BASE",
            "SENDGRID_FROM_NAME",
            "SENDGRID_WEBHOOK_PUBLIC_KEY",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:?}");
        for (problem, var) in problems.iter().zip(expected) {
            assert!(problem.starts_with(var), "{problem}");
            assert!(!problem.contains("hunter2"), "{problem}");
        }
    }

    #[test]
    fn a_sender_is_required_to_send() {
        let problems =
            MailConfig::from_lookup(lookup(&[("SENDGRID_API_KEY", "SG.a.b")])).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("SENDGRID_FROM_EMAIL"));
        let bad = MailConfig::from_lookup(lookup(&[
            ("SENDGRID_API_KEY", "SG.a.b"),
            ("SENDGRID_FROM_EMAIL", "not-an-address"),
        ]))
        .unwrap_err();
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("SENDGRID_FROM_EMAIL"), "{bad:?}");
    }

    #[test]
    fn smtp_urls() {
        let tls = parse_smtp_url("smtps://u:p%40ss@mail.example").unwrap();
        assert_eq!(tls.security, SmtpSecurity::ImplicitTls);
        assert_eq!(tls.port, 465);
        assert_eq!(
            tls.credentials.unwrap().password.expose_secret(),
            "p@ss",
            "credentials are percent-decoded"
        );

        let local = parse_smtp_url("smtp://127.0.0.1:2525?tls=none").unwrap();
        assert_eq!(local.security, SmtpSecurity::None);
        assert_eq!(local.port, 2525);
        assert!(local.credentials.is_none());
        assert!(parse_smtp_url("smtp://u:p@localhost:2525?tls=none").is_ok());

        for bad in [
            "mail.example:587",
            "smtp://u:secret@mail.example?tls=none",
            "smtp://mail.example?tls=opportunistic",
            "smtps://mail.example?tls=none",
            "smtp://mail.example/inbox",
            "smtp://mail.example?debug=1",
            "smtp://u@mail.example",
        ] {
            let why = parse_smtp_url(bad).unwrap_err();
            assert!(!why.contains("secret"), "{why}");
        }
    }
}
