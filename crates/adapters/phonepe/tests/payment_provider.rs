//! `PhonePe` through the domain's `PaymentProvider` port, against a local fake PhonePe
//! (wiremock) speaking PG v1's JSON: checkout, status, webhooks, and the error mapping.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jobr_core::{Currency, Money, Plan, UserId};
use jobr_http::{BreakerConfig, ClientConfig, OutboundClient, Url};
use jobr_phonepe::{Environment, MerchantTransactionId, PhonePe, PhonePeConfig};
use jobr_subscriptions::{
    CheckoutAction, CheckoutRequest, PaymentEventKind, PaymentProvider, PaymentRequest,
    PaymentRequestId, PaymentState, ProviderError, ProviderKind, ProviderPaymentStatus,
    SubscriptionId, WebhookError,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MERCHANT: &str = "PGTESTPAYUAT86";
const SALT: &str = "96434309-7796-489d-8924-ab56988a6076";
const PREFIX: &str = "/apis/pg-sandbox";
const PRO_PAISE: i64 = 99_900;

async fn fake(timeout: Duration) -> (MockServer, PhonePe) {
    let server = MockServer::start().await;
    let mut config = PhonePeConfig::new(MERCHANT, SALT.into(), 1, Environment::Sandbox).unwrap();
    config.api_base = Url::parse(&format!("{}{PREFIX}", server.uri())).unwrap();
    config.timeout = timeout;
    let client = OutboundClient::new(ClientConfig {
        max_retries: 1,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        breaker: BreakerConfig {
            failure_threshold: 1_000,
            open_for: Duration::from_secs(30),
        },
        ..config.client_config()
    })
    .unwrap();
    (server, PhonePe::with_client(config, client))
}

fn pro_payment() -> PaymentRequest {
    let now = OffsetDateTime::now_utc();
    PaymentRequest {
        id: PaymentRequestId::new(),
        user_id: UserId::new(),
        subscription_id: SubscriptionId::new(),
        provider: ProviderKind::PhonePe,
        plan: Plan::Pro,
        amount: Plan::Pro.monthly_price(Currency::Inr).unwrap(),
        state: PaymentState::Pending,
        provider_payment_id: None,
        created_at: now,
        updated_at: now,
        expires_at: now + time::Duration::minutes(30),
    }
}

fn checkout(payment: &PaymentRequest) -> CheckoutRequest {
    CheckoutRequest {
        payment: payment.clone(),
        email: None,
        provider_customer_id: None,
        redirect_url: Some("https://jobr.example/api/phonepe/callback".to_owned()),
        callback_url: Some("https://jobr.example/api/phonepe/webhook".to_owned()),
        mobile_number: Some("+919999999999".to_owned()),
    }
}

fn transaction(payment: &PaymentRequest) -> String {
    MerchantTransactionId::for_payment(payment.id.0).to_string()
}

fn transaction_answer(payment: &PaymentRequest, code: &str, state: &str, amount: i64) -> Value {
    json!({
        "success": code == "PAYMENT_SUCCESS",
        "code": code,
        "message": "Your request has been successfully completed.",
        "data": {
            "merchantId": MERCHANT,
            "merchantTransactionId": transaction(payment),
            "transactionId": "T2111221437456190170379",
            "amount": amount,
            "state": state,
            "responseCode": if state == "FAILED" { "ZM" } else { "SUCCESS" },
            "paymentInstrument": { "type": "UPI", "utr": "206378866112" }
        }
    })
}

async fn serve_status(server: &MockServer, payment: &PaymentRequest, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!(
            "{PREFIX}/pg/v1/status/{MERCHANT}/{}",
            transaction(payment)
        )))
        .respond_with(template)
        .mount(server)
        .await;
}

/// A callback body and `X-VERIFY`, made here as PhonePe makes them.
fn callback(payload: &Value) -> (String, String) {
    let response = STANDARD.encode(payload.to_string());
    let x_verify = format!("{:x}###1", Sha256::digest(format!("{response}{SALT}")));
    (json!({ "response": response }).to_string(), x_verify)
}

#[tokio::test]
async fn checkout_answers_the_pay_page_and_the_derived_transaction_id() {
    let (server, phonepe) = fake(Duration::from_secs(5)).await;
    let payment = pro_payment();
    Mock::given(method("POST"))
        .and(path(format!("{PREFIX}/pg/v1/pay")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "code": "PAYMENT_INITIATED",
            "message": "Payment initiated",
            "data": {
                "merchantId": MERCHANT,
                "merchantTransactionId": transaction(&payment),
                "instrumentResponse": {
                    "type": "PAY_PAGE",
                    "redirectInfo": { "url": "https://mercury-uat.phonepe.com/transact/pg?token=abc", "method": "GET" }
                }
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(phonepe.kind(), ProviderKind::PhonePe);
    assert_eq!(phonepe.currency(), Currency::Inr);
    let started = phonepe.start_checkout(&checkout(&payment)).await.unwrap();
    assert!(matches!(
        &started.action,
        CheckoutAction::Redirect(url) if url == "https://mercury-uat.phonepe.com/transact/pg?token=abc"
    ));
    assert_eq!(started.provider_payment_id, transaction(&payment));
    assert!(started.provider_subscription_id.is_none());

    let sent = &server.received_requests().await.unwrap()[0];
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    let payload: Value =
        serde_json::from_slice(&STANDARD.decode(body["request"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(payload["amount"], json!(PRO_PAISE));
    assert_eq!(
        payload["merchantTransactionId"],
        json!(transaction(&payment))
    );
    assert_eq!(payload["redirectMode"], json!("POST"));
    assert_eq!(payload["mobileNumber"], json!("9999999999"));
}

#[tokio::test]
async fn checkout_without_return_urls_or_for_another_provider_sends_nothing() {
    let (server, phonepe) = fake(Duration::from_secs(5)).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let payment = pro_payment();
    let mut no_callback = checkout(&payment);
    no_callback.callback_url = None;
    assert!(matches!(
        phonepe.start_checkout(&no_callback).await,
        Err(ProviderError::InvalidRequest { param: Some(p), .. }) if p == "callback_url"
    ));
    let mut relative = checkout(&payment);
    relative.redirect_url = Some("/api/phonepe/callback".to_owned());
    assert!(matches!(
        phonepe.start_checkout(&relative).await,
        Err(ProviderError::InvalidRequest { param: Some(p), .. }) if p == "redirect_url"
    ));
    let mut stripe = pro_payment();
    stripe.provider = ProviderKind::Stripe;
    assert!(matches!(
        phonepe.start_checkout(&checkout(&stripe)).await,
        Err(ProviderError::InvalidRequest { .. })
    ));
    let mut dollars = pro_payment();
    dollars.amount = Money {
        minor_units: 9_999,
        currency: Currency::Usd,
    };
    assert!(matches!(
        phonepe.start_checkout(&checkout(&dollars)).await,
        Err(ProviderError::InvalidRequest { .. })
    ));
}

#[tokio::test]
async fn checkout_errors_map_to_the_port() {
    let payment = pro_payment();
    for (template, check) in [
        (
            ResponseTemplate::new(429),
            (|e: &ProviderError| matches!(e, ProviderError::RateLimited))
                as fn(&ProviderError) -> bool,
        ),
        (
            ResponseTemplate::new(401).set_body_json(json!({
                "success": false, "code": "AUTHORIZATION_FAILED", "message": "X-VERIFY invalid"
            })),
            |e| matches!(e, ProviderError::Authentication),
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({
                "success": false, "code": "BAD_REQUEST", "message": "Please check the inputs"
            })),
            |e| matches!(e, ProviderError::InvalidRequest { message, .. } if message.starts_with("BAD_REQUEST")),
        ),
        (ResponseTemplate::new(503), |e| {
            matches!(e, ProviderError::Api { .. })
        }),
        (
            ResponseTemplate::new(200).set_delay(Duration::from_millis(600)),
            |e| matches!(e, ProviderError::Unavailable(_)),
        ),
        (
            ResponseTemplate::new(200).set_body_string("{not json"),
            |e| matches!(e, ProviderError::UnexpectedResponse(_)),
        ),
    ] {
        let (server, phonepe) = fake(Duration::from_millis(200)).await;
        Mock::given(method("POST"))
            .respond_with(template)
            .expect(1)
            .mount(&server)
            .await;
        let error = phonepe
            .start_checkout(&checkout(&payment))
            .await
            .unwrap_err();
        assert!(check(&error), "{error:?}");
    }
}

#[tokio::test]
async fn payment_status_maps_outcomes_and_refuses_another_amount() {
    let payment = pro_payment();
    for (answer, expected) in [
        (
            transaction_answer(&payment, "PAYMENT_SUCCESS", "COMPLETED", PRO_PAISE),
            Ok(ProviderPaymentStatus::Succeeded {
                amount: payment.amount,
            }),
        ),
        (
            transaction_answer(&payment, "PAYMENT_PENDING", "PENDING", PRO_PAISE),
            Ok(ProviderPaymentStatus::Pending),
        ),
        (
            transaction_answer(&payment, "PAYMENT_ERROR", "FAILED", PRO_PAISE),
            Ok(ProviderPaymentStatus::Failed {
                reason: "PAYMENT_ERROR (ZM)".to_owned(),
            }),
        ),
        (
            transaction_answer(&payment, "PAYMENT_SUCCESS", "COMPLETED", 49_900),
            Err(()),
        ),
    ] {
        let (server, phonepe) = fake(Duration::from_secs(5)).await;
        serve_status(
            &server,
            &payment,
            ResponseTemplate::new(200).set_body_json(answer),
        )
        .await;
        let got = phonepe.payment_status(&payment).await;
        match expected {
            Ok(status) => assert_eq!(got.unwrap(), status),
            Err(()) => assert!(
                matches!(
                    got,
                    Err(ProviderError::AmountMismatch { expected, got })
                        if expected == payment.amount && got.minor_units == 49_900 && got.currency == Currency::Inr
                ),
                "{got:?}"
            ),
        }
    }
}

#[tokio::test]
async fn payment_status_refuses_a_request_whose_provider_id_is_not_its_own() {
    let (server, phonepe) = fake(Duration::from_secs(5)).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let mut payment = pro_payment();
    payment.provider_payment_id =
        Some(MerchantTransactionId::for_payment(uuid::Uuid::new_v4()).to_string());
    assert!(matches!(
        phonepe.payment_status(&payment).await,
        Err(ProviderError::InvalidRequest { .. })
    ));
}

#[tokio::test]
async fn webhooks_become_events_with_a_stable_id() {
    let (_server, phonepe) = fake(Duration::from_secs(5)).await;
    let payment = pro_payment();
    let now = OffsetDateTime::now_utc();

    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_SUCCESS",
        "COMPLETED",
        PRO_PAISE,
    ));
    let event = phonepe
        .parse_webhook(Some(x_verify.clone()), body.as_bytes(), now)
        .unwrap();
    assert_eq!(event.provider, ProviderKind::PhonePe);
    assert_eq!(event.event_type, "PAYMENT_SUCCESS");
    assert_eq!(
        event.id,
        format!("{}:PAYMENT_SUCCESS", transaction(&payment))
    );
    assert_eq!(event.created, now);
    assert_eq!(
        event.kind,
        PaymentEventKind::PaymentSucceeded {
            provider_payment_id: transaction(&payment),
            amount: payment.amount,
            provider_subscription_id: None,
            period_end: None,
        }
    );
    // A redelivery is the same event.
    let again = phonepe
        .parse_webhook(
            Some(x_verify),
            body.as_bytes(),
            now + time::Duration::minutes(1),
        )
        .unwrap();
    assert_eq!(again.id, event.id);

    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_ERROR",
        "FAILED",
        PRO_PAISE,
    ));
    let failed = phonepe
        .parse_webhook(Some(x_verify), body.as_bytes(), now)
        .unwrap();
    assert_ne!(failed.id, event.id);
    assert_eq!(
        failed.kind,
        PaymentEventKind::PaymentFailed {
            provider_payment_id: Some(transaction(&payment)),
            provider_subscription_id: None,
            reason: Some("PAYMENT_ERROR (ZM)".to_owned()),
        }
    );

    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_PENDING",
        "PENDING",
        PRO_PAISE,
    ));
    let pending = phonepe
        .parse_webhook(Some(x_verify), body.as_bytes(), now)
        .unwrap();
    assert_eq!(pending.kind, PaymentEventKind::Ignored);

    // A success for another amount is reported as PhonePe says: the domain compares it with
    // the payment request and refuses it.
    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_SUCCESS",
        "COMPLETED",
        100,
    ));
    assert!(matches!(
        phonepe.parse_webhook(Some(x_verify), body.as_bytes(), now).unwrap().kind,
        PaymentEventKind::PaymentSucceeded { amount, .. } if amount.minor_units == 100
    ));
}

#[tokio::test]
async fn webhooks_that_fail_verification_are_refused() {
    let (_server, phonepe) = fake(Duration::from_secs(5)).await;
    let payment = pro_payment();
    let now = OffsetDateTime::now_utc();
    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_SUCCESS",
        "COMPLETED",
        PRO_PAISE,
    ));
    assert!(matches!(
        phonepe.parse_webhook(None, body.as_bytes(), now),
        Err(WebhookError::MissingSignature)
    ));
    assert!(matches!(
        phonepe.parse_webhook(Some("abc".into()), body.as_bytes(), now),
        Err(WebhookError::MalformedSignature)
    ));
    let (other_body, _) = callback(&transaction_answer(
        &payment,
        "PAYMENT_SUCCESS",
        "COMPLETED",
        PRO_PAISE * 10,
    ));
    assert!(matches!(
        phonepe.parse_webhook(Some(x_verify.clone()), other_body.as_bytes(), now),
        Err(WebhookError::BadSignature)
    ));
    assert!(matches!(
        phonepe.parse_webhook(Some(x_verify), b"{\"response\":", now),
        Err(WebhookError::MalformedPayload(_))
    ));
    // Signed, but a success in state PENDING contradicts itself.
    let (body, x_verify) = callback(&transaction_answer(
        &payment,
        "PAYMENT_SUCCESS",
        "PENDING",
        PRO_PAISE,
    ));
    assert!(matches!(
        phonepe.parse_webhook(Some(x_verify), body.as_bytes(), now),
        Err(WebhookError::MalformedPayload(_))
    ));
}
