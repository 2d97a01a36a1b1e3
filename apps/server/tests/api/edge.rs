//! The HTTP edge: hostile text in JSON bodies, email spellings, currencies, body shapes,
//! client keys behind trusted proxies, 405 and HEAD, and the envelope on CORS refusals.

use crate::helpers::{
    ApiResponse, PASSWORD, TestApp, send, spawn_app, spawn_app_with, unique_email,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::{Read, Write};

/// Every string field PATCH /api/users/me takes, as (field path in details, body).
fn profile_bodies(text: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("firstName", json!({ "firstName": text })),
        ("lastName", json!({ "lastName": text })),
        ("phone", json!({ "phone": format!("+49{text}") })),
        ("location", json!({ "location": text })),
        (
            "jobPreferences.desiredTitles[0]",
            json!({ "jobPreferences": { "desiredTitles": [text] } }),
        ),
        (
            "jobPreferences.locations[1]",
            json!({ "jobPreferences": { "locations": ["Berlin", text] } }),
        ),
        (
            "jobPreferences.jobTypes[0]",
            json!({ "jobPreferences": { "jobTypes": [text] } }),
        ),
        (
            "jobPreferences.currency",
            json!({ "jobPreferences": { "currency": text } }),
        ),
    ]
}

/// Regression (was a 500: PostgreSQL refuses 0x00): NUL, and any other control character, in
/// any string field of the profile is a 400 naming the field, and nothing is stored.
#[tokio::test(flavor = "multi_thread")]
async fn control_characters_in_every_profile_field_are_a_400_naming_the_field() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for text in [
        "Lon\u{0}don",
        "esc\u{1b}[2J",
        "bell\u{7}",
        "del\u{7f}",
        "nel\u{85}",
    ] {
        for (field, body) in profile_bodies(text) {
            let response = app
                .patch_json_auth("/api/users/me", &user.access_token, &body)
                .await;
            assert_eq!(
                response.status,
                StatusCode::BAD_REQUEST,
                "{body}: {}",
                response.text
            );
            response.assert_validation(&[field]);
        }
    }
    let me = app.me(&user.access_token).await;
    assert_eq!(me.data()["location"], Value::Null, "nothing was stored");
    assert_eq!(me.data()["firstName"], "Ada");
}

/// Newline and tab pass the edge (free text may hold them) but no single-line field takes them.
#[tokio::test(flavor = "multi_thread")]
async fn a_newline_in_a_single_line_field_is_refused_by_the_domain() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for (field, body) in [
        ("location", json!({ "location": "Lon\ndon" })),
        ("firstName", json!({ "firstName": "A\tda" })),
        (
            "jobPreferences.desiredTitles",
            json!({ "jobPreferences": { "desiredTitles": ["Rust\nEngineer"] } }),
        ),
    ] {
        app.patch_json_auth("/api/users/me", &user.access_token, &body)
            .await
            .assert_validation(&[field]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_in_register_login_and_password_change_are_a_400() {
    let app = spawn_app().await;
    let email = unique_email();
    let fields = [
        ("email", "email"),
        ("password", "password"),
        ("firstName", "firstName"),
        ("lastName", "lastName"),
    ];
    for (key, field) in fields {
        let mut body = json!({
            "email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "Lovelace",
        });
        body[key] = json!(format!("{}\u{0}x", body[key].as_str().unwrap()));
        app.post_json("/api/auth/register", &body)
            .await
            .assert_validation(&[field]);
    }
    // Nothing was created: the clean registration is the first.
    app.register(&email, PASSWORD)
        .await
        .assert_success(StatusCode::CREATED);

    for body in [
        json!({ "email": format!("{email}\u{0}"), "password": PASSWORD }),
        json!({ "email": email, "password": format!("{PASSWORD}\u{0}") }),
    ] {
        app.post_json("/api/auth/login", &body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
    }
    app.post_json("/api/auth/refresh", &json!({ "refreshToken": "abc\u{0}" }))
        .await
        .assert_validation(&["refreshToken"]);

    let user = app.login_user(&email, PASSWORD).await;
    for (key, body) in [
        (
            "currentPassword",
            json!({ "currentPassword": "x\u{0}", "newPassword": "amber-kettle-97" }),
        ),
        (
            "newPassword",
            json!({ "currentPassword": PASSWORD, "newPassword": "amber\u{0}kettle-97" }),
        ),
    ] {
        app.post_json_auth("/api/users/me/password", &user.access_token, &body)
            .await
            .assert_validation(&[key]);
    }
    app.login(&email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

/// Regression (was a bug): "ä" as one code point and as "a" + U+0308 made two accounts.
#[tokio::test(flavor = "multi_thread")]
async fn an_email_spelled_composed_or_decomposed_is_one_account() {
    let app = spawn_app().await;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let composed = format!("j\u{e4}ger-{tag}@example.com");
    let decomposed = format!("ja\u{308}ger-{tag}@example.com");
    let first = app.register(&composed, PASSWORD).await;
    first.assert_success(StatusCode::CREATED);
    app.register(&decomposed, PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
    let session = app.login(&decomposed, PASSWORD).await;
    session.assert_success(StatusCode::OK);
    assert_eq!(session.data()["user"]["email"], json!(composed));
}

#[tokio::test(flavor = "multi_thread")]
async fn currency_must_be_an_iso_4217_code() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for (sent, stored) in [("EUR", "EUR"), ("jpy", "JPY"), ("INR", "INR")] {
        let response = app
            .patch_json_auth(
                "/api/users/me",
                &user.access_token,
                &json!({ "jobPreferences": { "currency": sent } }),
            )
            .await;
        response.assert_success(StatusCode::OK);
        assert_eq!(response.data()["jobPreferences"]["currency"], stored);
    }
    for bad in ["EURO", "ABC", "XXX", "€", ""] {
        app.patch_json_auth(
            "/api/users/me",
            &user.access_token,
            &json!({ "jobPreferences": { "currency": bad } }),
        )
        .await
        .assert_validation(&["jobPreferences.currency"]);
    }
}

/// Regression (was a bug): preference entries were limited in bytes, so 100 "ä" (200 bytes)
/// broke the "100 characters" the message promises.
#[tokio::test(flavor = "multi_thread")]
async fn length_limits_count_characters_not_bytes() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let hundred = "ä".repeat(100);
    let response = app
        .patch_json_auth(
            "/api/users/me",
            &user.access_token,
            &json!({
                "firstName": hundred,
                "location": "ü".repeat(200),
                "jobPreferences": { "desiredTitles": [hundred], "locations": ["東京".repeat(50)] },
            }),
        )
        .await;
    response.assert_success(StatusCode::OK);
    assert_eq!(
        response.data()["jobPreferences"]["desiredTitles"][0],
        json!(hundred)
    );
    for (field, body) in [
        ("firstName", json!({ "firstName": "ä".repeat(101) })),
        ("location", json!({ "location": "ü".repeat(201) })),
        (
            "jobPreferences.desiredTitles",
            json!({ "jobPreferences": { "desiredTitles": ["ä".repeat(101)] } }),
        ),
    ] {
        app.patch_json_auth("/api/users/me", &user.access_token, &body)
            .await
            .assert_validation(&[field]);
    }
}

/// Regression (was a bug): an array filled the register body by position, so
/// `["a@b.c", "password", "Ada", "L"]` created an account.
#[tokio::test(flavor = "multi_thread")]
async fn a_register_body_that_is_not_an_object_is_a_400() {
    let app = spawn_app().await;
    let email = unique_email();
    for body in [
        json!([email, PASSWORD, "Ada", "Lovelace"]),
        json!([]),
        json!("text"),
        json!(42),
        json!(null),
    ] {
        let response = app.post_json("/api/auth/register", &body).await;
        response.assert_validation(&["body"]);
        assert_no_internal_names(&response);
    }
    app.login(&email, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
}

fn assert_no_internal_names(response: &ApiResponse) {
    for internal in [
        "struct",
        "Body",
        "expected",
        "invalid type",
        "line 1",
        "i64",
        "Option",
    ] {
        assert!(
            !response.text.contains(internal),
            "the error names an internal type or parser text ({internal}): {}",
            response.text
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn shape_errors_are_human_and_name_the_field() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let register = [
        (json!({ "email": 5, "password": PASSWORD }), "email"),
        (json!({ "email": "a@b.co", "password": ["x"] }), "password"),
    ];
    for (body, field) in register {
        let response = app.post_json("/api/auth/register", &body).await;
        response.assert_validation(&[field]);
        assert_no_internal_names(&response);
    }
    let profile = [
        (json!({ "firstName": 42 }), "firstName"),
        (json!({ "jobPreferences": "everything" }), "jobPreferences"),
        (
            json!({ "jobPreferences": { "minSalary": "lots" } }),
            "jobPreferences.minSalary",
        ),
        (
            json!({ "jobPreferences": { "remote": "yes" } }),
            "jobPreferences.remote",
        ),
        (json!({ "role": "admin" }), "role"),
        (
            json!({ "jobPreferences": { "admin": true } }),
            "jobPreferences.admin",
        ),
    ];
    for (body, field) in profile {
        let response = app
            .patch_json_auth("/api/users/me", &user.access_token, &body)
            .await;
        response.assert_validation(&[field]);
        assert_no_internal_names(&response);
    }
    let response = send(
        app.request(Method::POST, "/api/auth/login")
            .header("content-type", "application/json")
            .body("{\"email\": tru"),
    )
    .await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_JSON");
    assert_no_internal_names(&response);
}

// ---- client keys behind a reverse proxy ----

async fn login_from(app: &TestApp, forwarded_for: &str) -> ApiResponse {
    send(
        app.request(Method::POST, "/api/auth/login")
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({ "email": "nobody@example.com", "password": "whatever-123" })),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket() {
    let app = spawn_app_with(|env| {
        env.set("TRUSTED_PROXIES", "127.0.0.0/8")
            .set("RATE_LIMIT_AUTH_MAX", "2");
    })
    .await;
    for _ in 0..2 {
        login_from(&app, "203.0.113.7")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
    login_from(&app, "203.0.113.7")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    // A forged left-hand entry does not buy a fresh bucket: the right-most untrusted hop counts.
    login_from(&app, "1.2.3.4, 203.0.113.7")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    login_from(&app, "198.51.100.9")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    // IPv6 clients count per /64.
    for _ in 0..2 {
        login_from(&app, "2001:db8:1:2::a")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
    login_from(&app, "2001:db8:1:2::b")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
}

#[tokio::test(flavor = "multi_thread")]
async fn from_an_untrusted_peer_x_forwarded_for_is_ignored() {
    let app = spawn_app_with(|env| {
        env.set("TRUSTED_PROXIES", "10.0.0.0/8")
            .set("RATE_LIMIT_AUTH_MAX", "2");
    })
    .await;
    login_from(&app, "203.0.113.7")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    login_from(&app, "198.51.100.9")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    login_from(&app, "192.0.2.1")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
}

// ---- methods ----

/// Regression (was a bug): a wrong method on `.route()` paths fell through to the JSON 404.
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_method_is_a_405_envelope_on_every_route() {
    let app = spawn_app().await;
    let cv = "/api/cv/00000000-0000-0000-0000-000000000000";
    let cases = [
        (Method::GET, "/api/auth/register", Some("POST")),
        (Method::GET, "/api/auth/login", Some("POST")),
        (Method::PUT, "/api/auth/refresh", Some("POST")),
        (Method::DELETE, "/api/auth/logout", Some("POST")),
        (Method::GET, "/api/users/me/password", Some("POST")),
        (Method::DELETE, "/api/users/me", Some("GET, PATCH")),
        (Method::POST, "/health", Some("GET")),
        (Method::DELETE, "/health/deep", Some("GET")),
        (Method::PUT, "/api/cv", None),
        (Method::POST, cv, None),
    ];
    for (method, path, allow) in cases {
        let response = send(app.request(method.clone(), path)).await;
        response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
        assert!(response.header("x-request-id").is_some(), "{method} {path}");
        if let Some(allow) = allow {
            assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
        }
    }
    app.get("/api/auth/nope")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread")]
async fn head_works_wherever_get_does() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for (path, token) in [
        ("/health", None),
        ("/health/deep", None),
        ("/api/users/me", Some(&user.access_token)),
        ("/api/cv", Some(&user.access_token)),
    ] {
        let with_token = |method: Method| {
            let request = app.request(method, path);
            match token {
                Some(token) => request.bearer_auth(token),
                None => request,
            }
        };
        let head = send(with_token(Method::HEAD)).await;
        let get = send(with_token(Method::GET)).await;
        assert_eq!(head.status, StatusCode::OK, "HEAD {path}");
        assert_eq!(get.status, StatusCode::OK, "GET {path}");
        assert!(head.text.is_empty(), "HEAD {path} has no body");
        assert_eq!(head.header("content-type"), Some("application/json"));
    }
    // Without a token HEAD is refused as GET is.
    let head = send(app.request(Method::HEAD, "/api/users/me")).await;
    assert_eq!(head.status, StatusCode::UNAUTHORIZED);
}

/// On the wire: the headers of the GET, its Content-Length, and not one byte of body, so the
/// connection stays in step for the next request.
#[tokio::test(flavor = "multi_thread")]
async fn head_sends_no_body_bytes() {
    let app = spawn_app().await;
    let port = app.port;
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(
                b"HEAD /health HTTP/1.1\r\nHost: localhost\r\n\r\n\
                  GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        raw
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_lowercase().contains("content-length: "),
        "HEAD keeps the GET's length: {head}"
    );
    assert!(
        rest.starts_with("HTTP/1.1 404"),
        "the next response follows the HEAD's headers directly: {rest}"
    );
}

// ---- CORS ----

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_cors_preflight_is_a_json_envelope() {
    let app = spawn_app_with(|env| {
        env.set("CORS_ORIGINS", "https://app.example");
    })
    .await;
    let refused = send(
        app.request(Method::OPTIONS, "/api/auth/login")
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST"),
    )
    .await;
    refused.assert_error(StatusCode::FORBIDDEN, "CORS_REJECTED");
    assert!(refused.header("access-control-allow-origin").is_none());
    assert!(refused.header("x-request-id").is_some());
    assert_eq!(refused.header("x-content-type-options"), Some("nosniff"));

    let bad_method = send(
        app.request(Method::OPTIONS, "/api/auth/login")
            .header("origin", "https://app.example")
            .header("access-control-request-method", "TRACE"),
    )
    .await;
    bad_method.assert_error(StatusCode::FORBIDDEN, "CORS_REJECTED");
}

/// The real binary refuses a bad `TRUSTED_PROXIES` before binding anything: exit 2 and a
/// message naming the variable and the bad entry.
#[tokio::test(flavor = "multi_thread")]
async fn a_bad_trusted_proxies_entry_stops_the_server_with_exit_2() {
    let output = tokio::task::spawn_blocking(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jobr-server"))
            .env_clear()
            .env("TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.0/33")
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("TRUSTED_PROXIES") && stderr.contains("10.0.0.0/33"),
        "{stderr}"
    );
}
