//! The one outbound HTTP client every integration adapter (OpenAI, Stripe, PhonePe, SendGrid,
//! Google) goes through, so that all of them get the same timeouts, retries with backoff and
//! jitter, circuit breaking and metrics — and the same care never to log secrets.
//!
//! ```no_run
//! # async fn demo() -> Result<(), jobr_http::HttpError> {
//! use jobr_http::{ClientConfig, OutboundClient, RequestSpec, Url};
//!
//! let openai = OutboundClient::new(ClientConfig::new("openai"))?;
//! let url = Url::parse("https://api.openai.com/v1/chat/completions").expect("static URL");
//! let request = RequestSpec::post(url)
//!     .bearer_auth("sk-...")?
//!     .json(&serde_json::json!({ "model": "gpt-4-turbo", "messages": [] }))?
//!     // A completion is harmless to repeat, though it is a POST.
//!     .retryable(true);
//! let answer: serde_json::Value = openai.send(request).await?.json()?;
//! # let _ = answer;
//! # Ok(())
//! # }
//! ```

mod api_base;
mod breaker;
mod client;
mod error;
mod metrics;
mod request;
mod retry;

pub use api_base::check_api_base;
pub use breaker::{BreakerConfig, BreakerState};
pub use client::{ClientConfig, DEFAULT_MAX_BODY_BYTES, OutboundClient};
pub use error::{BODY_SNIPPET_MAX_BYTES, ErrorKind, HttpError};
pub use metrics::{
    AttemptOutcome, CallEvent, CallStats, IntegrationStats, MetricsSink, NoopMetrics,
};
pub use request::{IDEMPOTENCY_KEY, RequestSpec, Response};

// Re-exported so adapters can describe requests without depending on reqwest themselves.
pub use bytes::Bytes;
pub use reqwest::header;
pub use reqwest::{Method, StatusCode, Url};
