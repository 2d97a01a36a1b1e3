//! Subscriptions, payment requests and provider events in one mutex-guarded store: each
//! operation is one critical section, so an event, its effect and the mail it owes are
//! recorded together, once.

use crate::{MemoryOutbox, lock};
use async_trait::async_trait;
use jobr_core::{Timestamp, UserId};
use jobr_subscriptions::{
    CheckoutRecord, EventOutcome, EventTargets, PaymentEvent, PaymentRequest, PaymentRequestId,
    PaymentState, PreparedMail, ProviderKind, Subscription, SubscriptionError, SubscriptionId,
    SubscriptionRepository, SubscriptionStatus, decide, mail_to_store, may_race_a_checkout,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Store {
    subscriptions: HashMap<SubscriptionId, Subscription>,
    payments: HashMap<PaymentRequestId, PaymentRequest>,
    next_poll: HashMap<PaymentRequestId, Timestamp>,
    /// `(provider, event id)` → outcome.
    events: HashMap<(ProviderKind, String), EventOutcome>,
}

/// Payment mail goes into `outbox` inside the same critical section as the event (the store's
/// lock is always taken before the outbox's).
pub struct MemorySubscriptionRepository {
    store: Mutex<Store>,
    outbox: Arc<MemoryOutbox>,
}

impl MemorySubscriptionRepository {
    pub fn new(outbox: Arc<MemoryOutbox>) -> Self {
        Self {
            store: Mutex::new(Store::default()),
            outbox,
        }
    }
}

impl Store {
    fn payment_by_provider_id(&self, provider: ProviderKind, id: &str) -> Option<&PaymentRequest> {
        self.payments
            .values()
            .find(|p| p.provider == provider && p.provider_payment_id.as_deref() == Some(id))
    }

    /// What `event` names: the payment by provider id, then its subscription, else the
    /// subscription by provider id.
    fn targets(&self, event: &PaymentEvent) -> (Option<Subscription>, Option<PaymentRequest>) {
        let targets = EventTargets::of(event);
        let payment = targets
            .provider_payment_id
            .and_then(|id| self.payment_by_provider_id(event.provider, id))
            .cloned();
        let subscription = match (&payment, targets.provider_subscription_id) {
            (Some(payment), _) => self.subscriptions.get(&payment.subscription_id).cloned(),
            (None, Some(id)) => self
                .subscriptions
                .values()
                .find(|s| {
                    s.provider == event.provider
                        && s.provider_subscription_id.as_deref() == Some(id)
                })
                .cloned(),
            (None, None) => None,
        };
        (subscription, payment)
    }

    /// An event naming nothing known, not seen before: refused while a checkout of its
    /// provider may still be storing its ids, else recorded as unmatched.
    fn settle_unmatched(
        &mut self,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError> {
        let newest_unattached = self
            .payments
            .values()
            .filter(|p| {
                p.provider == event.provider
                    && p.state == PaymentState::Pending
                    && p.provider_payment_id.is_none()
            })
            .map(|p| p.created_at)
            .max();
        if may_race_a_checkout(newest_unattached, now) {
            return Err(SubscriptionError::UnknownTarget);
        }
        self.events
            .insert((event.provider, event.id.clone()), EventOutcome::Unmatched);
        Ok(EventOutcome::Unmatched)
    }

    /// A superseded checkout's pending payments expire with it.
    fn expire_pending_of(&mut self, subscription: SubscriptionId, at: Timestamp) {
        for p in self.payments.values_mut() {
            if p.subscription_id == subscription && p.state == PaymentState::Pending {
                p.state = PaymentState::Expired;
                p.updated_at = at;
            }
        }
    }

    fn current(&self, user: UserId) -> Option<&Subscription> {
        self.subscriptions
            .values()
            .filter(|s| s.user_id == user)
            .max_by_key(|s| (s.status != SubscriptionStatus::Canceled, s.created_at, s.id))
    }
}

#[async_trait]
impl SubscriptionRepository for MemorySubscriptionRepository {
    async fn current(&self, user: UserId) -> Result<Option<Subscription>, SubscriptionError> {
        Ok(lock(&self.store).current(user).cloned())
    }

    async fn begin_checkout(
        &self,
        subscription: &Subscription,
        payment: &PaymentRequest,
    ) -> Result<(), SubscriptionError> {
        let mut store = lock(&self.store);
        let open: Vec<Subscription> = store
            .subscriptions
            .values()
            .filter(|s| {
                s.user_id == subscription.user_id && s.status != SubscriptionStatus::Canceled
            })
            .cloned()
            .collect();
        if open.iter().any(|s| s.status.grants_plan()) {
            return Err(SubscriptionError::AlreadySubscribed);
        }
        for old in open {
            if let Some(s) = store.subscriptions.get_mut(&old.id) {
                s.status = SubscriptionStatus::Canceled;
                s.updated_at = subscription.created_at;
            }
            store.expire_pending_of(old.id, subscription.created_at);
        }
        store
            .subscriptions
            .insert(subscription.id, subscription.clone());
        store.payments.insert(payment.id, payment.clone());
        store.next_poll.insert(payment.id, payment.created_at);
        Ok(())
    }

    async fn attach_checkout(
        &self,
        payment: PaymentRequestId,
        record: &CheckoutRecord,
        at: Timestamp,
    ) -> Result<(), SubscriptionError> {
        let mut store = lock(&self.store);
        let payment = store
            .payments
            .get_mut(&payment)
            .ok_or(SubscriptionError::PaymentNotFound)?;
        payment.provider_payment_id = Some(record.provider_payment_id.clone());
        payment.updated_at = at;
        let subscription_id = payment.subscription_id;
        if let Some(s) = store.subscriptions.get_mut(&subscription_id) {
            if record.provider_customer_id.is_some() {
                s.provider_customer_id = record.provider_customer_id.clone();
            }
            if record.provider_subscription_id.is_some() {
                s.provider_subscription_id = record.provider_subscription_id.clone();
            }
            if record.current_period_end.is_some() {
                s.current_period_end = record.current_period_end;
            }
            s.updated_at = at;
        }
        Ok(())
    }

    async fn targets_of(
        &self,
        event: &PaymentEvent,
    ) -> Result<(Option<Subscription>, Option<PaymentRequest>), SubscriptionError> {
        Ok(lock(&self.store).targets(event))
    }

    async fn apply_event<'a>(
        &self,
        event: &PaymentEvent,
        mail: Option<&'a PreparedMail>,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError> {
        let mut store = lock(&self.store);
        let key = (event.provider, event.id.clone());
        if store.events.contains_key(&key) {
            return Ok(EventOutcome::Duplicate);
        }
        let (subscription, payment) = store.targets(event);
        if !EventTargets::of(event).is_empty() && payment.is_none() && subscription.is_none() {
            return store.settle_unmatched(event, now);
        }
        let others: Vec<Subscription> = subscription
            .as_ref()
            .map(|target| {
                store
                    .subscriptions
                    .values()
                    .filter(|s| s.user_id == target.user_id && s.id != target.id)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let decision = decide(event, subscription.as_ref(), payment.as_ref(), &others, now);
        // Checked before anything is written: a refusal leaves the store as it was.
        let mail = mail_to_store(&decision, mail)?;
        for canceled in decision.superseded {
            store.expire_pending_of(canceled.id, now);
            store.subscriptions.insert(canceled.id, canceled);
        }
        if let Some(payment) = decision.payment {
            store.payments.insert(payment.id, payment);
        }
        if let Some(new_payment) = decision.new_payment {
            store.payments.insert(new_payment.id, new_payment);
        }
        if let Some(subscription) = decision.subscription {
            store.subscriptions.insert(subscription.id, subscription);
        }
        if let Some(message) = mail {
            lock(&self.outbox.state).enqueue(std::slice::from_ref(message), now);
        }
        store.events.insert(key, decision.outcome);
        Ok(decision.outcome)
    }

    async fn record_unmatched(
        &self,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError> {
        let mut store = lock(&self.store);
        if store
            .events
            .contains_key(&(event.provider, event.id.clone()))
        {
            return Ok(EventOutcome::Duplicate);
        }
        store.settle_unmatched(event, now)
    }

    async fn set_cancel_at_period_end(
        &self,
        id: SubscriptionId,
        cancel: bool,
        at: Timestamp,
    ) -> Result<Subscription, SubscriptionError> {
        let mut store = lock(&self.store);
        let s = store
            .subscriptions
            .get_mut(&id)
            .ok_or(SubscriptionError::SubscriptionNotFound)?;
        s.cancel_at_period_end = cancel;
        s.updated_at = at;
        Ok(s.clone())
    }

    async fn payments_of(
        &self,
        user: UserId,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRequest>, i64), SubscriptionError> {
        let store = lock(&self.store);
        let mut mine: Vec<PaymentRequest> = store
            .payments
            .values()
            .filter(|p| p.user_id == user)
            .cloned()
            .collect();
        mine.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        let total = mine.len() as i64;
        let page = mine
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(0))
            .take(usize::try_from(limit).unwrap_or(0))
            .collect();
        Ok((page, total))
    }

    async fn find_payment(
        &self,
        id: PaymentRequestId,
    ) -> Result<Option<PaymentRequest>, SubscriptionError> {
        Ok(lock(&self.store).payments.get(&id).cloned())
    }

    async fn find_payment_by_provider_id(
        &self,
        provider: ProviderKind,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentRequest>, SubscriptionError> {
        Ok(lock(&self.store)
            .payment_by_provider_id(provider, provider_payment_id)
            .cloned())
    }

    async fn customer_of(
        &self,
        user: UserId,
        provider: ProviderKind,
    ) -> Result<Option<String>, SubscriptionError> {
        Ok(lock(&self.store)
            .subscriptions
            .values()
            .filter(|s| s.user_id == user && s.provider == provider)
            .filter(|s| s.provider_customer_id.is_some())
            .max_by_key(|s| s.created_at)
            .and_then(|s| s.provider_customer_id.clone()))
    }

    async fn claim_due_payments(
        &self,
        provider: ProviderKind,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<PaymentRequest>, SubscriptionError> {
        let mut store = lock(&self.store);
        let mut due: Vec<(Timestamp, PaymentRequest)> = store
            .payments
            .values()
            .filter(|p| p.provider == provider && p.state == PaymentState::Pending)
            .filter_map(|p| {
                let next = *store.next_poll.get(&p.id)?;
                (next <= now).then(|| (next, p.clone()))
            })
            .collect();
        due.sort_by_key(|(next, p)| (*next, p.id));
        due.truncate(usize::try_from(limit).unwrap_or(0));
        for (_, p) in &due {
            store.next_poll.insert(p.id, lease_until);
        }
        Ok(due.into_iter().map(|(_, p)| p).collect())
    }

    async fn schedule_poll(
        &self,
        id: PaymentRequestId,
        next_poll_at: Timestamp,
    ) -> Result<(), SubscriptionError> {
        let mut store = lock(&self.store);
        if store
            .payments
            .get(&id)
            .is_some_and(|p| p.state == PaymentState::Pending)
        {
            store.next_poll.insert(id, next_poll_at);
        }
        Ok(())
    }

    async fn expire_payment(
        &self,
        id: PaymentRequestId,
        at: Timestamp,
    ) -> Result<bool, SubscriptionError> {
        let mut store = lock(&self.store);
        match store.payments.get_mut(&id) {
            Some(p) if p.state == PaymentState::Pending => {
                p.state = PaymentState::Expired;
                p.updated_at = at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
