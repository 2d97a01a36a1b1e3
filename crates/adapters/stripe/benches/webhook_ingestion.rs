//! Webhook ingestion throughput: signed Stripe events verified on the raw body, translated,
//! and applied exactly once into PostgreSQL (a fresh test database), 16 deliveries in flight,
//! every event delivered twice. Prints events per second and checks zero duplicates applied.
//!
//! `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!  cargo bench -p jobr-stripe --bench webhook_ingestion`

use futures::StreamExt;
use jobr_accounts::{NewUser, UserRepository};
use jobr_core::{Currency, Email, Money, Plan, Role, UserId};
use jobr_http::{ClientConfig, OutboundClient, Url};
use jobr_postgres::{PgSubscriptionRepository, PgUserRepository, TestDatabase};
use jobr_stripe::{StripeConfig, StripeProvider, sign};
use jobr_subscriptions::{
    CheckoutRecord, EventOutcome, PaymentProvider, PaymentRequest, PaymentRequestId, PaymentState,
    ProviderKind, Subscription, SubscriptionId, SubscriptionRepository, SubscriptionStatus,
};
use secrecy::SecretString;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use time::{Duration, OffsetDateTime};

const SECRET: &str = "whsec_bench";
const SUBSCRIPTIONS: usize = 50;
const EVENTS: usize = 4000;
const IN_FLIGHT: usize = 16;

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::main]
async fn main() {
    let db = TestDatabase::new().await;
    let users = PgUserRepository::new(db.database());
    let repo = Arc::new(PgSubscriptionRepository::new(db.database()));
    let now = OffsetDateTime::now_utc();
    for i in 0..SUBSCRIPTIONS {
        let user = UserId::new();
        ok(users
            .insert(&NewUser {
                id: user,
                email: ok(Email::parse(&format!("bench{i}@example.com"))),
                password_hash: None,
                first_name: "Bench".into(),
                last_name: "User".into(),
                role: Role::User,
                created_at: now,
            })
            .await);
        let subscription = Subscription {
            id: SubscriptionId::new(),
            user_id: user,
            plan: Plan::Premium,
            status: SubscriptionStatus::Incomplete,
            provider: ProviderKind::Stripe,
            provider_customer_id: None,
            provider_subscription_id: None,
            current_period_end: None,
            cancel_at_period_end: false,
            last_event_at: None,
            created_at: now,
            updated_at: now,
        };
        let payment = PaymentRequest {
            id: PaymentRequestId::new(),
            user_id: user,
            subscription_id: subscription.id,
            provider: ProviderKind::Stripe,
            plan: Plan::Premium,
            amount: Money {
                minor_units: 4999,
                currency: Currency::Usd,
            },
            state: PaymentState::Pending,
            provider_payment_id: None,
            created_at: now,
            updated_at: now,
            expires_at: now + Duration::hours(1),
        };
        ok(repo.begin_checkout(&subscription, &payment).await);
        let record = CheckoutRecord {
            provider_payment_id: format!("pi_{i}"),
            provider_customer_id: Some(format!("cus_{i}")),
            provider_subscription_id: Some(format!("sub_{i}")),
            current_period_end: Some(now + Duration::days(30)),
        };
        ok(repo.attach_checkout(payment.id, &record, now).await);
    }

    let stripe = Arc::new(StripeProvider::with_client(
        StripeConfig {
            secret_key: SecretString::from("sk_test_bench"),
            webhook_secret: SecretString::from(SECRET),
            price_premium: "price_premium".into(),
            price_pro: "price_pro".into(),
            api_base: ok(Url::parse("http://127.0.0.1:9")),
        },
        ok(OutboundClient::new(ClientConfig::new("stripe"))),
    ));
    // Each event twice, the copies apart: the second must change nothing.
    let signed_at = now.unix_timestamp();
    let bodies: Vec<String> = (0..EVENTS)
        .map(|n| {
            let i = n % SUBSCRIPTIONS;
            let status = if n % 7 == 3 { "past_due" } else { "active" };
            serde_json::json!({
                "id": format!("evt_{n}"), "object": "event", "type": "customer.subscription.updated",
                "created": signed_at - (EVENTS - n) as i64,
                "data": {"object": {
                    "id": format!("sub_{i}"), "object": "subscription", "status": status,
                    "current_period_end": signed_at + 2_592_000, "cancel_at_period_end": false,
                    "items": {"object": "list", "data": [{"price": {"id": "price_premium"}}]}
                }}
            })
            .to_string()
        })
        .collect();
    let deliveries: Vec<(String, String)> = bodies
        .iter()
        .chain(bodies.iter())
        .map(|body| {
            (
                sign(body.as_bytes(), SECRET.as_bytes(), signed_at),
                body.clone(),
            )
        })
        .collect();

    let started = Instant::now();
    let outcomes: Vec<EventOutcome> = futures::stream::iter(deliveries)
        .map(|(header, body)| {
            let stripe = Arc::clone(&stripe);
            let repo = Arc::clone(&repo);
            async move {
                let at = OffsetDateTime::now_utc();
                let event = ok(stripe.parse_webhook(Some(header), body.as_bytes(), at));
                // Subscription updates owe the user no mail: nothing to prepare.
                ok(repo.apply_event(&event, None, at).await)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let elapsed = started.elapsed();

    let mut counts: HashMap<&str, usize> = HashMap::new();
    for outcome in &outcomes {
        *counts.entry(outcome.as_str()).or_default() += 1;
    }
    let duplicates = counts.get("duplicate").copied().unwrap_or(0);
    assert_eq!(
        duplicates, EVENTS,
        "every second copy is a duplicate: {counts:?}"
    );
    assert_eq!(
        outcomes.len() - duplicates,
        EVENTS,
        "every event recorded once"
    );
    println!(
        "{} deliveries ({} distinct events, {SUBSCRIPTIONS} subscriptions, {IN_FLIGHT} in flight) \
         in {:.2} s: {:.0} deliveries/s; outcomes {counts:?}; duplicates applied: 0",
        outcomes.len(),
        EVENTS,
        elapsed.as_secs_f64(),
        outcomes.len() as f64 / elapsed.as_secs_f64(),
    );
}
