//! Hostile uploads over the real server (the hostile corpus itself, with the server's memory
//! watched, is in tests/hostile_uploads.rs): a worker made to die, bounded multipart reads, and the upload quota counting only uploads
//! that reach parsing. Extraction runs in the real `jobr-extract` worker.

use crate::helpers::{ApiResponse, MultipartPart, TestApp, TestUser, send, spawn_app_with};
use reqwest::{Method, StatusCode};
use std::path::{Path, PathBuf};

/// A CV every test can upload successfully afterwards.
fn good_cv() -> Vec<u8> {
    std::fs::read(cv_dir().join("fixtures/emily-clark.txt")).expect("the fixture")
}

fn cv_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/domain/cv/tests")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_runs_out_of_memory_is_422_unreadable_file_and_the_next_upload_works() {
    // 32 MiB is enough for a CV, not for the 30 MiB stream the memory hog inflates.
    let app = spawn_app_with(|env| {
        env.set("EXTRACT_MEMORY_LIMIT_MB", "32");
    })
    .await;
    let user = app.register_user().await;
    let hog = std::fs::read(cv_dir().join("hostile/memory-hog.pdf")).expect("memory-hog.pdf");

    let response = app.upload_cv(&user, "hog.pdf", &hog).await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "UNREADABLE_FILE");

    let response = app.upload_cv(&user, "cv.txt", &good_cv()).await;
    response.assert_success(StatusCode::CREATED);
    assert_eq!(response.data()["parsed"]["email"], "emily.clark@gmail.com");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cv_whose_text_holds_nul_and_control_characters_is_stored_without_them() {
    let app = spawn_app_with(|_| {}).await;
    let user = app.register_user().await;
    let mut cv = good_cv();
    cv.splice(5..5, b"\0\x07".iter().copied());
    cv.extend_from_slice(b"\nNotes\0 here\n");

    let response = app.upload_cv(&user, "cv.txt", &cv).await;
    response.assert_success(StatusCode::CREATED);
    let id = response.data()["id"].as_str().expect("an id").to_string();
    let text = app
        .get_auth(&format!("/api/cv/{id}/text"), &user.access_token)
        .await;
    text.assert_success(StatusCode::OK);
    let text = text.data()["text"].as_str().expect("the text");
    assert!(!text.contains('\0') && !text.contains('\u{7}'), "{text:?}");
    assert!(text.contains("Notes here"), "{text:?}");
}

/// `multipart/form-data` with a junk field first, then (optionally) the file.
fn junk_then_file(junk: &[u8], file: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "----jobr-junk-boundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n")
            .into_bytes();
    body.extend_from_slice(junk);
    if let Some(file) = file {
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
    }
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_raw(
    app: &TestApp,
    user: &TestUser,
    (content_type, body): (String, Vec<u8>),
) -> reqwest::Result<ApiResponse> {
    let response = app
        .request(Method::POST, "/api/cv")
        .bearer_auth(&user.access_token)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await?;
    Ok(ApiResponse {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or_default(),
        text,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_other_than_the_file_are_capped() {
    let app = spawn_app_with(|_| {}).await;
    let user = app.register_user().await;
    let cv = good_cv();

    // A short extra field is read and ignored.
    let response = post_raw(&app, &user, junk_then_file(b"hello", Some(&cv)))
        .await
        .unwrap();
    response.assert_success(StatusCode::CREATED);

    // 2 MB of junk before the file: refused after the first KiB.
    let junk = vec![b'x'; 2 * 1024 * 1024];
    let response = post_raw(&app, &user, junk_then_file(&junk, Some(&cv)))
        .await
        .unwrap();
    response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "FIELD_TOO_LARGE");

    // (30 MB of junk, with the server's memory watched: tests/hostile_uploads.rs.)
    let response = post_raw(&app, &user, junk_then_file(b"", Some(&cv)))
        .await
        .unwrap();
    response.assert_success(StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_requests_do_not_use_up_the_upload_quota() {
    let app = spawn_app_with(|env| {
        env.set("RATE_LIMIT_UPLOAD_MAX", "5");
    })
    .await;
    let user = app.register_user().await;
    let cv = good_cv();
    let too_big = vec![b'a'; 5 * 1024 * 1024 + 1];

    let refusals = [
        // No `file` field.
        post_raw(&app, &user, junk_then_file(b"hi", None))
            .await
            .unwrap(),
        // Not multipart at all.
        send(
            app.request(Method::POST, "/api/cv")
                .bearer_auth(&user.access_token)
                .header("content-type", "application/pdf")
                .body(cv.clone()),
        )
        .await,
        // A junk field over its cap.
        post_raw(&app, &user, junk_then_file(&[b'x'; 4096], Some(&cv)))
            .await
            .unwrap(),
        // A file over 5 MB.
        app.upload_cv(&user, "big.txt", &too_big).await,
        // The file under the wrong field name.
        app.post_multipart(
            "/api/cv",
            Some(&user.access_token),
            &MultipartPart {
                field: "document",
                file_name: Some("cv.txt"),
                content_type: Some("text/plain"),
                bytes: &cv,
            },
        )
        .await,
        // An empty multipart body.
        post_raw(
            &app,
            &user,
            (
                "multipart/form-data; boundary=x".into(),
                b"--x--\r\n".to_vec(),
            ),
        )
        .await
        .unwrap(),
    ];
    for (i, response) in refusals.iter().enumerate() {
        assert!(
            response.status.is_client_error(),
            "refusal {i}: {}",
            response.text
        );
        assert_ne!(
            response.status,
            StatusCode::TOO_MANY_REQUESTS,
            "refusal {i}"
        );
    }
    app.upload_cv(&user, "cv.txt", &cv)
        .await
        .assert_success(StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_failing_through_our_fault_is_a_500_not_a_422() {
    // A worker that refuses its arguments, as a broken deployment would: our fault, not the file's.
    let dir =
        std::env::temp_dir().join(format!("jobr-bad-worker-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("jobr-extract");
    // Written by a child process: had this process held it open for writing, another test's
    // fork could carry the descriptor and the exec would fail with "Text file busy".
    let written = std::process::Command::new("/bin/sh")
        .args([
            "-c",
            "printf '#!/bin/sh\\nexit 2\\n' > \"$1\" && chmod 755 \"$1\"",
            "sh",
        ])
        .arg(&program)
        .status()
        .unwrap();
    assert!(written.success());
    let path = program.to_string_lossy().into_owned();
    let app = spawn_app_with(|env| {
        env.set("EXTRACTOR_PATH", path);
    })
    .await;
    let user = app.register_user().await;

    app.upload_cv(&user, "cv.txt", &good_cv())
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR");
    let _ = std::fs::remove_dir_all(&dir);
}
