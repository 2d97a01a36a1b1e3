//! A crash between receiving a provider event and applying its effect leaves nothing applied
//! and no mail queued, and the redelivery succeeds with one receipt. The crash is a trigger
//! that fails the effect's write.

use async_trait::async_trait;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use jobr_accounts::{NewUser, UserRepository};
use jobr_core::{BoxError, Currency, Email, Money, Plan, Role, UserId};
use jobr_notifications::{BaseUrl, MailComposer, MailKind, Outbox};
use jobr_postgres::{PgOutbox, PgSubscriptionRepository, PgUserRepository, TestDatabase};
use jobr_subscriptions::{
    BillingContact, BillingContacts, CheckoutRecord, EventOutcome, PaymentEvent, PaymentEventKind,
    PaymentMailing, PaymentRequest, PaymentRequestId, PaymentState, ProviderKind, Subscription,
    SubscriptionId, SubscriptionRepository, SubscriptionStatus,
};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// Payers as the server finds them: in the users table.
struct Users(Arc<PgUserRepository>);

#[async_trait]
impl BillingContacts for Users {
    async fn contact_of(&self, user: UserId) -> Result<Option<BillingContact>, BoxError> {
        Ok(self.0.find_by_id(user).await?.map(|u| BillingContact {
            email: u.email,
            first_name: u.first_name,
        }))
    }
}

async fn receipts(outbox: &PgOutbox) -> Vec<String> {
    outbox
        .list(None, 100)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|m| m.kind == MailKind::PaymentReceipt)
        .map(|m| m.to.as_str().to_owned())
        .collect()
}

async fn execute(url: &str, sql: &str) {
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    diesel::sql_query(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_failed_effect_leaves_nothing_and_the_redelivery_applies() {
    let db = TestDatabase::new().await;
    let users = Arc::new(PgUserRepository::new(db.database()));
    let repo = PgSubscriptionRepository::new(db.database());
    let outbox = PgOutbox::new(db.database());
    let mailing = PaymentMailing {
        contacts: Arc::new(Users(users.clone())),
        composer: MailComposer::new(
            BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")),
        ),
    };
    let now = OffsetDateTime::now_utc();
    let user = UserId::new();
    users
        .insert(&NewUser {
            id: user,
            email: Email::parse("payer@example.com").unwrap_or_else(|e| panic!("{e}")),
            password_hash: None,
            first_name: "Pay".into(),
            last_name: "Er".into(),
            role: Role::User,
            created_at: now,
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
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
    let amount = Money {
        minor_units: 4999,
        currency: Currency::Usd,
    };
    let payment = PaymentRequest {
        id: PaymentRequestId::new(),
        user_id: user,
        subscription_id: subscription.id,
        provider: ProviderKind::Stripe,
        plan: Plan::Premium,
        amount,
        state: PaymentState::Pending,
        provider_payment_id: None,
        created_at: now,
        updated_at: now,
        expires_at: now + Duration::hours(1),
    };
    repo.begin_checkout(&subscription, &payment)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let record = CheckoutRecord {
        provider_payment_id: "pi_crash".into(),
        provider_customer_id: Some("cus_crash".into()),
        provider_subscription_id: Some("sub_crash".into()),
        current_period_end: Some(now + Duration::days(30)),
    };
    repo.attach_checkout(payment.id, &record, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // The subscription write (the last part of the effect) fails.
    execute(
        db.url(),
        "CREATE FUNCTION fail_effect() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$",
    )
    .await;
    execute(
        db.url(),
        "CREATE TRIGGER fail_effect BEFORE UPDATE ON subscriptions \
         FOR EACH ROW EXECUTE FUNCTION fail_effect()",
    )
    .await;
    let event = PaymentEvent {
        provider: ProviderKind::Stripe,
        id: "evt_crash".into(),
        event_type: "payment_intent.succeeded".into(),
        created: now,
        kind: PaymentEventKind::PaymentSucceeded {
            provider_payment_id: "pi_crash".into(),
            amount,
            provider_subscription_id: None,
            period_end: None,
        },
    };
    let mail = mailing
        .prepare(&repo, &event, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(mail.is_some(), "a receipt is owed");
    assert!(repo.apply_event(&event, mail.as_ref(), now).await.is_err());
    assert!(
        receipts(&outbox).await.is_empty(),
        "no mail for a failed effect"
    );
    let after_crash = repo
        .find_payment(payment.id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("payment gone"));
    assert_eq!(
        after_crash.state,
        PaymentState::Pending,
        "the payment write was rolled back"
    );

    execute(db.url(), "DROP TRIGGER fail_effect ON subscriptions").await;
    let mail = mailing
        .prepare(&repo, &event, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        repo.apply_event(&event, mail.as_ref(), now)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        EventOutcome::Applied,
        "the event was not recorded by the failed attempt"
    );
    let current = repo
        .current(user)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no subscription"));
    assert_eq!(current.status, SubscriptionStatus::Active);
    assert_eq!(
        receipts(&outbox).await,
        vec!["payer@example.com".to_owned()]
    );
    let replay = mailing
        .prepare(&repo, &event, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(replay, None, "a payment already succeeded owes nothing");
    assert_eq!(
        repo.apply_event(&event, replay.as_ref(), now)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        EventOutcome::Duplicate
    );
    assert_eq!(receipts(&outbox).await.len(), 1);
}
