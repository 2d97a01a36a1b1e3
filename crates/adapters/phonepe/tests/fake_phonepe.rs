//! The adapter against a local fake PhonePe (wiremock on 127.0.0.1) speaking PG v1's request
//! and response JSON: pay requests and status checks, their failures, and what we send.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jobr_core::{Currency, Money, Phone, UserId};
use jobr_http::{BreakerConfig, ClientConfig, HttpError, OutboundClient, StatusCode, Url};
use jobr_phonepe::{
    Environment, ExpectedPayment, MerchantTransactionId, Outcome, PayRequest, PhonePe,
    PhonePeConfig, PhonePeError, RedirectMode, merchant_user_id,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MERCHANT: &str = "PGTESTPAYUAT86";
const SALT: &str = "96434309-7796-489d-8924-ab56988a6076";
/// The sandbox host's path prefix, kept so the fake sees the same paths PhonePe would.
const PREFIX: &str = "/apis/pg-sandbox";
const PAY: &str = "/apis/pg-sandbox/pg/v1/pay";
const PRO_PAISE: i64 = 99_900;
const MAX_RETRIES: u32 = 2;

struct Fake {
    server: MockServer,
    phonepe: PhonePe,
}

impl Fake {
    async fn new() -> Self {
        Self::with_timeout(Duration::from_secs(5)).await
    }

    async fn with_timeout(timeout: Duration) -> Self {
        let server = MockServer::start().await;
        let mut config =
            PhonePeConfig::new(MERCHANT, SALT.into(), 1, Environment::Sandbox).unwrap();
        config.api_base = Url::parse(&format!("{}{PREFIX}", server.uri())).unwrap();
        config.timeout = timeout;
        let client = OutboundClient::new(ClientConfig {
            max_retries: MAX_RETRIES,
            base_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            breaker: BreakerConfig {
                failure_threshold: 1_000,
                open_for: Duration::from_secs(30),
            },
            ..config.client_config()
        })
        .unwrap();
        Self {
            phonepe: PhonePe::with_client(config, client),
            server,
        }
    }

    async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap()
    }
}

/// `hex(sha256(data + salt)) + "###1"`, computed here independently of the crate.
fn x_verify(data: &str) -> String {
    format!("{:x}###1", Sha256::digest(format!("{data}{SALT}")))
}

fn payment() -> ExpectedPayment {
    ExpectedPayment {
        payment_request_id: Uuid::new_v4(),
        amount: Money {
            minor_units: PRO_PAISE,
            currency: Currency::Inr,
        },
    }
}

fn status_path(expected: &ExpectedPayment) -> String {
    format!(
        "{PREFIX}/pg/v1/status/{MERCHANT}/{}",
        expected.merchant_transaction_id()
    )
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

// ---------------------------------------------------------------------------------------------
// Pay (PAY_PAGE)
// ---------------------------------------------------------------------------------------------

struct Urls {
    redirect: Url,
    callback: Url,
}

fn urls() -> Urls {
    Urls {
        redirect: Url::parse("https://jobr.example/api/phonepe/callback").unwrap(),
        callback: Url::parse("https://jobr.example/api/phonepe/webhook").unwrap(),
    }
}

fn pay_request<'a>(
    expected: &ExpectedPayment,
    user: UserId,
    urls: &'a Urls,
    phone: Option<&'a Phone>,
) -> PayRequest<'a> {
    PayRequest {
        payment_request_id: expected.payment_request_id,
        user,
        amount: expected.amount,
        redirect_url: &urls.redirect,
        redirect_mode: RedirectMode::Post,
        callback_url: &urls.callback,
        mobile_number: phone,
    }
}

/// PhonePe's answer to a pay request that created a pay page.
fn pay_page_answer(transaction: &str) -> Value {
    json!({
        "success": true,
        "code": "PAYMENT_INITIATED",
        "message": "Payment initiated",
        "data": {
            "merchantId": MERCHANT,
            "merchantTransactionId": transaction,
            "instrumentResponse": {
                "type": "PAY_PAGE",
                "redirectInfo": {
                    "url": "https://mercury-uat.phonepe.com/transact/simulator?token=z8MrYBXJR5YxhJ1eZTWLmgkuDpWF0F0IBLvjM4uQWMrjo",
                    "method": "GET"
                }
            }
        }
    })
}

#[tokio::test]
async fn pay_sends_the_signed_base64_payload_and_answers_the_pay_page() {
    let fake = Fake::new().await;
    let expected = payment();
    let transaction = expected.merchant_transaction_id().to_string();
    Mock::given(method("POST"))
        .and(path(PAY))
        .respond_with(ResponseTemplate::new(200).set_body_json(pay_page_answer(&transaction)))
        .expect(1)
        .mount(&fake.server)
        .await;
    let user = UserId::new();
    let urls = urls();
    let phone = Phone::parse("+91 99999 99999").unwrap();

    let page = fake
        .phonepe
        .pay(&pay_request(&expected, user, &urls, Some(&phone)))
        .await
        .unwrap();
    assert_eq!(
        page.merchant_transaction_id,
        expected.merchant_transaction_id()
    );
    assert_eq!(
        page.redirect_url.as_str(),
        "https://mercury-uat.phonepe.com/transact/simulator?token=z8MrYBXJR5YxhJ1eZTWLmgkuDpWF0F0IBLvjM4uQWMrjo"
    );

    let requests = fake.requests().await;
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(header(sent, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    let encoded = body["request"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    assert_eq!(
        header(sent, "x-verify"),
        Some(x_verify(&format!("{encoded}/pg/v1/pay")).as_str())
    );
    let payload: Value = serde_json::from_slice(&STANDARD.decode(encoded).unwrap()).unwrap();
    assert_eq!(
        payload,
        json!({
            "merchantId": MERCHANT,
            "merchantTransactionId": transaction,
            "merchantUserId": merchant_user_id(user),
            "amount": PRO_PAISE,
            "redirectUrl": "https://jobr.example/api/phonepe/callback",
            "redirectMode": "POST",
            "callbackUrl": "https://jobr.example/api/phonepe/webhook",
            "mobileNumber": "9999999999",
            "paymentInstrument": { "type": "PAY_PAGE" }
        })
    );
    // The transaction id leads back to the payment request, within PhonePe's limits.
    assert!(transaction.len() < 35);
    assert_eq!(
        MerchantTransactionId::parse(&transaction)
            .unwrap()
            .payment_request_id(),
        expected.payment_request_id
    );
}

#[tokio::test]
async fn pay_refusals_keep_phonepe_code_and_are_sent_once() {
    let fake = Fake::new().await;
    Mock::given(method("POST"))
        .and(path(PAY))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "success": false,
            "code": "BAD_REQUEST",
            "message": "Please check the inputs you have provided."
        })))
        .expect(1)
        .mount(&fake.server)
        .await;
    let urls = urls();
    let error = fake
        .phonepe
        .pay(&pay_request(&payment(), UserId::new(), &urls, None))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            PhonePeError::Rejected { status: Some(StatusCode::BAD_REQUEST), code, message: Some(_) }
                if code == "BAD_REQUEST"
        ),
        "{error:?}"
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn pay_declined_with_200_and_success_false_is_refused() {
    let fake = Fake::new().await;
    Mock::given(method("POST"))
        .and(path(PAY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false,
            "code": "PAYMENT_DECLINED",
            "message": "Payment declined",
            "data": {}
        })))
        .expect(1)
        .mount(&fake.server)
        .await;
    let urls = urls();
    let error = fake
        .phonepe
        .pay(&pay_request(&payment(), UserId::new(), &urls, None))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PhonePeError::Rejected { status: None, code, .. } if code == "PAYMENT_DECLINED"),
        "{error:?}"
    );
}

#[tokio::test]
async fn pay_is_never_repeated_on_5xx_429_or_timeout() {
    for (template, expect_transient) in [
        (ResponseTemplate::new(500).set_body_string("oops"), true),
        (ResponseTemplate::new(503), true),
        (
            ResponseTemplate::new(429).set_body_json(json!({
                "success": false, "code": "TOO_MANY_REQUESTS", "message": "Too many requests"
            })),
            true,
        ),
        (
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(800))
                .set_body_json(pay_page_answer("late")),
            true,
        ),
    ] {
        let fake = Fake::with_timeout(Duration::from_millis(250)).await;
        Mock::given(method("POST"))
            .and(path(PAY))
            .respond_with(template)
            .expect(1)
            .mount(&fake.server)
            .await;
        let urls = urls();
        let error = fake
            .phonepe
            .pay(&pay_request(&payment(), UserId::new(), &urls, None))
            .await
            .unwrap_err();
        assert!(matches!(error, PhonePeError::Http(_)), "{error:?}");
        assert_eq!(error.is_transient(), expect_transient, "{error:?}");
        // `expect(1)` is verified when the server drops: one attempt, no repeat.
    }
}

#[tokio::test]
async fn pay_answers_that_cannot_be_trusted_are_errors() {
    let expected = payment();
    let transaction = expected.merchant_transaction_id().to_string();
    let mut http_page = pay_page_answer(&transaction);
    http_page["data"]["instrumentResponse"]["redirectInfo"]["url"] =
        json!("http://mercury-uat.phonepe.com/transact");
    let mut no_page = pay_page_answer(&transaction);
    no_page["data"]
        .as_object_mut()
        .unwrap()
        .remove("instrumentResponse");
    let other_transaction =
        pay_page_answer(&MerchantTransactionId::for_payment(Uuid::new_v4()).to_string());

    for (name, template) in [
        (
            "not json",
            ResponseTemplate::new(200).set_body_string("<html>busy</html>"),
        ),
        (
            "plain http page",
            ResponseTemplate::new(200).set_body_json(http_page),
        ),
        ("no page", ResponseTemplate::new(200).set_body_json(no_page)),
        (
            "another transaction",
            ResponseTemplate::new(200).set_body_json(other_transaction),
        ),
    ] {
        let fake = Fake::new().await;
        Mock::given(method("POST"))
            .and(path(PAY))
            .respond_with(template)
            .mount(&fake.server)
            .await;
        let urls = urls();
        let error = fake
            .phonepe
            .pay(&pay_request(&expected, UserId::new(), &urls, None))
            .await
            .unwrap_err();
        let fitting = match name {
            "not json" => matches!(error, PhonePeError::Http(HttpError::InvalidResponse(_))),
            "another transaction" => matches!(error, PhonePeError::Misattributed { .. }),
            _ => matches!(error, PhonePeError::InvalidResponse(_)),
        };
        assert!(fitting, "{name}: {error:?}");
    }
}

#[tokio::test]
async fn pay_in_another_currency_or_below_one_rupee_sends_nothing() {
    let fake = Fake::new().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&fake.server)
        .await;
    let urls = urls();
    let mut usd = payment();
    usd.amount = Money {
        minor_units: 9_999,
        currency: Currency::Usd,
    };
    assert!(matches!(
        fake.phonepe
            .pay(&pay_request(&usd, UserId::new(), &urls, None))
            .await,
        Err(PhonePeError::UnsupportedCurrency(Currency::Usd))
    ));
    let mut tiny = payment();
    tiny.amount.minor_units = 99;
    assert!(matches!(
        fake.phonepe
            .pay(&pay_request(&tiny, UserId::new(), &urls, None))
            .await,
        Err(PhonePeError::AmountTooSmall(99))
    ));
}

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

fn status_answer(expected: &ExpectedPayment, code: &str, state: &str, amount: i64) -> Value {
    json!({
        "success": code == "PAYMENT_SUCCESS",
        "code": code,
        "message": "Your request has been successfully completed.",
        "data": {
            "merchantId": MERCHANT,
            "merchantTransactionId": expected.merchant_transaction_id().to_string(),
            "transactionId": "T2111221437456190170379",
            "amount": amount,
            "state": state,
            "responseCode": if state == "FAILED" { "ZM" } else { "SUCCESS" },
            "paymentInstrument": { "type": "UPI", "utr": "206378866112" }
        }
    })
}

async fn serve_status(fake: &Fake, expected: &ExpectedPayment, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(status_path(expected)))
        .respond_with(template)
        .mount(&fake.server)
        .await;
}

#[tokio::test]
async fn status_success_is_checked_and_the_request_signed() {
    let fake = Fake::new().await;
    let expected = payment();
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_SUCCESS",
            "COMPLETED",
            PRO_PAISE,
        )),
    )
    .await;

    let status = fake.phonepe.status(&expected).await.unwrap();
    assert_eq!(status.outcome, Outcome::Succeeded);
    assert_eq!(status.amount, Some(expected.amount));
    assert_eq!(
        status.provider_transaction_id.as_deref(),
        Some("T2111221437456190170379")
    );

    let requests = fake.requests().await;
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method.as_str(), "GET");
    assert!(sent.body.is_empty());
    let transaction = expected.merchant_transaction_id();
    assert_eq!(
        header(sent, "x-verify"),
        Some(x_verify(&format!("/pg/v1/status/{MERCHANT}/{transaction}")).as_str())
    );
    assert_eq!(header(sent, "x-merchant-id"), Some(MERCHANT));
}

#[tokio::test]
async fn status_declined_is_a_final_failure() {
    let fake = Fake::new().await;
    let expected = payment();
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_ERROR",
            "FAILED",
            PRO_PAISE,
        )),
    )
    .await;
    let status = fake.phonepe.status(&expected).await.unwrap();
    assert_eq!(status.outcome, Outcome::Failed);
    assert_eq!(status.code, "PAYMENT_ERROR");
    assert_eq!(status.response_code.as_deref(), Some("ZM"));
}

#[tokio::test]
async fn pending_then_success_as_a_poller_sees_it() {
    let fake = Fake::new().await;
    let expected = payment();
    // Mounted first, so it answers the first two polls; then PhonePe has the money.
    Mock::given(method("GET"))
        .and(path(status_path(&expected)))
        .respond_with(ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_PENDING",
            "PENDING",
            PRO_PAISE,
        )))
        .up_to_n_times(2)
        .mount(&fake.server)
        .await;
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_SUCCESS",
            "COMPLETED",
            PRO_PAISE,
        )),
    )
    .await;

    let mut seen = Vec::new();
    loop {
        let status = fake.phonepe.status(&expected).await.unwrap();
        seen.push(status.outcome);
        if status.outcome != Outcome::Pending || seen.len() > 5 {
            break;
        }
    }
    assert_eq!(
        seen,
        [Outcome::Pending, Outcome::Pending, Outcome::Succeeded]
    );
    assert_eq!(fake.requests().await.len(), 3);
}

#[tokio::test]
async fn phonepe_internal_errors_and_unknown_codes_mean_keep_polling() {
    let fake = Fake::new().await;
    let expected = payment();
    Mock::given(method("GET"))
        .and(path(status_path(&expected)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false,
            "code": "INTERNAL_SERVER_ERROR",
            "message": "There is an error trying to process your transaction at the moment.",
            "data": {}
        })))
        .up_to_n_times(1)
        .mount(&fake.server)
        .await;
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_AWAITING_BANK",
            "COMPLETED",
            PRO_PAISE,
        )),
    )
    .await;
    assert_eq!(
        fake.phonepe.status(&expected).await.unwrap().outcome,
        Outcome::Pending
    );
    // An unknown code is pending even when its state claims completion.
    assert_eq!(
        fake.phonepe.status(&expected).await.unwrap().outcome,
        Outcome::Pending
    );
}

#[tokio::test]
async fn status_5xx_and_429_are_retried_then_answered() {
    for transient in [
        ResponseTemplate::new(500).set_body_string("upstream error"),
        ResponseTemplate::new(502),
        ResponseTemplate::new(429).set_body_json(json!({
            "success": false, "code": "TOO_MANY_REQUESTS", "message": "Too many requests"
        })),
    ] {
        let fake = Fake::new().await;
        let expected = payment();
        Mock::given(method("GET"))
            .and(path(status_path(&expected)))
            .respond_with(transient)
            .up_to_n_times(MAX_RETRIES as u64)
            .mount(&fake.server)
            .await;
        serve_status(
            &fake,
            &expected,
            ResponseTemplate::new(200).set_body_json(status_answer(
                &expected,
                "PAYMENT_SUCCESS",
                "COMPLETED",
                PRO_PAISE,
            )),
        )
        .await;
        let status = fake.phonepe.status(&expected).await.unwrap();
        assert_eq!(status.outcome, Outcome::Succeeded);
        assert_eq!(fake.requests().await.len(), 1 + MAX_RETRIES as usize);
    }
}

#[tokio::test]
async fn status_errors_beyond_the_retries_are_transient_errors_not_outcomes() {
    for (name, template) in [
        ("500", ResponseTemplate::new(500)),
        ("429", ResponseTemplate::new(429)),
        (
            "timeout",
            ResponseTemplate::new(200).set_delay(Duration::from_millis(800)),
        ),
    ] {
        let fake = Fake::with_timeout(Duration::from_millis(200)).await;
        let expected = payment();
        serve_status(&fake, &expected, template).await;
        let error = fake.phonepe.status(&expected).await.unwrap_err();
        let fitting = match name {
            "500" => matches!(
                error,
                PhonePeError::Http(HttpError::Status { status, .. }) if status == StatusCode::INTERNAL_SERVER_ERROR
            ),
            "429" => matches!(error, PhonePeError::Http(HttpError::RateLimited { .. })),
            _ => matches!(error, PhonePeError::Http(HttpError::Timeout)),
        };
        assert!(fitting, "{name}: {error:?}");
        assert!(error.is_transient(), "{name}");
        assert_eq!(
            fake.requests().await.len(),
            1 + MAX_RETRIES as usize,
            "{name}"
        );
    }
}

#[tokio::test]
async fn status_malformed_bodies_are_errors_never_success() {
    let expected = payment();
    for body in [
        "<html>Service Unavailable</html>",
        "",
        r#"{"success":true}"#,
        r#"{"success":true,"code":"PAYMENT_SUCCESS","data":{"amount":"99900"}}"#,
        r#"{"success":true,"code":"PAYMENT_SUCCESS","data":{}}"#,
    ] {
        let fake = Fake::new().await;
        serve_status(
            &fake,
            &expected,
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        let error = fake.phonepe.status(&expected).await.unwrap_err();
        assert!(
            matches!(
                error,
                PhonePeError::Http(HttpError::InvalidResponse(_))
                    | PhonePeError::InvalidResponse(_)
            ),
            "{body}: {error:?}"
        );
        assert!(!error.is_transient(), "{body}");
    }
}

#[tokio::test]
async fn status_with_another_amount_is_an_error_even_when_paid() {
    let fake = Fake::new().await;
    let expected = payment();
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &expected,
            "PAYMENT_SUCCESS",
            "COMPLETED",
            49_900,
        )),
    )
    .await;
    let error = fake.phonepe.status(&expected).await.unwrap_err();
    assert!(
        matches!(
            error,
            PhonePeError::AmountMismatch {
                expected: PRO_PAISE,
                got: 49_900
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn status_about_another_transaction_is_an_error() {
    let fake = Fake::new().await;
    let expected = payment();
    let other = payment();
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(200).set_body_json(status_answer(
            &other,
            "PAYMENT_SUCCESS",
            "COMPLETED",
            PRO_PAISE,
        )),
    )
    .await;
    assert!(matches!(
        fake.phonepe.status(&expected).await,
        Err(PhonePeError::Misattributed {
            field: "merchantTransactionId",
            ..
        })
    ));
}

#[tokio::test]
async fn status_refused_by_phonepe_keeps_its_code_and_http_status() {
    let fake = Fake::new().await;
    let expected = payment();
    serve_status(
        &fake,
        &expected,
        ResponseTemplate::new(401).set_body_json(json!({
            "success": false,
            "code": "AUTHORIZATION_FAILED",
            "message": "Your X-VERIFY header is invalid."
        })),
    )
    .await;
    let error = fake.phonepe.status(&expected).await.unwrap_err();
    assert!(
        matches!(
            &error,
            PhonePeError::Rejected { status: Some(StatusCode::UNAUTHORIZED), code, .. }
                if code == "AUTHORIZATION_FAILED"
        ),
        "{error:?}"
    );
    assert!(!error.is_transient());
    // A 4xx is final: asked once.
    assert_eq!(fake.requests().await.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Callback, through the client
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_callback_signed_like_phonepe_settles_like_a_status_answer() {
    let fake = Fake::new().await;
    let expected = payment();
    let payload = status_answer(&expected, "PAYMENT_SUCCESS", "COMPLETED", PRO_PAISE);
    let response = STANDARD.encode(payload.to_string());
    let body = json!({ "response": response }).to_string();
    let signature = x_verify(&response);

    let callback = fake
        .phonepe
        .verify_callback(Some(&signature), body.as_bytes())
        .unwrap();
    assert_eq!(
        callback.merchant_transaction_id().payment_request_id(),
        expected.payment_request_id
    );
    assert_eq!(
        callback.settle(&expected).unwrap().outcome,
        Outcome::Succeeded
    );
    // The same bytes with a signature made with another salt are refused.
    let forged = format!("{:x}###1", Sha256::digest(format!("{response}wrong-salt")));
    assert!(
        fake.phonepe
            .verify_callback(Some(&forged), body.as_bytes())
            .is_err()
    );
    assert!(fake.requests().await.is_empty());
}
