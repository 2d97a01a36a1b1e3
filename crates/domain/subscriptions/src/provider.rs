//! The provider-neutral payment port.

use crate::event::PaymentEvent;
use crate::payment::{PaymentRequest, ProviderKind};
use async_trait::async_trait;
use jobr_core::{BoxError, Currency, Email, Money, Timestamp};
use secrecy::SecretString;

/// What a checkout needs from the provider.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// The stored, pending payment request. Its id is the attempt id: the provider MUST use it
    /// as the idempotency key of every create call (Stripe `Idempotency-Key`) or derive the
    /// provider's transaction id from it (PhonePe merchant transaction id).
    pub payment: PaymentRequest,
    pub email: Option<Email>,
    /// The provider customer already known for this user (Stripe `cus_…`), if any.
    pub provider_customer_id: Option<String>,
    /// Where the provider sends the user's browser back (PhonePe redirect, Stripe return URL).
    pub redirect_url: Option<String>,
    /// Where the provider posts its server-to-server notification (PhonePe callback URL).
    pub callback_url: Option<String>,
    /// The user's mobile number, for providers that want one (PhonePe).
    pub mobile_number: Option<String>,
}

/// What the client does next to pay.
#[derive(Debug, Clone)]
pub enum CheckoutAction {
    /// Confirm a payment in the browser with Stripe.js (a payment intent's client secret).
    ClientSecret(SecretString),
    /// Send the browser to the provider's pay page (PhonePe).
    Redirect(String),
}

/// A started checkout.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub action: CheckoutAction,
    /// The provider's id for this payment (`pi_…`, merchant transaction id); events and status
    /// checks name the payment by it.
    pub provider_payment_id: String,
    pub provider_customer_id: Option<String>,
    pub provider_subscription_id: Option<String>,
    pub current_period_end: Option<Timestamp>,
}

/// The provider's answer about one payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderPaymentStatus {
    /// Not final yet (PhonePe `PENDING`, `INTERNAL_SERVER_ERROR` and any unknown code):
    /// poll again later with backoff.
    Pending,
    /// Paid, with the amount the provider confirms (already checked against the request).
    Succeeded { amount: Money },
    /// Finally failed.
    Failed { reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The card was declined (answered 402 `CARD_DECLINED`).
    #[error("card declined: {message}")]
    CardDeclined {
        message: String,
        decline_code: Option<String>,
    },
    #[error("the payment provider is rate limiting us")]
    RateLimited,
    /// The provider rejected the request as invalid (a bug or bad configuration on our side).
    #[error("the payment provider rejected the request: {message}")]
    InvalidRequest {
        message: String,
        param: Option<String>,
    },
    /// Our credentials were refused.
    #[error("the payment provider refused our credentials")]
    Authentication,
    /// The provider failed on its side (5xx, `api_error`).
    #[error("the payment provider failed: {message}")]
    Api { message: String },
    /// The provider answered with an amount or currency other than the payment request's.
    #[error("the provider reported {got:?} for a payment of {expected:?}")]
    AmountMismatch { expected: Money, got: Money },
    /// The provider could not be reached, timed out, or its circuit is open.
    #[error("the payment provider is unreachable")]
    Unavailable(#[source] BoxError),
    /// The provider answered something we cannot read.
    #[error("unexpected answer from the payment provider")]
    UnexpectedResponse(#[source] BoxError),
    /// The operation does not exist for this provider (e.g. a billing portal on PhonePe).
    #[error("{provider:?} does not support {operation}")]
    Unsupported {
        provider: ProviderKind,
        operation: &'static str,
    },
}

/// Why a webhook was refused. All of these answer 400 and store nothing.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("the signature header is missing")]
    MissingSignature,
    #[error("the signature header is malformed")]
    MalformedSignature,
    #[error("no signature matches the payload")]
    BadSignature,
    #[error("the signature timestamp is outside the tolerance")]
    StaleTimestamp,
    #[error("the payload is not a valid event")]
    MalformedPayload(#[source] BoxError),
}

/// A payment provider (Stripe, PhonePe).
///
/// Contract — every implementation MUST:
/// - check the amount AND currency of every provider response that reports money (checkout,
///   status, webhook) against the [`PaymentRequest`] it concerns, and answer
///   [`ProviderError::AmountMismatch`] rather than a success when they differ;
/// - send the payment request id as the idempotency key of every call that creates money
///   movement (and only on those calls), or derive the provider transaction id from it;
/// - verify webhooks on the raw body bytes, never on a re-serialised body, with no default
///   secret, and accept a webhook only when its signature verifies;
/// - map provider codes through one table, with unknown codes meaning "pending, poll again",
///   never success;
/// - keep secrets out of `Debug`, logs and errors.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// The currency this provider charges in (Stripe USD, PhonePe INR).
    fn currency(&self) -> Currency;

    /// Starts paying `request.payment`: creates what the provider needs (customer,
    /// subscription, payment intent, pay page) and says what the client does next.
    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, ProviderError>;

    /// Asks the provider where `payment` stands (the source of truth for PhonePe).
    /// MUST answer `AmountMismatch` when a success reports another amount or currency.
    async fn payment_status(
        &self,
        payment: &PaymentRequest,
    ) -> Result<ProviderPaymentStatus, ProviderError>;

    /// Verifies a webhook (`signature` is the provider's signature header: Stripe's
    /// `Stripe-Signature`, PhonePe's `X-VERIFY`) against the raw body at `now`, and translates
    /// it into a [`PaymentEvent`]. No I/O.
    fn parse_webhook(
        &self,
        signature: Option<String>,
        raw_body: &[u8],
        now: Timestamp,
    ) -> Result<PaymentEvent, WebhookError>;
}

/// Subscription management the provider holds itself (Stripe): cancel at period end, resume,
/// billing portal. Providers without provider-side subscriptions (PhonePe) do not implement it.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SubscriptionBilling: Send + Sync {
    /// Sets `cancel_at_period_end` on the provider subscription and returns its new state.
    async fn set_cancel_at_period_end(
        &self,
        provider_subscription_id: &str,
        cancel: bool,
    ) -> Result<crate::event::SubscriptionSnapshot, ProviderError>;

    /// A billing portal session URL for the customer, returning to `return_url`.
    async fn portal_url(
        &self,
        provider_customer_id: &str,
        return_url: &str,
    ) -> Result<String, ProviderError>;
}
