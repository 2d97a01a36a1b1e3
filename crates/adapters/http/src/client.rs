//! The outbound client: one per integration, cloned wherever that integration is called.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::redirect;

use crate::breaker::{Breaker, BreakerConfig, BreakerState, Health};
use crate::error::{ErrorKind, HttpError};
use crate::metrics::{AttemptOutcome, CallEvent, MetricsSink, NoopMetrics};
use crate::request::{RequestSpec, Response};
use crate::retry::{self, Verdict};

#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Short stable name (`"openai"`, `"stripe"`, ...): the metrics label and the breaker's scope.
    pub integration: &'static str,
    /// Per attempt, from connecting until the whole body is read.
    pub timeout: Duration,
    /// Attempts after the first one.
    pub max_retries: u32,
    /// Ceiling of the first retry's jittered wait; doubles with each retry.
    pub base_backoff: Duration,
    /// Cap on the computed backoff (a server's `Retry-After` is honoured as given instead).
    pub max_backoff: Duration,
    /// A 429 asking to wait longer than this is returned at once as `RateLimited`: a caller on a
    /// user's request cannot hang for minutes, and a background job can reschedule itself.
    pub max_retry_after: Duration,
    pub breaker: BreakerConfig,
    /// The largest response body read, in bytes; a longer one fails the call with
    /// `InvalidResponse` without being read further (a misbehaving or hostile upstream cannot
    /// fill the server's memory).
    pub max_body_bytes: usize,
}

/// Default of [`ClientConfig::max_body_bytes`]: far above any provider answer we read (a large
/// Greenhouse board with every description is a few MB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

impl ClientConfig {
    /// The production defaults: 30 s per attempt, 3 retries, 500 ms → 8 s backoff, give up on a
    /// `Retry-After` beyond 60 s, breaker opens after 5 consecutive failures for 30 s, bodies
    /// up to [`DEFAULT_MAX_BODY_BYTES`].
    pub fn new(integration: &'static str) -> Self {
        Self {
            integration,
            timeout: Duration::from_secs(30),
            max_retries: 3,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            breaker: BreakerConfig::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// The one outbound HTTP client. Cheap to clone; clones share the connection pool, the circuit
/// breaker and the metrics sink, so build ONE per integration and clone it, or the integration
/// gets several independent breakers.
#[derive(Clone)]
pub struct OutboundClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    breaker: Breaker,
    metrics: Arc<dyn MetricsSink>,
}

impl std::fmt::Debug for OutboundClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboundClient")
            .field("config", &self.inner.config)
            .field("breaker", &self.inner.breaker.state())
            .finish_non_exhaustive()
    }
}

impl OutboundClient {
    pub fn new(config: ClientConfig) -> Result<Self, HttpError> {
        Self::with_metrics(config, Arc::new(NoopMetrics))
    }

    pub fn with_metrics(
        config: ClientConfig,
        metrics: Arc<dyn MetricsSink>,
    ) -> Result<Self, HttpError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            // Provider APIs do not redirect; following one could carry credentials somewhere
            // unexpected, so a 3xx is returned to the caller as a `Status` error.
            .redirect(redirect::Policy::none())
            .user_agent(concat!("jobr/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|_| HttpError::Other("HTTP client could not be built".into()))?;
        Ok(Self {
            inner: Arc::new(Inner {
                breaker: Breaker::new(config.breaker),
                http,
                config,
                metrics,
            }),
        })
    }

    pub fn integration(&self) -> &'static str {
        self.inner.config.integration
    }

    pub fn breaker_state(&self) -> BreakerState {
        self.inner.breaker.state()
    }

    /// Sends `request`, retrying as [`RequestSpec`] documents, and returns the first 2xx answer.
    ///
    /// Any other final answer is an error: `Status` for 3xx/4xx (and 5xx once retries are spent or
    /// not allowed), `RateLimited` for 429. While the breaker is open the call fails with
    /// `CircuitOpen` before touching the network; if it opens between two attempts of one call,
    /// that call returns the last error it actually saw.
    pub async fn send(&self, request: RequestSpec) -> Result<Response, HttpError> {
        let inner = &*self.inner;
        let config = &inner.config;
        let endpoint = request.endpoint();
        let retryable = request.is_retryable();
        let mut last_error = None;
        let mut attempt = 1;
        loop {
            let event = |outcome, latency, breaker_opened| CallEvent {
                integration: config.integration,
                method: request.method(),
                endpoint: &endpoint,
                outcome,
                attempt,
                latency,
                breaker_opened,
            };

            let Some(permit) = inner.breaker.try_acquire() else {
                let outcome = AttemptOutcome::Error(ErrorKind::CircuitOpen);
                inner.metrics.record(&event(outcome, Duration::ZERO, false));
                return Err(last_error.unwrap_or(HttpError::CircuitOpen {
                    integration: config.integration,
                }));
            };

            let started = Instant::now();
            let result = self.attempt(&request).await;
            let latency = started.elapsed();
            let (outcome, health) = match &result {
                Ok(response) if response.status().is_server_error() => {
                    (AttemptOutcome::Status(response.status()), Health::Unhealthy)
                }
                Ok(response) => (AttemptOutcome::Status(response.status()), Health::Healthy),
                Err(error @ (HttpError::Timeout | HttpError::Connect)) => {
                    (AttemptOutcome::Error(error.kind()), Health::Unhealthy)
                }
                Err(error) => (AttemptOutcome::Error(error.kind()), Health::Inconclusive),
            };
            let breaker_opened = permit.record(health);
            inner
                .metrics
                .record(&event(outcome, latency, breaker_opened));
            if breaker_opened {
                tracing::warn!(
                    integration = config.integration,
                    open_for_ms = config.breaker.open_for.as_millis() as u64,
                    "circuit breaker opened"
                );
            }

            let (error, wait) = match result {
                Ok(response) => match retry::classify(response.status(), response.headers()) {
                    Verdict::Success => return Ok(response),
                    Verdict::Final => {
                        return Err(HttpError::status_with_body(
                            response.status(),
                            response.body(),
                        ));
                    }
                    Verdict::Transient if retryable => (
                        HttpError::status_with_body(response.status(), response.body()),
                        self.backoff(attempt),
                    ),
                    Verdict::Transient => {
                        return Err(HttpError::status_with_body(
                            response.status(),
                            response.body(),
                        ));
                    }
                    Verdict::RateLimited(retry_after) => {
                        let error = HttpError::RateLimited { retry_after };
                        match retry_after {
                            _ if !retryable => return Err(error),
                            Some(after) if after > config.max_retry_after => return Err(error),
                            // The server knows when it will take us again; sooner is wasted.
                            Some(after) => (error, after),
                            None => (error, self.backoff(attempt)),
                        }
                    }
                },
                Err(HttpError::Connect) => (HttpError::Connect, self.backoff(attempt)),
                Err(HttpError::Timeout) if retryable => (HttpError::Timeout, self.backoff(attempt)),
                Err(error) => return Err(error),
            };

            if attempt > config.max_retries {
                return Err(error);
            }
            tracing::info!(
                integration = config.integration,
                method = %request.method(),
                endpoint = %endpoint,
                attempt,
                outcome = %describe(outcome),
                wait_ms = wait.as_millis() as u64,
                "retrying outbound call"
            );
            tokio::time::sleep(wait).await;
            last_error = Some(error);
            attempt += 1;
        }
    }

    async fn attempt(&self, request: &RequestSpec) -> Result<Response, HttpError> {
        let transport = |e: reqwest::Error| HttpError::from_transport(&e);
        let response = request
            .to_reqwest(&self.inner.http)
            .timeout(self.inner.config.timeout)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_capped(response, self.inner.config.max_body_bytes).await?;
        Ok(Response::new(status, headers, body))
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let config = &self.inner.config;
        retry::backoff(attempt - 1, config.base_backoff, config.max_backoff)
    }
}

/// The body, chunk by chunk, failing as soon as it is longer than `max` bytes (or says it will
/// be), so an oversized answer is never held whole.
async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Bytes, HttpError> {
    let too_large = || HttpError::InvalidResponse(format!("body larger than {max} bytes"));
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| HttpError::from_transport(&e))?
    {
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn describe(outcome: AttemptOutcome) -> String {
    match outcome {
        AttemptOutcome::Status(status) => status.as_u16().to_string(),
        AttemptOutcome::Error(kind) => kind.as_str().to_owned(),
    }
}
