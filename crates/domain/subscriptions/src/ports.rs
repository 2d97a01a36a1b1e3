//! Storage ports and the lookups other domains ask ("which plan is this user on?").

use crate::event::PaymentEvent;
use crate::lifecycle::{Subscription, SubscriptionId};
use crate::notices::PreparedMail;
use crate::payment::{PaymentRequest, PaymentRequestId, ProviderKind};
use async_trait::async_trait;
use jobr_core::{Plan, StorageError, Timestamp, UserId};

#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    /// The user already has an active or past-due subscription (answered 409).
    #[error("the user already has a subscription")]
    AlreadySubscribed,
    #[error("no such subscription")]
    SubscriptionNotFound,
    #[error("no such payment request")]
    PaymentNotFound,
    /// The event names a payment or subscription Jobr does not know yet, while a checkout
    /// of its provider is still being written ([`crate::apply::may_race_a_checkout`]): the
    /// provider must deliver it again later, so nothing is recorded.
    #[error("the event names no known payment or subscription yet")]
    UnknownTarget,
    /// The event's effect owes the user a mail that was not prepared for it (the rows changed
    /// since the caller read them): nothing is recorded, and the redelivery prepares it.
    #[error("the mail this payment event owes was not prepared")]
    MailNotPrepared,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What happened to one provider event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Stored, and its effect applied in the same transaction.
    Applied,
    /// Stored; it changed nothing (its effect was already there, e.g. the second event of
    /// a `payment_intent.succeeded` / `invoice.payment_succeeded` pair).
    NoChange,
    /// Stored; a type Jobr does not act on.
    Ignored,
    /// Stored; older than an event already applied to the subscription, so not applied.
    Stale,
    /// Stored; the provider reported another amount or currency than the payment request's,
    /// so nothing was applied (an operator must look).
    AmountMismatch,
    /// Stored as ignored, with the reason: it names no payment or subscription Jobr knows
    /// (another application's objects on a shared provider account, or a renewal payment Jobr
    /// never requested), and no checkout it could be racing is being written.
    Unmatched,
    /// Seen before: nothing done.
    Duplicate,
}

impl EventOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            EventOutcome::Applied => "applied",
            EventOutcome::NoChange => "no_change",
            EventOutcome::Ignored => "ignored",
            EventOutcome::Stale => "stale",
            EventOutcome::AmountMismatch => "amount_mismatch",
            EventOutcome::Unmatched => "unmatched",
            EventOutcome::Duplicate => "duplicate",
        }
    }
}

/// What a provider created for a payment request at checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRecord {
    pub provider_payment_id: String,
    pub provider_customer_id: Option<String>,
    pub provider_subscription_id: Option<String>,
    pub current_period_end: Option<Timestamp>,
}

/// Subscriptions, payment requests and provider events, stored together.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SubscriptionRepository: Send + Sync {
    /// The user's subscription that is not canceled (at most one), else the newest canceled
    /// one, else `None`.
    async fn current(&self, user: UserId) -> Result<Option<Subscription>, SubscriptionError>;

    /// Stores a new `incomplete` subscription and its `pending` payment request together.
    /// An earlier `incomplete` subscription of the user (an abandoned checkout) is canceled,
    /// and its pending payment requests expired, in the same transaction.
    /// MUST answer `AlreadySubscribed` when the user has an `active` or `past_due` one, also
    /// under concurrent checkouts.
    async fn begin_checkout(
        &self,
        subscription: &Subscription,
        payment: &PaymentRequest,
    ) -> Result<(), SubscriptionError>;

    /// Records what the provider created for `payment` (and its subscription).
    /// MUST answer `PaymentNotFound` for an unknown id.
    async fn attach_checkout(
        &self,
        payment: PaymentRequestId,
        record: &CheckoutRecord,
        at: Timestamp,
    ) -> Result<(), SubscriptionError>;

    /// The subscription and payment request `event` names, found as `apply_event` finds them
    /// (payment by provider id, then its subscription, else the subscription by provider id),
    /// without locking: what the caller prepares the event's mail from.
    async fn targets_of(
        &self,
        event: &PaymentEvent,
    ) -> Result<(Option<Subscription>, Option<PaymentRequest>), SubscriptionError>;

    /// Processes one verified provider event exactly once: the event row (unique on
    /// `(provider, id)`), its effect ([`crate::apply::decide`] on the payment and
    /// subscription it names, both locked) and the mail the effect owes (the `mail` prepared
    /// for it, checked by [`crate::notices::mail_to_store`], into the outbox) are written in
    /// ONE transaction. A duplicate — sequential or concurrent — answers `Duplicate` and
    /// changes nothing. Any failure rolls everything back, so a redelivery starts afresh.
    /// An event whose targets are all unknown is handled as by `record_unmatched`.
    async fn apply_event<'a>(
        &self,
        event: &PaymentEvent,
        mail: Option<&'a PreparedMail>,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError>;

    /// Records an event that names nothing Jobr knows: `UnknownTarget`, storing nothing, while
    /// a checkout of its provider may still be being written
    /// ([`crate::apply::may_race_a_checkout`]); otherwise stored once as ignored with the
    /// reason, answering `Unmatched` (and `Duplicate` when seen before).
    async fn record_unmatched(
        &self,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError>;

    /// Sets or clears cancel-at-period-end on a subscription; answers the new subscription.
    /// MUST answer `SubscriptionNotFound` for an unknown id.
    async fn set_cancel_at_period_end(
        &self,
        id: SubscriptionId,
        cancel: bool,
        at: Timestamp,
    ) -> Result<Subscription, SubscriptionError>;

    /// The user's payment requests, newest first.
    async fn payments_of(
        &self,
        user: UserId,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRequest>, i64), SubscriptionError>;

    async fn find_payment(
        &self,
        id: PaymentRequestId,
    ) -> Result<Option<PaymentRequest>, SubscriptionError>;

    async fn find_payment_by_provider_id(
        &self,
        provider: ProviderKind,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentRequest>, SubscriptionError>;

    /// The provider customer id last stored for the user (Stripe `cus_…`).
    async fn customer_of(
        &self,
        user: UserId,
        provider: ProviderKind,
    ) -> Result<Option<String>, SubscriptionError>;

    /// Claims up to `limit` pending requests of `provider` whose next poll is due at `now`,
    /// skipping rows another instance holds (`FOR UPDATE SKIP LOCKED`), and pushes their next
    /// poll to `lease_until` so no other instance polls them meanwhile.
    async fn claim_due_payments(
        &self,
        provider: ProviderKind,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<PaymentRequest>, SubscriptionError>;

    /// Counts one more status poll of a still-pending request and sets its next poll time.
    async fn schedule_poll(
        &self,
        id: PaymentRequestId,
        next_poll_at: Timestamp,
    ) -> Result<(), SubscriptionError>;

    /// Expires a request that is still pending (a no-op on a final one); answers whether it did.
    async fn expire_payment(
        &self,
        id: PaymentRequestId,
        at: Timestamp,
    ) -> Result<bool, SubscriptionError>;
}

/// "Which plan is this user on now?" — what other domains (applications, CV, matching) ask.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PlanLookup: Send + Sync {
    /// The plan in force for `user` at `now` (Free when there is no subscription or it does
    /// not grant its plan).
    async fn plan_of(&self, user: UserId, now: Timestamp) -> Result<Plan, SubscriptionError>;
}

/// How many applications a user made in a time window; implemented by the applications
/// domain so `GET /api/subscription` can show usage against the plan's limit.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ApplicationUsage: Send + Sync {
    async fn applications_between(
        &self,
        user: UserId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<u32, StorageError>;
}

/// Every subscription repository answers "which plan?" from its current subscription.
#[async_trait]
impl<T: SubscriptionRepository + ?Sized> PlanLookup for T {
    async fn plan_of(&self, user: UserId, now: Timestamp) -> Result<Plan, SubscriptionError> {
        Ok(self
            .current(user)
            .await?
            .map_or(Plan::Free, |subscription| subscription.effective_plan(now)))
    }
}
