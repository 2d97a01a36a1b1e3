//! The client against a real HTTP server (wiremock on 127.0.0.1).

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jobr_http::{
    AttemptOutcome, BreakerConfig, BreakerState, CallEvent, CallStats, ClientConfig, ErrorKind,
    HttpError, MetricsSink, OutboundClient, RequestSpec, StatusCode, Url,
};
use serde_json::json;
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Production shape with test-sized waits; the breaker is out of the way unless a test wants it.
fn config() -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_secs(5),
        max_retries: 3,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        breaker: BreakerConfig {
            failure_threshold: 1_000,
            open_for: Duration::from_secs(30),
        },
        ..ClientConfig::new("test")
    }
}

fn client(config: ClientConfig) -> OutboundClient {
    OutboundClient::new(config).unwrap()
}

fn url(server: &MockServer, path: &str) -> Url {
    Url::parse(&format!("{}{path}", server.uri())).unwrap()
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

async fn mount(server: &MockServer, status: u16, times: Option<u64>) {
    let mock = Mock::given(path("/thing")).respond_with(ResponseTemplate::new(status));
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

#[tokio::test]
async fn success_first_time_makes_one_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/thing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 7 })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().unwrap();
    assert_eq!(body, json!({ "id": 7 }));
}

#[tokio::test]
async fn a_500_is_retried_until_success() {
    let server = MockServer::start().await;
    mount(&server, 500, Some(1)).await;
    mount(&server, 200, None).await;

    let response = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, None).await;

    let started = Instant::now();
    let response = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_asking_for_too_long_a_wait_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap_err();

    assert!(matches!(
        error,
        HttpError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(120)
    ));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_400_is_not_retried_and_carries_its_status() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"error":"bad_param"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap_err();

    match error {
        HttpError::Status {
            status,
            body_snippet,
        } => {
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(body_snippet.contains("bad_param"));
        }
        other => panic!("expected Status, got {other:?}"),
    }
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let config = ClientConfig {
        timeout: Duration::from_millis(100),
        max_retries: 2,
        ..config()
    };

    let error = client(config)
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap_err();

    assert!(matches!(error, HttpError::Timeout), "{error:?}");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    // Bind then release a port so that nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = Url::parse(&format!("http://127.0.0.1:{port}/thing")).unwrap();

    let error = client(config())
        .send(RequestSpec::post(url))
        .await
        .unwrap_err();

    assert!(matches!(error, HttpError::Connect), "{error:?}");
}

fn breaker_config() -> ClientConfig {
    ClientConfig {
        max_retries: 0,
        breaker: BreakerConfig {
            failure_threshold: 3,
            open_for: Duration::from_millis(200),
        },
        ..config()
    }
}

#[tokio::test]
async fn the_breaker_opens_fails_fast_and_closes_after_a_good_trial() {
    let server = MockServer::start().await;
    mount(&server, 503, None).await;
    let client = client(breaker_config());
    let request = RequestSpec::get(url(&server, "/thing"));

    for _ in 0..3 {
        let error = client.send(request.clone()).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    }
    assert_eq!(client.breaker_state(), BreakerState::Open);

    let error = client.send(request.clone()).await.unwrap_err();
    assert!(
        matches!(
            error,
            HttpError::CircuitOpen {
                integration: "test"
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 3, "no request while open");

    tokio::time::sleep(Duration::from_millis(250)).await;
    server.reset().await;
    mount(&server, 200, None).await;

    client.send(request.clone()).await.unwrap();
    assert_eq!(client.breaker_state(), BreakerState::Closed);
    client.send(request).await.unwrap();
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_failed_trial_reopens_the_breaker() {
    let server = MockServer::start().await;
    mount(&server, 500, None).await;
    let client = client(breaker_config());
    let request = RequestSpec::get(url(&server, "/thing"));
    for _ in 0..3 {
        client.send(request.clone()).await.unwrap_err();
    }

    tokio::time::sleep(Duration::from_millis(250)).await;
    let trial = client.send(request.clone()).await.unwrap_err();
    assert_eq!(trial.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(client.breaker_state(), BreakerState::Open);
    let error = client.send(request).await.unwrap_err();
    assert!(matches!(error, HttpError::CircuitOpen { .. }));
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn client_errors_do_not_open_the_breaker() {
    let server = MockServer::start().await;
    mount(&server, 404, None).await;
    let client = client(breaker_config());
    for _ in 0..5 {
        let error = client
            .send(RequestSpec::get(url(&server, "/thing")))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }
    assert_eq!(client.breaker_state(), BreakerState::Closed);
}

#[tokio::test]
async fn retries_stop_when_the_breaker_opens_mid_call() {
    let server = MockServer::start().await;
    mount(&server, 500, None).await;
    let config = ClientConfig {
        max_retries: 10,
        ..breaker_config()
    };

    let error = client(config)
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap_err();

    // The call reports what it saw, not the breaker's refusal of its fourth attempt.
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_not_retried() {
    let server = MockServer::start().await;
    mount(&server, 500, None).await;

    let error = client(config())
        .send(
            RequestSpec::post(url(&server, "/thing"))
                .json(&json!({ "amount": 4999 }))
                .unwrap(),
        )
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_post_with_idempotency_key_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/thing"))
        .and(header_exists("idempotency-key"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, None).await;

    let request = RequestSpec::post(url(&server, "/thing"))
        .idempotency_key("pay_123")
        .unwrap()
        .form(&[("amount", "4999"), ("currency", "usd")])
        .unwrap();
    assert!(request.is_retryable());
    client(config()).send(request).await.unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    // The body is rebuilt intact for the retry.
    assert_eq!(received[1].body, b"amount=4999&currency=usd");
}

#[tokio::test]
async fn a_get_marked_non_retryable_is_sent_once() {
    let server = MockServer::start().await;
    mount(&server, 502, None).await;

    let request = RequestSpec::get(url(&server, "/thing")).retryable(false);
    client(config()).send(request).await.unwrap_err();

    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn call_stats_count_attempts_retries_and_failures() {
    let server = MockServer::start().await;
    mount(&server, 500, Some(2)).await;
    mount(&server, 200, None).await;
    let stats = Arc::new(CallStats::new());
    let client = OutboundClient::with_metrics(config(), stats.clone()).unwrap();

    client
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap();

    let counted = stats.get("test");
    assert_eq!(counted.calls, 1);
    assert_eq!(counted.retries, 2);
    assert_eq!(counted.failures, 2);
    assert_eq!(counted.breaker_opens, 0);
    assert!(counted.latency_sum > Duration::ZERO);
    assert_eq!(stats.snapshot().len(), 1);
}

#[tokio::test]
async fn call_stats_count_breaker_opens_and_refusals() {
    let server = MockServer::start().await;
    mount(&server, 500, None).await;
    let stats = Arc::new(CallStats::new());
    let client = OutboundClient::with_metrics(breaker_config(), stats.clone()).unwrap();
    for _ in 0..4 {
        client
            .send(RequestSpec::get(url(&server, "/thing")))
            .await
            .unwrap_err();
    }

    let counted = stats.get("test");
    assert_eq!(counted.calls, 4);
    assert_eq!(counted.breaker_opens, 1);
    assert_eq!(counted.rejected, 1);
    assert_eq!(counted.failures, 4);
}

/// Keeps every event as text, to look for leaks.
#[derive(Default)]
struct Recorder(Mutex<Vec<(String, AttemptOutcome, u32)>>);

impl MetricsSink for Recorder {
    fn record(&self, event: &CallEvent<'_>) {
        let line = format!("{event:?}");
        self.0
            .lock()
            .unwrap()
            .push((line, event.outcome, event.attempt));
        assert_eq!(event.integration, "test");
    }
}

#[tokio::test]
async fn the_sink_sees_every_attempt_without_query_strings_or_secrets() {
    let server = MockServer::start().await;
    mount(&server, 503, Some(1)).await;
    mount(&server, 200, None).await;
    let recorder = Arc::new(Recorder::default());
    let client = OutboundClient::with_metrics(config(), recorder.clone()).unwrap();

    let request = RequestSpec::get(url(
        &server,
        "/thing?api_key=sk-secret&email=ada%40example.com",
    ))
    .bearer_auth("sk-bearer")
    .unwrap();
    assert!(!format!("{request:?}").contains("secret"));
    client.send(request).await.unwrap();

    let events = recorder.0.lock().unwrap();
    let port = server.address().port();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].1,
        AttemptOutcome::Status(StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(events[0].2, 1);
    assert_eq!(events[1].1, AttemptOutcome::Status(StatusCode::OK));
    assert_eq!(events[1].2, 2);
    for (line, _, _) in events.iter() {
        assert!(
            line.contains(&format!("\"127.0.0.1:{port}/thing\"")),
            "{line}"
        );
        for leak in ["api_key", "secret", "example.com", "sk-bearer", "?"] {
            assert!(!line.contains(leak), "{leak} leaked into {line}");
        }
    }
}

#[tokio::test]
async fn the_sink_sees_connect_errors_as_error_kinds() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let recorder = Arc::new(Recorder::default());
    let config = ClientConfig {
        max_retries: 1,
        ..config()
    };
    let client = OutboundClient::with_metrics(config, recorder.clone()).unwrap();
    let url = Url::parse(&format!("http://127.0.0.1:{port}/thing")).unwrap();

    client.send(RequestSpec::get(url)).await.unwrap_err();

    let events = recorder.0.lock().unwrap();
    let outcomes: Vec<_> = events.iter().map(|(_, outcome, _)| *outcome).collect();
    assert_eq!(outcomes, vec![AttemptOutcome::Error(ErrorKind::Connect); 2]);
}

#[tokio::test]
async fn an_undecodable_body_is_an_invalid_response_without_its_text() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ada@example.com"))
        .mount(&server)
        .await;

    let response = client(config())
        .send(RequestSpec::get(url(&server, "/thing")))
        .await
        .unwrap();
    let error = response.json::<serde_json::Value>().unwrap_err();

    assert!(matches!(error, HttpError::InvalidResponse(_)));
    assert!(!error.to_string().contains("ada"));
}

#[tokio::test]
async fn a_body_over_the_cap_fails_the_call_and_one_at_the_cap_is_read() {
    let server = MockServer::start().await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(1_001)))
        .mount(&server)
        .await;
    Mock::given(path("/fits"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(1_000)))
        .mount(&server)
        .await;
    let client = client(ClientConfig {
        max_body_bytes: 1_000,
        ..config()
    });

    let error = client
        .send(RequestSpec::get(url(&server, "/big")))
        .await
        .unwrap_err();
    let fits = client
        .send(RequestSpec::get(url(&server, "/fits")))
        .await
        .unwrap();

    assert!(matches!(error, HttpError::InvalidResponse(_)), "{error:?}");
    assert_eq!(fits.body().len(), 1_000);
}

#[tokio::test]
async fn a_chunked_body_without_a_length_is_cut_off_at_the_cap() {
    use std::io::{BufRead, BufReader, Write};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // An upstream that streams 64 KiB chunks without saying how long the body will be.
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut out = stream;
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        if out.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..64 {
            let sent = write!(out, "{:x}\r\n", chunk.len())
                .and_then(|()| out.write_all(&chunk))
                .and_then(|()| out.write_all(b"\r\n"));
            if sent.is_err() {
                return; // the client hung up, as it should
            }
        }
        let _ = out.write_all(b"0\r\n\r\n");
    });
    let client = client(ClientConfig {
        max_retries: 0,
        max_body_bytes: 100 * 1024,
        ..config()
    });
    let url = Url::parse(&format!("http://127.0.0.1:{port}/stream")).unwrap();

    let error = client.send(RequestSpec::get(url)).await.unwrap_err();

    assert!(matches!(error, HttpError::InvalidResponse(_)), "{error:?}");
}
