//! AI writing over the real server: OpenAI and Stripe both faked with wiremock. A Premium user
//! (upgraded through a Stripe checkout and its signed webhook) gets the model's cover letter,
//! said to be the AI's; a Free user gets the template, and the model is never asked.

use crate::helpers::{JWT_SECRET, TestApp, TestUser, mint_access_token};
use crate::openai::{app_with_openai, premium_user};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a model that keeps to the rules writes for Emily Clark's CV (the fixture) and the
/// Spotify job: only the CV's facts, 250–400 words.
const LETTER: [&str; 7] = [
    "Dear Spotify hiring team,",
    "I am writing to apply for the Senior Data Scientist role at Spotify. Since 2020 I have \
     worked as a Data Scientist at Zillow, where I build price models with PyTorch. Your posting \
     asks for Python, SQL and PyTorch, and those tools are the core of my daily work, from the \
     first look at a question to the model that ships.",
    "The part of my work closest to this role is turning a modelling question into something a \
     product team can use and trust. At Zillow I built price models with PyTorch, and I present \
     the results to product leads, explaining what the models do well, where they are uncertain \
     and what we should try next. Recommendation models depend on the same habits: careful \
     evaluation, plain explanations and steady iteration with the people who own the product.",
    "Before Zillow, I was a Data Analyst at Expedia Group, where I wrote SQL dashboards. That \
     role taught me to start from the decision a team has to make, to check the data before \
     trusting a chart, and to keep reports simple enough that people actually read them.",
    "I hold an M.S. in Statistics from the University of Washington, which still shapes how I \
     design experiments and read their results. Alongside Python, SQL and PyTorch, I work with \
     Pandas and Tableau, so I can take a project from raw data to a model and a clear story \
     about what it means.",
    "I would welcome the chance to discuss how my experience could help Spotify build \
     recommendation models that listeners notice and product teams can rely on. Thank you for \
     your time and consideration.",
    "Kind regards,\nEmily Clark",
];

fn completion(content: &Value) -> Value {
    json!({
        "id": "chatcmpl-letter",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content.to_string(), "refusal": null },
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 1_300, "completion_tokens": 420, "total_tokens": 1_720 }
    })
}

/// The fake model: cover letters answered with [`LETTER`] (`expect` of them); anything else
/// (CV analysis, re-ranking) refused with a 400, so those fall back to the rules.
async fn fake_openai(expect_letters: u64) -> MockServer {
    let openai = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_string_contains("\"name\":\"cover_letter\""))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&json!({ "paragraphs": LETTER }))),
        )
        .expect(expect_letters)
        .mount(&openai)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": { "message": "not in this test", "type": "invalid_request_error", "code": null }
        })))
        .with_priority(10)
        .mount(&openai)
        .await;
    openai
}

/// A Spotify job, Emily Clark's CV uploaded by `user`, and a saved application; its id.
pub(crate) async fn application(app: &TestApp, user: &TestUser) -> String {
    let admin = mint_access_token(
        JWT_SECRET.as_bytes(),
        app.register_user().await.user_id(),
        jobr_core::Role::Admin,
        OffsetDateTime::now_utc(),
    );
    let job = app
        .post_json_auth(
            "/api/jobs",
            &admin,
            &json!({
                "externalId": "writing-1",
                "source": "test",
                "title": "Senior Data Scientist",
                "company": "Spotify",
                "description": "Build recommendation models with Python and PyTorch.",
                "requiredSkills": ["Python", "SQL", "PyTorch", "Kubernetes"],
                "location": "Seattle, WA",
                "remote": "hybrid",
                "employmentType": "full_time",
                "experienceLevel": "senior",
                "postedAt": "2026-11-20",
                "applyUrl": "https://jobs.example.com/apply",
            }),
        )
        .await;
    job.assert_success(StatusCode::CREATED);
    let txt = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/emily-clark.txt"
    ))
    .expect("the fixture");
    let cv = app.upload_cv(user, "emily-clark.txt", &txt).await;
    cv.assert_success(StatusCode::CREATED);
    let created = app
        .post_json_auth(
            "/api/applications",
            &user.access_token,
            &json!({ "jobId": job.data()["id"], "cvId": cv.data()["id"] }),
        )
        .await;
    created.assert_success(StatusCode::CREATED);
    created.data()["id"].as_str().expect("an id").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_premium_user_gets_the_models_cover_letter() {
    let openai = fake_openai(1).await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let user = premium_user(&app, &stripe).await;
    let id = application(&app, &user).await;

    let letter = app
        .post_json_auth(
            &format!("/api/applications/{id}/cover-letter"),
            &user.access_token,
            &json!({ "tone": "professional" }),
        )
        .await;

    letter.assert_success(StatusCode::OK);
    let data = letter.data();
    assert_eq!(data["source"], "ai", "{}", letter.text);
    assert_eq!(data["notice"], Value::Null);
    assert_eq!(data["paragraphs"], json!(LETTER));
    let words = data["wordCount"].as_u64().unwrap_or_default();
    assert!((250..=400).contains(&words), "{words}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_free_user_gets_the_template_and_the_model_is_never_asked_for_a_letter() {
    // `expect(0)`: checked when the fake drops at the end of the test.
    let openai = fake_openai(0).await;
    let stripe = MockServer::start().await;
    let app = app_with_openai(&openai, &stripe).await;
    let user = app.register_user().await;
    let id = application(&app, &user).await;

    let letter = app
        .post_json_auth(
            &format!("/api/applications/{id}/cover-letter"),
            &user.access_token,
            &json!({ "tone": "professional" }),
        )
        .await;

    letter.assert_success(StatusCode::OK);
    assert_eq!(letter.data()["source"], "template", "{}", letter.text);
    assert!(
        letter.data()["notice"]
            .as_str()
            .is_some_and(|n| n.contains("Premium")),
        "{}",
        letter.text
    );
}
