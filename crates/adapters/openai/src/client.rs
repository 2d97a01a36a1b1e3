//! `OpenAi`: the shared handle every port adapter of this crate calls through, and the one
//! JSON-completion round trip they all use (cache, call, meter, check).

use std::sync::Arc;
use std::time::Instant;

use jobr_core::{ApiUsage, Clock, SystemClock, UsageRecorder, UserId};
use jobr_http::{HttpError, OutboundClient, RequestSpec};
use serde_json::{Value, json};

use crate::cache::{CACHE_CAPACITY, CACHE_TTL, ResponseCache, cache_key};
use crate::config::OpenAiConfig;
use crate::pricing::estimate_cost_micro_usd;
use crate::wire::{ChatCompletion, ChatRequest, Message, error_code};

pub(crate) const PROVIDER: &str = "openai";

/// The OpenAI integration: outbound client, config, response cache and usage meter. Cheap to
/// clone; clones share all of them, so build one at start and hand out clones (or the port
/// adapters made from it).
#[derive(Clone)]
pub struct OpenAi {
    client: OutboundClient,
    config: Arc<OpenAiConfig>,
    cache: Arc<ResponseCache>,
    usage: Arc<dyn UsageRecorder>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for OpenAi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAi")
            .field("config", &self.config)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// Why a completion gave no usable answer. Each port adapter maps it to its own error type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CompletionError {
    #[error("OpenAI rate-limited the request")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("OpenAI timed out")]
    Timeout,
    #[error("{0}")]
    Unavailable(String),
    /// The model answered, but not with something usable (refusal, truncation, bad JSON).
    #[error("OpenAI answered something unusable: {0}")]
    InvalidOutput(String),
    #[error("{0}")]
    Other(String),
}

/// One JSON-producing question to the model.
pub(crate) struct JsonCompletion<'a> {
    /// Names the use in usage rows and in the cache key (`"cv_analysis"`).
    pub operation: &'static str,
    pub system: &'a str,
    pub user: &'a str,
    pub schema_name: &'static str,
    /// A strict-mode JSON schema: every property required, `additionalProperties: false`.
    pub schema: &'a Value,
    pub requested_by: Option<UserId>,
}

impl OpenAi {
    /// Builds the outbound client from [`OpenAiConfig::client_config`] (integration `"openai"`).
    pub fn new(config: OpenAiConfig, usage: Arc<dyn UsageRecorder>) -> Result<Self, HttpError> {
        let client = OutboundClient::new(config.client_config())?;
        Ok(Self::with_client(config, client, usage))
    }

    /// With a client built elsewhere (shared metrics sink, or test-sized backoff).
    pub fn with_client(
        config: OpenAiConfig,
        client: OutboundClient,
        usage: Arc<dyn UsageRecorder>,
    ) -> Self {
        Self {
            client,
            config: Arc::new(config),
            cache: Arc::new(ResponseCache::new(CACHE_TTL, CACHE_CAPACITY)),
            usage,
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock that stamps usage rows (the cache's expiry runs on the monotonic clock).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn config(&self) -> &OpenAiConfig {
        &self.config
    }

    /// Sends one completion, or answers from the cache, and returns what `parse` makes of the
    /// model's JSON. Only answers `parse` accepts are cached. Every answer that came back with
    /// token counts is metered, usable or not: the tokens were spent either way.
    pub(crate) async fn complete_json<T>(
        &self,
        request: JsonCompletion<'_>,
        parse: impl Fn(&str) -> Result<T, CompletionError>,
    ) -> Result<T, CompletionError> {
        let model = self.config.model.as_str();
        let key = cache_key(request.operation, model, &[request.system, request.user]);

        if let Some(content) = self.cache.get(&key, Instant::now())
            && let Ok(answer) = parse(&content)
        {
            tracing::info!(
                provider = PROVIDER,
                operation = request.operation,
                model,
                cached = true,
                "AI answer served from cache"
            );
            self.record_usage(&request, 0, 0, true).await;
            return Ok(answer);
        }

        let started = Instant::now();
        let result = self.send(&request).await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let mut completion = match result {
            Ok(completion) => completion,
            Err(error) => {
                tracing::warn!(
                    provider = PROVIDER,
                    operation = request.operation,
                    model,
                    latency_ms,
                    error = ?error,
                    "AI call failed"
                );
                return Err(error);
            }
        };

        let usage = completion.usage.take().unwrap_or_default();
        tracing::info!(
            provider = PROVIDER,
            operation = request.operation,
            model,
            status = 200,
            prompt_tokens = usage.prompt_tokens,
            completion_tokens = usage.completion_tokens,
            latency_ms,
            cached = false,
            "AI call answered"
        );
        self.record_usage(
            &request,
            usage.prompt_tokens,
            usage.completion_tokens,
            false,
        )
        .await;

        let checked = usable_content(completion).and_then(|content| {
            let answer = parse(&content)?;
            Ok((content, answer))
        });
        match checked {
            Ok((content, answer)) => {
                self.cache.insert(key, content, Instant::now());
                Ok(answer)
            }
            Err(error) => {
                tracing::warn!(
                    provider = PROVIDER,
                    operation = request.operation,
                    model,
                    error = ?error,
                    "AI answer unusable"
                );
                Err(error)
            }
        }
    }

    async fn send(&self, request: &JsonCompletion<'_>) -> Result<ChatCompletion, CompletionError> {
        let config = &*self.config;
        let url = config
            .completions_url()
            .map_err(CompletionError::Unavailable)?;
        let structured = supports_structured_outputs(&config.model);
        let schema_hint;
        let system = if structured {
            request.system
        } else {
            // JSON mode only promises *some* JSON object; the schema goes into the prompt.
            schema_hint = format!(
                "{}\n\nAnswer with one JSON object that follows this JSON Schema exactly:\n{}",
                request.system, request.schema
            );
            &schema_hint
        };
        let body = ChatRequest {
            model: &config.model,
            messages: [
                Message {
                    role: "system",
                    content: system,
                },
                Message {
                    role: "user",
                    content: request.user,
                },
            ],
            max_tokens: config.max_tokens,
            temperature: 0.0,
            response_format: if structured {
                json!({
                    "type": "json_schema",
                    "json_schema": {
                        "name": request.schema_name,
                        "strict": true,
                        "schema": request.schema,
                    }
                })
            } else {
                json!({ "type": "json_object" })
            },
        };
        let spec = RequestSpec::post(url)
            .bearer_auth(config.api_key())
            .and_then(|spec| spec.json(&body))
            .map_err(from_http)?
            // Repeating a completion only costs tokens; it changes nothing upstream.
            .retryable(true);
        let response = self.client.send(spec).await.map_err(from_http)?;
        response.json::<ChatCompletion>().map_err(|e| match e {
            HttpError::InvalidResponse(why) => {
                CompletionError::InvalidOutput(format!("not a chat completion: {why}"))
            }
            other => from_http(other),
        })
    }

    async fn record_usage(
        &self,
        request: &JsonCompletion<'_>,
        prompt_tokens: u32,
        completion_tokens: u32,
        cached: bool,
    ) {
        let model = &self.config.model;
        let usage = ApiUsage {
            user_id: request.requested_by,
            provider: PROVIDER.to_owned(),
            operation: request.operation.to_owned(),
            model: model.clone(),
            prompt_tokens,
            completion_tokens,
            estimated_cost_micro_usd: if cached {
                0
            } else {
                estimate_cost_micro_usd(model, prompt_tokens, completion_tokens)
            },
            cached,
            at: self.clock.now(),
        };
        if let Err(error) = self.usage.record(&usage).await {
            // Metering must not cost the user their answer.
            tracing::warn!(
                provider = PROVIDER,
                operation = request.operation,
                error = %error,
                "AI usage could not be recorded"
            );
        }
    }
}

/// The answer text, when the model gave a complete one.
fn usable_content(completion: ChatCompletion) -> Result<String, CompletionError> {
    let invalid = |why: &str| CompletionError::InvalidOutput(why.to_owned());
    let choice = completion
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| invalid("no choices in the answer"))?;
    let message = choice
        .message
        .ok_or_else(|| invalid("no message in the answer"))?;
    if message.refusal.as_deref().is_some_and(|r| !r.is_empty()) {
        return Err(invalid("refused"));
    }
    match choice.finish_reason.as_deref() {
        Some("length") => return Err(invalid("answer cut off at max_tokens")),
        Some("content_filter") => return Err(invalid("answer withheld by the content filter")),
        _ => {}
    }
    message
        .content
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| invalid("empty answer"))
}

/// Structured Outputs (`json_schema`) exist from gpt-4o-2024-08-06 and gpt-4o-mini on; the older
/// models answer 400 to it, so they get JSON mode. Unknown names (newer models, compatible
/// servers) are assumed to support it.
pub(crate) fn supports_structured_outputs(model: &str) -> bool {
    let legacy = model.starts_with("gpt-3.5")
        || model == "gpt-4"
        || model.starts_with("gpt-4-")
        || model == "gpt-4o-2024-05-13";
    !legacy
}

fn from_http(error: HttpError) -> CompletionError {
    match error {
        HttpError::RateLimited { retry_after } => CompletionError::RateLimited {
            retry_after_secs: retry_after.map(|d| d.as_secs()),
        },
        HttpError::Timeout => CompletionError::Timeout,
        HttpError::Connect => CompletionError::Unavailable("could not connect to OpenAI".into()),
        HttpError::CircuitOpen { .. } => {
            CompletionError::Unavailable("OpenAI circuit breaker is open".into())
        }
        HttpError::Status { status, .. } if status.as_u16() == 401 || status.as_u16() == 403 => {
            CompletionError::Unavailable("OpenAI rejected the API key".into())
        }
        HttpError::Status { status, .. } if status.is_server_error() => {
            CompletionError::Unavailable(format!("OpenAI answered {}", status.as_u16()))
        }
        HttpError::Status {
            status,
            body_snippet,
        } => CompletionError::Other(match error_code(&body_snippet) {
            Some(code) => format!("OpenAI refused the request: {} {code}", status.as_u16()),
            None => format!("OpenAI refused the request: {}", status.as_u16()),
        }),
        HttpError::InvalidResponse(why) => CompletionError::InvalidOutput(why),
        HttpError::Other(why) => CompletionError::Other(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_models_use_json_mode() {
        for legacy in [
            "gpt-4-turbo",
            "gpt-4-turbo-2024-04-09",
            "gpt-4",
            "gpt-3.5-turbo",
        ] {
            assert!(!supports_structured_outputs(legacy), "{legacy}");
        }
        for current in [
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-4o-2024-08-06",
            "gpt-4.1",
            "local",
        ] {
            assert!(supports_structured_outputs(current), "{current}");
        }
    }
}
