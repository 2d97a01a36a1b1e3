//! The server's implementations of the applications crate's ports onto other parts of Jobr,
//! until the subscriptions and notifications crates provide theirs (see the issue 12 report).

use async_trait::async_trait;
use jobr_applications::{PlanSource, Submission, SubmissionNotifier};
use jobr_core::{BoxError, Plan, UserId};

/// Jobr has no subscriptions yet: every user is on the plan everyone starts on, Free.
/// Replace with the subscriptions service's current plan when it lands.
#[derive(Debug, Default, Clone, Copy)]
pub struct EveryoneOnFree;

#[async_trait]
impl PlanSource for EveryoneOnFree {
    async fn current_plan(&self, _user: UserId) -> Result<Plan, BoxError> {
        Ok(Plan::Free)
    }
}

/// Jobr has no mail outbox yet: the confirmation is written to the log, as the design's
/// unconfigured mailer does. Not durable; replace with the outbox's enqueue when it lands.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoggedConfirmations;

#[async_trait]
impl SubmissionNotifier for LoggedConfirmations {
    async fn submitted(&self, submission: &Submission) -> Result<(), BoxError> {
        tracing::info!(
            user = %submission.user_id,
            application = %submission.application_id,
            job_title = %submission.job_title,
            company = %submission.company,
            "application confirmation (no mail outbox configured: logged only)"
        );
        Ok(())
    }
}
