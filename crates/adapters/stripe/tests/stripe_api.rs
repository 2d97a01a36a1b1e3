//! The Stripe adapter against a local fake speaking Stripe's wire format: form-encoded
//! requests with the pinned version and idempotency keys, JSON answers and error objects.

use jobr_core::{Currency, Money, Plan, UserId};
use jobr_http::{BreakerConfig, ClientConfig, OutboundClient, Url};
use jobr_stripe::{StripeConfig, StripeProvider, sign};
use jobr_subscriptions::{
    CheckoutAction, CheckoutRequest, PaymentEventKind, PaymentProvider, PaymentRequest,
    PaymentRequestId, PaymentState, ProviderError, ProviderKind, ProviderPaymentStatus,
    SubscriptionBilling, SubscriptionId, SubscriptionStatus, WebhookError,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::time::Duration;
use time::OffsetDateTime;
use wiremock::matchers::{body_string_contains, header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "whsec_test_secret";

fn provider(server: &MockServer) -> StripeProvider {
    let config = StripeConfig {
        secret_key: SecretString::from("sk_test_123"),
        webhook_secret: SecretString::from(SECRET),
        price_premium: "price_premium".into(),
        price_pro: "price_pro".into(),
        api_base: Url::parse(&server.uri()).unwrap_or_else(|e| panic!("{e}")),
    };
    let mut client = ClientConfig::new("stripe");
    client.timeout = Duration::from_millis(500);
    client.max_retries = 1;
    client.base_backoff = Duration::from_millis(10);
    client.breaker = BreakerConfig::default();
    let http = OutboundClient::new(client).unwrap_or_else(|e| panic!("{e}"));
    StripeProvider::with_client(config, http)
}

fn payment(amount: i64) -> PaymentRequest {
    let now = OffsetDateTime::now_utc();
    PaymentRequest {
        id: PaymentRequestId::new(),
        user_id: UserId::new(),
        subscription_id: SubscriptionId::new(),
        provider: ProviderKind::Stripe,
        plan: Plan::Premium,
        amount: Money {
            minor_units: amount,
            currency: Currency::Usd,
        },
        state: PaymentState::Pending,
        provider_payment_id: Some("pi_123".into()),
        created_at: now,
        updated_at: now,
        expires_at: now,
    }
}

fn checkout(payment: PaymentRequest) -> CheckoutRequest {
    CheckoutRequest {
        payment,
        email: None,
        provider_customer_id: None,
        redirect_url: None,
        callback_url: None,
        mobile_number: None,
    }
}

fn subscription_json(amount: i64) -> serde_json::Value {
    json!({
        "id": "sub_123", "object": "subscription", "status": "incomplete",
        "customer": "cus_123", "current_period_end": 1_800_000_000, "cancel_at_period_end": false,
        "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": "price_premium"}}]},
        "latest_invoice": {
            "id": "in_123", "object": "invoice", "subscription": "sub_123", "currency": "usd",
            "amount_paid": 0,
            "payment_intent": {
                "id": "pi_123", "object": "payment_intent", "amount": amount, "currency": "usd",
                "status": "requires_payment_method", "client_secret": "pi_123_secret_456"
            }
        }
    })
}

#[tokio::test]
async fn checkout_creates_a_customer_and_a_subscription_with_the_attempt_as_key() {
    let server = MockServer::start().await;
    let request = checkout(payment(4999));
    let attempt = request.payment.id.to_string();
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header("stripe-version", "2024-06-20"))
        .and(header("authorization", "Bearer sk_test_123"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header(
            "idempotency-key",
            format!("{attempt}-customer").as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "cus_123", "object": "customer"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions"))
        .and(header("stripe-version", "2024-06-20"))
        .and(header("idempotency-key", attempt.as_str()))
        .and(body_string_contains("customer=cus_123"))
        .and(body_string_contains(
            "items%5B0%5D%5Bprice%5D=price_premium",
        ))
        .and(body_string_contains("payment_behavior=default_incomplete"))
        .and(body_string_contains(
            "expand%5B0%5D=latest_invoice.payment_intent",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(subscription_json(4999)))
        .expect(1)
        .mount(&server)
        .await;
    let started = provider(&server)
        .start_checkout(&request)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(started.provider_payment_id, "pi_123");
    assert_eq!(started.provider_subscription_id.as_deref(), Some("sub_123"));
    assert_eq!(started.provider_customer_id.as_deref(), Some("cus_123"));
    match started.action {
        CheckoutAction::ClientSecret(secret) => {
            assert_eq!(secret.expose_secret(), "pi_123_secret_456");
        }
        CheckoutAction::Redirect(_) => panic!("Stripe answers a client secret"),
    }
}

#[tokio::test]
async fn another_amount_from_stripe_is_a_mismatch_not_a_checkout() {
    let server = MockServer::start().await;
    let mut request = checkout(payment(4999));
    request.provider_customer_id = Some("cus_123".into());
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(subscription_json(499)))
        .mount(&server)
        .await;
    let error = provider(&server)
        .start_checkout(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::AmountMismatch { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn stripe_errors_are_mapped() {
    let cases = [
        (
            402,
            json!({"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}}),
        ),
        (
            400,
            json!({"error": {"type": "invalid_request_error", "message": "No such price", "param": "items[0][price]"}}),
        ),
        (
            401,
            json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}),
        ),
        (
            429,
            json!({"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"}}),
        ),
        (
            500,
            json!({"error": {"type": "api_error", "message": "Something went wrong"}}),
        ),
    ];
    for (status, body) in cases {
        let server = MockServer::start().await;
        let mut request = checkout(payment(4999));
        request.provider_customer_id = Some("cus_123".into());
        Mock::given(method("POST"))
            .and(path("/v1/subscriptions"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let error = provider(&server)
            .start_checkout(&request)
            .await
            .unwrap_err();
        let expected = match status {
            402 => {
                matches!(&error, ProviderError::CardDeclined { decline_code: Some(code), .. } if code == "insufficient_funds")
            }
            400 => {
                matches!(&error, ProviderError::InvalidRequest { param: Some(p), .. } if p == "items[0][price]")
            }
            401 => matches!(error, ProviderError::Authentication),
            429 => matches!(error, ProviderError::RateLimited),
            _ => matches!(error, ProviderError::Api { .. }),
        };
        assert!(expected, "{status}: {error:?}");
    }
}

#[tokio::test]
async fn a_timeout_is_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents/pi_123"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let error = provider(&server)
        .payment_status(&payment(4999))
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unavailable(_)), "{error:?}");
}

#[tokio::test]
async fn payment_status_checks_the_amount_and_sends_no_idempotency_key_on_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents/pi_123"))
        .and(header("stripe-version", "2024-06-20"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "pi_123", "object": "payment_intent", "amount": 4999, "amount_received": 4999,
            "currency": "usd", "status": "succeeded"
        })))
        .mount(&server)
        .await;
    let stripe = provider(&server);
    assert_eq!(
        stripe
            .payment_status(&payment(4999))
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        ProviderPaymentStatus::Succeeded {
            amount: Money {
                minor_units: 4999,
                currency: Currency::Usd
            }
        }
    );
    assert!(matches!(
        stripe.payment_status(&payment(9999)).await,
        Err(ProviderError::AmountMismatch { .. })
    ));
    for received in server.received_requests().await.unwrap_or_default() {
        assert!(!received.headers.contains_key("idempotency-key"));
    }
}

#[tokio::test]
async fn cancel_at_period_end_and_portal() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/subscriptions/sub_123"))
        .and(body_string_contains("cancel_at_period_end=true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "sub_123", "object": "subscription", "status": "active",
            "current_period_end": 1_800_000_000, "cancel_at_period_end": true,
            "items": {"object": "list", "data": [{"price": {"id": "price_pro"}}]}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/billing_portal/sessions"))
        .and(header_exists("idempotency-key"))
        .and(body_string_contains("customer=cus_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "bps_1", "object": "billing_portal.session", "url": "https://billing.stripe.com/p/session/x"
        })))
        .mount(&server)
        .await;
    let stripe = provider(&server);
    let snapshot = stripe
        .set_cancel_at_period_end("sub_123", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(snapshot.cancel_at_period_end);
    assert_eq!(snapshot.status, SubscriptionStatus::Active);
    assert_eq!(snapshot.plan, Some(Plan::Pro));
    let url = stripe
        .portal_url("cus_123", "https://jobr.example/account")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(url, "https://billing.stripe.com/p/session/x");
}

#[tokio::test]
async fn webhooks_are_verified_then_translated() {
    let server = MockServer::start().await;
    let stripe = provider(&server);
    let now = OffsetDateTime::now_utc();
    let body = json!({
        "id": "evt_1", "object": "event", "type": "invoice.payment_succeeded",
        "created": now.unix_timestamp(),
        "data": {"object": {
            "id": "in_1", "object": "invoice", "subscription": "sub_123", "payment_intent": "pi_123",
            "amount_paid": 4999, "currency": "usd",
            "lines": {"object": "list", "data": [{"period": {"start": 1, "end": 1_800_000_000}}]}
        }}
    })
    .to_string();
    let header = sign(body.as_bytes(), SECRET.as_bytes(), now.unix_timestamp());
    let event = stripe
        .parse_webhook(Some(header.clone()), body.as_bytes(), now)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(event.id, "evt_1");
    match event.kind {
        PaymentEventKind::PaymentSucceeded {
            provider_payment_id,
            amount,
            provider_subscription_id,
            ..
        } => {
            assert_eq!(provider_payment_id, "pi_123");
            assert_eq!(amount.minor_units, 4999);
            assert_eq!(provider_subscription_id.as_deref(), Some("sub_123"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        stripe.parse_webhook(None, body.as_bytes(), now),
        Err(WebhookError::MissingSignature)
    ));
    let tampered = body.replace("4999", "1");
    assert!(matches!(
        stripe.parse_webhook(Some(header.clone()), tampered.as_bytes(), now),
        Err(WebhookError::BadSignature)
    ));
    assert!(matches!(
        stripe.parse_webhook(
            Some(header),
            body.as_bytes(),
            now + time::Duration::seconds(301)
        ),
        Err(WebhookError::StaleTimestamp)
    ));
    let unknown = json!({"id": "evt_2", "object": "event", "type": "customer.created",
        "created": now.unix_timestamp(), "data": {"object": {"id": "cus_1"}}})
    .to_string();
    let header = sign(unknown.as_bytes(), SECRET.as_bytes(), now.unix_timestamp());
    let event = stripe
        .parse_webhook(Some(header), unknown.as_bytes(), now)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(event.kind, PaymentEventKind::Ignored);
}
