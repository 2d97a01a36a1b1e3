//! Payment requests: one attempt to take money for a plan, and its states.

use crate::lifecycle::SubscriptionId;
use jobr_core::{Money, Plan, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Which payment provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Stripe,
    #[serde(rename = "phonepe")]
    PhonePe,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Stripe => "stripe",
            ProviderKind::PhonePe => "phonepe",
        }
    }

    /// Parses `stripe` or `phonepe` in any case.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, jobr_core::InvalidValue> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "stripe" => Ok(Self::Stripe),
            "phonepe" => Ok(Self::PhonePe),
            _ => Err(jobr_core::InvalidValue::new(
                field,
                "must be one of stripe, phonepe",
            )),
        }
    }
}

/// Identifies a payment request. It is also the attempt id: the `Idempotency-Key` of every
/// provider call that creates money movement for it, and the root of PhonePe's merchant
/// transaction id, so each provider record traces back to exactly one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaymentRequestId(pub Uuid);

impl PaymentRequestId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for PaymentRequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for PaymentRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a payment request stands. `Pending` is the only state that can change; the others
/// are final (an expired or failed payment the provider confirms after all still records
/// the money).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    Pending,
    Succeeded,
    Failed,
    /// No final answer came before `expires_at`.
    Expired,
    /// Money confirmed for a checkout the user abandoned while another subscription already
    /// grants them a plan: received, but it buys nothing, so it is owed back (an operator
    /// refunds it at the provider).
    RefundDue,
}

impl PaymentState {
    pub fn is_final(self) -> bool {
        !matches!(self, PaymentState::Pending)
    }

    /// Whether the provider confirmed the money (kept, or owed back).
    pub fn is_paid(self) -> bool {
        matches!(self, PaymentState::Succeeded | PaymentState::RefundDue)
    }
}

/// One attempt to take `amount` for `plan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    pub id: PaymentRequestId,
    pub user_id: UserId,
    pub subscription_id: SubscriptionId,
    pub provider: ProviderKind,
    pub plan: Plan,
    /// What the provider must confirm, to the minor unit and in this currency.
    pub amount: Money,
    pub state: PaymentState,
    /// The provider's id for this payment (Stripe payment intent `pi_…`, PhonePe merchant
    /// transaction id), once checkout has started.
    pub provider_payment_id: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// After this, a still-pending request is expired by reconciliation.
    pub expires_at: Timestamp,
}
