//! A client that sends its headers and then stalls (or trickles) its body is cut off with a
//! 408 within the configured time, and the server keeps serving everyone else meanwhile.

use crate::helpers::{TestApp, spawn_in_memory_app_with};
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const BODY_TIMEOUT_MS: u64 = 1_000;

async fn app() -> TestApp {
    spawn_in_memory_app_with(|env| {
        env.set("REQUEST_BODY_TIMEOUT", BODY_TIMEOUT_MS.to_string());
    })
    .await
}

/// Sends the headers of a JSON POST announcing `length` bytes, and `sent` of them.
async fn stalled_post(app: &TestApp, path: &str, length: usize, sent: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port))
        .await
        .expect("connects");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("headers");
    stream.write_all(sent).await.expect("part of the body");
    stream
}

/// Everything the server sends until it closes the connection (or resets it: data that came
/// before the reset is kept). Panics unless the connection ends within `within`.
async fn read_until_closed(stream: &mut (impl AsyncReadExt + Unpin), within: Duration) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let reading = async {
        while let Ok(n @ 1..) = stream.read(&mut buffer).await {
            answer.extend_from_slice(&buffer[..n]);
        }
    };
    tokio::time::timeout(within, reading)
        .await
        .expect("the server answered and closed the connection in time");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_body_gets_408_and_a_closed_connection_while_others_are_served() {
    let app = app().await;
    let started = Instant::now();
    let mut stalled = stalled_post(&app, "/api/auth/login", 200, br#"{"email":"#).await;

    // Meanwhile the server answers others (one worker: the stall blocks nothing).
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::OK);

    let answer = read_until_closed(&mut stalled, Duration::from_secs(5)).await;
    let took = started.elapsed();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "expected a 408, got: {answer}"
    );
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(
        took >= Duration::from_millis(BODY_TIMEOUT_MS) && took < Duration::from_secs(4),
        "cut off after {took:?}"
    );
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trickled_body_is_cut_off_at_the_deadline_too() {
    let app = app().await;
    let started = Instant::now();
    let trickling = stalled_post(&app, "/api/auth/register", 4_000, b"{").await;
    let (mut reader, mut writer) = trickling.into_split();
    // A byte every 100 ms: always "making progress", never finishing in time.
    let trickle = tokio::spawn(async move {
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let answer = read_until_closed(&mut reader, Duration::from_secs(5)).await;
    trickle.abort();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "expected a 408, got: {answer}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_sent_in_time_is_served_normally() {
    let app = app().await;
    let response = app
        .post_json(
            "/api/auth/login",
            &serde_json::json!({ "email": "nobody@example.com", "password": "violet-canoe-42" }),
        )
        .await;
    response.assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
}

#[tokio::test(flavor = "multi_thread")]
async fn stalled_clients_cannot_hold_more_than_max_connections_and_are_cut_off() {
    let app = spawn_in_memory_app_with(|env| {
        env.set("REQUEST_BODY_TIMEOUT", BODY_TIMEOUT_MS.to_string())
            .set("MAX_CONNECTIONS", "2");
    })
    .await;
    let started = Instant::now();
    let mut first = stalled_post(&app, "/api/auth/login", 200, b"{").await;
    let mut second = stalled_post(&app, "/api/auth/login", 200, b"{").await;

    // The one worker holds its 2 connections; a third client waits in the backlog until the
    // stalled ones are cut off, then is served.
    let third = app.get("/health").await;
    assert_eq!(third.status, StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(BODY_TIMEOUT_MS / 2),
        "the third client was let in beside two stalled ones after {:?}",
        started.elapsed()
    );
    for stalled in [&mut first, &mut second] {
        let answer = read_until_closed(stalled, Duration::from_secs(5)).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
}
