//! The v3 mailer against a local fake of `POST /v3/mail/send`: the exact request, and how each
//! answer is classified.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use jobr_core::Email;
use jobr_http::{ClientConfig, OutboundClient, Url};
use jobr_notifications::{MailKind, Mailer, MailerError, MessageId, OutgoingMessage};
use jobr_sendgrid::{SendGridApiConfig, SendGridApiMailer, Sender};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "SG.test-key.very-secret";

fn mailer(server: &MockServer) -> SendGridApiMailer {
    mailer_at(&server.uri())
}

fn mailer_at(base: &str) -> SendGridApiMailer {
    let config = SendGridApiConfig {
        api_key: SecretString::from(KEY.to_owned()),
        api_base: Url::parse(base).unwrap(),
        timeout: Duration::from_secs(5),
    };
    let client = OutboundClient::new(ClientConfig {
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..config.client_config()
    })
    .unwrap();
    let from = Sender {
        email: Email::parse("noreply@jobr.example").unwrap(),
        name: Some("Jobr".to_owned()),
    };
    SendGridApiMailer::with_client(config, from, client).unwrap()
}

fn welcome() -> OutgoingMessage {
    OutgoingMessage {
        id: MessageId(Uuid::parse_str("0b7c6f3e-5a43-4b8e-9d51-2f6a0c1e9a77").unwrap()),
        kind: MailKind::Welcome,
        to: Email::parse("ada@example.com").unwrap(),
        subject: "Welcome to Jobr, Ada".to_owned(),
        text: "Hello Ada,\nverify: https://jobr.example/verify-email?token=t0k3n\n".to_owned(),
        html:
            "<p>Hello Ada,</p><a href=\"https://jobr.example/verify-email?token=t0k3n\">Verify</a>"
                .to_owned(),
    }
}

fn expected_body() -> serde_json::Value {
    json!({
        "personalizations": [{ "to": [{ "email": "ada@example.com" }] }],
        "from": { "email": "noreply@jobr.example", "name": "Jobr" },
        "subject": "Welcome to Jobr, Ada",
        "content": [
            { "type": "text/plain", "value": "Hello Ada,\nverify: https://jobr.example/verify-email?token=t0k3n\n" },
            { "type": "text/html", "value": "<p>Hello Ada,</p><a href=\"https://jobr.example/verify-email?token=t0k3n\">Verify</a>" }
        ],
        "custom_args": { "jobr_message_id": "0b7c6f3e-5a43-4b8e-9d51-2f6a0c1e9a77" },
        "tracking_settings": { "click_tracking": { "enable": false, "enable_text": false } }
    })
}

#[tokio::test]
async fn a_202_sends_the_exact_request_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/mail/send"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(expected_body()))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    mailer(&server).send(&welcome()).await.unwrap();
}

async fn answer(status: u16, body: serde_json::Value) -> (MailerError, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/mail/send"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        // One attempt per send: the outbox is the retry loop.
        .expect(1)
        .mount(&server)
        .await;
    let error = mailer(&server).send(&welcome()).await.unwrap_err();
    (error, server)
}

/// What an operator would read: the error and its sources.
fn chain(error: &MailerError) -> String {
    jobr_core::ErrorChain(error).to_string()
}

#[tokio::test]
async fn a_400_is_permanent_and_says_what_sendgrid_said_without_the_key() {
    let (error, _server) = answer(
        400,
        json!({ "errors": [{
            "message": "The from address does not match a verified Sender Identity.",
            "field": "from",
            "help": null
        }] }),
    )
    .await;
    assert!(matches!(error, MailerError::Permanent(_)), "{error:?}");
    let text = chain(&error);
    assert!(text.contains("400"), "{text}");
    assert!(text.contains("verified Sender Identity"), "{text}");
    assert!(!text.contains("very-secret"), "{text}");
    assert!(!format!("{error:?}").contains("very-secret"));
}

#[tokio::test]
async fn a_401_is_permanent() {
    let (error, _server) = answer(
        401,
        json!({ "errors": [{ "message": "The provided authorization grant is invalid, expired, or revoked", "field": null }] }),
    )
    .await;
    assert!(matches!(error, MailerError::Permanent(_)), "{error:?}");
    assert!(chain(&error).contains("401"));
    assert!(!chain(&error).contains("very-secret"));
}

#[tokio::test]
async fn a_429_is_retryable() {
    let (error, _server) = answer(
        429,
        json!({ "errors": [{ "message": "too many requests" }] }),
    )
    .await;
    assert!(matches!(error, MailerError::Retryable(_)), "{error:?}");
}

#[tokio::test]
async fn a_500_is_retryable() {
    let (error, _server) = answer(500, json!({ "errors": [{ "message": "internal" }] })).await;
    assert!(matches!(error, MailerError::Retryable(_)), "{error:?}");
    assert!(!chain(&error).contains("very-secret"));
}

#[tokio::test]
async fn an_unreachable_api_is_retryable() {
    // Bind and drop: the port is free and nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = mailer_at(&format!("http://127.0.0.1:{port}"));
    let error = mailer.send(&welcome()).await.unwrap_err();
    assert!(matches!(error, MailerError::Retryable(_)), "{error:?}");
}

#[tokio::test]
async fn a_subject_with_a_line_break_is_never_posted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .expect(0)
        .mount(&server)
        .await;
    let mut mail = welcome();
    mail.subject = "Hi\r\nBcc: x@example.com".to_owned();
    let error = mailer(&server).send(&mail).await.unwrap_err();
    assert!(matches!(error, MailerError::Permanent(_)), "{error:?}");
}
