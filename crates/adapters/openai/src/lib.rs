//! OpenAI chat completions behind the domain's ports. [`OpenAiCvAnalyzer`] (the
//! `jobr_cv::CvAnalyzer` that structures CV text), [`OpenAiSemanticMatcher`] (the
//! `jobr_matching::SemanticMatcher` that re-ranks and explains the engine's top matches in one
//! batched call) and [`OpenAiWritingAssistant`] (the `jobr_applications::WritingAssistant`
//! that writes cover letters, tailored CVs, strength analyses and interview prep, one call
//! each).
//!
//! - Every call goes through the one `jobr_http::OutboundClient` (integration `"openai"`):
//!   30 s per attempt, retries on timeouts, 429 and 5xx with backoff, a circuit breaker.
//! - Answers are JSON held to a schema: Structured Outputs (`json_schema`, strict) on models that
//!   have them, JSON mode with the schema in the prompt on older ones (gpt-4-turbo, gpt-4).
//! - Valid answers are cached in memory for 30 minutes under SHA-256(operation, model, prompts);
//!   a cache hit makes no call.
//! - Every answer is metered through `jobr_core::UsageRecorder` (tokens and estimated cost; a
//!   cache hit as a `cached` row with zero tokens). A failing recorder is logged, not fatal.
//! - Logs carry model, status, token counts and latency; never the key, the CV or the answer.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # fn demo(usage: Arc<dyn jobr_core::UsageRecorder>) -> Result<(), Vec<String>> {
//! use jobr_openai::{OpenAi, OpenAiConfig};
//!
//! if let Some(config) = OpenAiConfig::from_lookup(|k| std::env::var(k).ok())? {
//!     let openai = OpenAi::new(config, usage).map_err(|e| vec![e.to_string()])?;
//!     let analyzer: Arc<dyn jobr_cv::CvAnalyzer> = Arc::new(openai.cv_analyzer());
//!     let _service = jobr_cv::CvParsingService::new(Arc::new(jobr_cv::Inline), Some(analyzer));
//! }
//! # Ok(())
//! # }
//! ```

mod cache;
mod client;
mod config;
mod cv;
mod pricing;
mod semantic;
mod wire;
mod writing;

pub use cache::{CACHE_CAPACITY, CACHE_TTL};
pub use client::OpenAi;
pub use config::{
    DEFAULT_BASE_URL, DEFAULT_MAX_TOKENS, DEFAULT_MODEL, DEFAULT_TIMEOUT, MAX_TOKENS_LIMIT,
    OpenAiConfig,
};
pub use cv::{CV_ANALYSIS, MAX_CV_CHARS, OpenAiCvAnalyzer};
pub use pricing::{Price, estimate_cost_micro_usd, price_for};
pub use semantic::{JOB_RERANK, MAX_EXPLANATION_CHARS, MAX_RERANK_JOBS, OpenAiSemanticMatcher};
pub use writing::{
    COVER_LETTER, INTERVIEW_PREP, OpenAiWritingAssistant, STRENGTH_ANALYSIS, TAILORED_CV,
};
