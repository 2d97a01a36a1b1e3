//! The server's implementations of the applications crate's ports onto other parts of Jobr:
//! the plan from subscriptions, the confirmation mail through the outbox.

use async_trait::async_trait;
use jobr_accounts::UserRepository;
use jobr_applications::{PlanSource, Submission, SubmissionNotifier};
use jobr_core::{BoxError, Clock, Plan, UserId};
use jobr_notifications::{ApplicationMail, MailComposer, Outbox};
use jobr_subscriptions::{PlanLookup, SubscriptionRepository};
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

/// The user could not be found to address the confirmation to.
#[derive(Debug, thiserror::Error)]
#[error("user {0} not found: no confirmation to address")]
pub struct UnknownUser(UserId);

/// Queues the application-confirmation mail in the outbox (durable once `enqueue` returns;
/// the outbox worker sends it with retries). The mail is enqueued right after the move to
/// "applied" is stored, not in the same transaction.
pub struct OutboxConfirmations {
    users: Arc<dyn UserRepository>,
    outbox: Arc<dyn Outbox>,
    composer: MailComposer,
    clock: Arc<dyn Clock>,
}

impl OutboxConfirmations {
    pub fn new(
        users: Arc<dyn UserRepository>,
        outbox: Arc<dyn Outbox>,
        composer: MailComposer,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            users,
            outbox,
            composer,
            clock,
        }
    }
}

#[async_trait]
impl SubmissionNotifier for OutboxConfirmations {
    async fn submitted(&self, submission: &Submission) -> Result<(), BoxError> {
        let user = self
            .users
            .find_by_id(submission.user_id)
            .await?
            .ok_or(UnknownUser(submission.user_id))?;
        let message = self.composer.application_confirmation(
            &user.email,
            &user.first_name,
            &ApplicationMail {
                application_id: submission.application_id.to_string(),
                job_title: submission.job_title.clone(),
                company: submission.company.clone(),
            },
        );
        self.outbox.enqueue(&[message], self.clock.now()).await?;
        Ok(())
    }
}
