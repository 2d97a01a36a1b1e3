//! The database stalls or goes away under a running server: every API route answers 503
//! `DATABASE_UNAVAILABLE` with `Retry-After` in bounded time (never 500, never a hang), and the
//! server recovers on its own when the database is back.

use crate::{
    helpers::{ApiResponse, PASSWORD, TestApp, TestUser, spawn_app_with},
    pg_proxy::PgProxy,
};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

/// A request against a stalled database must be answered within this.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

async fn app_behind(proxy: &PgProxy) -> TestApp {
    spawn_app_with(|env| {
        let direct = env.get("DATABASE_URL").expect("a Postgres-backed app");
        env.set("DATABASE_URL", proxy.route(&direct))
            .set("DATABASE_ACQUIRE_TIMEOUT", "1000")
            .set("DATABASE_POOL_SIZE", "2");
    })
    .await
}

/// The answer and how long it took.
async fn timed<F: Future<Output = ApiResponse>>(request: F) -> (ApiResponse, Duration) {
    let started = Instant::now();
    let response = request.await;
    (response, started.elapsed())
}

fn assert_unavailable(response: &ApiResponse, took: Duration, what: &str) {
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE");
    let retry_after: u64 = response
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{what}: a numeric Retry-After; {:?}", response.headers));
    assert!(retry_after >= 1, "{what}: Retry-After {retry_after}");
    assert!(took < ANSWER_WITHIN, "{what} took {took:?}");
    let lower = response.text.to_lowercase();
    for leak in ["jobr_t_", "postgres", "connection", "sql", "timed out"] {
        assert!(
            !lower.contains(leak),
            "{what}: `{leak}` leaked: {}",
            response.text
        );
    }
}

/// Both the readiness probe and a real API route fail fast, then come back by themselves.
async fn assert_outage_and_recovery(app: &TestApp, user: &TestUser, end_outage: impl Future) {
    let (deep, took) = timed(app.get("/health/deep")).await;
    assert_eq!(
        deep.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        deep.text
    );
    assert!(took < ANSWER_WITHIN, "/health/deep took {took:?}");

    let (me, took) = timed(app.me(&user.access_token)).await;
    assert_unavailable(&me, took, "GET /api/users/me");
    let (login, took) = timed(app.login(&user.email, PASSWORD)).await;
    assert_unavailable(&login, took, "POST /api/auth/login");
    assert_eq!(
        app.get("/health").await.status,
        StatusCode::OK,
        "still alive"
    );

    end_outage.await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let deep = app.get("/health/deep").await;
        if deep.status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {}", deep.text);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.me(&user.access_token)
        .await
        .assert_success(StatusCode::OK);
    app.login(&user.email, PASSWORD)
        .await
        .assert_success(StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_database_is_503_within_bounds_and_recovers_when_it_resumes() {
    let proxy = PgProxy::start().await;
    let app = app_behind(&proxy).await;
    let user = app.register_user().await;
    // Warm connections sit in the pool: they must not be trusted after the stall.
    app.me(&user.access_token)
        .await
        .assert_success(StatusCode::OK);

    proxy.pause();
    assert_outage_and_recovery(&app, &user, async { proxy.resume() }).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_database_is_503_not_500_and_recovers_when_it_returns() {
    let proxy = PgProxy::start().await;
    let app = app_behind(&proxy).await;
    let user = app.register_user().await;

    proxy.close();
    assert_outage_and_recovery(&app, &user, proxy.reopen()).await;
}
