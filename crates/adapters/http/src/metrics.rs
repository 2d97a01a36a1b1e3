//! Metrics hooks: one event per attempt, and an in-memory counter the server can expose.
//!
//! Events carry only what is safe to keep: integration, method, host + path, status or error
//! kind, attempt number and latency. Never the query string (API keys and emails travel there),
//! headers or bodies.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::error::ErrorKind;

/// How one attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The upstream answered with this status (any status, success or not).
    Status(StatusCode),
    /// No answer: timeout, connect error, breaker open, ...
    Error(ErrorKind),
}

impl AttemptOutcome {
    /// Anything but a 2xx answer. Breaker refusals count here too: the call did not succeed.
    pub fn is_failure(&self) -> bool {
        !matches!(self, Self::Status(status) if status.is_success())
    }
}

/// One attempt of one outbound call.
#[derive(Clone, Debug)]
pub struct CallEvent<'a> {
    pub integration: &'static str,
    pub method: &'a Method,
    /// `host/path`, e.g. `api.openai.com/v1/chat/completions`. Never the query string.
    pub endpoint: &'a str,
    pub outcome: AttemptOutcome,
    /// 1 for the first attempt of a call, 2 for its first retry, ...
    pub attempt: u32,
    /// Time spent on this attempt, not counting the backoff before it. Zero when refused by the
    /// breaker.
    pub latency: Duration,
    /// This attempt's failure opened the circuit breaker.
    pub breaker_opened: bool,
}

/// Receives every attempt. Called inline on the request path: keep it cheap and never block.
pub trait MetricsSink: Send + Sync {
    fn record(&self, event: &CallEvent<'_>);
}

/// The default sink: records nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoopMetrics;

impl MetricsSink for NoopMetrics {
    fn record(&self, _event: &CallEvent<'_>) {}
}

/// Counters for one integration. All counts are of attempts unless said otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IntegrationStats {
    /// Calls made (first attempts).
    pub calls: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Attempts that did not get a 2xx answer (including breaker refusals).
    pub failures: u64,
    /// Attempts refused by an open breaker, without touching the network.
    pub rejected: u64,
    /// Times the breaker opened.
    pub breaker_opens: u64,
    /// Sum of attempt latencies; with `calls + retries` this gives the mean.
    pub latency_sum: Duration,
}

/// An in-memory [`MetricsSink`] counting per integration, read through [`CallStats::snapshot`].
/// Nothing exports it yet (the server has no metrics route and wires `NoopMetrics`); today it
/// serves tests. Share one `Arc<CallStats>` between all clients whose calls it should count.
#[derive(Debug, Default)]
pub struct CallStats {
    by_integration: Mutex<BTreeMap<&'static str, IntegrationStats>>,
}

impl CallStats {
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of every integration's counters, sorted by integration name.
    pub fn snapshot(&self) -> BTreeMap<&'static str, IntegrationStats> {
        self.lock().clone()
    }

    /// One integration's counters (zero when it made no call yet).
    pub fn get(&self, integration: &str) -> IntegrationStats {
        self.lock().get(integration).copied().unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, IntegrationStats>> {
        // Counters are plain numbers, valid after any partial update: recover from poisoning.
        self.by_integration
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl MetricsSink for CallStats {
    fn record(&self, event: &CallEvent<'_>) {
        let mut all = self.lock();
        let stats = all.entry(event.integration).or_default();
        if event.attempt <= 1 {
            stats.calls += 1;
        } else {
            stats.retries += 1;
        }
        if event.outcome.is_failure() {
            stats.failures += 1;
        }
        if event.outcome == AttemptOutcome::Error(ErrorKind::CircuitOpen) {
            stats.rejected += 1;
        }
        if event.breaker_opened {
            stats.breaker_opens += 1;
        }
        stats.latency_sum += event.latency;
    }
}
