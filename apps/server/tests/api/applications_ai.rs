//! AI writing over the real server: OpenAI and Stripe both faked with wiremock. A Premium user
//! (upgraded through a Stripe checkout and its signed webhook) gets the model's cover letter,
//! said to be the AI's; a Free user gets the template, and the model is never asked.

use crate::helpers::{JWT_SECRET, TestApp, TestUser, mint_access_token, send, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use wiremock::matchers::{body_string_contains, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WEBHOOK_SECRET: &str = "whsec_writing_e2e";

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

/// Stripe's side of a Premium checkout: a customer, then an incomplete subscription.
async fn fake_stripe() -> MockServer {
    let stripe = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header_exists("idempotency-key"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "cus_writing", "object": "customer"})),
        )
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions"))
        .and(header_exists("idempotency-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "sub_writing", "object": "subscription", "status": "incomplete",
            "customer": "cus_writing", "current_period_end": 1_900_000_000,
            "cancel_at_period_end": false,
            "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": "price_premium"}}]},
            "latest_invoice": {
                "id": "in_writing", "object": "invoice", "subscription": "sub_writing",
                "currency": "usd", "amount_paid": 0,
                "payment_intent": {
                    "id": "pi_writing", "object": "payment_intent", "amount": 4999,
                    "currency": "usd", "status": "requires_payment_method",
                    "client_secret": "pi_writing_secret"
                }
            }
        })))
        .mount(&stripe)
        .await;
    stripe
}

async fn spawn(openai: &MockServer, stripe: &MockServer) -> TestApp {
    let openai = format!("{}/v1", openai.uri());
    let stripe = stripe.uri();
    spawn_app_with(move |env| {
        env.set("OPENAI_API_KEY", "sk-test-not-a-real-key")
            .set("OPENAI_MODEL", "gpt-4o-mini")
            .set("OPENAI_BASE_URL", openai)
            .set("STRIPE_SECRET_KEY", "sk_test_writing")
            .set("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .set("STRIPE_PRICE_PREMIUM", "price_premium")
            .set("STRIPE_PRICE_PRO", "price_pro")
            .set("STRIPE_API_BASE", stripe);
    })
    .await
}

/// Checkout, then Stripe's signed "invoice paid": the user is on Premium.
async fn upgrade_to_premium(app: &TestApp, user: &TestUser) {
    app.post_json_auth(
        "/api/subscription/checkout",
        &user.access_token,
        &json!({"plan": "premium"}),
    )
    .await
    .assert_success(StatusCode::OK);
    let event = json!({
        "id": "evt_writing_paid", "object": "event", "type": "invoice.payment_succeeded",
        "created": OffsetDateTime::now_utc().unix_timestamp(),
        "data": {"object": {
            "id": "in_writing", "object": "invoice", "subscription": "sub_writing",
            "payment_intent": "pi_writing", "amount_paid": 4999, "currency": "usd",
            "lines": {"object": "list", "data": [{"period": {"start": 1, "end": 1_900_000_000}}]}
        }}
    })
    .to_string();
    let signature = jobr_stripe::sign(
        event.as_bytes(),
        WEBHOOK_SECRET.as_bytes(),
        OffsetDateTime::now_utc().unix_timestamp(),
    );
    let delivered = send(
        app.request(reqwest::Method::POST, "/api/stripe/webhook")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Stripe-Signature", signature)
            .body(event),
    )
    .await;
    assert_eq!(delivered.status, StatusCode::OK, "{}", delivered.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(
        overview.body["data"]["plan"], "premium",
        "{}",
        overview.text
    );
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
    let stripe = fake_stripe().await;
    let app = spawn(&openai, &stripe).await;
    let user = app.register_user().await;
    upgrade_to_premium(&app, &user).await;
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
    let stripe = fake_stripe().await;
    let app = spawn(&openai, &stripe).await;
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
