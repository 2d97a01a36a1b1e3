//! The server's implementations of domain ports onto other parts of Jobr: the plan from
//! subscriptions, the confirmation mail through the outbox, and the payer's address from
//! accounts.

use async_trait::async_trait;
use jobr_accounts::UserRepository;
use jobr_applications::{PlanSource, Submission, SubmissionMail};
use jobr_core::{BoxError, Clock, Plan, UserId};
use jobr_notifications::{ApplicationMail, MailComposer, OutgoingMessage};
use jobr_subscriptions::{BillingContact, BillingContacts, PlanLookup, SubscriptionRepository};
use std::sync::Arc;

/// The plan in force now, from the user's subscription (Free without one).
pub struct SubscriptionPlans {
    subscriptions: Arc<dyn SubscriptionRepository>,
    clock: Arc<dyn Clock>,
}

impl SubscriptionPlans {
    pub fn new(subscriptions: Arc<dyn SubscriptionRepository>, clock: Arc<dyn Clock>) -> Self {
        Self {
            subscriptions,
            clock,
        }
    }
}

#[async_trait]
impl PlanSource for SubscriptionPlans {
    async fn current_plan(&self, user: UserId) -> Result<Plan, BoxError> {
        Ok(self.subscriptions.plan_of(user, self.clock.now()).await?)
    }
}

/// Payment mail goes to the account's address, greeting its first name.
pub struct UserContacts {
    users: Arc<dyn UserRepository>,
}

impl UserContacts {
    pub fn new(users: Arc<dyn UserRepository>) -> Self {
        Self { users }
    }
}

#[async_trait]
impl BillingContacts for UserContacts {
    async fn contact_of(&self, user: UserId) -> Result<Option<BillingContact>, BoxError> {
        Ok(self
            .users
            .find_by_id(user)
            .await?
            .map(|user| BillingContact {
                email: user.email,
                first_name: user.first_name,
            }))
    }
}

/// The user could not be found to address the confirmation to.
#[derive(Debug, thiserror::Error)]
#[error("user {0} not found: no confirmation to address")]
pub struct UnknownUser(UserId);

/// Renders the application-confirmation mail for the account's address; the applications
/// repository stores it in the submission's transaction (the outbox worker sends it later).
pub struct ConfirmationMails {
    users: Arc<dyn UserRepository>,
    composer: MailComposer,
}

impl ConfirmationMails {
    pub fn new(users: Arc<dyn UserRepository>, composer: MailComposer) -> Self {
        Self { users, composer }
    }
}

#[async_trait]
impl SubmissionMail for ConfirmationMails {
    async fn confirmation(&self, submission: &Submission) -> Result<OutgoingMessage, BoxError> {
        let user = self
            .users
            .find_by_id(submission.user_id)
            .await?
            .ok_or(UnknownUser(submission.user_id))?;
        Ok(self.composer.application_confirmation(
            &user.email,
            &user.first_name,
            &ApplicationMail {
                application_id: submission.application_id.to_string(),
                job_title: submission.job_title.clone(),
                company: submission.company.clone(),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobr_subscriptions::{
        ProviderKind, Subscription, SubscriptionId, SubscriptionStatus,
        ports::MockSubscriptionRepository,
    };
    use time::{Duration, macros::datetime};

    struct At(jobr_core::Timestamp);
    impl Clock for At {
        fn now(&self) -> jobr_core::Timestamp {
            self.0
        }
    }

    fn subscription(
        plan: Plan,
        status: SubscriptionStatus,
        end: jobr_core::Timestamp,
    ) -> Subscription {
        let start = end - Duration::days(30);
        Subscription {
            id: SubscriptionId::new(),
            user_id: UserId::new(),
            plan,
            status,
            provider: ProviderKind::Stripe,
            provider_customer_id: None,
            provider_subscription_id: None,
            current_period_end: Some(end),
            cancel_at_period_end: false,
            last_event_at: None,
            created_at: start,
            updated_at: start,
        }
    }

    async fn plan_at(found: Option<Subscription>, now: jobr_core::Timestamp) -> Plan {
        let mut repository = MockSubscriptionRepository::new();
        repository
            .expect_current()
            .times(1)
            .returning(move |_| Ok(found.clone()));
        SubscriptionPlans::new(Arc::new(repository), Arc::new(At(now)))
            .current_plan(UserId::new())
            .await
            .expect("a plan")
    }

    #[tokio::test]
    async fn the_plan_is_the_subscriptions_while_it_grants_it() {
        let end = datetime!(2026-12-15 00:00 UTC);
        let before = datetime!(2026-12-01 00:00 UTC);
        let after = datetime!(2026-12-16 00:00 UTC);
        let active = |plan| Some(subscription(plan, SubscriptionStatus::Active, end));
        assert_eq!(plan_at(None, before).await, Plan::Free);
        assert_eq!(plan_at(active(Plan::Premium), before).await, Plan::Premium);
        assert_eq!(plan_at(active(Plan::Pro), before).await, Plan::Pro);
        assert_eq!(
            plan_at(active(Plan::Pro), after).await,
            Plan::Free,
            "period over"
        );
        let canceled = subscription(Plan::Pro, SubscriptionStatus::Canceled, end);
        assert_eq!(plan_at(Some(canceled), before).await, Plan::Free);
    }

    #[tokio::test]
    async fn an_unreadable_subscription_is_an_error_not_a_guess() {
        let mut repository = MockSubscriptionRepository::new();
        repository
            .expect_current()
            .times(1)
            .returning(|_| Err(jobr_core::StorageError::failed("connection reset").into()));
        let plans = SubscriptionPlans::new(
            Arc::new(repository),
            Arc::new(At(datetime!(2026-12-01 00:00 UTC))),
        );
        assert!(plans.current_plan(UserId::new()).await.is_err());
    }
}
