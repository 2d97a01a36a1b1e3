//! Provider events, verified and translated by the provider adapter into one neutral shape.

use crate::lifecycle::SubscriptionStatus;
use crate::payment::ProviderKind;
use jobr_core::{Money, Plan, Timestamp};

/// One verified event from a provider. `(provider, id)` is unique: storing it under a unique
/// key in the same transaction as its effect is what makes processing exactly-once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEvent {
    pub provider: ProviderKind,
    /// The provider's event id (Stripe `evt_…`; for PhonePe, the merchant transaction id and
    /// the final state it reports, since its callbacks carry no event id).
    pub id: String,
    /// The provider's own name for the event (`invoice.payment_succeeded`,
    /// `PAYMENT_SUCCESS`, …), recorded as received.
    pub event_type: String,
    /// When the provider says the event happened; orders events on one subscription.
    pub created: Timestamp,
    pub kind: PaymentEventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEventKind {
    /// Money was taken. `provider_payment_id` is the provider's payment id (Stripe
    /// `pi_…`, PhonePe merchant transaction id); `amount` is what the provider reports, checked
    /// against the payment request before anything is applied.
    PaymentSucceeded {
        provider_payment_id: String,
        amount: Money,
        /// Stripe `sub_…` when the payment paid a subscription invoice (renewals included).
        provider_subscription_id: Option<String>,
        /// The end of the period this payment paid for, when the provider says.
        period_end: Option<Timestamp>,
    },
    /// A payment failed.
    PaymentFailed {
        provider_payment_id: Option<String>,
        provider_subscription_id: Option<String>,
        reason: Option<String>,
    },
    /// The provider's view of a subscription changed (Stripe `customer.subscription.updated`).
    SubscriptionChanged(SubscriptionSnapshot),
    /// The subscription ended at the provider (Stripe `customer.subscription.deleted`).
    SubscriptionEnded { provider_subscription_id: String },
    /// A verified event of a type Jobr does not act on: recorded as ignored, answered 200.
    Ignored,
}

/// A provider subscription as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSnapshot {
    pub provider_subscription_id: String,
    pub status: SubscriptionStatus,
    /// The plan of the subscription's price, when the price is one of Jobr's.
    pub plan: Option<Plan>,
    pub current_period_end: Option<Timestamp>,
    pub cancel_at_period_end: bool,
}
