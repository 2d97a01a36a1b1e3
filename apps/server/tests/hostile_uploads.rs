//! The hostile corpus (crates/domain/cv/tests/hostile) and a 30 MB junk field, uploaded to the
//! real server with its memory watched. A binary of its own, so that the resident memory read
//! from /proc/self/status is this server's and not that of the many apps the `api` tests run
//! side by side. Its tests take turns, for the same reason.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{TestApp, spawn_app_with};
use reqwest::{Method, StatusCode};
use std::path::{Path, PathBuf};
use tokio::sync::Mutex;

/// The address-space limit of one extraction worker: the server itself stays under it too.
const MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

/// One test at a time: each reads this process's memory.
static TURN: Mutex<()> = Mutex::const_new(());

fn cv_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/domain/cv/tests")
}

fn good_cv() -> Vec<u8> {
    std::fs::read(cv_dir().join("fixtures/emily-clark.txt")).expect("the fixture")
}

fn hostile_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(cv_dir().join("hostile"))
        .expect("the hostile corpus")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e != "py"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a hostile file"))
        })
        .collect();
    files.sort();
    files
}

/// Resident memory of this process, where the server under test runs.
fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS");
    kb * 1024
}

async fn assert_serving(app: &TestApp, case: &str) {
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::OK, "{case}: {}", health.text);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_hostile_file_is_a_4xx_and_the_server_keeps_serving_within_its_memory() {
    let _turn = TURN.lock().await;
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_UPLOAD_MAX", "1000");
    })
    .await;
    let user = app.register_user().await;
    let files = hostile_files();
    assert!(files.len() >= 10, "only {} hostile files", files.len());
    for (name, bytes) in &files {
        let response = app.upload_cv(&user, name, bytes).await;
        assert!(
            response.status.is_client_error(),
            "{name}: {} {}",
            response.status,
            response.text
        );
        assert!(
            response.body["error"]["code"].is_string(),
            "{name}: {}",
            response.text
        );
        assert_serving(&app, name).await;
        let rss = rss_bytes();
        assert!(
            rss < MEMORY_LIMIT,
            "{name}: the server holds {} MiB",
            rss >> 20
        );
    }
    // The preflight's refusals and the crash mapping share one code.
    for name in [
        "self-drawing-xobject.pdf",
        "xobject-chain-20000.pdf",
        "double-flate-bomb.pdf",
    ] {
        let bytes = &files.iter().find(|(n, _)| n == name).expect(name).1;
        app.upload_cv(&user, name, bytes)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "UNREADABLE_FILE");
    }
    app.upload_cv(&user, "cv.txt", &good_cv())
        .await
        .assert_success(StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_30_mb_junk_field_is_refused_without_being_kept() {
    let _turn = TURN.lock().await;
    let app = spawn_app_with(|_| {}).await;
    let user = app.register_user().await;
    let boundary = "----jobr-junk-boundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n")
            .into_bytes();
    body.resize(body.len() + 30 * 1024 * 1024, b'x');
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());

    let before = rss_bytes();
    // The server answers 413 or, past its drain limit, closes the connection; either way it
    // never keeps the junk, and keeps serving.
    let sent = app
        .request(Method::POST, "/api/cv")
        .bearer_auth(&user.access_token)
        .header(
            reqwest::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await;
    match sent {
        Ok(response) => assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request() || e.is_body() || e.is_connect(), "{e}"),
    }
    let grown = rss_bytes().saturating_sub(before);
    assert!(
        grown < 16 * 1024 * 1024,
        "the server grew by {} MiB",
        grown >> 20
    );
    assert_serving(&app, "after 30 MB of junk").await;
    app.upload_cv(&user, "cv.txt", &good_cv())
        .await
        .assert_success(StatusCode::CREATED);
}
