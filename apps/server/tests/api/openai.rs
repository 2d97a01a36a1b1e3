//! The server with OpenAI configured, against a local fake speaking the chat-completions wire
//! format: a Premium user's upload is structured by the model and their matches re-ranked by
//! it, a failing model falls back to the rules, and a Free user never reaches the model
//! (issue 9: AI features need Premium or Pro), the answers saying why the rules were used.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{body_string_contains, header, method, path},
};

const CV_TEXT: &str =
    "Emily Clark\nemily.clark@gmail.com\nSeattle, WA\n\nSkills\nPython, SQL, PyTorch\n";

fn completion(content: &Value) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content.to_string(), "refusal": null },
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 900, "completion_tokens": 250, "total_tokens": 1150 }
    })
}

fn model_answer() -> Value {
    json!({
        "name": "Emily Clark",
        "email": "emily.clark@gmail.com",
        "phone": null,
        "location": "Seattle, WA",
        "links": { "linkedin": null, "github": null, "portfolio": null },
        "summary": "Data scientist.",
        "skills": ["Python", "SQL", "PyTorch"],
        "experience": [],
        "education": [],
        "certifications": [],
        "languages": [],
        "totalYearsExperience": null,
        "experienceLevel": null,
        "confidence": {
            "name": 0.9, "email": 0.9, "phone": 0.0, "location": 0.8, "links": 0.0,
            "summary": 0.7, "skills": 0.9, "experience": 0.0, "education": 0.0
        }
    })
}

/// The server with OpenAI at `openai` and Stripe at `stripe` (so a user can pay for Premium).
pub(crate) async fn app_with_openai(openai: &MockServer, stripe: &MockServer) -> TestApp {
    let base_url = format!("{}/v1", openai.uri());
    let stripe_base = stripe.uri();
    spawn_app_with(|env| {
        env.set("OPENAI_API_KEY", "sk-test-not-a-real-key")
            .set("OPENAI_MODEL", "gpt-4o-mini")
            .set("OPENAI_BASE_URL", base_url)
            .set("STRIPE_SECRET_KEY", "sk_test_e2e")
            .set("STRIPE_WEBHOOK_SECRET", crate::subscription::WEBHOOK_SECRET)
            .set("STRIPE_PRICE_PREMIUM", "price_premium")
            .set("STRIPE_PRICE_PRO", "price_pro")
            .set("STRIPE_API_BASE", stripe_base);
    })
    .await
}

/// A new user who paid for Premium the way users do: checkout with (fake) Stripe, then
/// Stripe's signed `invoice.payment_succeeded` webhook.
pub(crate) async fn premium_user(app: &TestApp, stripe: &MockServer) -> TestUser {
    crate::subscription::fake_stripe_checkout(stripe).await;
    let user = app.register_user().await;
    app.post_json_auth(
        "/api/subscription/checkout",
        &user.access_token,
        &json!({"plan": "premium"}),
    )
    .await
    .assert_success(StatusCode::OK);
    let paid =
        crate::subscription::deliver(app, &crate::subscription::invoice_paid("evt_premium"), None)
            .await;
    // Stripe's webhook is answered in Stripe's shape, not the API envelope.
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.data()["plan"], "premium", "{}", overview.text);
    user
}

async fn upload_text_cv(app: &TestApp, user: &TestUser) -> ApiResponse {
    let part = MultipartPart {
        field: "file",
        file_name: Some("emily.txt"),
        content_type: Some("text/plain"),
        bytes: CV_TEXT.as_bytes(),
    };
    app.post_multipart("/api/cv", Some(&user.access_token), &part)
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn with_openai_configured_an_upload_is_structured_by_the_model() {
    let openai = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer sk-test-not-a-real-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&model_answer())))
        .expect(1)
        .mount(&openai)
        .await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let user = premium_user(&app, &stripe).await;

    let response = upload_text_cv(&app, &user).await;

    response.assert_success(StatusCode::CREATED);
    let data = response.data();
    assert_eq!(data["source"], "ai");
    assert_eq!(data["notice"], Value::Null);
    assert_eq!(data["parsed"]["name"], "Emily Clark");
    assert_eq!(data["parsed"]["summary"], "Data scientist.");
}

#[tokio::test(flavor = "multi_thread")]
async fn when_the_model_fails_the_upload_still_succeeds_on_the_rules() {
    let openai = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": { "message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key" }
        })))
        .expect(1)
        .mount(&openai)
        .await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let user = premium_user(&app, &stripe).await;

    let response = upload_text_cv(&app, &user).await;

    response.assert_success(StatusCode::CREATED);
    assert_eq!(response.data()["source"], "rules");
    assert_eq!(
        response.data()["notice"],
        jobr_cv::service::notices::AI_FAILED
    );
    assert_eq!(response.data()["parsed"]["email"], "emily.clark@gmail.com");
    assert!(
        !response.text.contains("sk-test"),
        "the key never reaches a response"
    );
}

/// Answers a re-ranking request by reversing the order it was sent in, each with a reason.
struct ReverseRanking;

impl wiremock::Respond for ReverseRanking {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let body: Value = request.body_json().expect("a JSON request");
        let prompt = body["messages"][1]["content"].as_str().unwrap_or_default();
        let ids: Vec<&str> = prompt
            .lines()
            .filter_map(|l| l.strip_prefix("- id: "))
            .collect();
        let n = ids.len() as f64;
        let jobs: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                json!({ "id": id, "score": (i as f64 + 1.0) / (n + 1.0), "explanation": format!("Reason {i}.") })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(completion(&json!({ "jobs": jobs })))
    }
}

fn job(external_id: &str, title: &str, skills: &[&str]) -> Value {
    json!({
        "externalId": external_id,
        "source": "test",
        "title": title,
        "company": "Acme",
        "description": format!("{title} work with {}.", skills.join(", ")),
        "requiredSkills": skills,
        "location": "Seattle, WA",
        "remote": "remote",
        "employmentType": "full_time",
        "experienceLevel": "mid",
        "postedAt": "2026-11-20",
        "applyUrl": "https://jobs.example.com/apply",
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn with_openai_configured_matches_are_reranked_by_the_model() {
    let openai = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_string_contains("\"parsed_cv\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&model_answer())))
        .expect(1)
        .mount(&openai)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_string_contains("\"job_rerank\""))
        .respond_with(ReverseRanking)
        // Once for the top job alone, once for both, once for the other job's own page.
        .expect(3)
        .mount(&openai)
        .await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let admin = mint_access_token(
        JWT_SECRET.as_bytes(),
        app.register_user().await.user_id(),
        jobr_core::Role::Admin,
        time::OffsetDateTime::now_utc(),
    );
    for (id, title, skills) in [
        ("r-1", "Data Scientist", &["Python", "SQL", "PyTorch"][..]),
        ("r-2", "Data Analyst", &["SQL"][..]),
    ] {
        app.post_json_auth("/api/jobs", &admin, &job(id, title, skills))
            .await
            .assert_success(StatusCode::CREATED);
    }
    let user = premium_user(&app, &stripe).await;
    let uploaded = upload_text_cv(&app, &user).await;
    uploaded.assert_success(StatusCode::CREATED);
    let cv = uploaded.data()["id"].as_str().expect("a CV id").to_owned();
    let path = format!("/api/jobs/matches?cvId={cv}");

    let rules_first = {
        // One job re-ranked keeps its place: the rules' first, which the model puts last.
        let one = app
            .get_auth(&format!("{path}&limit=1"), &user.access_token)
            .await;
        one.data()[0]["job"]["title"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let matches = app.get_auth(&path, &user.access_token).await;

    matches.assert_success(StatusCode::OK);
    let list = matches.data().as_array().expect("a list").clone();
    assert_eq!(list.len(), 2, "{}", matches.text);
    assert!(list.iter().all(|m| m["source"] == "ai"), "{}", matches.text);
    assert!(
        list.iter().all(|m| m["notice"].is_null()),
        "{}",
        matches.text
    );
    assert_eq!(list[1]["job"]["title"], rules_first.as_str());
    assert!(
        list[0]["recommendations"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("Reason")
    );

    // One job's match goes the same way: the model's explanation, said to be the model's.
    let other = list[0]["job"]["id"].as_str().expect("a job id").to_owned();
    let one = app
        .get_auth(
            &format!("/api/jobs/{other}/match?cvId={cv}"),
            &user.access_token,
        )
        .await;
    one.assert_success(StatusCode::OK);
    assert_eq!(one.data()["source"], "ai", "{}", one.text);
    assert!(
        one.data()["recommendations"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("Reason")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_free_user_gets_the_rules_for_cv_and_matches_without_any_request_to_the_model() {
    let openai = MockServer::start().await;
    // Any request to the model at all fails the test when the fake is dropped.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&model_answer())))
        .expect(0)
        .mount(&openai)
        .await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let admin = mint_access_token(
        JWT_SECRET.as_bytes(),
        app.register_user().await.user_id(),
        jobr_core::Role::Admin,
        time::OffsetDateTime::now_utc(),
    );
    for (id, title, skills) in [
        ("f-1", "Data Scientist", &["Python", "SQL", "PyTorch"][..]),
        ("f-2", "Data Analyst", &["SQL"][..]),
    ] {
        app.post_json_auth("/api/jobs", &admin, &job(id, title, skills))
            .await
            .assert_success(StatusCode::CREATED);
    }
    let user = app.register_user().await;

    let uploaded = upload_text_cv(&app, &user).await;

    uploaded.assert_success(StatusCode::CREATED);
    let data = uploaded.data();
    assert_eq!(data["source"], "rules");
    assert_eq!(data["parsed"]["email"], "emily.clark@gmail.com");
    let notice = data["notice"].as_str().unwrap_or_default();
    assert!(notice.contains("Premium and Pro"), "{}", uploaded.text);
    let cv = data["id"].as_str().expect("a CV id").to_owned();

    let matches = app
        .get_auth(&format!("/api/jobs/matches?cvId={cv}"), &user.access_token)
        .await;
    matches.assert_success(StatusCode::OK);
    let list = matches.data().as_array().expect("a list").clone();
    assert_eq!(list.len(), 2, "{}", matches.text);
    for found in &list {
        assert_eq!(found["source"], "rules", "{}", matches.text);
        assert_eq!(
            found["notice"],
            jobr_matching::rerank_notices::NOT_IN_PLAN,
            "{}",
            matches.text
        );
    }

    let job_id = list[0]["job"]["id"].as_str().expect("a job id").to_owned();
    let one = app
        .get_auth(
            &format!("/api/jobs/{job_id}/match?cvId={cv}"),
            &user.access_token,
        )
        .await;
    one.assert_success(StatusCode::OK);
    assert_eq!(one.data()["source"], "rules", "{}", one.text);
    assert_eq!(
        one.data()["notice"],
        jobr_matching::rerank_notices::NOT_IN_PLAN
    );
    assert!(
        openai
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
