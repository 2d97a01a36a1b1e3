//! Data outlives a server process on Postgres; the in-memory store serves the same API.

use crate::helpers::{PASSWORD, client, spawn_app, spawn_in_memory_app, unique_email};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_user_survives_a_restart() {
    let mut first = spawn_app().await;
    let user = first.register_user().await;
    first
        .patch_json_auth(
            "/api/users/me",
            &user.access_token,
            &json!({ "location": "Chennai" }),
        )
        .await
        .assert_success(StatusCode::OK);

    first.stop().await;
    let stopped = client()
        .get(first.url("/health"))
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await;
    assert!(stopped.is_err(), "the first instance should be down");

    let second = first.another_instance().await;
    assert_ne!(second.port, first.port);
    let session = second.login_user(&user.email, PASSWORD).await;
    let me = second.me(&session.access_token).await;
    me.assert_success(StatusCode::OK);
    assert_eq!(me.data()["id"], json!(user.id));
    assert_eq!(me.data()["location"], "Chennai");
    // The refresh token issued before the restart is stored, so it still rotates.
    second
        .refresh(&user.refresh_token)
        .await
        .assert_success(StatusCode::OK);
    // And the email is still taken.
    second
        .register(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_on_one_database_share_sessions_and_reuse_detection() {
    let a = spawn_app().await;
    let b = a.another_instance().await;
    let user = a.register_user().await;

    // Stateless tokens: an access token from A is good on B.
    b.me(&user.access_token)
        .await
        .assert_success(StatusCode::OK);
    // Rotate on A, retry the old token on B within the grace window: the same pair.
    let rotated = a.refresh(&user.refresh_token).await;
    rotated.assert_success(StatusCode::OK);
    let new_refresh = rotated.data()["refreshToken"].as_str().unwrap().to_string();
    let retried = b.refresh(&user.refresh_token).await;
    retried.assert_success(StatusCode::OK);
    assert_eq!(retried.data()["refreshToken"], json!(new_refresh));
    // Rotate the successor on A, replay the first token on B: reuse is caught and the
    // family revoked.
    let latest = a.refresh(&new_refresh).await;
    latest.assert_success(StatusCode::OK);
    let latest_refresh = latest.data()["refreshToken"].as_str().unwrap().to_string();
    assert_eq!(
        b.refresh(&user.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        a.refresh(&latest_refresh).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A lock made through B holds on A.
    for _ in 0..5 {
        b.login(&user.email, "wrong-password-1").await;
    }
    a.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_in_memory_store_serves_register_login_and_me() {
    let app = spawn_in_memory_app().await;
    let email = unique_email();

    let registered = app.register(&email, PASSWORD).await;
    registered.assert_success(StatusCode::CREATED);
    app.register(&email.to_uppercase(), PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
    app.login(&email, "wrong-password-1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");

    let session = app.login_user(&email, PASSWORD).await;
    let me = app.me(&session.access_token).await;
    me.assert_success(StatusCode::OK);
    assert_eq!(me.data()["email"], json!(email));
    assert_eq!(me.data()["id"], registered.data()["user"]["id"]);

    let rotated = app.refresh(&session.refresh_token).await;
    rotated.assert_success(StatusCode::OK);
    let successor = rotated.data()["refreshToken"].as_str().unwrap().to_string();
    app.refresh(&successor).await.assert_success(StatusCode::OK);
    // The first token again, once its successor moved on: reuse.
    assert_eq!(
        app.refresh(&session.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
}
