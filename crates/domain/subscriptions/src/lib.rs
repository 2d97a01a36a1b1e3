//! Subscriptions and payments: plans and their limits, feature gates, the subscription
//! lifecycle as an explicit state machine, payment requests, the provider-neutral
//! [`PaymentProvider`] port and the [`PaymentEvent`]s providers send.
//!
//! Pure domain: no HTTP, no database. Adapters (Stripe, PhonePe, Postgres, memory) implement
//! the ports in [`provider`] and [`ports`]; money correctness rules live here so every adapter
//! applies the same ones.

pub mod apply;
pub mod choice;
#[cfg(feature = "contract")]
pub mod contract;
pub mod entitlements;
pub mod event;
pub mod lifecycle;
pub mod notices;
pub mod payment;
pub mod ports;
pub mod provider;
pub mod service;

pub use apply::{CHECKOUT_RACE_WINDOW, Decision, EventTargets, decide, may_race_a_checkout};
pub use choice::{ProviderChoice, choose_provider};
pub use entitlements::{Entitlements, MonthWindow, parse_plan};
pub use event::{PaymentEvent, PaymentEventKind, SubscriptionSnapshot};
pub use lifecycle::{Subscription, SubscriptionId, SubscriptionStatus, TransitionError};
pub use notices::{
    BillingContact, BillingContacts, NoticeKind, PaymentMailing, PaymentNotice, PreparedMail,
    mail_to_store,
};
pub use payment::{PaymentRequest, PaymentRequestId, PaymentState, ProviderKind};
pub use ports::{
    ApplicationUsage, CheckoutRecord, EventOutcome, PlanLookup, SubscriptionError,
    SubscriptionRepository,
};
pub use provider::{
    Checkout, CheckoutAction, CheckoutRequest, PaymentProvider, ProviderError,
    ProviderPaymentStatus, SubscriptionBilling, WebhookError,
};
pub use service::{
    CheckoutInput, CheckoutOutcome, DEFAULT_PAYMENT_TTL, Overview, ServiceError,
    SubscriptionService,
};
