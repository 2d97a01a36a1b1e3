//! What every response shares: request ids, the envelope, security headers, rate limits,
//! CORS, and a JSON 404 for unknown routes.

use crate::helpers::{ApiResponse, PASSWORD, send, spawn_app, spawn_app_with, unique_email};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn assert_generated_request_id(response: &ApiResponse) {
    let id = response
        .header("x-request-id")
        .unwrap_or_else(|| panic!("no x-request-id on a {} response", response.status));
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "a generated request id is a UUID, got {id:?}"
    );
}

fn assert_security_headers(response: &ApiResponse) {
    let status = response.status;
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{status}"
    );
    assert_eq!(response.header("x-frame-options"), Some("DENY"), "{status}");
    assert_eq!(
        response.header("referrer-policy"),
        Some("no-referrer"),
        "{status}"
    );
    assert_eq!(
        response.header("cache-control"),
        Some("no-store"),
        "{status}"
    );
    assert!(
        response
            .header("content-security-policy")
            .is_some_and(|csp| csp.contains("default-src 'none'")),
        "{status}"
    );
    assert!(
        response.header("strict-transport-security").is_none(),
        "no HSTS in development"
    );
}

/// One response of each kind the app gives out (not counting rate limits, tested below).
async fn one_of_each(app: &crate::helpers::TestApp) -> Vec<(&'static str, ApiResponse)> {
    let user = app.register_user().await;
    vec![
        ("health", app.get("/health").await),
        ("deep health", app.get("/health/deep").await),
        ("201", app.register(&unique_email(), PASSWORD).await),
        ("200", app.me(&user.access_token).await),
        ("401", app.get("/api/users/me").await),
        ("404", app.get("/api/does-not-exist").await),
        (
            "400",
            app.post_raw("/api/auth/login", Some("application/json"), "{")
                .await,
        ),
        (
            "415",
            app.post_raw("/api/auth/login", Some("text/plain"), "{}")
                .await,
        ),
        ("409", app.register(&user.email, PASSWORD).await),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_response_has_a_request_id_and_the_security_headers() {
    let app = spawn_app().await;
    let mut seen = std::collections::HashSet::new();
    for (case, response) in one_of_each(&app).await {
        assert_generated_request_id(&response);
        assert_security_headers(&response);
        assert!(
            seen.insert(response.header("x-request-id").unwrap().to_string()),
            "{case}: request ids are unique"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_given_request_id_is_echoed_in_the_header_and_the_envelope() {
    let app = spawn_app().await;

    let response = send(
        app.request(Method::POST, "/api/auth/register")
            .header("x-request-id", "abc-123")
            .json(&json!({
                "email": unique_email(), "password": PASSWORD,
                "firstName": "Ada", "lastName": "Lovelace",
            })),
    )
    .await;
    response.assert_success(StatusCode::CREATED);
    assert_eq!(response.header("x-request-id"), Some("abc-123"));
    assert_eq!(response.body["meta"]["requestId"], "abc-123");
    assert_eq!(response.body["meta"]["version"], "1.0");

    // Errors echo it too.
    let response = send(
        app.request(Method::GET, "/api/users/me")
            .header("x-request-id", "trace.42:b_c"),
    )
    .await;
    response.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_eq!(response.header("x-request-id"), Some("trace.42:b_c"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unsafe_request_id_is_replaced_by_a_generated_one() {
    let app = spawn_app().await;
    let too_long = "a".repeat(129);
    for given in [
        "has spaces in it",
        "semi;colon",
        "<script>",
        too_long.as_str(),
    ] {
        let response = send(
            app.request(Method::GET, "/health")
                .header("x-request-id", given),
        )
        .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_generated_request_id(&response);
        assert_ne!(response.header("x-request-id"), Some(given));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn success_envelopes_carry_meta_with_the_request_id() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for response in [
        app.me(&user.access_token).await,
        app.login(&user.email, PASSWORD).await,
        app.refresh(&user.refresh_token).await,
    ] {
        response.assert_success(StatusCode::OK);
        let timestamp = response.body["meta"]["timestamp"].as_str().unwrap();
        crate::helpers::assert_rfc3339(timestamp);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_routes_are_a_404_not_found_envelope() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::GET, "/nope"),
        (Method::GET, "/api"),
        (Method::GET, "/api/nope"),
        (Method::POST, "/api/auth/nope"),
        (Method::GET, "/api/users/someone-else"),
        (Method::DELETE, "/api/users/me/nope"),
        (Method::GET, "/healthz"),
    ] {
        let response = send(app.request(method.clone(), path)).await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            response.text
        );
        response.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
        assert_generated_request_id(&response);
        assert_security_headers(&response);
    }
}

/// Regression (was a bug): `/api/users/me` is a `web::resource` with GET and PATCH only, so
/// DELETE or PUT on it gets actix's bare 405 with an empty body instead of the error
/// envelope. (Paths added with `.route()` fall through to the JSON 404 and pass.)
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_method_on_a_known_path_is_an_error_envelope() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::GET, "/api/auth/login"),
        (Method::DELETE, "/api/users/me"),
        (Method::PUT, "/api/users/me"),
        (Method::GET, "/api/users/me/password"),
    ] {
        let response = send(app.request(method.clone(), path)).await;
        assert!(
            response.status == StatusCode::METHOD_NOT_ALLOWED
                || response.status == StatusCode::NOT_FOUND,
            "{method} {path}: {} {}",
            response.status,
            response.text
        );
        assert_eq!(
            response.body["success"], false,
            "{method} {path} gave {} with body {:?}: not an error envelope",
            response.status, response.text
        );
        assert!(response.body["error"]["code"].is_string());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_auth_rate_limit_answers_429_with_retry_after() {
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_AUTH_MAX", "3");
    })
    .await;

    for attempt in 1..=3 {
        let response = app.login("nobody@example.com", "whatever-123").await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt} is within the limit: {}",
            response.text
        );
    }
    let limited = app.login("nobody@example.com", "whatever-123").await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    let retry_after = limited.retry_after();
    assert!(
        (1..=900).contains(&retry_after),
        "Retry-After {retry_after} is within the 15 minute window"
    );

    // Every auth route shares the budget; other routes do not.
    app.register(&unique_email(), PASSWORD)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    app.refresh("whatever")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    app.get("/api/users/me")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
}

/// Regression (was a bug): a 429 is produced as an `Err` inside the `/api` scope, and the
/// request-id and security-header middlewares propagate errors with `?` instead of
/// decorating them, so the 429 lacks `x-request-id` and the security headers.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_response_still_has_a_request_id_and_security_headers() {
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_AUTH_MAX", "1");
    })
    .await;
    app.login("nobody@example.com", "whatever-123").await;
    let limited = send(
        app.request(Method::POST, "/api/auth/login")
            .header("x-request-id", "limited-1")
            .json(&json!({ "email": "nobody@example.com", "password": "whatever-123" })),
    )
    .await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert_eq!(
        limited.header("x-request-id"),
        Some("limited-1"),
        "429 without x-request-id; headers: {:?}",
        limited.headers
    );
    assert_security_headers(&limited);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_general_rate_limit_covers_the_api_but_not_health() {
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_MAX", "3");
    })
    .await;
    for _ in 0..3 {
        app.get("/api/users/me")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    }
    let limited = app.get("/api/users/me").await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(limited.retry_after() >= 1);
    app.login("nobody@example.com", "whatever-123")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    for _ in 0..5 {
        assert_eq!(app.get("/health").await.status, StatusCode::OK);
    }
}

async fn preflight(app: &crate::helpers::TestApp, origin: &str) -> ApiResponse {
    send(
        app.request(Method::OPTIONS, "/api/auth/login")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            ),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn cors_allows_the_configured_origin_only() {
    let app = spawn_app_with(|env| {
        env.set("CORS_ORIGINS", "https://app.example");
    })
    .await;

    let allowed = preflight(&app, "https://app.example").await;
    assert!(
        allowed.status.is_success(),
        "{}: {}",
        allowed.status,
        allowed.text
    );
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let methods = allowed
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .to_string();
    for method in ["POST", "PATCH"] {
        assert!(methods.contains(method), "allow-methods: {methods}");
    }

    let refused = preflight(&app, "https://evil.example").await;
    assert!(
        refused.header("access-control-allow-origin").is_none(),
        "another origin must not be allowed: {:?}",
        refused.headers
    );
    assert!(!refused.status.is_server_error());

    // An actual request from the allowed origin can read the request id.
    let response = send(
        app.request(Method::GET, "/health")
            .header("origin", "https://app.example"),
    )
    .await;
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert!(
        response
            .header("access-control-expose-headers")
            .is_some_and(|h| h.to_lowercase().contains("x-request-id")),
        "{:?}",
        response.headers
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_cors_origins_no_origin_is_allowed() {
    let app = spawn_app().await;
    let response = preflight(&app, "https://app.example").await;
    assert!(response.header("access-control-allow-origin").is_none());
    assert!(!response.status.is_server_error());
}
