//! GET /health (liveness) and GET /health/deep (readiness, with the database).

use crate::helpers::{spawn_app, spawn_app_with, spawn_in_memory_app};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread")]
async fn health_is_200_ok() {
    let app = spawn_app().await;
    let response = app.get("/health").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    assert_eq!(response.body["status"], "ok");
    assert!(response.body["version"].is_string());
    assert!(response.body["uptimeSeconds"].is_u64());
    assert!(response.header("x-request-id").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_health_checks_the_database() {
    let app = spawn_app().await;
    let response = app.get("/health/deep").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    assert_eq!(response.body["status"], "ok");
    let database = &response.body["checks"]["database"];
    assert_eq!(database["status"], "up", "{}", response.text);
    assert_eq!(database["adapter"], "postgres");
    let latency = database["latencyMs"]
        .as_f64()
        .unwrap_or_else(|| panic!("latencyMs is a number: {}", response.text));
    assert!(
        (0.0..5_000.0).contains(&latency),
        "latency {latency} ms is plausible"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_health_on_the_memory_store_says_nothing_is_kept() {
    let app = spawn_in_memory_app().await;
    let response = app.get("/health/deep").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    let database = &response.body["checks"]["database"];
    assert_eq!(database["status"], "up");
    assert_eq!(database["adapter"], "memory");
    assert_eq!(database["persistent"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn health_is_outside_the_rate_limits() {
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_MAX", "1")
            .set("RATE_LIMIT_AUTH_MAX", "1");
    })
    .await;
    for _ in 0..5 {
        assert_eq!(app.get("/health").await.status, StatusCode::OK);
        assert_eq!(app.get("/health/deep").await.status, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_health_is_503_when_the_database_is_gone_and_errors_leak_nothing() {
    let mut app = spawn_app().await;
    let user = app.register_user().await;
    app.drop_database();

    assert_eq!(
        app.get("/health").await.status,
        StatusCode::OK,
        "still alive"
    );
    let response = app.get("/health/deep").await;
    assert_eq!(
        response.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        response.text
    );
    assert_eq!(response.body["checks"]["database"]["status"], "down");

    // A request that needs the database fails cleanly: 503 and a retry hint, naming nothing
    // of the database's internals.
    let login = app.login(&user.email, crate::helpers::PASSWORD).await;
    login.assert_error(StatusCode::SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE");
    assert!(login.header("retry-after").is_some(), "{:?}", login.headers);
    let lower = login.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    for leak in ["jobr_t_", "postgres", "database", "connection", "sql"] {
        assert!(!lower.contains(leak), "`{leak}` leaked: {}", login.text);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn integrations_status_names_what_is_configured_and_what_stands_in() {
    let app = spawn_app_with(|env| {
        env.set("OPENAI_API_KEY", "sk-test-integrations-status-key");
    })
    .await;
    let response = app.get("/api/integrations/status").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    // The seed's own top-level shape, which operators script against.
    assert_eq!(response.body["success"], true);
    assert_eq!(response.body["summary"]["core_functional"], true);
    assert_eq!(response.body["summary"]["payments_functional"], false);
    let integrations = &response.body["integrations"];
    assert_eq!(integrations["openai"]["available"], true);
    assert_eq!(integrations["stripe"]["available"], false);
    assert_eq!(integrations["stripe"]["fallback"], "free_plan_only");
    assert_eq!(integrations["sendgrid"]["fallback"], "console_logging");
    assert!(
        !response.text.contains("sk-test-integrations-status-key"),
        "no secret in the report: {}",
        response.text
    );
}
