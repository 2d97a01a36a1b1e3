//! The effect of one provider event, decided without I/O. Storage adapters lock what
//! [`EventTargets`] names, call [`decide`], and write the [`Decision`] in the same transaction
//! as the event row.

use crate::choice::currency_of;
use crate::entitlements::one_month_after;
use crate::event::{PaymentEvent, PaymentEventKind};
use crate::lifecycle::{Subscription, SubscriptionStatus};
use crate::notices::{NoticeKind, PaymentNotice};
use crate::payment::{PaymentRequest, PaymentRequestId, PaymentState};
use crate::ports::EventOutcome;
use jobr_core::Timestamp;
use time::Duration;

/// How long after a checkout began an event naming objects Jobr does not know may still be
/// about that checkout: the provider creates its subscription during our call and may send
/// its events before we store the ids it answered (`attach_checkout`). That call takes
/// seconds; minutes cover a slow provider and a retrying client.
pub const CHECKOUT_RACE_WINDOW: Duration = Duration::minutes(10);

/// Whether an event that names nothing Jobr knows may be racing a checkout of its provider
/// that is still being written: `newest_unattached_checkout` is when the newest pending
/// payment request of that provider still without a provider id was begun. Then the event is
/// answered with an error so the provider delivers it again (and it applies once the ids are
/// stored); otherwise it is recorded as unmatched and answered 200, so the provider stops.
pub fn may_race_a_checkout(newest_unattached_checkout: Option<Timestamp>, now: Timestamp) -> bool {
    newest_unattached_checkout.is_some_and(|begun| now - begun <= CHECKOUT_RACE_WINDOW)
}

/// The provider ids an event names, for the adapter to find and lock (payment first, then
/// its subscription, else the subscription by provider id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTargets<'a> {
    pub provider_payment_id: Option<&'a str>,
    pub provider_subscription_id: Option<&'a str>,
}

impl<'a> EventTargets<'a> {
    pub fn of(event: &'a PaymentEvent) -> Self {
        let (payment, subscription) = match &event.kind {
            PaymentEventKind::PaymentSucceeded {
                provider_payment_id,
                provider_subscription_id,
                ..
            } => (
                Some(provider_payment_id.as_str()),
                provider_subscription_id.as_deref(),
            ),
            PaymentEventKind::PaymentFailed {
                provider_payment_id,
                provider_subscription_id,
                ..
            } => (
                provider_payment_id.as_deref(),
                provider_subscription_id.as_deref(),
            ),
            PaymentEventKind::SubscriptionChanged(snapshot) => {
                (None, Some(snapshot.provider_subscription_id.as_str()))
            }
            PaymentEventKind::SubscriptionEnded {
                provider_subscription_id,
            } => (None, Some(provider_subscription_id.as_str())),
            PaymentEventKind::Ignored => (None, None),
        };
        Self {
            provider_payment_id: payment,
            provider_subscription_id: subscription,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.provider_payment_id.is_none() && self.provider_subscription_id.is_none()
    }
}

/// What to write for one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: EventOutcome,
    /// The subscription's new value, when it changed.
    pub subscription: Option<Subscription>,
    /// The payment request's new value, when it changed.
    pub payment: Option<PaymentRequest>,
    /// A payment to record that Jobr did not request itself (a Stripe renewal invoice).
    pub new_payment: Option<PaymentRequest>,
    /// The mail this effect owes the user, stored in the same transaction.
    pub notice: Option<PaymentNotice>,
    /// The user's other subscriptions this payment supersedes, already canceled: checkouts
    /// begun after the one now paid. The adapter writes them before `subscription` (one open
    /// subscription per user) and expires their pending payments, as a new checkout does.
    pub superseded: Vec<Subscription>,
}

impl Decision {
    fn only(outcome: EventOutcome) -> Self {
        Self {
            outcome,
            subscription: None,
            payment: None,
            new_payment: None,
            notice: None,
            superseded: Vec::new(),
        }
    }

    /// Whether the payment this decision records is money owed back to the user.
    pub fn refund_due(&self) -> bool {
        self.payment
            .as_ref()
            .is_some_and(|p| p.state == PaymentState::RefundDue)
    }
}

/// Decides the effect of `event` on the (locked) payment request and subscription it names.
/// `None` for both means the event names nothing Jobr knows; the caller answers
/// `UnknownTarget` (except for `Ignored` events, which need no target). `others` are the
/// user's other subscriptions, locked with it (a caller that only prepares mail may pass
/// none: the receipt it then expects is the most a locked decision can owe).
///
/// Rules: money is a fact — a confirmed payment with the requested amount and currency is
/// recorded even when the subscription can no longer use it; amounts that differ apply
/// nothing; a subscription moves only along its lifecycle and never on an event older than
/// one already applied; applying the same effect twice changes nothing.
///
/// A checkout abandoned for a newer one (its subscription canceled by `begin_checkout`) may
/// still be paid from an old tab. The user paid for that plan: if nothing else grants them
/// one, the paid subscription comes back as if first paid and the newer unpaid checkouts are
/// superseded; if another subscription already grants a plan, the money is recorded as
/// `RefundDue` and no receipt claims a plan.
pub fn decide(
    event: &PaymentEvent,
    subscription: Option<&Subscription>,
    payment: Option<&PaymentRequest>,
    others: &[Subscription],
    now: Timestamp,
) -> Decision {
    match &event.kind {
        PaymentEventKind::Ignored => Decision::only(EventOutcome::Ignored),
        PaymentEventKind::PaymentSucceeded {
            provider_payment_id,
            amount,
            period_end,
            ..
        } => {
            let mut decision = Decision::only(EventOutcome::NoChange);
            let newly_paid = match payment {
                Some(payment) => {
                    if payment.amount != *amount {
                        return Decision::only(EventOutcome::AmountMismatch);
                    }
                    if payment.state.is_paid() {
                        false
                    } else {
                        let mut paid = payment.clone();
                        paid.state = PaymentState::Succeeded;
                        paid.updated_at = now;
                        decision.payment = Some(paid);
                        true
                    }
                }
                None => {
                    // A payment Jobr did not request itself: a renewal of a known subscription.
                    let Some(subscription) = subscription else {
                        return Decision::only(EventOutcome::Ignored);
                    };
                    if subscription.plan.monthly_price(amount.currency) != Some(*amount) {
                        return Decision::only(EventOutcome::AmountMismatch);
                    }
                    decision.new_payment = Some(PaymentRequest {
                        id: PaymentRequestId::new(),
                        user_id: subscription.user_id,
                        subscription_id: subscription.id,
                        provider: event.provider,
                        plan: subscription.plan,
                        amount: *amount,
                        state: PaymentState::Succeeded,
                        provider_payment_id: Some(provider_payment_id.clone()),
                        created_at: now,
                        updated_at: now,
                        expires_at: now,
                    });
                    true
                }
            };
            if let Some(subscription) = subscription {
                let mut next = subscription.clone();
                let stale = subscription.is_stale(event.created);
                if !stale && next.status.can_move_to(SubscriptionStatus::Active) {
                    next.status = SubscriptionStatus::Active;
                } else if !stale
                    && newly_paid
                    && decision.payment.is_some()
                    && next.status == SubscriptionStatus::Canceled
                {
                    // A late payment of an abandoned checkout.
                    let others: Vec<&Subscription> =
                        others.iter().filter(|o| o.id != subscription.id).collect();
                    if others.iter().any(|o| o.status.grants_plan()) {
                        if let Some(paid) = decision.payment.as_mut() {
                            paid.state = PaymentState::RefundDue;
                        }
                        decision.outcome = EventOutcome::Applied;
                        return decision;
                    }
                    next.status = SubscriptionStatus::Active;
                    next.cancel_at_period_end = false;
                    decision.superseded = others
                        .into_iter()
                        .filter(|o| o.status != SubscriptionStatus::Canceled)
                        .map(|o| {
                            let mut canceled = o.clone();
                            canceled.status = SubscriptionStatus::Canceled;
                            canceled.updated_at = now;
                            canceled
                        })
                        .collect();
                }
                let new_end = match (period_end, &next.provider_subscription_id) {
                    (Some(end), _) => Some(*end),
                    // Jobr keeps the period itself (PhonePe): each new payment adds a month
                    // from the later of now and the current end.
                    (None, None) if newly_paid && next.status == SubscriptionStatus::Active => {
                        let from = next.current_period_end.map_or(now, |end| end.max(now));
                        Some(one_month_after(from))
                    }
                    (None, _) => None,
                };
                if let Some(end) = new_end {
                    next.current_period_end =
                        Some(next.current_period_end.map_or(end, |old| old.max(end)));
                }
                if !stale {
                    next.last_event_at = Some(event.created);
                }
                if next != *subscription {
                    next.updated_at = now;
                    decision.subscription = Some(next);
                }
            }
            if decision.payment.is_some()
                || decision.new_payment.is_some()
                || decision.subscription.is_some()
            {
                decision.outcome = EventOutcome::Applied;
            }
            // The receipt goes with the payment's move to succeeded, whichever event made it.
            decision.notice = decision
                .payment
                .as_ref()
                .or(decision.new_payment.as_ref())
                .map(|paid| PaymentNotice {
                    kind: NoticeKind::Receipt,
                    user_id: paid.user_id,
                    plan: paid.plan,
                    amount: *amount,
                    reference: provider_payment_id.clone(),
                });
            decision
        }
        PaymentEventKind::PaymentFailed {
            provider_payment_id,
            provider_subscription_id,
            ..
        } => {
            let mut decision = Decision::only(EventOutcome::NoChange);
            if let Some(payment) = payment
                && payment.state == PaymentState::Pending
            {
                let mut failed = payment.clone();
                failed.state = PaymentState::Failed;
                failed.updated_at = now;
                decision.notice = Some(PaymentNotice {
                    kind: NoticeKind::PaymentFailed,
                    user_id: payment.user_id,
                    plan: payment.plan,
                    amount: payment.amount,
                    reference: payment
                        .provider_payment_id
                        .clone()
                        .unwrap_or_else(|| payment.id.0.to_string()),
                });
                decision.payment = Some(failed);
            }
            if let Some(subscription) = subscription {
                if subscription.is_stale(event.created) {
                    if decision.payment.is_none() {
                        decision.outcome = EventOutcome::Stale;
                    } else {
                        decision.outcome = EventOutcome::Applied;
                    }
                    return decision;
                }
                let mut next = subscription.clone();
                // A failed renewal of a provider-held subscription makes it past due; a failed
                // first payment leaves it incomplete for the user to retry.
                if provider_subscription_id.is_some() && next.status == SubscriptionStatus::Active {
                    next.status = SubscriptionStatus::PastDue;
                    // A renewal Jobr never requested has no payment row to name; the user is
                    // told once, when the subscription falls past due (the provider's retries
                    // while it stays past due send nothing more).
                    if decision.notice.is_none() {
                        decision.notice =
                            next.plan
                                .monthly_price(currency_of(next.provider))
                                .map(|amount| PaymentNotice {
                                    kind: NoticeKind::PaymentFailed,
                                    user_id: next.user_id,
                                    plan: next.plan,
                                    amount,
                                    reference: provider_payment_id
                                        .clone()
                                        .or_else(|| provider_subscription_id.clone())
                                        .unwrap_or_default(),
                                });
                    }
                }
                next.last_event_at = Some(event.created);
                if next != *subscription {
                    next.updated_at = now;
                    decision.subscription = Some(next);
                }
            }
            if decision.payment.is_some() || decision.subscription.is_some() {
                decision.outcome = EventOutcome::Applied;
            }
            decision
        }
        PaymentEventKind::SubscriptionChanged(snapshot) => {
            let Some(subscription) = subscription else {
                return Decision::only(EventOutcome::Ignored);
            };
            if subscription.is_stale(event.created)
                || !subscription.status.can_move_to(snapshot.status)
            {
                return Decision::only(EventOutcome::Stale);
            }
            let mut next = subscription.clone();
            next.status = snapshot.status;
            if let Some(plan) = snapshot.plan {
                next.plan = plan;
            }
            if snapshot.current_period_end.is_some() {
                next.current_period_end = snapshot.current_period_end;
            }
            next.cancel_at_period_end = snapshot.cancel_at_period_end;
            next.last_event_at = Some(event.created);
            changed(subscription, next, now)
        }
        PaymentEventKind::SubscriptionEnded { .. } => {
            let Some(subscription) = subscription else {
                return Decision::only(EventOutcome::Ignored);
            };
            if subscription.status == SubscriptionStatus::Canceled {
                return Decision::only(EventOutcome::NoChange);
            }
            let mut next = subscription.clone();
            // The end is final whatever arrives around it.
            next.status = SubscriptionStatus::Canceled;
            next.last_event_at = Some(
                subscription
                    .last_event_at
                    .map_or(event.created, |last| last.max(event.created)),
            );
            changed(subscription, next, now)
        }
    }
}

fn changed(old: &Subscription, mut next: Subscription, now: Timestamp) -> Decision {
    if next == *old {
        return Decision::only(EventOutcome::NoChange);
    }
    next.updated_at = now;
    Decision {
        outcome: EventOutcome::Applied,
        subscription: Some(next),
        payment: None,
        new_payment: None,
        notice: None,
        superseded: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::SubscriptionSnapshot;
    use crate::lifecycle::SubscriptionId;
    use crate::payment::ProviderKind;
    use jobr_core::{Currency, Money, Plan, UserId};
    use time::macros::datetime;

    const NOW: Timestamp = datetime!(2026-11-27 12:00 UTC);

    fn subscription(status: SubscriptionStatus, stripe: bool) -> Subscription {
        Subscription {
            id: SubscriptionId::new(),
            user_id: UserId::new(),
            plan: Plan::Premium,
            status,
            provider: if stripe {
                ProviderKind::Stripe
            } else {
                ProviderKind::PhonePe
            },
            provider_customer_id: stripe.then(|| "cus_1".to_owned()),
            provider_subscription_id: stripe.then(|| "sub_1".to_owned()),
            current_period_end: stripe.then_some(datetime!(2026-12-27 12:00 UTC)),
            cancel_at_period_end: false,
            last_event_at: None,
            created_at: NOW,
            updated_at: NOW,
        }
    }

    fn payment(sub: &Subscription, amount: Money) -> PaymentRequest {
        PaymentRequest {
            id: PaymentRequestId::new(),
            user_id: sub.user_id,
            subscription_id: sub.id,
            provider: sub.provider,
            plan: sub.plan,
            amount,
            state: PaymentState::Pending,
            provider_payment_id: Some("pi_1".to_owned()),
            created_at: NOW,
            updated_at: NOW,
            expires_at: NOW + time::Duration::hours(1),
        }
    }

    fn usd(minor_units: i64) -> Money {
        Money {
            minor_units,
            currency: Currency::Usd,
        }
    }

    fn event(created: Timestamp, kind: PaymentEventKind) -> PaymentEvent {
        PaymentEvent {
            provider: ProviderKind::Stripe,
            id: "evt_1".to_owned(),
            event_type: "test".to_owned(),
            created,
            kind,
        }
    }

    fn succeeded(amount: Money) -> PaymentEventKind {
        PaymentEventKind::PaymentSucceeded {
            provider_payment_id: "pi_1".to_owned(),
            amount,
            provider_subscription_id: None,
            period_end: None,
        }
    }

    fn snapshot(status: SubscriptionStatus) -> PaymentEventKind {
        PaymentEventKind::SubscriptionChanged(SubscriptionSnapshot {
            provider_subscription_id: "sub_1".to_owned(),
            status,
            plan: None,
            current_period_end: None,
            cancel_at_period_end: false,
        })
    }

    #[test]
    fn a_confirmed_payment_activates_and_a_second_confirmation_changes_nothing() {
        let sub = subscription(SubscriptionStatus::Incomplete, true);
        let pay = payment(&sub, usd(4999));
        let decision = decide(
            &event(NOW, succeeded(usd(4999))),
            Some(&sub),
            Some(&pay),
            &[],
            NOW,
        );
        assert_eq!(decision.outcome, EventOutcome::Applied);
        let sub2 = decision.subscription.unwrap();
        let pay2 = decision.payment.unwrap();
        assert_eq!(sub2.status, SubscriptionStatus::Active);
        assert_eq!(pay2.state, PaymentState::Succeeded);
        assert_eq!(
            decision.notice,
            Some(PaymentNotice {
                kind: NoticeKind::Receipt,
                user_id: sub.user_id,
                plan: Plan::Premium,
                amount: usd(4999),
                reference: "pi_1".into(),
            })
        );
        let again = decide(
            &event(NOW, succeeded(usd(4999))),
            Some(&sub2),
            Some(&pay2),
            &[],
            NOW,
        );
        assert_eq!(again.outcome, EventOutcome::NoChange);
        assert_eq!(again.subscription, None);
        assert_eq!(again.payment, None);
        assert_eq!(again.notice, None, "one receipt per payment");
    }

    fn failed(payment: Option<&str>, subscription: Option<&str>) -> PaymentEventKind {
        PaymentEventKind::PaymentFailed {
            provider_payment_id: payment.map(str::to_owned),
            provider_subscription_id: subscription.map(str::to_owned),
            reason: Some("card declined".into()),
        }
    }

    #[test]
    fn a_failed_payment_owes_one_failed_mail() {
        let sub = subscription(SubscriptionStatus::Incomplete, true);
        let pay = payment(&sub, usd(4999));
        let first = decide(
            &event(NOW, failed(Some("pi_1"), None)),
            Some(&sub),
            Some(&pay),
            &[],
            NOW,
        );
        let notice = first.notice.clone().unwrap();
        assert_eq!(notice.kind, NoticeKind::PaymentFailed);
        assert_eq!(notice.amount, usd(4999));
        assert_eq!(notice.reference, "pi_1");
        // Stripe's invoice.payment_failed for the same attempt finds the payment failed.
        let failed_pay = first.payment.unwrap();
        let second = decide(
            &event(NOW, failed(Some("pi_1"), Some("sub_1"))),
            Some(&sub),
            Some(&failed_pay),
            &[],
            NOW,
        );
        assert_eq!(second.notice, None);
    }

    #[test]
    fn a_failed_renewal_is_told_once_when_the_subscription_falls_past_due() {
        let sub = subscription(SubscriptionStatus::Active, true);
        let first = decide(
            &event(NOW, failed(None, Some("sub_1"))),
            Some(&sub),
            None,
            &[],
            NOW,
        );
        let notice = first.notice.clone().unwrap();
        assert_eq!(notice.kind, NoticeKind::PaymentFailed);
        assert_eq!(notice.amount, usd(4999), "the plan's price");
        assert_eq!(notice.reference, "sub_1");
        let past_due = first.subscription.unwrap();
        let retry = decide(
            &event(NOW + time::Duration::days(3), failed(None, Some("sub_1"))),
            Some(&past_due),
            None,
            &[],
            NOW,
        );
        assert_eq!(retry.notice, None);
    }

    #[test]
    fn mismatched_stale_or_unchanged_events_owe_no_mail() {
        let sub = subscription(SubscriptionStatus::Incomplete, true);
        let pay = payment(&sub, usd(4999));
        let cheap = decide(
            &event(NOW, succeeded(usd(499))),
            Some(&sub),
            Some(&pay),
            &[],
            NOW,
        );
        assert_eq!(cheap.notice, None);
        let mut newer = subscription(SubscriptionStatus::Active, true);
        newer.last_event_at = Some(NOW);
        let stale = decide(
            &event(NOW - time::Duration::hours(1), failed(None, Some("sub_1"))),
            Some(&newer),
            None,
            &[],
            NOW,
        );
        assert_eq!(stale.outcome, EventOutcome::Stale);
        assert_eq!(stale.notice, None);
    }

    #[test]
    fn only_a_recent_unattached_checkout_makes_an_unknown_target_worth_a_retry() {
        assert!(!may_race_a_checkout(None, NOW));
        assert!(may_race_a_checkout(
            Some(NOW - time::Duration::seconds(5)),
            NOW
        ));
        assert!(!may_race_a_checkout(
            Some(NOW - CHECKOUT_RACE_WINDOW - time::Duration::seconds(1)),
            NOW
        ));
    }

    #[test]
    fn another_amount_or_currency_applies_nothing() {
        let sub = subscription(SubscriptionStatus::Incomplete, true);
        let pay = payment(&sub, usd(4999));
        for amount in [
            usd(499),
            Money {
                minor_units: 4999,
                currency: Currency::Inr,
            },
        ] {
            let decision = decide(
                &event(NOW, succeeded(amount)),
                Some(&sub),
                Some(&pay),
                &[],
                NOW,
            );
            assert_eq!(decision, Decision::only(EventOutcome::AmountMismatch));
        }
    }

    #[test]
    fn phonepe_payments_add_a_month_from_the_current_end() {
        let sub = subscription(SubscriptionStatus::Incomplete, false);
        let inr = Money {
            minor_units: 49900,
            currency: Currency::Inr,
        };
        let pay = payment(&sub, inr);
        let first = decide(
            &event(NOW, succeeded(inr)),
            Some(&sub),
            Some(&pay),
            &[],
            NOW,
        );
        let sub2 = first.subscription.unwrap();
        assert_eq!(
            sub2.current_period_end,
            Some(datetime!(2026-12-27 12:00 UTC))
        );
        let pay_again = payment(&sub2, inr);
        let second = decide(
            &event(NOW, succeeded(inr)),
            Some(&sub2),
            Some(&pay_again),
            &[],
            NOW,
        );
        assert_eq!(
            second.subscription.unwrap().current_period_end,
            Some(datetime!(2027-01-27 12:00 UTC))
        );
    }

    #[test]
    fn an_older_update_after_a_newer_one_changes_nothing() {
        let mut sub = subscription(SubscriptionStatus::Active, true);
        sub.last_event_at = Some(NOW);
        let old = event(
            NOW - time::Duration::minutes(5),
            snapshot(SubscriptionStatus::PastDue),
        );
        assert_eq!(
            decide(&old, Some(&sub), None, &[], NOW),
            Decision::only(EventOutcome::Stale)
        );
        let newer = event(
            NOW + time::Duration::minutes(5),
            snapshot(SubscriptionStatus::PastDue),
        );
        let decision = decide(&newer, Some(&sub), None, &[], NOW);
        assert_eq!(
            decision.subscription.unwrap().status,
            SubscriptionStatus::PastDue
        );
    }

    #[test]
    fn nothing_revives_a_canceled_subscription() {
        let sub = subscription(SubscriptionStatus::Canceled, true);
        let later = event(
            NOW + time::Duration::days(1),
            snapshot(SubscriptionStatus::Active),
        );
        assert_eq!(
            decide(&later, Some(&sub), None, &[], NOW).outcome,
            EventOutcome::Stale
        );
        let ended = event(
            NOW,
            PaymentEventKind::SubscriptionEnded {
                provider_subscription_id: "sub_1".to_owned(),
            },
        );
        assert_eq!(
            decide(&ended, Some(&sub), None, &[], NOW).outcome,
            EventOutcome::NoChange
        );
    }

    #[test]
    fn a_renewal_is_recorded_once_as_a_new_payment() {
        let sub = subscription(SubscriptionStatus::PastDue, true);
        let renewal = event(
            NOW,
            PaymentEventKind::PaymentSucceeded {
                provider_payment_id: "pi_renewal".to_owned(),
                amount: usd(4999),
                provider_subscription_id: Some("sub_1".to_owned()),
                period_end: Some(datetime!(2027-01-27 12:00 UTC)),
            },
        );
        let decision = decide(&renewal, Some(&sub), None, &[], NOW);
        assert_eq!(
            decision
                .notice
                .as_ref()
                .map(|n| (n.kind, n.reference.as_str())),
            Some((NoticeKind::Receipt, "pi_renewal"))
        );
        let recorded = decision.new_payment.unwrap();
        assert_eq!(recorded.state, PaymentState::Succeeded);
        assert_eq!(recorded.provider_payment_id.as_deref(), Some("pi_renewal"));
        let sub2 = decision.subscription.unwrap();
        assert_eq!(sub2.status, SubscriptionStatus::Active);
        assert_eq!(
            sub2.current_period_end,
            Some(datetime!(2027-01-27 12:00 UTC))
        );
    }

    #[test]
    fn a_failed_renewal_makes_an_active_subscription_past_due() {
        let sub = subscription(SubscriptionStatus::Active, true);
        let failed = event(
            NOW,
            PaymentEventKind::PaymentFailed {
                provider_payment_id: None,
                provider_subscription_id: Some("sub_1".to_owned()),
                reason: None,
            },
        );
        let decision = decide(&failed, Some(&sub), None, &[], NOW);
        assert_eq!(
            decision.subscription.unwrap().status,
            SubscriptionStatus::PastDue
        );
    }

    /// The payment of a checkout the user abandoned for a newer one, confirmed afterwards.
    fn late_payment(phonepe: bool) -> (Subscription, PaymentRequest, Money) {
        let mut abandoned = subscription(SubscriptionStatus::Canceled, !phonepe);
        let amount = if phonepe {
            Money {
                minor_units: 49900,
                currency: Currency::Inr,
            }
        } else {
            usd(4999)
        };
        let mut pay = payment(&abandoned, amount);
        pay.state = PaymentState::Expired;
        abandoned.current_period_end = None;
        (abandoned, pay, amount)
    }

    fn newer_checkout(of: &Subscription, status: SubscriptionStatus) -> Subscription {
        let mut newer = subscription(status, true);
        newer.user_id = of.user_id;
        newer.provider_subscription_id = Some("sub_2".to_owned());
        newer
    }

    #[test]
    fn a_late_payment_with_no_plan_elsewhere_revives_the_paid_checkout() {
        let (abandoned, pay, amount) = late_payment(true);
        let newer = newer_checkout(&abandoned, SubscriptionStatus::Incomplete);
        let decision = decide(
            &event(NOW, succeeded(amount)),
            Some(&abandoned),
            Some(&pay),
            &[abandoned.clone(), newer.clone()],
            NOW,
        );
        assert_eq!(decision.outcome, EventOutcome::Applied);
        let revived = decision.subscription.clone().unwrap();
        assert_eq!(revived.status, SubscriptionStatus::Active);
        assert_eq!(
            revived.current_period_end,
            Some(datetime!(2026-12-27 12:00 UTC)),
            "a month, as for a first payment"
        );
        assert_eq!(
            decision.payment.clone().unwrap().state,
            PaymentState::Succeeded
        );
        assert_eq!(decision.superseded.len(), 1);
        assert_eq!(decision.superseded[0].id, newer.id);
        assert_eq!(decision.superseded[0].status, SubscriptionStatus::Canceled);
        assert_eq!(
            decision.notice.as_ref().map(|n| n.kind),
            Some(NoticeKind::Receipt)
        );
        assert!(!decision.refund_due());
    }

    #[test]
    fn a_late_payment_while_another_plan_is_active_is_owed_back_without_a_receipt() {
        for granting in [SubscriptionStatus::Active, SubscriptionStatus::PastDue] {
            let (abandoned, pay, amount) = late_payment(false);
            let paid_first = newer_checkout(&abandoned, granting);
            let decision = decide(
                &event(NOW, succeeded(amount)),
                Some(&abandoned),
                Some(&pay),
                &[paid_first],
                NOW,
            );
            assert_eq!(decision.outcome, EventOutcome::Applied);
            assert_eq!(decision.subscription, None, "the plan stays as it is");
            assert!(decision.superseded.is_empty());
            assert_eq!(
                decision.payment.clone().unwrap().state,
                PaymentState::RefundDue
            );
            assert!(decision.refund_due());
            assert_eq!(decision.notice, None, "no receipt claims a plan");
            // The same money reported again (another event id) changes nothing.
            let again = decide(
                &event(NOW, succeeded(amount)),
                Some(&abandoned),
                decision.payment.as_ref(),
                &[],
                NOW,
            );
            assert_eq!(again.payment, None, "the money is recorded once");
            assert_eq!(again.new_payment, None);
            assert!(again.superseded.is_empty());
            assert_eq!(
                again.subscription.map_or(abandoned.status, |s| s.status),
                SubscriptionStatus::Canceled
            );
            assert_eq!(again.notice, None);
        }
    }

    #[test]
    fn a_revived_checkout_is_not_revived_twice_and_other_canceled_ones_stay() {
        let (abandoned, pay, amount) = late_payment(true);
        let older = newer_checkout(&abandoned, SubscriptionStatus::Canceled);
        let first = decide(
            &event(NOW, succeeded(amount)),
            Some(&abandoned),
            Some(&pay),
            std::slice::from_ref(&older),
            NOW,
        );
        assert!(first.superseded.is_empty(), "canceled ones are left alone");
        let revived = first.subscription.unwrap();
        let again = decide(
            &event(NOW, succeeded(amount)),
            Some(&revived),
            first.payment.as_ref(),
            &[older],
            NOW,
        );
        assert_eq!(again.outcome, EventOutcome::NoChange);
        assert_eq!(again.subscription, None);
    }

    #[test]
    fn a_late_payment_older_than_the_end_the_provider_reported_revives_nothing() {
        let (mut ended, pay, amount) = late_payment(false);
        ended.last_event_at = Some(NOW);
        let decision = decide(
            &event(NOW - time::Duration::hours(1), succeeded(amount)),
            Some(&ended),
            Some(&pay),
            &[],
            NOW,
        );
        assert_eq!(decision.payment.unwrap().state, PaymentState::Succeeded);
        assert_eq!(decision.subscription, None);
    }
}
