//! The CV analyzer against a server speaking the chat completions wire format (wiremock on
//! 127.0.0.1), driven through the real `CvParsingService` on a real PDF fixture.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jobr_core::{
    ApiUsage, StorageError, Timestamp, UsageError, UsageRecorder, UsageTotals, UserId,
};
use jobr_cv::{
    AnalyzerError, CvAnalyzer, CvDate, CvParsingService, ExperienceLevel, Inline, ParseSource,
    ParsedDocument,
};
use jobr_http::{BreakerConfig, OutboundClient, Url};
use jobr_memory::MemoryUsageRecorder;
use jobr_openai::{OpenAi, OpenAiConfig, estimate_cost_micro_usd};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-test-0123456789abcdef";
const COMPLETIONS: &str = "/v1/chat/completions";
const PROMPT_TOKENS: u32 = 1_200;
const COMPLETION_TOKENS: u32 = 300;
const JANE: &[u8] = include_bytes!("../../../domain/cv/tests/fixtures/jane-doe-onecol.pdf");

struct Harness {
    server: MockServer,
    usage: Arc<MemoryUsageRecorder>,
    openai: OpenAi,
}

impl Harness {
    async fn new(model: &str) -> Self {
        Self::with(model, Duration::from_secs(5), 2, None).await
    }

    async fn with(
        model: &str,
        timeout: Duration,
        max_retries: u32,
        recorder: Option<Arc<dyn UsageRecorder>>,
    ) -> Self {
        let server = MockServer::start().await;
        let mut config = OpenAiConfig::new(KEY.into());
        config.model = model.to_owned();
        config.max_tokens = 1_234;
        config.base_url = Url::parse(&format!("{}/v1", server.uri())).unwrap();
        config.timeout = timeout;
        let client = OutboundClient::new(jobr_http::ClientConfig {
            max_retries,
            base_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            breaker: BreakerConfig {
                failure_threshold: 1_000,
                open_for: Duration::from_secs(30),
            },
            ..config.client_config()
        })
        .unwrap();
        let usage = Arc::new(MemoryUsageRecorder::default());
        let recorder = recorder.unwrap_or_else(|| usage.clone());
        let openai = OpenAi::with_client(config, client, recorder);
        Self {
            server,
            usage,
            openai,
        }
    }

    fn service(&self) -> CvParsingService {
        CvParsingService::new(Arc::new(Inline), Some(Arc::new(self.openai.cv_analyzer())))
    }

    async fn parse(&self, user: Option<UserId>) -> ParsedDocument {
        self.service()
            .parse_document(
                JANE,
                user,
                jobr_core::AiUse::Allowed,
                jobr_cv::CvDate::year_month(2026, 11),
            )
            .await
            .unwrap()
    }

    /// Answers `times` requests (or all, when `None`) with `response`; expects exactly `expect`.
    async fn answer(&self, response: ResponseTemplate, times: Option<u64>, expect: u64) {
        let mock = Mock::given(method("POST"))
            .and(path(COMPLETIONS))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .respond_with(response)
            .expect(expect);
        match times {
            Some(n) => mock.up_to_n_times(n).mount(&self.server).await,
            None => mock.mount(&self.server).await,
        }
    }

    async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap()
    }

    async fn totals(&self, user: UserId) -> UsageTotals {
        self.usage
            .totals_for_user(user, Timestamp::UNIX_EPOCH)
            .await
            .unwrap()
    }
}

/// What a model would make of Jane Doe's CV, with some things the rules cannot produce.
fn model_answer() -> Value {
    json!({
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "phone": null,
        "location": "San Francisco, CA",
        "links": { "linkedin": null, "github": null, "portfolio": null },
        "summary": "Backend engineer focused on payments infrastructure.",
        "skills": ["k8s", "Python", "Go"],
        "experience": [
            {
                "company": "Stripe",
                "title": "Senior Software Engineer",
                "start": "2019-01",
                "end": null,
                "current": true,
                "description": "Builds payment systems."
            }
        ],
        "education": [
            {
                "institution": "University of California, Berkeley",
                "degree": "Bachelor of Science",
                "field": "Computer Science",
                "graduation": "2016"
            }
        ],
        "certifications": [],
        "languages": ["English", "Spanish"],
        "totalYearsExperience": 8.5,
        "experienceLevel": "senior",
        "confidence": {
            "name": 0.95, "email": 0.95, "phone": 0.0, "location": 0.9, "links": 0.0,
            "summary": 0.6, "skills": 0.85, "experience": 0.9, "education": 0.9
        }
    })
}

/// A chat completion exactly as the API sends it.
fn completion(content: Option<&str>, refusal: Option<&str>, finish_reason: &str) -> Value {
    json!({
        "id": "chatcmpl-9xTESTabc123",
        "object": "chat.completion",
        "created": 1_726_000_000,
        "model": "gpt-4o-2024-08-06",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": refusal },
            "logprobs": null,
            "finish_reason": finish_reason
        }],
        "usage": {
            "prompt_tokens": PROMPT_TOKENS,
            "completion_tokens": COMPLETION_TOKENS,
            "total_tokens": PROMPT_TOKENS + COMPLETION_TOKENS
        },
        "system_fingerprint": "fp_test"
    })
}

fn ok() -> ResponseTemplate {
    let content = model_answer().to_string();
    ResponseTemplate::new(200).set_body_json(completion(Some(&content), None, "stop"))
}

fn assert_ai(doc: &ParsedDocument) {
    assert_eq!(doc.analyzer_error, None);
    let cv = &doc.parsed;
    assert_eq!(cv.source, ParseSource::Ai);
    assert_eq!(cv.name.as_deref(), Some("Jane Doe"));
    assert_eq!(
        cv.summary.as_deref(),
        Some("Backend engineer focused on payments infrastructure.")
    );
    assert_eq!(cv.experience.len(), 1);
    assert_eq!(
        cv.experience[0].description.as_deref(),
        Some("Builds payment systems.")
    );
    assert_eq!(cv.experience[0].start, Some(CvDate::year_month(2019, 1)));
    assert!(cv.experience[0].current);
    assert_eq!(cv.experience_level, Some(ExperienceLevel::Senior));
    assert_eq!(cv.total_years_experience, Some(8.5));
    assert_eq!(cv.skills[0], "Kubernetes", "synonyms are canonicalised");
    // The rules still contribute what the model left out: the phone and the links.
    assert_eq!(cv.phone.as_deref(), Some("+14155550132"));
    assert_eq!(cv.links.github.as_deref(), Some("github.com/janedoe"));
}

fn assert_rules(doc: &ParsedDocument) -> &AnalyzerError {
    assert_eq!(doc.parsed.source, ParseSource::Rules);
    assert_eq!(doc.parsed.name.as_deref(), Some("Jane Doe"));
    assert!(
        doc.parsed
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Backend engineer with eight")
    );
    assert!(doc.parsed.experience.len() > 1, "the rules' own reading");
    doc.analyzer_error
        .as_ref()
        .expect("the AI failure is reported")
}

#[tokio::test]
async fn success_merges_the_models_answer_and_meters_it() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ok(), None, 1).await;
    let user = UserId::new();

    assert_ai(&h.parse(Some(user)).await);

    let totals = h.totals(user).await;
    assert_eq!(totals.calls, 1);
    assert_eq!(totals.prompt_tokens, u64::from(PROMPT_TOKENS));
    assert_eq!(totals.completion_tokens, u64::from(COMPLETION_TOKENS));
    assert_eq!(totals.estimated_cost_micro_usd, 6_000); // 1 200 × $2.50/M + 300 × $10/M
}

#[tokio::test]
async fn the_request_is_a_strict_json_schema_completion_with_the_cv_fenced() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ok(), None, 1).await;
    h.parse(None).await;

    let requests = h.requests().await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        request.headers.get("authorization").unwrap(),
        &format!("Bearer {KEY}")
    );
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["model"], "gpt-4o");
    assert_eq!(body["max_tokens"], 1_234);
    assert_eq!(body["temperature"], 0.0);
    let format = &body["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["name"], "parsed_cv");
    assert_eq!(format["json_schema"]["strict"], true);
    let schema = &format["json_schema"]["schema"];
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["required"].as_array().unwrap().len(), 14);
    assert_eq!(
        schema["properties"]["totalYearsExperience"]["type"],
        json!(["number", "null"])
    );

    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    let system = messages[0]["content"].as_str().unwrap();
    assert!(system.contains("untrusted data") && system.contains("<cv>"));
    assert_eq!(messages[1]["role"], "user");
    let user = messages[1]["content"].as_str().unwrap();
    assert!(user.starts_with("<cv>\n") && user.ends_with("\n</cv>"));
    assert!(user.contains("Jane Doe") && user.contains("jane.doe@example.com"));
}

#[tokio::test]
async fn older_models_get_json_mode_with_the_schema_in_the_prompt() {
    let h = Harness::new("gpt-4-turbo").await;
    h.answer(ok(), None, 1).await;
    assert_ai(&h.parse(None).await);

    let body: Value = serde_json::from_slice(&h.requests().await[0].body).unwrap();
    assert_eq!(body["model"], "gpt-4-turbo");
    assert_eq!(body["response_format"], json!({ "type": "json_object" }));
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("JSON Schema") && system.contains("\"additionalProperties\":false"));
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let h = Harness::new("gpt-4o").await;
    h.answer(
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        Some(1),
        1,
    )
    .await;
    h.answer(ok(), None, 1).await;

    let started = std::time::Instant::now();
    assert_ai(&h.parse(None).await);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(h.requests().await.len(), 2);
}

#[tokio::test]
async fn a_500_is_retried() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ResponseTemplate::new(500), Some(1), 1).await;
    h.answer(ok(), None, 1).await;

    assert_ai(&h.parse(None).await);
    assert_eq!(h.requests().await.len(), 2);
}

#[tokio::test]
async fn timeouts_fall_back_to_the_rules_after_the_retries() {
    let max_retries = 1;
    let h = Harness::with("gpt-4o", Duration::from_millis(300), max_retries, None).await;
    h.answer(
        ok().set_delay(Duration::from_secs(3)),
        None,
        u64::from(max_retries) + 1,
    )
    .await;
    let user = UserId::new();

    let doc = h.parse(Some(user)).await;
    assert_eq!(assert_rules(&doc), &AnalyzerError::Timeout);
    assert_eq!(h.totals(user).await.calls, 0, "no answer, no tokens");
}

#[tokio::test]
async fn malformed_json_content_falls_back_but_is_still_metered() {
    let h = Harness::new("gpt-4o").await;
    let body = completion(Some("{\"name\": \"Jane Doe\", \"skills\": ["), None, "stop");
    h.answer(ResponseTemplate::new(200).set_body_json(body), None, 1)
        .await;
    let user = UserId::new();

    let doc = h.parse(Some(user)).await;
    let AnalyzerError::InvalidOutput(why) = assert_rules(&doc) else {
        panic!("{:?}", doc.analyzer_error)
    };
    assert!(!why.contains("Jane"), "no CV data in errors: {why}");
    assert_eq!(h.totals(user).await.prompt_tokens, u64::from(PROMPT_TOKENS));
}

#[tokio::test]
async fn a_refusal_falls_back() {
    let h = Harness::new("gpt-4o").await;
    let body = completion(None, Some("I'm sorry, I can't help with that."), "stop");
    h.answer(ResponseTemplate::new(200).set_body_json(body), None, 1)
        .await;

    let doc = h.parse(None).await;
    assert_eq!(
        assert_rules(&doc),
        &AnalyzerError::InvalidOutput("refused".into())
    );
}

#[tokio::test]
async fn a_truncated_answer_falls_back() {
    let h = Harness::new("gpt-4o").await;
    let partial = model_answer().to_string()[..200].to_owned();
    let body = completion(Some(&partial), None, "length");
    h.answer(ResponseTemplate::new(200).set_body_json(body), None, 1)
        .await;

    let doc = h.parse(None).await;
    assert!(matches!(
        assert_rules(&doc),
        AnalyzerError::InvalidOutput(why) if why.contains("max_tokens")
    ));
}

#[tokio::test]
async fn a_rejected_key_falls_back_without_retrying_or_naming_the_key() {
    let h = Harness::new("gpt-4o").await;
    let body = json!({ "error": {
        "message": format!("Incorrect API key provided: {KEY}."),
        "type": "invalid_request_error", "param": null, "code": "invalid_api_key"
    }});
    h.answer(ResponseTemplate::new(401).set_body_json(body), None, 1)
        .await;

    let doc = h.parse(None).await;
    let error = assert_rules(&doc);
    assert_eq!(
        error,
        &AnalyzerError::Unavailable("OpenAI rejected the API key".into())
    );
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[tokio::test]
async fn a_bad_request_reports_only_the_error_code() {
    let h = Harness::new("gpt-4o").await;
    let body = json!({ "error": {
        "message": "This model's maximum context length is 128000 tokens.",
        "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"
    }});
    h.answer(ResponseTemplate::new(400).set_body_json(body), None, 1)
        .await;

    let doc = h.parse(None).await;
    assert_eq!(
        assert_rules(&doc),
        &AnalyzerError::Other("OpenAI refused the request: 400 context_length_exceeded".into())
    );
}

#[tokio::test]
async fn the_same_cv_again_is_served_from_the_cache() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ok(), None, 1).await;
    let user = UserId::new();

    let first = h.parse(Some(user)).await;
    let second = h.parse(Some(user)).await;
    assert_ai(&second);
    assert_eq!(first, second);
    assert_eq!(h.requests().await.len(), 1);

    let totals = h.totals(user).await;
    assert_eq!(totals.calls, 2, "the hit is recorded too");
    assert_eq!(totals.prompt_tokens, u64::from(PROMPT_TOKENS), "at no cost");
    assert_eq!(totals.completion_tokens, u64::from(COMPLETION_TOKENS));
    assert_eq!(
        totals.estimated_cost_micro_usd,
        estimate_cost_micro_usd("gpt-4o", PROMPT_TOKENS, COMPLETION_TOKENS)
    );
}

#[tokio::test]
async fn the_cache_is_per_model() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ok(), None, 2).await;
    let mut other_config = h.openai.config().clone();
    other_config.model = "gpt-4o-mini".into();
    let other = OpenAi::new(other_config, h.usage.clone()).unwrap();

    h.openai
        .cv_analyzer()
        .analyze("Jane Doe", None)
        .await
        .unwrap();
    other.cv_analyzer().analyze("Jane Doe", None).await.unwrap();
}

#[tokio::test]
async fn blank_text_is_refused_before_any_call() {
    let h = Harness::new("gpt-4o").await;
    h.answer(ok(), None, 0).await;

    for blank in ["", "  \n\t "] {
        let result = h.openai.cv_analyzer().analyze(blank, None).await;
        assert!(matches!(result, Err(AnalyzerError::Other(_))), "{result:?}");
    }
}

struct BrokenRecorder;

#[async_trait]
impl UsageRecorder for BrokenRecorder {
    async fn record(&self, _: &ApiUsage) -> Result<(), UsageError> {
        Err(UsageError(StorageError::unavailable("database down")))
    }

    async fn totals_for_user(&self, _: UserId, _: Timestamp) -> Result<UsageTotals, UsageError> {
        Err(UsageError(StorageError::unavailable("database down")))
    }
}

#[tokio::test]
async fn a_failing_usage_recorder_does_not_fail_the_analysis() {
    let h = Harness::with(
        "gpt-4o",
        Duration::from_secs(5),
        2,
        Some(Arc::new(BrokenRecorder)),
    )
    .await;
    h.answer(ok(), None, 1).await;

    assert_ai(&h.parse(Some(UserId::new())).await);
}
