//! POST /api/auth/{register,login,refresh,logout,logout-all}.

use crate::helpers::{NEW_PASSWORD, PASSWORD, spawn_app, spawn_app_with, unique_email};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn registration(email: &str, password: &str, first: &str, last: &str) -> Value {
    json!({ "email": email, "password": password, "firstName": first, "lastName": last })
}

// ---------------------------------------------------------------- register

#[tokio::test(flavor = "multi_thread")]
async fn register_returns_201_with_the_user_and_a_token_pair() {
    let app = spawn_app().await;

    let response = app
        .post_json(
            "/api/auth/register",
            &registration("  Ada.Lovelace@Example.COM ", PASSWORD, " Ada ", "Lovelace"),
        )
        .await;

    response.assert_success(StatusCode::CREATED);
    let data = response.data();
    let user = &data["user"];
    assert_eq!(
        user["email"], "ada.lovelace@example.com",
        "trimmed, lower-cased"
    );
    assert_eq!(user["firstName"], "Ada", "names are trimmed");
    assert_eq!(user["lastName"], "Lovelace");
    assert_eq!(user["role"], "user");
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["phone"], Value::Null);
    assert_eq!(user["location"], Value::Null);
    assert!(user["jobPreferences"].is_object());
    assert!(
        uuid::Uuid::parse_str(user["id"].as_str().unwrap()).is_ok(),
        "id is a UUID"
    );
    assert!(user["createdAt"].is_string() && user["updatedAt"].is_string());
    assert!(
        data["accessToken"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
    assert!(data["refreshToken"].as_str().is_some_and(|t| t.len() >= 32));
    assert_eq!(data["tokenType"], "Bearer");
    assert_eq!(data["expiresIn"], 900);

    // No trace of the password or its hash anywhere in the body.
    let lower = response.text.to_lowercase();
    for secret in [
        "passwordhash",
        "password_hash",
        "$argon2",
        "$2b$",
        "failedlogin",
    ] {
        assert!(
            !lower.contains(secret),
            "`{secret}` leaked: {}",
            response.text
        );
    }
    assert!(!response.text.contains(PASSWORD), "the password leaked");
    let user_keys: Vec<&String> = user.as_object().unwrap().keys().collect();
    assert!(
        user_keys
            .iter()
            .all(|k| !k.to_lowercase().contains("password")),
        "user keys: {user_keys:?}"
    );

    // The access token works straight away.
    let me = app.me(data["accessToken"].as_str().unwrap()).await;
    me.assert_success(StatusCode::OK);
    assert_eq!(me.data()["id"], user["id"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn register_with_an_email_taken_in_another_case_is_409_email_taken() {
    let app = spawn_app().await;
    app.register("grace@example.com", PASSWORD)
        .await
        .assert_success(StatusCode::CREATED);

    for duplicate in [
        "grace@example.com",
        "GRACE@Example.com",
        "  Grace@EXAMPLE.COM  ",
    ] {
        app.register(duplicate, "another-good-pass-1")
            .await
            .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
    }
    // The original password still works: the duplicate changed nothing.
    app.login("grace@example.com", PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn register_rejects_bad_fields_with_per_field_details() {
    let app = spawn_app().await;
    let long_name = "x".repeat(101);
    let long_password = "y".repeat(129);
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "bad email",
            registration("not-an-email", PASSWORD, "Ada", "Lovelace"),
            vec!["email"],
        ),
        (
            "email without a domain dot",
            registration("ada@localhost", PASSWORD, "Ada", "Lovelace"),
            vec!["email"],
        ),
        (
            "short password",
            registration(&unique_email(), "short1", "Ada", "Lovelace"),
            vec!["password"],
        ),
        (
            "too long password",
            registration(&unique_email(), &long_password, "Ada", "Lovelace"),
            vec!["password"],
        ),
        (
            "common password",
            registration(&unique_email(), "password123", "Ada", "Lovelace"),
            vec!["password"],
        ),
        (
            "common password in other case",
            registration(&unique_email(), "Password123", "Ada", "Lovelace"),
            vec!["password"],
        ),
        (
            "blank names",
            registration(&unique_email(), PASSWORD, "   ", ""),
            vec!["firstName", "lastName"],
        ),
        (
            "missing names",
            json!({ "email": unique_email(), "password": PASSWORD }),
            vec!["firstName", "lastName"],
        ),
        (
            "too long first name",
            registration(&unique_email(), PASSWORD, &long_name, "Lovelace"),
            vec!["firstName"],
        ),
        (
            "control characters in a name",
            registration(&unique_email(), PASSWORD, "Ada", "Love\u{7}lace"),
            vec!["lastName"],
        ),
        (
            "empty object: every field named",
            json!({}),
            vec!["email", "password", "firstName", "lastName"],
        ),
        (
            "everything wrong at once",
            registration("nope", "123", "", ""),
            vec!["email", "password", "firstName", "lastName"],
        ),
    ];

    for (case, body, fields) in cases {
        let response = app.post_json("/api/auth/register", &body).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{case}: {}",
            response.text
        );
        response.assert_validation(&fields);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_registration_stores_nothing() {
    let app = spawn_app().await;
    let email = unique_email();
    app.register(&email, "password123")
        .await
        .assert_validation(&["password"]);
    app.login(&email, "password123")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    app.register(&email, PASSWORD)
        .await
        .assert_success(StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread")]
async fn register_with_wrong_json_types_is_400_validation_error() {
    let app = spawn_app().await;
    for body in [
        json!({ "email": 42, "password": PASSWORD, "firstName": "A", "lastName": "B" }),
        json!({ "email": "a@example.com", "password": ["x"], "firstName": "A", "lastName": "B" }),
        json!(["not", "an", "object"]),
        json!("a string"),
    ] {
        let response = app.post_json("/api/auth/register", &body).await;
        response.assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_400_invalid_json() {
    let app = spawn_app().await;
    for body in [
        r#"{"email": "a@example.com", "password": "#,
        "{not json}",
        "email=a@example.com&password=x",
        "",
    ] {
        for path in [
            "/api/auth/register",
            "/api/auth/login",
            "/api/auth/refresh",
            "/api/auth/logout",
        ] {
            let response = app.post_raw(path, Some("application/json"), body).await;
            assert_eq!(
                response.status,
                StatusCode::BAD_REQUEST,
                "{path} with {body:?}: {}",
                response.text
            );
            response.assert_error(StatusCode::BAD_REQUEST, "INVALID_JSON");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_is_not_json_by_content_type_is_415() {
    let app = spawn_app().await;
    let body = registration(&unique_email(), PASSWORD, "Ada", "Lovelace").to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let response = app
            .post_raw("/api/auth/register", content_type, body.clone())
            .await;
        response.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_above_the_json_limit_is_413_payload_too_large() {
    let app = spawn_app_with(|env| {
        env.set("JSON_BODY_LIMIT", "2048");
    })
    .await;
    let padding = "x".repeat(10 * 1024);
    let body = registration(&unique_email(), PASSWORD, &padding, "Lovelace");

    app.post_json("/api/auth/register", &body)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");
    app.post_json(
        "/api/auth/login",
        &json!({ "email": "a@example.com", "password": padding }),
    )
    .await
    .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");

    // Under the limit the same route works.
    app.register(&unique_email(), PASSWORD)
        .await
        .assert_success(StatusCode::CREATED);
}

// ---------------------------------------------------------------- login

#[tokio::test(flavor = "multi_thread")]
async fn login_returns_200_with_the_user_and_a_fresh_token_pair() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    for email in [user.email.clone(), user.email.to_uppercase()] {
        let response = app.login(&email, PASSWORD).await;
        response.assert_success(StatusCode::OK);
        let data = response.data();
        assert_eq!(data["user"]["id"], json!(user.id));
        assert_eq!(data["user"]["email"], json!(user.email));
        assert_eq!(data["tokenType"], "Bearer");
        assert_ne!(
            data["refreshToken"],
            json!(user.refresh_token),
            "a new session"
        );
        assert!(!response.text.contains("$argon2"));
        app.me(data["accessToken"].as_str().unwrap())
            .await
            .assert_success(StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_and_unknown_email_answer_401_alike() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    let wrong_password = app.login(&user.email, "not-the-password").await;
    wrong_password.assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    let unknown_email = app.login("nobody@example.com", "not-the-password").await;
    unknown_email.assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    assert_eq!(
        wrong_password.body, unknown_email.body,
        "the body must not reveal whether the email exists"
    );

    // Malformed or missing credentials are the same 401, not a hint.
    for body in [
        json!({ "email": "not-an-email", "password": "whatever-123" }),
        json!({ "email": user.email }),
        json!({}),
    ] {
        let response = app.post_json("/api/auth/login", &body).await;
        response.assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
        assert_eq!(response.body, unknown_email.body);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn five_failed_logins_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    for attempt in 1..=5 {
        let response = app.login(&user.email, "wrong-password-1").await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}: {}",
            response.text
        );
        response.assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }

    let locked = app.login(&user.email, PASSWORD).await;
    locked.assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    let retry_after = locked.retry_after();
    assert!(
        (1..=15 * 60).contains(&retry_after),
        "Retry-After {retry_after} should be within the 15 minute lock"
    );
    let locked_until = locked.body["error"]["details"]["lockedUntil"]
        .as_str()
        .expect("details.lockedUntil");
    crate::helpers::assert_rfc3339(locked_until);

    // Still locked, whatever is tried; a session made before the lock keeps working.
    app.login(&user.email, "wrong-password-1")
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    app.me(&user.access_token)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_successful_login_clears_the_failure_counter() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    for _ in 0..4 {
        app.login(&user.email, "wrong-password-1")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
    app.login(&user.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
    for _ in 0..4 {
        app.login(&user.email, "wrong-password-1")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
    app.login(&user.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_logins_of_one_user_do_not_lock_another() {
    let app = spawn_app().await;
    let victim = app.register_user().await;
    let bystander = app.register_user().await;
    for _ in 0..5 {
        app.login(&victim.email, "wrong-password-1").await;
    }
    app.login(&victim.email, PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    app.login(&bystander.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

// ---------------------------------------------------------------- refresh

fn tokens_of(response: &crate::helpers::ApiResponse) -> (String, String) {
    let text = |key: &str| {
        response.data()[key]
            .as_str()
            .unwrap_or_else(|| panic!("no {key} in {}", response.text))
            .to_string()
    };
    (text("accessToken"), text("refreshToken"))
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_rotates_the_pair_and_a_retry_within_the_grace_window_gets_it_again() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    let rotated = app.refresh(&user.refresh_token).await;
    rotated.assert_success(StatusCode::OK);
    let (new_access, new_refresh) = tokens_of(&rotated);
    assert_ne!(new_refresh, user.refresh_token);
    assert_ne!(new_access, user.access_token);
    assert_eq!(rotated.data()["tokenType"], "Bearer");
    assert_eq!(rotated.data()["expiresIn"], 900);
    let me = app.me(&new_access).await;
    me.assert_success(StatusCode::OK);
    assert_eq!(me.data()["id"], json!(user.id));

    // A client retrying after a lost response gets the very same pair, not a revocation.
    let retried = app.refresh(&user.refresh_token).await;
    retried.assert_success(StatusCode::OK);
    assert_eq!(
        tokens_of(&retried),
        (new_access.clone(), new_refresh.clone())
    );
    app.me(&new_access).await.assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn reuse_of_a_token_whose_successor_moved_on_revokes_the_family_and_its_access_tokens() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let first = app.refresh(&user.refresh_token).await;
    first.assert_success(StatusCode::OK);
    let (_, second_refresh) = tokens_of(&first);
    let second = app.refresh(&second_refresh).await;
    second.assert_success(StatusCode::OK);
    let (latest_access, latest_refresh) = tokens_of(&second);
    app.me(&latest_access).await.assert_success(StatusCode::OK);

    // The first token again, after its successor was itself rotated: that is reuse.
    app.refresh(&user.refresh_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "TOKEN_REUSED");
    // The family is revoked, newest token included, and the access token ends at once.
    let descendant = app.refresh(&latest_refresh).await;
    assert_eq!(
        descendant.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        descendant.text
    );
    app.me(&latest_access)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
}

#[tokio::test(flavor = "multi_thread")]
async fn reuse_in_one_session_leaves_other_sessions_alone() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let other_session = app.login_user(&user.email, PASSWORD).await;

    let first = app.refresh(&user.refresh_token).await;
    first.assert_success(StatusCode::OK);
    app.refresh(&tokens_of(&first).1)
        .await
        .assert_success(StatusCode::OK);
    assert_eq!(
        app.refresh(&user.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );

    app.refresh(&other_session.refresh_token)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_with_a_garbage_or_missing_token_is_401_invalid_token() {
    let app = spawn_app().await;
    app.register_user().await;
    for token in ["garbage", "", "eyJhbGciOiJIUzI1NiJ9.e30.x", &"a".repeat(43)] {
        app.refresh(token)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    }
    app.post_json("/api/auth/refresh", &json!({}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_access_token_is_not_a_refresh_token() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    app.refresh(&user.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
}

// ---------------------------------------------------------------- logout

#[tokio::test(flavor = "multi_thread")]
async fn logout_ends_the_session_so_its_refresh_token_fails() {
    let app = spawn_app().await;
    let user = app.register_user().await;

    let response = app.logout(&user.refresh_token).await;
    response.assert_success(StatusCode::OK);
    assert!(response.data()["message"].is_string());

    let refresh = app.refresh(&user.refresh_token).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED, "{}", refresh.text);
    assert_eq!(refresh.body["success"], false);

    // Logging out twice, or with a token nobody knows, is not an error.
    app.logout(&user.refresh_token)
        .await
        .assert_success(StatusCode::OK);
    app.logout("never-issued")
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_with_a_rotated_token_ends_the_rotated_session() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let other_session = app.login_user(&user.email, PASSWORD).await;
    let rotated = app.refresh(&user.refresh_token).await;
    rotated.assert_success(StatusCode::OK);
    let current = rotated.data()["refreshToken"].as_str().unwrap();

    app.logout(current).await.assert_success(StatusCode::OK);
    assert_eq!(app.refresh(current).await.status, StatusCode::UNAUTHORIZED);
    // Only that session: the other login still refreshes.
    app.refresh(&other_session.refresh_token)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_all_ends_every_session_and_every_access_token_at_once() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let other_session = app.login_user(&user.email, PASSWORD).await;
    app.me(&other_session.access_token)
        .await
        .assert_success(StatusCode::OK);

    let response = app
        .post_json_auth("/api/auth/logout-all", &user.access_token, &json!({}))
        .await;
    response.assert_success(StatusCode::OK);

    for session in [&user, &other_session] {
        app.me(&session.access_token)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
        let refresh = app.refresh(&session.refresh_token).await;
        assert_eq!(refresh.status, StatusCode::UNAUTHORIZED, "{}", refresh.text);
    }
    // Signing in again works, with tokens of the new version.
    let fresh = app.login_user(&user.email, PASSWORD).await;
    app.me(&fresh.access_token)
        .await
        .assert_success(StatusCode::OK);
    app.post_json("/api/auth/logout-all", &json!({}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_access_token_ends_at_once_when_the_password_changes() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let other_session = app.login_user(&user.email, PASSWORD).await;

    app.post_json_auth(
        "/api/users/me/password",
        &user.access_token,
        &json!({ "currentPassword": PASSWORD, "newPassword": NEW_PASSWORD }),
    )
    .await
    .assert_success(StatusCode::OK);

    for token in [&user.access_token, &other_session.access_token] {
        app.me(token)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    }
    let fresh = app.login_user(&user.email, NEW_PASSWORD).await;
    app.me(&fresh.access_token)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_current_passwords_count_towards_the_login_lockout() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let change = async |current: &str| {
        let body = json!({ "currentPassword": current, "newPassword": NEW_PASSWORD });
        app.post_json_auth("/api/users/me/password", &user.access_token, &body)
            .await
    };
    for _ in 0..5 {
        change("not-my-password")
            .await
            .assert_validation(&["currentPassword"]);
    }
    change(PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
}

// ---------------------------------------------------------------- races

/// Regression (was a bug): the lock was checked before the password and failures counted
/// after, so a burst of concurrent guesses was verified almost whole and the right one got
/// in. Now each attempt is reserved first: at most five passwords are verified (each
/// verified wrong guess is a 401; refused ones are 423 without a verification) and the
/// right password, sent with the burst, does not sign in.
#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_concurrent_guesses_gets_five_verifications_and_no_session() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let wrong: Vec<String> = (0..40).map(|i| format!("wrong-guess-{i}")).collect();
    let guesses = wrong
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(PASSWORD))
        .map(|password| app.login(&user.email, password));
    let responses = futures_join_all(guesses).await;

    let verified_wrong = responses
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        verified_wrong <= 5,
        "{verified_wrong} wrong passwords were verified"
    );
    for response in &responses {
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::LOCKED].contains(&response.status),
            "{}",
            response.text
        );
    }
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_registrations_of_one_email_create_one_account() {
    let app = spawn_app().await;
    let email = unique_email();
    let attempts = (0..4).map(|_| app.register(&email, PASSWORD));
    let responses = futures_join_all(attempts).await;

    let created = responses
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "exactly one registration wins");
    for response in responses.iter().filter(|r| r.status != StatusCode::CREATED) {
        response.assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
    }
}

/// Parallel refreshes of one token (two tabs, a retried request) all get the same successor
/// pair: the token rotates once, and the session survives. Many rounds, as it is a race.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_refreshes_of_one_token_all_get_the_same_pair() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    for round in 0..10 {
        let session = app.login_user(&user.email, PASSWORD).await;
        let attempts = (0..6).map(|_| app.refresh(&session.refresh_token));
        let responses = futures_join_all(attempts).await;

        for response in &responses {
            response.assert_success(StatusCode::OK);
        }
        let pairs: Vec<_> = responses.iter().map(tokens_of).collect();
        assert!(
            pairs.iter().all(|pair| *pair == pairs[0]),
            "round {round}: one successor pair for all: {pairs:?}"
        );
        app.me(&pairs[0].0).await.assert_success(StatusCode::OK);
        app.refresh(&pairs[0].1)
            .await
            .assert_success(StatusCode::OK);
    }
}

/// Runs the requests concurrently on this runtime (no `futures` dev-dependency needed).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future,
{
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}
