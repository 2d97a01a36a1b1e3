//! Subscriptions end to end: the real server and Postgres, Stripe faked with wiremock speaking
//! its wire format, webhooks signed as Stripe signs them.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub(crate) const WEBHOOK_SECRET: &str = "whsec_e2e_secret";

async fn spawn_with_stripe(stripe: &MockServer) -> TestApp {
    let base = stripe.uri();
    spawn_app_with(move |env| {
        env.set("STRIPE_SECRET_KEY", "sk_test_e2e")
            .set("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .set("STRIPE_PRICE_PREMIUM", "price_premium")
            .set("STRIPE_PRICE_PRO", "price_pro")
            .set("STRIPE_API_BASE", base);
    })
    .await
}

/// Stripe's side of checkout: a customer, then an incomplete subscription whose first
/// invoice's payment intent carries the client secret.
pub(crate) async fn fake_stripe_checkout(stripe: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header_exists("idempotency-key"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "cus_e2e", "object": "customer"})),
        )
        .mount(stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions"))
        .and(header_exists("idempotency-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "sub_e2e", "object": "subscription", "status": "incomplete",
            "customer": "cus_e2e", "current_period_end": 1_900_000_000, "cancel_at_period_end": false,
            "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": "price_premium"}}]},
            "latest_invoice": {
                "id": "in_e2e", "object": "invoice", "subscription": "sub_e2e", "currency": "usd",
                "amount_paid": 0,
                "payment_intent": {
                    "id": "pi_e2e", "object": "payment_intent", "amount": 4999, "currency": "usd",
                    "status": "requires_payment_method", "client_secret": "pi_e2e_secret_1"
                }
            }
        })))
        .mount(stripe)
        .await;
}

pub(crate) async fn deliver(
    app: &TestApp,
    event: &Value,
    signature: Option<String>,
) -> crate::helpers::ApiResponse {
    let body = event.to_string();
    let mut request = app
        .request(reqwest::Method::POST, "/api/stripe/webhook")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.clone());
    let header = signature.unwrap_or_else(|| {
        jobr_stripe::sign(
            body.as_bytes(),
            WEBHOOK_SECRET.as_bytes(),
            OffsetDateTime::now_utc().unix_timestamp(),
        )
    });
    request = request.header("Stripe-Signature", header);
    crate::helpers::send(request).await
}

/// The mails of `kind` stored in the app's Postgres outbox for `email`.
async fn outbox_mail(
    app: &TestApp,
    email: &str,
    kind: jobr_notifications::MailKind,
) -> Vec<jobr_notifications::OutboxEntry> {
    use jobr_notifications::Outbox;
    jobr_postgres::PgOutbox::new(app.database())
        .list(None, 1000)
        .await
        .expect("the outbox")
        .into_iter()
        .filter(|m| m.kind == kind && m.to.as_str().eq_ignore_ascii_case(email))
        .collect()
}

pub(crate) fn invoice_paid(id: &str) -> Value {
    json!({
        "id": id, "object": "event", "type": "invoice.payment_succeeded",
        "created": OffsetDateTime::now_utc().unix_timestamp(),
        "data": {"object": {
            "id": "in_e2e", "object": "invoice", "subscription": "sub_e2e", "payment_intent": "pi_e2e",
            "amount_paid": 4999, "currency": "usd",
            "lines": {"object": "list", "data": [{"period": {"start": 1, "end": 1_900_000_000}}]}
        }}
    })
}

#[tokio::test]
async fn plans_are_public() {
    let app = spawn_app().await;
    let response = app.get("/api/subscription/plans").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    let plans = response.body["data"].as_array().unwrap();
    let ids: Vec<&str> = plans.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["free", "premium", "pro"]);
    assert_eq!(plans[0]["applicationsPerMonth"], 5);
    assert_eq!(plans[1]["aiFeatures"], true);
}

#[tokio::test]
async fn without_a_provider_checkout_is_unavailable_and_everyone_is_on_free() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let response = app
        .post_json_auth(
            "/api/subscription/checkout",
            &user.access_token,
            &json!({"plan": "Premium"}),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        response.text
    );
    assert_eq!(response.body["error"]["code"], "PAYMENTS_UNAVAILABLE");
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert_eq!(overview.body["data"]["plan"], "free");
    assert_eq!(overview.body["data"]["limits"]["applicationsPerMonth"], 5);
}

#[tokio::test]
async fn stripe_checkout_then_a_signed_webhook_upgrades_once_and_cancel_ends_on_free() {
    let stripe = MockServer::start().await;
    fake_stripe_checkout(&stripe).await;
    let app = spawn_with_stripe(&stripe).await;
    let user = app.register_user().await;

    let checkout = app
        .post_json_auth(
            "/api/subscription/checkout",
            &user.access_token,
            &json!({"plan": "premium"}),
        )
        .await;
    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    assert_eq!(checkout.body["data"]["provider"], "stripe");
    assert_eq!(checkout.body["data"]["clientSecret"], "pi_e2e_secret_1");

    // A forged signature: refused, nothing stored.
    let forged = deliver(
        &app,
        &invoice_paid("evt_forged"),
        Some(format!(
            "t={},v1={}",
            OffsetDateTime::now_utc().unix_timestamp(),
            "00".repeat(32)
        )),
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", forged.text);
    assert_eq!(forged.body["error"]["code"], "INVALID_SIGNATURE");
    let still_free = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(still_free.body["data"]["plan"], "free");

    let paid = deliver(&app, &invoice_paid("evt_paid"), None).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(
        overview.body["data"]["plan"], "premium",
        "{}",
        overview.text
    );
    assert_eq!(overview.body["data"]["status"], "active");
    assert_eq!(
        overview.body["data"]["limits"]["applicationsPerMonth"],
        Value::Null
    );
    assert_eq!(overview.body["data"]["limits"]["aiFeatures"], true);

    // The same event again: no change, still one succeeded payment.
    let replay = deliver(&app, &invoice_paid("evt_paid"), None).await;
    assert_eq!(replay.status, StatusCode::OK, "{}", replay.text);
    let payments = app.get_auth("/api/payments", &user.access_token).await;
    assert_eq!(payments.status, StatusCode::OK, "{}", payments.text);
    let list = payments.body["data"]["payments"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", payments.text);
    assert_eq!(list[0]["state"], "succeeded");
    // One receipt, stored with the payment; the replay added none.
    let receipts = outbox_mail(
        &app,
        &user.email,
        jobr_notifications::MailKind::PaymentReceipt,
    )
    .await;
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert!(
        receipts[0].subject.contains("49.99 USD"),
        "{}",
        receipts[0].subject
    );

    // Cancel at period end: Stripe is told, the plan stays until the end.
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions/sub_e2e"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "sub_e2e", "object": "subscription", "status": "active",
            "current_period_end": 1_900_000_000, "cancel_at_period_end": true,
            "items": {"object": "list", "data": [{"price": {"id": "price_premium"}}]}
        })))
        .expect(1)
        .mount(&stripe)
        .await;
    let cancel = app
        .post_json_auth("/api/subscription/cancel", &user.access_token, &json!({}))
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.text);
    assert_eq!(cancel.body["data"]["plan"], "premium");
    assert_eq!(cancel.body["data"]["cancelAtPeriodEnd"], true);

    let deleted = json!({
        "id": "evt_deleted", "object": "event", "type": "customer.subscription.deleted",
        "created": OffsetDateTime::now_utc().unix_timestamp() + 1,
        "data": {"object": {
            "id": "sub_e2e", "object": "subscription", "status": "canceled",
            "current_period_end": 1_900_000_000, "cancel_at_period_end": true,
            "items": {"object": "list", "data": [{"price": {"id": "price_premium"}}]}
        }}
    });
    let ended = deliver(&app, &deleted, None).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "free", "{}", overview.text);

    // An event type Jobr does not act on is acknowledged.
    let unknown = json!({"id": "evt_other", "object": "event", "type": "customer.created",
        "created": OffsetDateTime::now_utc().unix_timestamp(), "data": {"object": {"id": "cus_e2e"}}});
    let ignored = deliver(&app, &unknown, None).await;
    assert_eq!(ignored.status, StatusCode::OK, "{}", ignored.text);
    assert_eq!(ignored.body["outcome"], "ignored");
}

const PHONEPE_MERCHANT: &str = "PGTESTPAYUAT86";
const PHONEPE_SALT: &str = "96434309-7796-489d-8924-ab56988a6076";

/// The JSON payload a pay request carries in base64.
fn pay_payload(request: &wiremock::Request) -> Value {
    use base64::Engine as _;
    let envelope: Value = serde_json::from_slice(&request.body).unwrap();
    let payload = base64::engine::general_purpose::STANDARD
        .decode(envelope["request"].as_str().unwrap())
        .unwrap();
    serde_json::from_slice(&payload).unwrap()
}

/// The transaction id a pay request carries in its base64 payload.
fn pay_transaction(request: &wiremock::Request) -> String {
    pay_payload(request)["merchantTransactionId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A PhonePe sandbox fake: pay requests get a pay page; every status check answers
/// PAYMENT_SUCCESS for the Pro price.
async fn fake_phonepe() -> MockServer {
    let phonepe = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apis/pg-sandbox/pg/v1/pay"))
        .and(header_exists("x-verify"))
        .respond_with(|request: &wiremock::Request| {
            ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "code": "PAYMENT_INITIATED", "message": "Payment initiated",
                "data": {
                    "merchantId": PHONEPE_MERCHANT,
                    "merchantTransactionId": pay_transaction(request),
                    "instrumentResponse": {"type": "PAY_PAGE", "redirectInfo": {
                        "url": "https://mercury-uat.phonepe.com/transact/simulator?token=abc",
                        "method": "GET"
                    }}
                }
            }))
        })
        .mount(&phonepe)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(
            "^/apis/pg-sandbox/pg/v1/status/PGTESTPAYUAT86/[^/]+$",
        ))
        .respond_with(|request: &wiremock::Request| {
            let transaction = request.url.path().rsplit('/').next().unwrap().to_owned();
            ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "code": "PAYMENT_SUCCESS",
                "message": "Your request has been successfully completed.",
                "data": {
                    "merchantId": PHONEPE_MERCHANT, "merchantTransactionId": transaction,
                    "transactionId": "T2111221437456190170379", "amount": 99_900,
                    "state": "COMPLETED", "responseCode": "SUCCESS",
                    "paymentInstrument": {"type": "UPI", "utr": "206378866112"}
                }
            }))
        })
        .mount(&phonepe)
        .await;
    phonepe
}

async fn spawn_with_phonepe(phonepe: &MockServer) -> TestApp {
    spawn_with_phonepe_and(phonepe, |_| {}).await
}

async fn spawn_with_phonepe_and(
    phonepe: &MockServer,
    configure: impl FnOnce(&mut crate::helpers::TestEnv),
) -> TestApp {
    let base = format!("{}/apis/pg-sandbox", phonepe.uri());
    spawn_app_with(move |env| {
        env.set("PHONEPE_MERCHANT_ID", PHONEPE_MERCHANT)
            .set("PHONEPE_SALT_KEY", PHONEPE_SALT)
            .set("PHONEPE_SALT_INDEX", "1")
            .set("PHONEPE_ENVIRONMENT", "sandbox")
            .set("PHONEPE_API_BASE", base);
        configure(env);
    })
    .await
}

#[tokio::test]
async fn phonepe_return_and_callback_urls_come_from_configuration_not_the_host_header() {
    let phonepe = fake_phonepe().await;
    let app = spawn_with_phonepe_and(&phonepe, |env| {
        env.set("BASE_URL", "https://jobr.example");
    })
    .await;
    let user = app.register_user().await;

    // A client (or anything between it and us) naming another site as the host.
    let checkout = crate::helpers::send(
        app.request(reqwest::Method::POST, "/api/subscription/checkout")
            .bearer_auth(&user.access_token)
            .header(reqwest::header::HOST, "evil.example")
            .header("X-Forwarded-Host", "evil.example")
            .header("X-Forwarded-Proto", "http")
            .header("Forwarded", "host=evil.example;proto=http")
            .json(&json!({"plan": "pro", "currency": "INR"})),
    )
    .await;

    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    let requests = phonepe.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let payload = pay_payload(&requests[0]);
    assert_eq!(
        payload["redirectUrl"], "https://jobr.example/api/phonepe/callback",
        "{payload}"
    );
    assert_eq!(
        payload["callbackUrl"], "https://jobr.example/api/phonepe/webhook",
        "{payload}"
    );
    assert!(!payload.to_string().contains("evil.example"), "{payload}");
}

#[tokio::test]
async fn phonepe_checkout_then_the_browser_callback_upgrades_to_pro_once() {
    let phonepe = fake_phonepe().await;
    let app = spawn_with_phonepe(&phonepe).await;
    let user = app.register_user().await;

    let checkout = app
        .post_json_auth(
            "/api/subscription/checkout",
            &user.access_token,
            &json!({"plan": "PRO", "currency": "INR"}),
        )
        .await;
    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    assert_eq!(checkout.body["data"]["provider"], "phonepe");
    assert!(
        checkout.body["data"]["redirectUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://mercury-uat.phonepe.com/"),
        "{}",
        checkout.text
    );
    let requests = phonepe.received_requests().await.unwrap();
    let transaction = pay_transaction(&requests[0]);

    for _ in 0..2 {
        let callback = crate::helpers::send(
            app.request(reqwest::Method::POST, "/api/phonepe/callback")
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&[
                    ("code", "PAYMENT_SUCCESS"),
                    ("merchantId", PHONEPE_MERCHANT),
                    ("transactionId", transaction.as_str()),
                    ("amount", "99900"),
                ]),
        )
        .await;
        assert_eq!(callback.status, StatusCode::OK, "{}", callback.text);
        assert_eq!(
            callback.body["data"]["state"], "succeeded",
            "{}",
            callback.text
        );
    }
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "pro", "{}", overview.text);
    assert_eq!(overview.body["data"]["limits"]["analytics"], true);
    let payments = app.get_auth("/api/payments", &user.access_token).await;
    let list = payments.body["data"]["payments"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", payments.text);
    assert_eq!(list[0]["state"], "succeeded");
    assert_eq!(
        list[0]["amount"],
        json!({"minor_units": 99_900, "currency": "INR"})
    );

    // A browser arriving with an id that is not ours: 404, nothing asked of PhonePe.
    let unknown = crate::helpers::send(
        app.request(reqwest::Method::POST, "/api/phonepe/callback")
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("transactionId", "not-a-transaction")]),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
    assert_eq!(unknown.body["error"]["code"], "PAYMENT_NOT_FOUND");
}

/// Checkout A, then checkout B (A is abandoned and its payment expires), then A's pay page,
/// still open in an old tab, takes the money: A is what the user paid for. B's page then takes
/// money too: the plan is already paid, so that payment is shown as owed back.
#[tokio::test]
async fn a_late_payment_of_an_abandoned_checkout_buys_the_plan_and_a_second_is_owed_back() {
    let phonepe = fake_phonepe().await;
    let app = spawn_with_phonepe(&phonepe).await;
    let user = app.register_user().await;
    for _ in 0..2 {
        let checkout = app
            .post_json_auth(
                "/api/subscription/checkout",
                &user.access_token,
                &json!({"plan": "pro", "provider": "phonepe"}),
            )
            .await;
        assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    }
    let requests = phonepe.received_requests().await.unwrap();
    let (first, second) = (pay_transaction(&requests[0]), pay_transaction(&requests[1]));
    let came_back = |transaction: String| {
        crate::helpers::send(
            app.request(reqwest::Method::POST, "/api/phonepe/callback")
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&[
                    ("code", "PAYMENT_SUCCESS"),
                    ("merchantId", PHONEPE_MERCHANT),
                    ("transactionId", transaction.as_str()),
                ]),
        )
    };
    let states = |payments: &crate::helpers::ApiResponse| -> Vec<String> {
        let mut states: Vec<String> = payments.body["data"]["payments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["state"].as_str().unwrap().to_owned())
            .collect();
        states.sort();
        states
    };

    let late = came_back(first.clone()).await;
    assert_eq!(late.status, StatusCode::OK, "{}", late.text);
    assert_eq!(late.body["data"]["state"], "succeeded", "{}", late.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "pro", "{}", overview.text);
    assert_eq!(
        overview.body["data"]["status"], "active",
        "{}",
        overview.text
    );
    let payments = app.get_auth("/api/payments", &user.access_token).await;
    assert_eq!(
        states(&payments),
        ["expired", "succeeded"],
        "{}",
        payments.text
    );

    let owed = came_back(second).await;
    assert_eq!(owed.status, StatusCode::OK, "{}", owed.text);
    assert_eq!(owed.body["data"]["state"], "refund_due", "{}", owed.text);
    let again = came_back(first).await;
    assert_eq!(again.body["data"]["state"], "succeeded", "{}", again.text);
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "pro", "{}", overview.text);
    let payments = app.get_auth("/api/payments", &user.access_token).await;
    assert_eq!(
        states(&payments),
        ["refund_due", "succeeded"],
        "{}",
        payments.text
    );
}

/// PhonePe's server-to-server callback, signed as PhonePe signs it.
fn phonepe_callback_body(transaction: &str) -> (String, String) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let payload = json!({
        "success": true, "code": "PAYMENT_SUCCESS", "message": "Your payment is successful.",
        "data": {
            "merchantId": PHONEPE_MERCHANT, "merchantTransactionId": transaction,
            "transactionId": "T2111221437456190170379", "amount": 99_900,
            "state": "COMPLETED", "responseCode": "SUCCESS",
            "paymentInstrument": {"type": "UPI", "utr": "206378866112"}
        }
    });
    let response = base64::engine::general_purpose::STANDARD.encode(payload.to_string());
    let x_verify = format!(
        "{:x}###1",
        sha2::Sha256::digest(format!("{response}{PHONEPE_SALT}"))
    );
    (json!({ "response": response }).to_string(), x_verify)
}

#[tokio::test]
async fn a_signed_phonepe_webhook_confirmed_by_status_upgrades_once_and_a_forged_one_is_refused() {
    let phonepe = fake_phonepe().await;
    let app = spawn_with_phonepe(&phonepe).await;
    let user = app.register_user().await;
    let checkout = app
        .post_json_auth(
            "/api/subscription/checkout",
            &user.access_token,
            &json!({"plan": "pro", "provider": "phonepe"}),
        )
        .await;
    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    let requests = phonepe.received_requests().await.unwrap();
    let transaction = pay_transaction(&requests[0]);
    let (body, x_verify) = phonepe_callback_body(&transaction);

    let forged = crate::helpers::send(
        app.request(reqwest::Method::POST, "/api/phonepe/webhook")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-VERIFY", format!("{}###1", "0".repeat(64)))
            .body(body.clone()),
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", forged.text);
    assert_eq!(forged.body["error"]["code"], "INVALID_SIGNATURE");
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "free", "{}", overview.text);

    for _ in 0..2 {
        let delivered = crate::helpers::send(
            app.request(reqwest::Method::POST, "/api/phonepe/webhook")
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header("X-VERIFY", x_verify.clone())
                .body(body.clone()),
        )
        .await;
        assert_eq!(delivered.status, StatusCode::OK, "{}", delivered.text);
    }
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(overview.body["data"]["plan"], "pro", "{}", overview.text);
    let payments = app.get_auth("/api/payments", &user.access_token).await;
    let list = payments.body["data"]["payments"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", payments.text);
    assert_eq!(list[0]["state"], "succeeded");
}

#[tokio::test]
async fn stale_stripe_signatures_are_refused_and_events_for_unknown_payments_are_acknowledged_once()
{
    let stripe = MockServer::start().await;
    let app = spawn_with_stripe(&stripe).await;
    let event = invoice_paid("evt_stale");
    let body = event.to_string();
    let stale = jobr_stripe::sign(
        body.as_bytes(),
        WEBHOOK_SECRET.as_bytes(),
        OffsetDateTime::now_utc().unix_timestamp() - 301,
    );
    let refused = deliver(&app, &event, Some(stale)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.body["error"]["code"], "INVALID_SIGNATURE");

    // Correctly signed, but about a payment Jobr never had, with no checkout being written:
    // acknowledged and recorded once (Stripe stops retrying), a replay is a duplicate.
    let unknown = deliver(&app, &invoice_paid("evt_unknown"), None).await;
    assert_eq!(unknown.status, StatusCode::OK, "{}", unknown.text);
    assert_eq!(unknown.body["outcome"], "unmatched");
    let again = deliver(&app, &invoice_paid("evt_unknown"), None).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["outcome"], "duplicate");
    let missing = crate::helpers::send(
        app.request(reqwest::Method::POST, "/api/stripe/webhook")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body),
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.text);
}

/// Stripe may send a subscription's first events while our checkout call that created it is
/// still in flight (its ids not stored yet): such an event is answered 500, so Stripe delivers
/// it again, and the redelivery after the checkout applies.
#[tokio::test]
async fn an_event_racing_its_own_checkout_is_retried_then_applied() {
    let stripe = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "cus_race", "object": "customer"})),
        )
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(std::time::Duration::from_millis(1500))
                .set_body_json(json!({
                    "id": "sub_race", "object": "subscription", "status": "incomplete",
                    "customer": "cus_race", "current_period_end": 1_900_000_000,
                    "cancel_at_period_end": false,
                    "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": "price_premium"}}]},
                    "latest_invoice": {
                        "id": "in_race", "object": "invoice", "subscription": "sub_race",
                        "currency": "usd", "amount_paid": 0,
                        "payment_intent": {
                            "id": "pi_race", "object": "payment_intent", "amount": 4999,
                            "currency": "usd", "status": "requires_payment_method",
                            "client_secret": "pi_race_secret_1"
                        }
                    }
                })),
        )
        .mount(&stripe)
        .await;
    let app = spawn_with_stripe(&stripe).await;
    let user = app.register_user().await;
    let updated = json!({
        "id": "evt_race", "object": "event", "type": "customer.subscription.updated",
        "created": OffsetDateTime::now_utc().unix_timestamp(),
        "data": {"object": {
            "id": "sub_race", "object": "subscription", "status": "incomplete",
            "current_period_end": 1_900_000_000, "cancel_at_period_end": true,
            "items": {"object": "list", "data": [{"price": {"id": "price_premium"}}]}
        }}
    });
    // The event arrives while Stripe is still answering our subscription call.
    let premium = json!({"plan": "premium"});
    let (checkout, early) = tokio::join!(
        app.post_json_auth("/api/subscription/checkout", &user.access_token, &premium),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            deliver(&app, &updated, None).await
        }
    );
    assert_eq!(
        early.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        early.text
    );
    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    let redelivered = deliver(&app, &updated, None).await;
    assert_eq!(redelivered.status, StatusCode::OK, "{}", redelivered.text);
    assert_eq!(redelivered.body["outcome"], "applied");
    let overview = app.get_auth("/api/subscription", &user.access_token).await;
    assert_eq!(
        overview.body["data"]["cancelAtPeriodEnd"], true,
        "{}",
        overview.text
    );
}
