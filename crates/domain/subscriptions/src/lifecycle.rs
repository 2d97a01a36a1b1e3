//! The subscription lifecycle as an explicit state machine:
//! (none) → incomplete → active ⇄ past_due → canceled, with cancel at period end and resume
//! before the end. `canceled` is terminal: subscribing again starts a new subscription.

use crate::payment::ProviderKind;
use jobr_core::{Plan, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubscriptionId(pub Uuid);

impl SubscriptionId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for SubscriptionId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// Checkout started, first payment not confirmed.
    Incomplete,
    Active,
    /// A renewal payment failed; the provider is retrying.
    PastDue,
    /// Ended (or never paid). Terminal.
    Canceled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a subscription cannot move from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: SubscriptionStatus,
    pub to: SubscriptionStatus,
}

impl SubscriptionStatus {
    /// The lifecycle's edges. Staying in the same state is allowed (a renewal keeps `active`),
    /// nothing leaves `canceled`, and nothing goes back to `incomplete`.
    pub fn can_move_to(self, to: SubscriptionStatus) -> bool {
        use SubscriptionStatus::*;
        match (self, to) {
            (Canceled, Canceled) => true,
            (Canceled, _) => false,
            (Incomplete, Incomplete | Active | Canceled) => true,
            (Incomplete, PastDue) => false,
            (Active | PastDue, Active | PastDue | Canceled) => true,
            (Active | PastDue, Incomplete) => false,
        }
    }

    pub fn move_to(self, to: SubscriptionStatus) -> Result<SubscriptionStatus, TransitionError> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(TransitionError { from: self, to })
        }
    }

    /// Whether the plan's features are available (past due keeps them while the provider retries).
    pub fn grants_plan(self) -> bool {
        matches!(
            self,
            SubscriptionStatus::Active | SubscriptionStatus::PastDue
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Incomplete => "incomplete",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::PastDue => "past_due",
            SubscriptionStatus::Canceled => "canceled",
        }
    }
}

/// A user's paid subscription to one plan through one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub user_id: UserId,
    pub plan: Plan,
    pub status: SubscriptionStatus,
    pub provider: ProviderKind,
    pub provider_customer_id: Option<String>,
    /// Stripe's `sub_…`; PhonePe has no provider-side subscription.
    pub provider_subscription_id: Option<String>,
    pub current_period_end: Option<Timestamp>,
    pub cancel_at_period_end: bool,
    /// The provider time of the newest event applied, so an older event arriving later
    /// changes nothing.
    pub last_event_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Subscription {
    /// The plan in force at `now`: the subscription's plan while its status grants it and its
    /// paid period has not ended, otherwise Free.
    pub fn effective_plan(&self, now: Timestamp) -> Plan {
        let within_period = self.current_period_end.is_none_or(|end| now < end);
        if self.status.grants_plan() && within_period {
            self.plan
        } else {
            Plan::Free
        }
    }

    /// Whether an event the provider stamped `at` is older than one already applied.
    pub fn is_stale(&self, at: Timestamp) -> bool {
        self.last_event_at.is_some_and(|last| at < last)
    }
}

#[cfg(test)]
mod tests {
    use super::SubscriptionStatus::*;
    use super::*;

    #[test]
    fn the_lifecycle_only_moves_forward() {
        assert!(Incomplete.can_move_to(Active));
        assert!(Incomplete.can_move_to(Canceled));
        assert!(Active.can_move_to(PastDue));
        assert!(PastDue.can_move_to(Active));
        assert!(Active.can_move_to(Active));
        assert!(Active.can_move_to(Canceled));
        for to in [Incomplete, Active, PastDue] {
            assert_eq!(
                Canceled.move_to(to),
                Err(TransitionError { from: Canceled, to })
            );
        }
        assert!(!Active.can_move_to(Incomplete));
        assert!(!PastDue.can_move_to(Incomplete));
        assert!(!Incomplete.can_move_to(PastDue));
    }

    #[test]
    fn only_active_and_past_due_grant_the_plan() {
        assert!(Active.grants_plan() && PastDue.grants_plan());
        assert!(!Incomplete.grants_plan() && !Canceled.grants_plan());
    }
}
