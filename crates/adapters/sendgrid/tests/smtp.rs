//! The SMTP mailer against a real SMTP server (a sink written for these tests): lettre sends,
//! the test reads the message back.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use jobr_core::Email;
use jobr_notifications::{MailKind, Mailer, MailerError, MessageId, OutgoingMessage};
use jobr_sendgrid::{Sender, SmtpConfig, SmtpCredentials, SmtpMailer, SmtpSecurity};
use mail_parser::{MessageParser, MimeHeaders as _};
use secrecy::SecretString;
use support::smtp_sink::SmtpSink;

const LINK: &str = "https://jobr.example/reset-password?token=abc123&u=42";

fn config(port: u16, credentials: Option<(&str, &str)>) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".to_owned(),
        port,
        security: SmtpSecurity::None,
        credentials: credentials.map(|(user, password)| SmtpCredentials {
            username: user.to_owned(),
            password: SecretString::from(password.to_owned()),
        }),
        timeout: Duration::from_secs(5),
    }
}

fn sender() -> Sender {
    Sender {
        email: Email::parse("noreply@jobr.example").unwrap(),
        name: Some("Jobr".to_owned()),
    }
}

fn reset_mail() -> OutgoingMessage {
    OutgoingMessage {
        id: MessageId::new(),
        kind: MailKind::PasswordReset,
        to: Email::parse("zoe@example.com").unwrap(),
        subject: "Reset your Jobr password, Zoë".to_owned(),
        text: format!(
            "Hello Zoë,\n\nreset your password here:\n{LINK}\n\nThe link is valid for 1 hour.\n\
             .a line that starts with a dot\n"
        ),
        html: format!(
            "<p>Hello Zoë,</p><p><a href=\"{}\">Reset your password</a></p>\
             <p>&lt;script&gt; stays text</p>",
            LINK.replace('&', "&amp;")
        ),
    }
}

/// Bodies decoded from their transfer encoding; SMTP carries CRLF line ends.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

#[tokio::test]
async fn a_mail_arrives_with_its_headers_both_bodies_and_the_link() {
    let mut sink = SmtpSink::start().await;
    let mailer = SmtpMailer::new(
        &config(sink.addr.port(), Some(("apikey", "SG.test-key"))),
        &sender(),
    )
    .unwrap();
    let mail = reset_mail();

    mailer.send(&mail).await.unwrap();

    let received = sink.next().await;
    assert_eq!(received.mail_from, "noreply@jobr.example");
    assert_eq!(received.rcpt_to, ["zoe@example.com"]);
    assert_eq!(
        received.auth,
        Some(("apikey".to_owned(), "SG.test-key".to_owned()))
    );

    let parsed = MessageParser::default().parse(&received.data).unwrap();
    assert_eq!(
        parsed.message_id(),
        Some(format!("{}@jobr.example", mail.id).as_str()),
        "the stable id is the Message-ID"
    );
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("noreply@jobr.example"));
    assert_eq!(from.name(), Some("Jobr"));
    assert_eq!(
        parsed.to().unwrap().first().unwrap().address(),
        Some("zoe@example.com")
    );
    assert_eq!(parsed.subject(), Some("Reset your Jobr password, Zoë"));
    assert!(parsed.date().is_some());
    let content_type = parsed.content_type().unwrap();
    assert_eq!(content_type.ctype(), "multipart");
    assert_eq!(content_type.subtype(), Some("alternative"));

    let text = lf(&parsed.body_text(0).unwrap());
    let html = lf(&parsed.body_html(0).unwrap());
    assert_eq!(text, mail.text);
    assert_eq!(html, mail.html);
    assert!(text.contains(LINK));
    assert!(html.contains(&LINK.replace('&', "&amp;")));
}

#[tokio::test]
async fn the_same_message_sent_twice_keeps_its_message_id() {
    let mut sink = SmtpSink::start().await;
    let mailer = SmtpMailer::new(&config(sink.addr.port(), None), &sender()).unwrap();
    let mail = reset_mail();

    mailer.send(&mail).await.unwrap();
    mailer.send(&mail).await.unwrap();

    let first = sink.next().await;
    let second = sink.next().await;
    assert_eq!(first.auth, None);
    let id = |data: &[u8]| {
        MessageParser::default()
            .parse(data)
            .unwrap()
            .message_id()
            .map(str::to_owned)
    };
    assert_eq!(id(&first.data), id(&second.data));
    assert_eq!(id(&first.data), Some(format!("{}@jobr.example", mail.id)));
}

#[tokio::test]
async fn a_4xx_reply_is_retryable_and_a_5xx_reply_permanent() {
    let later = SmtpSink::start_with_rcpt_reply("451 4.3.0 mailbox busy, try later").await;
    let mailer = SmtpMailer::new(&config(later.addr.port(), None), &sender()).unwrap();
    let error = mailer.send(&reset_mail()).await.unwrap_err();
    assert!(matches!(error, MailerError::Retryable(_)), "{error:?}");

    let never = SmtpSink::start_with_rcpt_reply("550 5.1.1 no such user").await;
    let mailer = SmtpMailer::new(&config(never.addr.port(), None), &sender()).unwrap();
    let error = mailer.send(&reset_mail()).await.unwrap_err();
    assert!(matches!(error, MailerError::Permanent(_)), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_retryable() {
    // Bind and drop: the port is free and nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = SmtpMailer::new(&config(port, None), &sender()).unwrap();
    let error = mailer.send(&reset_mail()).await.unwrap_err();
    assert!(matches!(error, MailerError::Retryable(_)), "{error:?}");
}

#[tokio::test]
async fn a_subject_with_a_line_break_is_refused_before_anything_is_sent() {
    let mut sink = SmtpSink::start().await;
    let mailer = SmtpMailer::new(&config(sink.addr.port(), None), &sender()).unwrap();
    let mut mail = reset_mail();
    mail.subject = "Hello\r\nBcc: victim@example.com".to_owned();

    let error = mailer.send(&mail).await.unwrap_err();

    assert!(matches!(error, MailerError::Permanent(_)), "{error:?}");
    sink.assert_nothing_received().await;
}

#[tokio::test]
async fn through_sendgrids_relay_the_id_is_a_unique_argument_and_clicks_are_not_tracked() {
    let relay = SmtpConfig {
        host: "smtp.sendgrid.net".to_owned(),
        port: 587,
        security: SmtpSecurity::StartTls,
        credentials: Some(SmtpCredentials {
            username: "apikey".to_owned(),
            password: SecretString::from("SG.x.y".to_owned()),
        }),
        timeout: Duration::from_secs(5),
    };
    let mail = reset_mail();
    let built = SmtpMailer::new(&relay, &sender())
        .unwrap()
        .build_message(&mail)
        .unwrap()
        .formatted();
    let parsed = MessageParser::default().parse(&built).unwrap();
    let smtpapi: serde_json::Value =
        serde_json::from_str(parsed.header_raw("X-SMTPAPI").unwrap().trim()).unwrap();
    assert_eq!(
        smtpapi["unique_args"]["jobr_message_id"],
        mail.id.to_string()
    );
    assert_eq!(smtpapi["filters"]["clicktrack"]["settings"]["enable"], 0);

    // Any other server gets no SendGrid header.
    let plain = SmtpMailer::new(&config(2525, None), &sender())
        .unwrap()
        .build_message(&mail)
        .unwrap()
        .formatted();
    let parsed = MessageParser::default().parse(&plain).unwrap();
    assert!(parsed.header_raw("X-SMTPAPI").is_none());
}

fn starttls_config(port: u16) -> SmtpConfig {
    SmtpConfig {
        // The name the sink's certificate is for: rustls checks it.
        host: "localhost".to_owned(),
        security: SmtpSecurity::StartTls,
        ..config(port, Some(("apikey", "SG.test-key")))
    }
}

#[tokio::test]
async fn starttls_encrypts_the_session_before_the_password_and_the_mail() {
    let mut sink = SmtpSink::start_tls().await;
    let mailer = SmtpMailer::with_root_certificate(
        &starttls_config(sink.addr.port()),
        &sender(),
        support::smtp_sink::CERT_PEM,
    )
    .unwrap();
    let mail = reset_mail();

    mailer.send(&mail).await.unwrap();

    let received = sink.next().await;
    assert!(received.tls, "the message came over the encrypted session");
    // The sink offers AUTH only after STARTTLS: the key was sent encrypted.
    assert_eq!(
        received.auth,
        Some(("apikey".to_owned(), "SG.test-key".to_owned()))
    );
    let parsed = MessageParser::default().parse(&received.data).unwrap();
    assert!(lf(&parsed.body_text(0).unwrap()).contains(LINK));
}

#[tokio::test]
async fn a_server_certificate_nobody_vouches_for_gets_nothing() {
    let mut sink = SmtpSink::start_tls().await;
    // The web PKI only: the sink's self-signed certificate is not trusted.
    let mailer = SmtpMailer::new(&starttls_config(sink.addr.port()), &sender()).unwrap();

    let refused = mailer.send(&reset_mail()).await;

    assert!(refused.is_err(), "{refused:?}");
    sink.assert_nothing_received().await;
}
