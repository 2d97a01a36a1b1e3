//! The log mailer sends nothing and says so; only in development does the log show the links.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use jobr_core::Email;
use jobr_notifications::{MailKind, Mailer, MessageId, OutgoingMessage};
use jobr_sendgrid::LogMailer;

const LINK: &str = "https://jobr.example/reset-password?token=s3cr3t-t0k3n";

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn reset_mail() -> OutgoingMessage {
    OutgoingMessage {
        id: MessageId::new(),
        kind: MailKind::PasswordReset,
        to: Email::parse("ada@example.com").unwrap(),
        subject: "Reset your Jobr password".to_owned(),
        text: format!("Hello Ada,\nreset your password: {LINK}\n"),
        html: format!("<a href=\"{LINK}\">Reset</a>"),
    }
}

/// Announces and sends one mail with `mailer`, returning what was logged.
async fn logged(mailer: LogMailer) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    mailer.announce();
    mailer.send(&reset_mail()).await.unwrap();
    captured.text()
}

#[tokio::test]
async fn in_development_the_log_says_nothing_is_sent_and_shows_the_link() {
    let log = logged(LogMailer::development()).await;
    assert!(log.contains("mail is NOT sent"), "{log}");
    assert!(log.contains("ada@example.com"), "{log}");
    assert!(log.contains(LINK), "{log}");
}

#[tokio::test]
async fn in_production_the_log_keeps_tokens_and_addresses_out() {
    let log = logged(LogMailer::production()).await;
    assert!(log.contains("mail is NOT sent"), "{log}");
    assert!(log.contains("password_reset"), "{log}");
    assert!(!log.contains("s3cr3t-t0k3n"), "{log}");
    assert!(!log.contains("ada@"), "{log}");
}
