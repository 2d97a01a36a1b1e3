//! Mail end to end: the server's outbox worker sends through the SendGrid v3 adapter to a local
//! fake of SendGrid's API (wiremock), and the tests follow the links in what arrived.

use crate::helpers::{NEW_PASSWORD, PASSWORD, TestApp, spawn_app_with, spawn_in_memory_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

struct MailApp {
    app: TestApp,
    sendgrid: MockServer,
}

async fn app_with_fake_sendgrid() -> MailApp {
    let sendgrid = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/v3/mail/send"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&sendgrid)
        .await;
    let uri = sendgrid.uri();
    let app = spawn_app_with(|env| {
        env.set("SENDGRID_API_KEY", "SG.test-key")
            .set("SENDGRID_API_BASE", uri)
            .set("SENDGRID_FROM_EMAIL", "noreply@jobr.example")
            .set("BASE_URL", "https://app.jobr.example")
            .set("OUTBOX_POLL_INTERVAL_MS", "20");
    })
    .await;
    MailApp { app, sendgrid }
}

/// The v3 bodies SendGrid received so far for `to`.
async fn mail_to(sendgrid: &MockServer, to: &str) -> Vec<Value> {
    sendgrid
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .filter(|body| body["personalizations"][0]["to"][0]["email"] == json!(to))
        .collect()
}

/// Waits (up to 10 s) until `count` mails whose subject contains `subject` reached `to`.
async fn wait_for_mail(sendgrid: &MockServer, to: &str, subject: &str, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found: Vec<Value> = mail_to(sendgrid, to)
            .await
            .into_iter()
            .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains(subject)))
            .collect();
        if found.len() >= count || Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The token of the link `path?token=` in the mail's plain-text part.
fn link_token(mail: &Value, path: &str) -> String {
    let text = mail["content"][0]["value"].as_str().unwrap();
    let prefix = format!("https://app.jobr.example/{path}?token=");
    let start = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {text}"))
        + prefix.len();
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn register_then_the_verification_mail_arrives_and_its_link_verifies_the_email() {
    let MailApp { app, sendgrid } = app_with_fake_sendgrid().await;
    let user = app.register_user().await;
    assert_eq!(
        app.me(&user.access_token).await.data()["emailVerified"],
        json!(false)
    );

    let welcome = wait_for_mail(&sendgrid, &user.email, "Welcome", 1).await;
    let verify = wait_for_mail(&sendgrid, &user.email, "Verify", 1).await;
    assert_eq!(
        (welcome.len(), verify.len()),
        (1, 1),
        "one of each, none twice"
    );
    let mail = &verify[0];
    assert!(mail["custom_args"]["jobr_message_id"].is_string());
    assert_eq!(mail["content"][1]["type"], json!("text/html"));
    let token = link_token(mail, "verify-email");

    app.post_json("/api/auth/email/verify", &json!({ "token": token }))
        .await
        .assert_success(StatusCode::OK);
    assert_eq!(
        app.me(&user.access_token).await.data()["emailVerified"],
        json!(true)
    );
    let again = app
        .post_json("/api/auth/email/verify", &json!({ "token": token }))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        again.body["error"]["code"],
        json!("INVALID_LINK"),
        "{}",
        again.text
    );
    let resend = app
        .post_json_auth("/api/auth/email/resend", &user.access_token, &json!({}))
        .await;
    assert_eq!(resend.status, StatusCode::CONFLICT, "{}", resend.text);
}

#[tokio::test]
async fn forgot_then_reset_ends_old_sessions_and_the_new_password_signs_in() {
    let MailApp { app, sendgrid } = app_with_fake_sendgrid().await;
    let user = app.register_user().await;

    let forgot = app
        .post_json("/api/auth/password/forgot", &json!({ "email": user.email }))
        .await;
    forgot.assert_success(StatusCode::ACCEPTED);
    let reset = wait_for_mail(&sendgrid, &user.email, "Reset", 1).await;
    assert_eq!(reset.len(), 1);
    let token = link_token(&reset[0], "reset-password");

    app.post_json(
        "/api/auth/password/reset",
        &json!({ "token": token, "newPassword": NEW_PASSWORD }),
    )
    .await
    .assert_success(StatusCode::OK);

    assert_eq!(
        app.me(&user.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_ne!(
        app.refresh(&user.refresh_token).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login(&user.email, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.login_user(&user.email, NEW_PASSWORD).await;

    let reused = app
        .post_json(
            "/api/auth/password/reset",
            &json!({ "token": token, "newPassword": "another-fresh-one-5" }),
        )
        .await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert_eq!(reused.body["error"]["code"], json!("INVALID_LINK"));
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_202_and_no_mail() {
    let MailApp { app, sendgrid } = app_with_fake_sendgrid().await;
    let user = app.register_user().await;
    let known = app
        .post_json("/api/auth/password/forgot", &json!({ "email": user.email }))
        .await;
    let unknown = app
        .post_json(
            "/api/auth/password/forgot",
            &json!({ "email": "nobody-here@example.com" }),
        )
        .await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(known.data(), unknown.data(), "the same answer either way");
    wait_for_mail(&sendgrid, &user.email, "Reset", 1).await;
    assert!(
        mail_to(&sendgrid, "nobody-here@example.com")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn reset_mails_are_limited_to_three_an_hour_without_telling_the_caller() {
    let MailApp { app, sendgrid } = app_with_fake_sendgrid().await;
    let user = app.register_user().await;
    for _ in 0..5 {
        app.post_json("/api/auth/password/forgot", &json!({ "email": user.email }))
            .await
            .assert_success(StatusCode::ACCEPTED);
    }
    let resets = wait_for_mail(&sendgrid, &user.email, "Reset", 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(resets.len(), 3);
    assert_eq!(
        wait_for_mail(&sendgrid, &user.email, "Reset", 4)
            .await
            .len(),
        3
    );
}

#[tokio::test]
async fn bad_link_tokens_and_weak_passwords_are_clear_4xx() {
    let app = spawn_in_memory_app().await;
    let invalid = app
        .post_json(
            "/api/auth/password/reset",
            &json!({ "token": "not-a-real-token", "newPassword": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid.body["error"]["code"], json!("INVALID_LINK"));
    let weak = app
        .post_json(
            "/api/auth/password/reset",
            &json!({ "token": "whatever", "newPassword": "short" }),
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert_eq!(weak.body["error"]["code"], json!("VALIDATION_ERROR"));
    let malformed = app
        .post_json(
            "/api/auth/password/forgot",
            &json!({ "email": "not-an-email" }),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let resend = app.post_json("/api/auth/email/resend", &json!({})).await;
    assert_eq!(resend.status, StatusCode::UNAUTHORIZED);
}
