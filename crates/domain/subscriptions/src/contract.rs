//! The one contract suite for [`SubscriptionRepository`]. Every adapter runs it against its
//! own implementation through [`subscription_repository_contract!`], so the in-memory default
//! and PostgreSQL are held to the same money rules.

use crate::{
    BillingContact, BillingContacts, CHECKOUT_RACE_WINDOW, CheckoutRecord, EventOutcome,
    PaymentEvent, PaymentEventKind, PaymentMailing, PaymentRequest, PaymentRequestId, PaymentState,
    ProviderKind, Subscription, SubscriptionError, SubscriptionId, SubscriptionRepository,
    SubscriptionSnapshot, SubscriptionStatus,
};
use async_trait::async_trait;
use jobr_core::{BoxError, Currency, Email, Money, Plan, Timestamp, UserId};
use jobr_notifications::{BaseUrl, MailComposer, MailKind, Outbox};
use std::{future::Future, pin::Pin, sync::Arc};
use time::{Duration, OffsetDateTime};

/// Makes a user the store accepts as an owner (Postgres needs a `users` row).
pub type NewOwner = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = UserId> + Send>> + Send + Sync>;

pub struct SubscriptionRepos {
    pub repo: Arc<dyn SubscriptionRepository>,
    pub new_owner: NewOwner,
    /// The outbox the repository stores payment mail in.
    pub outbox: Arc<dyn Outbox>,
}

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(SubscriptionRepos, guard)`.
#[macro_export]
macro_rules! subscription_repository_contract {
    ($make:expr) => {
        $crate::subscription_repository_contract!(@cases $make;
            checkout_then_payment_activates_once,
            fifty_concurrent_deliveries_apply_once,
            the_pair_of_success_events_records_one_payment,
            an_older_update_after_a_newer_one_changes_nothing,
            deletion_is_final_whatever_arrives_after,
            a_wrong_amount_applies_nothing,
            a_failed_payment_mails_once,
            a_mail_not_prepared_applies_nothing_and_the_redelivery_mails,
            an_event_racing_its_checkout_stores_nothing_so_a_redelivery_can_apply,
            an_event_naming_unknown_objects_is_recorded_once_as_unmatched,
            a_second_checkout_while_subscribed_is_refused,
            concurrent_checkouts_open_one_subscription,
            an_abandoned_checkout_is_replaced,
            a_late_payment_with_no_other_plan_revives_the_paid_checkout,
            a_late_payment_while_another_plan_is_active_is_owed_back,
            a_late_payment_racing_the_newer_checkouts_payment_buys_one_plan,
            cancel_at_period_end_and_resume,
            due_payments_are_claimed_once,
            payments_are_listed_newest_first_per_user,
        );
    };
    (@cases $make:expr; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $case() {
                let (repos, _guard) = $make.await;
                $crate::contract::$case(repos).await;
            }
        )+
    };
}

fn now() -> Timestamp {
    // Whole microseconds: Postgres keeps no more.
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

fn usd(minor_units: i64) -> Money {
    Money {
        minor_units,
        currency: Currency::Usd,
    }
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Every user is reachable at `{id}@example.com`.
struct ByUserId;

fn address_of(user: UserId) -> Email {
    ok(Email::parse(&format!("{user}@example.com")))
}

#[async_trait]
impl BillingContacts for ByUserId {
    async fn contact_of(&self, user: UserId) -> Result<Option<BillingContact>, BoxError> {
        Ok(Some(BillingContact {
            email: address_of(user),
            first_name: "Payer".into(),
        }))
    }
}

fn mailing() -> PaymentMailing {
    PaymentMailing {
        contacts: Arc::new(ByUserId),
        composer: MailComposer::new(ok(BaseUrl::parse("https://jobr.example"))),
    }
}

/// One delivery as the service makes it: the mail prepared, then the event applied with it.
async fn deliver(
    repos: &SubscriptionRepos,
    event: &PaymentEvent,
    at: Timestamp,
) -> Result<EventOutcome, SubscriptionError> {
    let mail = ok(mailing().prepare(repos.repo.as_ref(), event, at).await);
    repos.repo.apply_event(event, mail.as_ref(), at).await
}

/// The user's mail of `kind` in the outbox.
async fn mails(repos: &SubscriptionRepos, user: UserId, kind: MailKind) -> usize {
    let to = address_of(user);
    ok(repos.outbox.list(None, 10_000).await)
        .iter()
        .filter(|entry| entry.kind == kind && entry.to == to)
        .count()
}

/// A user with a started Stripe checkout for Premium, attached to `pi_{n}` / `sub_{n}`.
async fn checkout(repos: &SubscriptionRepos, tag: &str) -> (UserId, Subscription, PaymentRequest) {
    let user = (repos.new_owner)().await;
    checkout_for(repos, user, tag).await
}

async fn checkout_for(
    repos: &SubscriptionRepos,
    user: UserId,
    tag: &str,
) -> (UserId, Subscription, PaymentRequest) {
    let at = now();
    let (subscription, payment) = begin(repos, user, at).await;
    attach(repos, &payment, tag, at).await;
    (user, subscription, payment)
}

/// A checkout begun at `at` whose provider ids are not stored yet.
async fn begin(
    repos: &SubscriptionRepos,
    user: UserId,
    at: Timestamp,
) -> (Subscription, PaymentRequest) {
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
        created_at: at,
        updated_at: at,
    };
    let payment = PaymentRequest {
        id: PaymentRequestId::new(),
        user_id: user,
        subscription_id: subscription.id,
        provider: ProviderKind::Stripe,
        plan: Plan::Premium,
        amount: usd(4999),
        state: PaymentState::Pending,
        provider_payment_id: None,
        created_at: at,
        updated_at: at,
        expires_at: at + Duration::hours(1),
    };
    ok(repos.repo.begin_checkout(&subscription, &payment).await);
    (subscription, payment)
}

async fn attach(repos: &SubscriptionRepos, payment: &PaymentRequest, tag: &str, at: Timestamp) {
    let record = CheckoutRecord {
        provider_payment_id: format!("pi_{tag}"),
        provider_customer_id: Some(format!("cus_{tag}")),
        provider_subscription_id: Some(format!("sub_{tag}")),
        current_period_end: Some(at + Duration::days(30)),
    };
    ok(repos.repo.attach_checkout(payment.id, &record, at).await);
}

fn event(id: &str, created: Timestamp, kind: PaymentEventKind) -> PaymentEvent {
    PaymentEvent {
        provider: ProviderKind::Stripe,
        id: id.to_owned(),
        event_type: "test.event".to_owned(),
        created,
        kind,
    }
}

fn paid(tag: &str, amount: Money) -> PaymentEventKind {
    PaymentEventKind::PaymentSucceeded {
        provider_payment_id: format!("pi_{tag}"),
        amount,
        provider_subscription_id: None,
        period_end: None,
    }
}

fn snapshot(tag: &str, status: SubscriptionStatus, cancel: bool) -> PaymentEventKind {
    PaymentEventKind::SubscriptionChanged(SubscriptionSnapshot {
        provider_subscription_id: format!("sub_{tag}"),
        status,
        plan: None,
        current_period_end: None,
        cancel_at_period_end: cancel,
    })
}

async fn current(repos: &SubscriptionRepos, user: UserId) -> Subscription {
    ok(repos.repo.current(user).await).unwrap_or_else(|| panic!("no subscription"))
}

async fn payments(repos: &SubscriptionRepos, user: UserId) -> Vec<PaymentRequest> {
    ok(repos.repo.payments_of(user, 50, 0).await).0
}

pub async fn checkout_then_payment_activates_once(repos: SubscriptionRepos) {
    let (user, _, payment) = checkout(&repos, "a").await;
    let before = current(&repos, user).await;
    assert_eq!(before.status, SubscriptionStatus::Incomplete);
    assert_eq!(before.provider_subscription_id.as_deref(), Some("sub_a"));
    assert_eq!(
        ok(repos.repo.customer_of(user, ProviderKind::Stripe).await).as_deref(),
        Some("cus_a")
    );
    let found = ok(repos
        .repo
        .find_payment_by_provider_id(ProviderKind::Stripe, "pi_a")
        .await);
    assert_eq!(found.map(|p| p.id), Some(payment.id));

    let success = event("evt_a", now(), paid("a", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &success, now()).await),
        EventOutcome::Applied
    );
    assert_eq!(
        ok(deliver(&repos, &success, now()).await),
        EventOutcome::Duplicate
    );
    let after = current(&repos, user).await;
    assert_eq!(after.status, SubscriptionStatus::Active);
    assert_eq!(after.effective_plan(now()), Plan::Premium);
    let listed = payments(&repos, user).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, PaymentState::Succeeded);
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 1);
}

pub async fn fifty_concurrent_deliveries_apply_once(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "c").await;
    let success = event("evt_c", now(), paid("c", usd(4999)));
    let deliveries = (0..50).map(|_| {
        let repo = Arc::clone(&repos.repo);
        let success = success.clone();
        // Polled together: each delivery holds its own connection, so the store sees them
        // concurrently.
        let mailing = mailing();
        // Each delivery prepares its own mail (its own message id), as the service does.
        async move {
            let mail = ok(mailing.prepare(repo.as_ref(), &success, now()).await);
            repo.apply_event(&success, mail.as_ref(), now()).await
        }
    });
    let outcomes: Vec<EventOutcome> = futures::future::join_all(deliveries)
        .await
        .into_iter()
        .map(ok)
        .collect();
    let applied = outcomes
        .iter()
        .filter(|o| **o == EventOutcome::Applied)
        .count();
    let duplicates = outcomes
        .iter()
        .filter(|o| **o == EventOutcome::Duplicate)
        .count();
    assert_eq!((applied, duplicates), (1, 49), "{outcomes:?}");
    assert_eq!(
        mails(&repos, user, MailKind::PaymentReceipt).await,
        1,
        "exactly one receipt for fifty deliveries"
    );
    assert_eq!(
        current(&repos, user).await.status,
        SubscriptionStatus::Active
    );
    let listed = payments(&repos, user).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, PaymentState::Succeeded);
}

pub async fn the_pair_of_success_events_records_one_payment(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "p").await;
    let at = now();
    let invoice = event(
        "evt_invoice",
        at,
        PaymentEventKind::PaymentSucceeded {
            provider_payment_id: "pi_p".to_owned(),
            amount: usd(4999),
            provider_subscription_id: Some("sub_p".to_owned()),
            period_end: Some(at + Duration::days(31)),
        },
    );
    let intent = event("evt_intent", at, paid("p", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &intent, at).await),
        EventOutcome::Applied
    );
    assert_eq!(
        ok(deliver(&repos, &invoice, at).await),
        EventOutcome::Applied
    );
    let listed = payments(&repos, user).await;
    assert_eq!(listed.len(), 1, "one payment, whichever event names it");
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 1);
    let sub = current(&repos, user).await;
    assert_eq!(sub.current_period_end, Some(at + Duration::days(31)));

    // A renewal the provider reports twice is recorded once.
    let renewal = |id: &str| {
        event(
            id,
            at + Duration::days(31),
            PaymentEventKind::PaymentSucceeded {
                provider_payment_id: "pi_renewal".to_owned(),
                amount: usd(4999),
                provider_subscription_id: Some("sub_p".to_owned()),
                period_end: Some(at + Duration::days(62)),
            },
        )
    };
    assert_eq!(
        ok(deliver(&repos, &renewal("evt_r1"), at).await),
        EventOutcome::Applied
    );
    assert_eq!(
        ok(deliver(&repos, &renewal("evt_r2"), at).await),
        EventOutcome::NoChange
    );
    assert_eq!(payments(&repos, user).await.len(), 2);
    assert_eq!(
        mails(&repos, user, MailKind::PaymentReceipt).await,
        2,
        "one receipt per payment"
    );
    assert_eq!(
        current(&repos, user).await.current_period_end,
        Some(at + Duration::days(62))
    );
}

pub async fn an_older_update_after_a_newer_one_changes_nothing(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "o").await;
    let t0 = now();
    ok(deliver(&repos, &event("evt_o1", t0, paid("o", usd(4999))), t0).await);
    let newer = event(
        "evt_o3",
        t0 + Duration::seconds(20),
        snapshot("o", SubscriptionStatus::Active, true),
    );
    let older = event(
        "evt_o2",
        t0 + Duration::seconds(10),
        snapshot("o", SubscriptionStatus::PastDue, false),
    );
    assert_eq!(ok(deliver(&repos, &newer, t0).await), EventOutcome::Applied);
    assert_eq!(ok(deliver(&repos, &older, t0).await), EventOutcome::Stale);
    let sub = current(&repos, user).await;
    assert_eq!(sub.status, SubscriptionStatus::Active);
    assert!(sub.cancel_at_period_end);
}

pub async fn deletion_is_final_whatever_arrives_after(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "d").await;
    let t0 = now();
    ok(deliver(&repos, &event("evt_d1", t0, paid("d", usd(4999))), t0).await);
    let deleted = event(
        "evt_d2",
        t0 + Duration::seconds(10),
        PaymentEventKind::SubscriptionEnded {
            provider_subscription_id: "sub_d".to_owned(),
        },
    );
    assert_eq!(
        ok(deliver(&repos, &deleted, t0).await),
        EventOutcome::Applied
    );
    let late = event(
        "evt_d3",
        t0 + Duration::seconds(20),
        snapshot("d", SubscriptionStatus::Active, false),
    );
    assert_eq!(ok(deliver(&repos, &late, t0).await), EventOutcome::Stale);
    let sub = current(&repos, user).await;
    assert_eq!(sub.status, SubscriptionStatus::Canceled);
    assert_eq!(sub.effective_plan(now()), Plan::Free);
}

pub async fn a_wrong_amount_applies_nothing(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "w").await;
    let cheap = event("evt_w", now(), paid("w", usd(499)));
    assert_eq!(
        ok(deliver(&repos, &cheap, now()).await),
        EventOutcome::AmountMismatch
    );
    assert_eq!(
        current(&repos, user).await.status,
        SubscriptionStatus::Incomplete
    );
    assert_eq!(payments(&repos, user).await[0].state, PaymentState::Pending);
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 0);
}

fn failed(tag: &str, with_subscription: bool) -> PaymentEventKind {
    PaymentEventKind::PaymentFailed {
        provider_payment_id: Some(format!("pi_{tag}")),
        provider_subscription_id: with_subscription.then(|| format!("sub_{tag}")),
        reason: Some("Your card was declined.".into()),
    }
}

/// Stripe reports one failed attempt twice (payment intent, invoice); each may be replayed.
pub async fn a_failed_payment_mails_once(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "f").await;
    let t0 = now();
    let intent = event("evt_f1", t0, failed("f", false));
    let invoice = event("evt_f2", t0, failed("f", true));
    assert_eq!(
        ok(deliver(&repos, &intent, t0).await),
        EventOutcome::Applied
    );
    assert_eq!(
        ok(deliver(&repos, &intent, t0).await),
        EventOutcome::Duplicate
    );
    ok(deliver(&repos, &invoice, t0).await);
    assert_eq!(payments(&repos, user).await[0].state, PaymentState::Failed);
    assert_eq!(mails(&repos, user, MailKind::PaymentFailed).await, 1);
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 0);
}

/// A caller that brings no mail for an effect that owes one (its read raced another write)
/// gets an error with nothing stored; the redelivery, prepared afresh, applies and mails.
pub async fn a_mail_not_prepared_applies_nothing_and_the_redelivery_mails(
    repos: SubscriptionRepos,
) {
    let (user, _, _) = checkout(&repos, "np").await;
    let success = event("evt_np", now(), paid("np", usd(4999)));
    assert!(matches!(
        repos.repo.apply_event(&success, None, now()).await,
        Err(SubscriptionError::MailNotPrepared)
    ));
    assert_eq!(payments(&repos, user).await[0].state, PaymentState::Pending);
    assert_eq!(
        ok(deliver(&repos, &success, now()).await),
        EventOutcome::Applied
    );
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 1);
}

pub async fn an_event_racing_its_checkout_stores_nothing_so_a_redelivery_can_apply(
    repos: SubscriptionRepos,
) {
    let user = (repos.new_owner)().await;
    let (_, payment) = begin(&repos, user, now()).await;
    let early = event("evt_early", now(), paid("not_yet", usd(4999)));
    assert!(matches!(
        deliver(&repos, &early, now()).await,
        Err(SubscriptionError::UnknownTarget)
    ));
    assert!(matches!(
        repos.repo.record_unmatched(&early, now()).await,
        Err(SubscriptionError::UnknownTarget)
    ));
    // The checkout attaches the provider's payment id afterwards; the redelivery applies.
    attach(&repos, &payment, "not_yet", now()).await;
    assert_eq!(
        ok(deliver(&repos, &early, now()).await),
        EventOutcome::Applied
    );
    assert_eq!(
        current(&repos, user).await.status,
        SubscriptionStatus::Active
    );
    let ignored = event("evt_ignored", now(), PaymentEventKind::Ignored);
    assert_eq!(
        ok(deliver(&repos, &ignored, now()).await),
        EventOutcome::Ignored
    );
    assert_eq!(
        ok(deliver(&repos, &ignored, now()).await),
        EventOutcome::Duplicate
    );
}

/// An event about objects Jobr never had (another application on the same provider account, a
/// renewal payment intent Jobr never requested) is answered once and for all: recorded as
/// unmatched, so the provider stops retrying and a replay is a duplicate. A checkout begun
/// long ago and never attached is no reason to wait.
pub async fn an_event_naming_unknown_objects_is_recorded_once_as_unmatched(
    repos: SubscriptionRepos,
) {
    let user = (repos.new_owner)().await;
    let long_ago = now() - CHECKOUT_RACE_WINDOW - Duration::minutes(1);
    begin(&repos, user, long_ago).await;
    let stranger = event("evt_stranger", now(), paid("stranger", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &stranger, now()).await),
        EventOutcome::Unmatched
    );
    assert_eq!(
        ok(deliver(&repos, &stranger, now()).await),
        EventOutcome::Duplicate
    );
    let ended = event(
        "evt_stranger_sub",
        now(),
        PaymentEventKind::SubscriptionEnded {
            provider_subscription_id: "sub_stranger".into(),
        },
    );
    assert_eq!(
        ok(repos.repo.record_unmatched(&ended, now()).await),
        EventOutcome::Unmatched
    );
    assert_eq!(
        ok(deliver(&repos, &ended, now()).await),
        EventOutcome::Duplicate
    );
    assert_eq!(
        ok(repos.outbox.list(None, 100).await).len(),
        0,
        "nothing is mailed about objects nobody owns"
    );
}

pub async fn a_second_checkout_while_subscribed_is_refused(repos: SubscriptionRepos) {
    let (user, _, _) = checkout(&repos, "s").await;
    ok(deliver(&repos, &event("evt_s", now(), paid("s", usd(4999))), now()).await);
    let at = now();
    let again = Subscription {
        id: SubscriptionId::new(),
        user_id: user,
        plan: Plan::Pro,
        status: SubscriptionStatus::Incomplete,
        provider: ProviderKind::Stripe,
        provider_customer_id: None,
        provider_subscription_id: None,
        current_period_end: None,
        cancel_at_period_end: false,
        last_event_at: None,
        created_at: at,
        updated_at: at,
    };
    let payment = PaymentRequest {
        id: PaymentRequestId::new(),
        user_id: user,
        subscription_id: again.id,
        provider: ProviderKind::Stripe,
        plan: Plan::Pro,
        amount: usd(9999),
        state: PaymentState::Pending,
        provider_payment_id: None,
        created_at: at,
        updated_at: at,
        expires_at: at,
    };
    assert!(matches!(
        repos.repo.begin_checkout(&again, &payment).await,
        Err(SubscriptionError::AlreadySubscribed)
    ));
    assert_eq!(current(&repos, user).await.plan, Plan::Premium);
}

pub async fn concurrent_checkouts_open_one_subscription(repos: SubscriptionRepos) {
    let user = (repos.new_owner)().await;
    let attempts = (0..8).map(|_| {
        let repo = Arc::clone(&repos.repo);
        async move {
            let at = now();
            let subscription = Subscription {
                id: SubscriptionId::new(),
                user_id: user,
                plan: Plan::Premium,
                status: SubscriptionStatus::Active,
                provider: ProviderKind::Stripe,
                provider_customer_id: None,
                provider_subscription_id: None,
                current_period_end: None,
                cancel_at_period_end: false,
                last_event_at: None,
                created_at: at,
                updated_at: at,
            };
            let payment = PaymentRequest {
                id: PaymentRequestId::new(),
                user_id: user,
                subscription_id: subscription.id,
                provider: ProviderKind::Stripe,
                plan: Plan::Premium,
                amount: usd(4999),
                state: PaymentState::Pending,
                provider_payment_id: None,
                created_at: at,
                updated_at: at,
                expires_at: at,
            };
            repo.begin_checkout(&subscription, &payment).await
        }
    });
    let results = futures::future::join_all(attempts).await;
    let won = results
        .into_iter()
        .filter(|result| match result {
            Ok(()) => true,
            Err(SubscriptionError::AlreadySubscribed) => false,
            Err(other) => panic!("{other}"),
        })
        .count();
    assert_eq!(won, 1);
}

pub async fn an_abandoned_checkout_is_replaced(repos: SubscriptionRepos) {
    let (user, first, first_payment) = checkout(&repos, "ab1").await;
    let (_, second, _) = checkout_for(&repos, user, "ab2").await;
    let sub = current(&repos, user).await;
    assert_eq!(sub.id, second.id);
    assert_ne!(sub.id, first.id);
    let old = ok(repos.repo.find_payment(first_payment.id).await).unwrap_or_else(|| panic!("gone"));
    assert_eq!(old.state, PaymentState::Expired);
}

/// The user abandoned checkout A for B, then paid A from an old tab: A is what they paid for.
/// Fifty concurrent deliveries of that payment apply once.
pub async fn a_late_payment_with_no_other_plan_revives_the_paid_checkout(repos: SubscriptionRepos) {
    let (user, first, first_payment) = checkout(&repos, "late1").await;
    let (_, second, second_payment) = checkout_for(&repos, user, "late2").await;
    let late = event("evt_late1", now(), paid("late1", usd(4999)));
    let deliveries = (0..50).map(|_| {
        let repo = Arc::clone(&repos.repo);
        let late = late.clone();
        async move {
            let mail = ok(mailing().prepare(repo.as_ref(), &late, now()).await);
            repo.apply_event(&late, mail.as_ref(), now()).await
        }
    });
    let outcomes: Vec<EventOutcome> = futures::future::join_all(deliveries)
        .await
        .into_iter()
        .map(ok)
        .collect();
    let applied = outcomes
        .iter()
        .filter(|o| **o == EventOutcome::Applied)
        .count();
    assert_eq!(applied, 1, "{outcomes:?}");
    let sub = current(&repos, user).await;
    assert_eq!(
        sub.id, first.id,
        "the paid checkout is the user's subscription"
    );
    assert_eq!(sub.status, SubscriptionStatus::Active);
    assert_eq!(sub.effective_plan(now()), Plan::Premium);
    assert!(sub.current_period_end.is_some_and(|end| end > now()));
    let listed = payments(&repos, user).await;
    let state_of = |id: PaymentRequestId| {
        listed
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.state)
            .unwrap_or_else(|| panic!("payment {id} not listed"))
    };
    assert_eq!(state_of(first_payment.id), PaymentState::Succeeded);
    assert_eq!(
        state_of(second_payment.id),
        PaymentState::Expired,
        "the newer checkout is superseded"
    );
    assert_eq!(listed.len(), 2);
    assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 1);
    // B's own payment, arriving now, finds A holding the plan.
    let paid_second = event("evt_late2", now(), paid("late2", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &paid_second, now()).await),
        EventOutcome::Applied
    );
    assert_eq!(current(&repos, user).await.id, first.id);
    let second_now = ok(repos.repo.find_payment(second_payment.id).await);
    assert_eq!(second_now.map(|p| p.state), Some(PaymentState::RefundDue));
    assert_ne!(second.id, first.id);
}

/// The user abandoned checkout A for B and paid B; A's payment then arrives. The plan stays
/// B's, A's money is recorded as owed back, and no receipt claims a plan for it.
pub async fn a_late_payment_while_another_plan_is_active_is_owed_back(repos: SubscriptionRepos) {
    let (user, _, first_payment) = checkout(&repos, "owed1").await;
    let (_, second, second_payment) = checkout_for(&repos, user, "owed2").await;
    let paid_second = event("evt_owed2", now(), paid("owed2", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &paid_second, now()).await),
        EventOutcome::Applied
    );
    let late = event("evt_owed1", now(), paid("owed1", usd(4999)));
    assert_eq!(
        ok(deliver(&repos, &late, now()).await),
        EventOutcome::Applied
    );
    assert_eq!(
        ok(deliver(&repos, &late, now()).await),
        EventOutcome::Duplicate
    );
    // The same money reported by a second event type (Stripe's invoice.paid after
    // payment_intent.succeeded) records nothing more.
    let reported_again = event("evt_owed1_invoice", now(), paid("owed1", usd(4999)));
    ok(deliver(&repos, &reported_again, now()).await);
    let sub = current(&repos, user).await;
    assert_eq!(sub.id, second.id, "the plan stays the one paid first");
    assert_eq!(sub.status, SubscriptionStatus::Active);
    let listed = payments(&repos, user).await;
    assert_eq!(listed.len(), 2);
    for p in &listed {
        let expected = if p.id == first_payment.id {
            PaymentState::RefundDue
        } else {
            assert_eq!(p.id, second_payment.id);
            PaymentState::Succeeded
        };
        assert_eq!(p.state, expected);
    }
    assert_eq!(
        mails(&repos, user, MailKind::PaymentReceipt).await,
        1,
        "one receipt, for the plan paid"
    );
}

/// A's late payment and B's own arrive at the same moment: whichever applies first buys the
/// plan, the other is owed back; neither delivery fails (Postgres: no deadlock between the
/// two transactions locking the same user's rows).
pub async fn a_late_payment_racing_the_newer_checkouts_payment_buys_one_plan(
    repos: SubscriptionRepos,
) {
    for round in 0..5 {
        let (a, b) = (format!("race{round}a"), format!("race{round}b"));
        let (user, _, _) = checkout(&repos, &a).await;
        checkout_for(&repos, user, &b).await;
        let deliveries = [&a, &b].map(|tag| {
            let repo = Arc::clone(&repos.repo);
            let paid = event(&format!("evt_{tag}"), now(), paid(tag, usd(4999)));
            async move {
                let mail = ok(mailing().prepare(repo.as_ref(), &paid, now()).await);
                repo.apply_event(&paid, mail.as_ref(), now()).await
            }
        });
        for outcome in futures::future::join_all(deliveries).await {
            assert_eq!(ok(outcome), EventOutcome::Applied);
        }
        let listed = payments(&repos, user).await;
        let mut states: Vec<PaymentState> = listed.iter().map(|p| p.state).collect();
        states.sort_by_key(|s| *s == PaymentState::RefundDue);
        assert_eq!(states, [PaymentState::Succeeded, PaymentState::RefundDue]);
        let kept = listed
            .iter()
            .find(|p| p.state == PaymentState::Succeeded)
            .map(|p| p.subscription_id);
        let sub = current(&repos, user).await;
        assert_eq!(
            Some(sub.id),
            kept,
            "the plan is the one the kept money bought"
        );
        assert_eq!(sub.status, SubscriptionStatus::Active);
        assert_eq!(mails(&repos, user, MailKind::PaymentReceipt).await, 1);
    }
}

pub async fn cancel_at_period_end_and_resume(repos: SubscriptionRepos) {
    let (user, sub, _) = checkout(&repos, "cr").await;
    let canceled = ok(repos
        .repo
        .set_cancel_at_period_end(sub.id, true, now())
        .await);
    assert!(canceled.cancel_at_period_end);
    let resumed = ok(repos
        .repo
        .set_cancel_at_period_end(sub.id, false, now())
        .await);
    assert!(!resumed.cancel_at_period_end);
    assert_eq!(current(&repos, user).await.id, sub.id);
    assert!(matches!(
        repos
            .repo
            .set_cancel_at_period_end(SubscriptionId::new(), true, now())
            .await,
        Err(SubscriptionError::SubscriptionNotFound)
    ));
}

pub async fn due_payments_are_claimed_once(repos: SubscriptionRepos) {
    let (_, _, payment) = checkout(&repos, "due").await;
    let later = now() + Duration::seconds(5);
    let lease = later + Duration::minutes(1);
    let first = ok(repos
        .repo
        .claim_due_payments(ProviderKind::Stripe, later, lease, 10)
        .await);
    assert!(first.iter().any(|p| p.id == payment.id));
    let second = ok(repos
        .repo
        .claim_due_payments(ProviderKind::Stripe, later, lease, 10)
        .await);
    assert!(
        second.iter().all(|p| p.id != payment.id),
        "leased rows are not claimed again"
    );
    assert!(
        ok(repos
            .repo
            .claim_due_payments(ProviderKind::PhonePe, later, lease, 10)
            .await)
        .iter()
        .all(|p| p.id != payment.id)
    );
    ok(repos.repo.schedule_poll(payment.id, later).await);
    let third = ok(repos
        .repo
        .claim_due_payments(ProviderKind::Stripe, later, lease, 10)
        .await);
    assert!(third.iter().any(|p| p.id == payment.id));
    assert!(ok(repos.repo.expire_payment(payment.id, later).await));
    assert!(!ok(repos.repo.expire_payment(payment.id, later).await));
    let fourth = ok(repos
        .repo
        .claim_due_payments(ProviderKind::Stripe, lease, lease, 10)
        .await);
    assert!(
        fourth.iter().all(|p| p.id != payment.id),
        "final payments are not polled"
    );
}

pub async fn payments_are_listed_newest_first_per_user(repos: SubscriptionRepos) {
    let (user, _, first) = checkout(&repos, "l1").await;
    let (_, _, second) = checkout_for(&repos, user, "l2").await;
    let (other, _, _) = checkout(&repos, "l3").await;
    let (listed, total) = ok(repos.repo.payments_of(user, 10, 0).await);
    assert_eq!(total, 2);
    assert_eq!(
        listed.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![second.id, first.id]
    );
    let (page, _) = ok(repos.repo.payments_of(user, 1, 1).await);
    assert_eq!(
        page.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert_eq!(ok(repos.repo.payments_of(other, 10, 0).await).1, 1);
}
