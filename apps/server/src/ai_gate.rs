//! The AI gate (issue 9): whether a request may take an AI path, from the user's plan in the
//! one subscription store. AI CV structuring and AI match re-ranking ask it per request.

use crate::api::ApiError;
use jobr_core::{AiUse, Clock, UserId};
use jobr_subscriptions::{Entitlements, PlanLookup, ServiceError, SubscriptionRepository};
use std::sync::Arc;

pub struct AiGate {
    subscriptions: Arc<dyn SubscriptionRepository>,
    clock: Arc<dyn Clock>,
}

impl AiGate {
    pub fn new(subscriptions: Arc<dyn SubscriptionRepository>, clock: Arc<dyn Clock>) -> Self {
        Self {
            subscriptions,
            clock,
        }
    }

    /// The user's gate now. A store that cannot answer fails the request (as the plan lookup
    /// of applications does): guessing Free would tell a paying user the wrong reason, and
    /// guessing paid would spend AI on a Free user.
    pub async fn ai_use(&self, user: UserId) -> Result<AiUse, ApiError> {
        let plan = self
            .subscriptions
            .plan_of(user, self.clock.now())
            .await
            .map_err(|error| ApiError::from(ServiceError::from(error)))?;
        Ok(Entitlements::of(plan).ai_use())
    }
}
