//! GET/PATCH /api/users/me and POST /api/users/me/password.

use crate::helpers::{
    JWT_SECRET, NEW_PASSWORD, PASSWORD, base64url, mint_access_token, send, spawn_app,
};
use jobr_core::{Role, UserId};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

// ---------------------------------------------------------------- GET /me

#[tokio::test(flavor = "multi_thread")]
async fn me_returns_the_signed_in_user() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    let response = app.me(&user.access_token).await;

    response.assert_success(StatusCode::OK);
    let data = response.data();
    assert_eq!(data["id"], json!(user.id));
    assert_eq!(data["email"], json!(user.email));
    assert_eq!(data["firstName"], "Ada");
    assert_eq!(data["lastName"], "Lovelace");
    assert_eq!(data["role"], "user");
    assert!(!response.text.to_lowercase().contains("password"));
    assert!(!response.text.contains("$argon2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn me_without_a_bearer_token_is_401_unauthorized() {
    let app = spawn_app().await;
    app.get("/api/users/me")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "token abc"] {
        let response = send(
            app.request(Method::GET, "/api/users/me")
                .header("authorization", header),
        )
        .await;
        response.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn me_with_a_garbage_forged_tampered_or_expired_token_is_401_invalid_token() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let other = app.register_user().await;
    let now = OffsetDateTime::now_utc();

    // Sanity: a token minted with the server's secret for this user is accepted, so the
    // failures below are about the signature, the claims or the expiry and nothing else.
    let genuine = mint_access_token(JWT_SECRET.as_bytes(), user.user_id(), Role::User, now);
    app.me(&genuine).await.assert_success(StatusCode::OK);

    let other_secret = b"someone-elses-secret-someone-elses-secret";
    let forged = mint_access_token(other_secret, user.user_id(), Role::User, now);
    let forged_admin = mint_access_token(other_secret, user.user_id(), Role::Admin, now);
    let expired = mint_access_token(
        JWT_SECRET.as_bytes(),
        user.user_id(),
        Role::User,
        now - Duration::minutes(16),
    );
    // The header and signature of one token with the claims (subject) of another.
    let parts: Vec<&str> = user.access_token.split('.').collect();
    let other_parts: Vec<&str> = other.access_token.split('.').collect();
    let swapped_subject = format!("{}.{}.{}", parts[0], other_parts[1], parts[2]);
    // Unsigned: alg "none".
    let unsigned = format!(
        "{}.{}.",
        base64url(br#"{"alg":"none","typ":"JWT"}"#),
        base64url(
            json!({
                "sub": user.id, "role": "admin", "iat": now.unix_timestamp(),
                "exp": now.unix_timestamp() + 600, "jti": uuid::Uuid::new_v4(),
            })
            .to_string()
            .as_bytes()
        ),
    );

    for (case, token) in [
        ("garbage", "garbage".to_string()),
        ("three dots of nothing", "a.b.c".to_string()),
        ("signed with another secret", forged),
        ("admin signed with another secret", forged_admin),
        ("expired", expired),
        ("swapped subject", swapped_subject),
        ("alg none", unsigned),
    ] {
        let response = app.me(&token).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{case}: {}",
            response.text
        );
        response.assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_valid_token_for_a_user_that_does_not_exist_is_404_user_not_found() {
    let app = spawn_app().await;
    let token = mint_access_token(
        JWT_SECRET.as_bytes(),
        UserId::new(),
        Role::User,
        OffsetDateTime::now_utc(),
    );
    app.me(&token)
        .await
        .assert_error(StatusCode::NOT_FOUND, "USER_NOT_FOUND");
}

// ---------------------------------------------------------------- PATCH /me

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_updates_names_phone_location_and_preferences() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let preferences = json!({
        "desiredTitles": ["Backend Engineer", "Rust Developer"],
        "locations": ["Bengaluru", "Remote"],
        "jobTypes": ["full-time"],
        "remote": true,
        "minSalary": 2_500_000,
        "currency": "INR",
    });

    let response = app
        .patch_json_auth(
            "/api/users/me",
            &user.access_token,
            &json!({
                "firstName": "  Augusta ",
                "lastName": "King",
                "phone": "+91 98765-43210",
                "location": "  Bengaluru, India ",
                "jobPreferences": preferences,
            }),
        )
        .await;

    response.assert_success(StatusCode::OK);
    let data = response.data();
    assert_eq!(data["firstName"], "Augusta", "trimmed");
    assert_eq!(data["lastName"], "King");
    assert_eq!(data["phone"], "+919876543210", "E.164");
    assert_eq!(data["location"], "Bengaluru, India", "trimmed");
    assert_eq!(data["jobPreferences"], preferences);
    assert_eq!(data["email"], json!(user.email), "untouched");
    assert_eq!(data["role"], "user");

    // Stored, not just echoed.
    let me = app.me(&user.access_token).await;
    me.assert_success(StatusCode::OK);
    for key in [
        "firstName",
        "lastName",
        "phone",
        "location",
        "jobPreferences",
    ] {
        assert_eq!(me.data()[key], data[key], "{key}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_leaves_absent_fields_alone_and_null_clears() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let path = "/api/users/me";
    app.patch_json_auth(
        path,
        &user.access_token,
        &json!({ "phone": "+1 (415) 555-0100", "location": "Pune" }),
    )
    .await
    .assert_success(StatusCode::OK);

    // Only the first name: nothing else moves.
    let response = app
        .patch_json_auth(path, &user.access_token, &json!({ "firstName": "Grace" }))
        .await;
    response.assert_success(StatusCode::OK);
    assert_eq!(response.data()["firstName"], "Grace");
    assert_eq!(response.data()["lastName"], "Lovelace");
    assert_eq!(response.data()["phone"], "+14155550100");
    assert_eq!(response.data()["location"], "Pune");

    // `null` clears.
    let cleared = app
        .patch_json_auth(path, &user.access_token, &json!({ "location": null }))
        .await;
    cleared.assert_success(StatusCode::OK);
    assert_eq!(cleared.data()["location"], Value::Null);
    assert_eq!(cleared.data()["phone"], "+14155550100", "phone untouched");
    let cleared = app
        .patch_json_auth(path, &user.access_token, &json!({ "phone": null }))
        .await;
    cleared.assert_success(StatusCode::OK);
    assert_eq!(cleared.data()["phone"], Value::Null);

    let me = app.me(&user.access_token).await;
    assert_eq!(me.data()["location"], Value::Null);
    assert_eq!(me.data()["phone"], Value::Null);
    assert_eq!(me.data()["firstName"], "Grace");

    // An empty body changes nothing and is fine.
    app.patch_json_auth(path, &user.access_token, &json!({}))
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_refuses_unknown_fields_and_the_role_stays_user() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    for body in [
        json!({ "role": "admin" }),
        json!({ "firstName": "Mallory", "role": "admin" }),
        json!({ "email": "other@example.com" }),
        json!({ "passwordHash": "$argon2id$..." }),
        json!({ "jobPreferences": { "desiredTitles": [], "admin": true } }),
    ] {
        let response = app
            .patch_json_auth("/api/users/me", &user.access_token, &body)
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
    }

    let me = app.me(&user.access_token).await;
    assert_eq!(me.data()["role"], "user");
    assert_eq!(
        me.data()["firstName"],
        "Ada",
        "the refused body changed nothing"
    );
    assert_eq!(me.data()["email"], json!(user.email));
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_rejects_invalid_values_field_by_field() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let too_many: Vec<String> = (0..21).map(|i| format!("title {i}")).collect();
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({ "phone": "98765 43210" }), vec!["phone"]),
        (json!({ "phone": "+1 555 CALL NOW" }), vec!["phone"]),
        (json!({ "phone": "+12" }), vec!["phone"]),
        (
            json!({ "phone": "not a phone", "firstName": "Changed" }),
            vec!["phone"],
        ),
        (json!({ "firstName": "   " }), vec!["firstName"]),
        (
            json!({ "phone": "12", "firstName": "", "location": "z".repeat(201) }),
            vec!["phone", "firstName", "location"],
        ),
        (json!({ "lastName": "y".repeat(101) }), vec!["lastName"]),
        (json!({ "location": "z".repeat(201) }), vec!["location"]),
        (
            json!({ "jobPreferences": { "minSalary": -1 } }),
            vec!["jobPreferences.minSalary"],
        ),
        (
            json!({ "jobPreferences": { "desiredTitles": too_many } }),
            vec!["jobPreferences.desiredTitles"],
        ),
        (
            json!({ "jobPreferences": { "locations": [""] } }),
            vec!["jobPreferences.locations"],
        ),
        (
            json!({ "firstName": "", "lastName": "", "location": "z".repeat(201) }),
            vec!["firstName", "lastName", "location"],
        ),
    ];
    for (body, fields) in cases {
        let response = app
            .patch_json_auth("/api/users/me", &user.access_token, &body)
            .await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            response.text
        );
        response.assert_validation(&fields);
    }

    let me = app.me(&user.access_token).await;
    assert_eq!(me.data()["firstName"], "Ada", "nothing was applied");
    assert_eq!(me.data()["phone"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_with_wrong_types_or_bad_json_is_a_4xx_not_a_500() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for body in [
        json!({ "firstName": 42 }),
        json!({ "jobPreferences": "everything" }),
        json!({ "jobPreferences": { "remote": "yes" } }),
        json!([1, 2, 3]),
    ] {
        app.patch_json_auth("/api/users/me", &user.access_token, &body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
    }
    let response = send(
        app.request(Method::PATCH, "/api/users/me")
            .bearer_auth(&user.access_token)
            .header("content-type", "application/json")
            .body("{\"firstName\": "),
    )
    .await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_JSON");
    let response = send(
        app.request(Method::PATCH, "/api/users/me")
            .bearer_auth(&user.access_token)
            .header("content-type", "text/plain")
            .body("{}"),
    )
    .await;
    response.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_me_and_change_password_need_a_token() {
    let app = spawn_app().await;
    send(
        app.request(Method::PATCH, "/api/users/me")
            .json(&json!({ "firstName": "X" })),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    app.post_json(
        "/api/users/me/password",
        &json!({ "currentPassword": PASSWORD, "newPassword": NEW_PASSWORD }),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    app.patch_json_auth("/api/users/me", "garbage", &json!({ "firstName": "X" }))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
}

// ---------------------------------------------------------------- password

#[tokio::test(flavor = "multi_thread")]
async fn change_password_with_the_wrong_current_password_is_400() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    for body in [
        json!({ "currentPassword": "not-my-password", "newPassword": NEW_PASSWORD }),
        json!({ "newPassword": NEW_PASSWORD }),
    ] {
        app.post_json_auth("/api/users/me/password", &user.access_token, &body)
            .await
            .assert_validation(&["currentPassword"]);
    }
    // Nothing changed: the old password still signs in, the session still refreshes.
    app.login(&user.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
    app.refresh(&user.refresh_token)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_applies_the_password_policy_to_the_new_one() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for weak in ["short", "password123", ""] {
        app.post_json_auth(
            "/api/users/me/password",
            &user.access_token,
            &json!({ "currentPassword": PASSWORD, "newPassword": weak }),
        )
        .await
        .assert_validation(&["newPassword"]);
    }
    app.login(&user.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_signs_out_every_session_and_swaps_the_password() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let second_session = app.login_user(&user.email, PASSWORD).await;

    let response = app
        .post_json_auth(
            "/api/users/me/password",
            &user.access_token,
            &json!({ "currentPassword": PASSWORD, "newPassword": NEW_PASSWORD }),
        )
        .await;
    response.assert_success(StatusCode::OK);
    assert!(response.data()["message"].is_string());
    assert!(!response.text.contains(NEW_PASSWORD));

    for refresh_token in [&user.refresh_token, &second_session.refresh_token] {
        let refresh = app.refresh(refresh_token).await;
        assert_eq!(refresh.status, StatusCode::UNAUTHORIZED, "{}", refresh.text);
        assert_eq!(refresh.body["success"], false);
    }
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    let fresh = app.login_user(&user.email, NEW_PASSWORD).await;
    app.refresh(&fresh.refresh_token)
        .await
        .assert_success(StatusCode::OK);
}

// ---------------------------------------------------------------- ownership

#[tokio::test(flavor = "multi_thread")]
async fn each_token_only_ever_shows_and_changes_its_own_user() {
    let app = spawn_app().await;
    let alice = app.register_user().await;
    let bob = app.register_user().await;
    assert_ne!(alice.id, bob.id);

    app.patch_json_auth(
        "/api/users/me",
        &bob.access_token,
        &json!({ "firstName": "Bob", "location": "Mumbai", "phone": "+919812345678" }),
    )
    .await
    .assert_success(StatusCode::OK);

    let alice_me = app.me(&alice.access_token).await;
    alice_me.assert_success(StatusCode::OK);
    assert_eq!(alice_me.data()["id"], json!(alice.id));
    assert_eq!(alice_me.data()["email"], json!(alice.email));
    assert_eq!(alice_me.data()["firstName"], "Ada");
    assert_eq!(alice_me.data()["location"], Value::Null);
    assert_eq!(alice_me.data()["phone"], Value::Null);
    assert!(!alice_me.text.contains(&bob.email));

    let bob_me = app.me(&bob.access_token).await;
    assert_eq!(bob_me.data()["id"], json!(bob.id));
    assert_eq!(bob_me.data()["firstName"], "Bob");

    // Bob changing his password leaves Alice's sessions alone.
    app.post_json_auth(
        "/api/users/me/password",
        &bob.access_token,
        &json!({ "currentPassword": PASSWORD, "newPassword": NEW_PASSWORD }),
    )
    .await
    .assert_success(StatusCode::OK);
    app.refresh(&alice.refresh_token)
        .await
        .assert_success(StatusCode::OK);
    app.login(&alice.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}
