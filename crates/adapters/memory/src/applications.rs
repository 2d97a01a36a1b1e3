use crate::{MemoryOutbox, lock};
use async_trait::async_trait;
use jobr_applications::{
    Application, ApplicationError, ApplicationId, ApplicationRepository, ApplicationStatus,
    MonthlyQuota, NewApplication, StatusChange, StatusMove,
};
use jobr_core::{Page, Paged, Timestamp, UserId};
use jobr_notifications::OutgoingMessage;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Applications in memory; one critical section per operation settles the limit and the
/// one-application-per-job rule as the PostgreSQL transaction does, and stores a submission's
/// confirmation in `outbox` inside it (the state's lock is always taken before the outbox's).
pub struct MemoryApplicationRepository {
    state: Mutex<State>,
    outbox: Arc<MemoryOutbox>,
}

impl MemoryApplicationRepository {
    pub fn new(outbox: Arc<MemoryOutbox>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            outbox,
        }
    }

    fn confirm(&self, confirmation: &[OutgoingMessage], at: Timestamp) {
        lock(&self.outbox.state).enqueue(confirmation, at);
    }
}

#[derive(Default)]
struct State {
    applications: HashMap<ApplicationId, Application>,
    /// (user, when): every submission, kept when its application is deleted.
    submissions: Vec<(UserId, Timestamp)>,
}

impl State {
    fn used(&self, user: UserId, start: Timestamp, end: Timestamp) -> u32 {
        self.submissions
            .iter()
            .filter(|(u, at)| *u == user && *at >= start && *at < end)
            .count() as u32
    }

    /// Records a submission at `at` if the quota has room.
    fn submit(
        &mut self,
        user: UserId,
        at: Timestamp,
        quota: &MonthlyQuota,
    ) -> Result<(), ApplicationError> {
        let used = self.used(user, quota.month_start, quota.month_end);
        if let Some(limit) = quota.limit
            && used >= limit
        {
            return Err(ApplicationError::PlanLimitReached {
                limit,
                used,
                resets_at: quota.month_end,
            });
        }
        self.submissions.push((user, at));
        Ok(())
    }
}

#[async_trait]
impl ApplicationRepository for MemoryApplicationRepository {
    async fn create(
        &self,
        new: &NewApplication,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError> {
        let mut state = lock(&self.state);
        if let Some(existing) = state
            .applications
            .values()
            .find(|a| a.user_id == new.user_id && a.job_id == new.job_id)
        {
            return Err(ApplicationError::AlreadyApplied {
                existing: existing.id,
            });
        }
        let submitted = new.status.is_submitted();
        if submitted {
            state.submit(new.user_id, new.at, quota)?;
            self.confirm(confirmation, new.at);
        }
        let application = Application {
            id: new.id,
            user_id: new.user_id,
            job_id: new.job_id,
            cv_id: new.cv_id,
            status: new.status,
            applied_at: submitted.then_some(new.at),
            created_at: new.at,
            updated_at: new.at,
            history: vec![StatusChange {
                from: None,
                to: new.status,
                at: new.at,
                note: new.note.clone(),
            }],
        };
        state.applications.insert(new.id, application.clone());
        Ok(application)
    }

    async fn find_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<Option<Application>, ApplicationError> {
        Ok(lock(&self.state)
            .applications
            .get(&id)
            .filter(|a| a.user_id == user)
            .cloned())
    }

    async fn list_for_user(
        &self,
        user: UserId,
        status: Option<ApplicationStatus>,
        page: Page,
    ) -> Result<Paged<Application>, ApplicationError> {
        let mut mine: Vec<Application> = lock(&self.state)
            .applications
            .values()
            .filter(|a| a.user_id == user && status.is_none_or(|s| a.status == s))
            .cloned()
            .collect();
        mine.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let total = mine.len() as u64;
        let items = mine
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
            .take(page.size() as usize)
            .collect();
        Ok(Paged { items, page, total })
    }

    async fn all_for_user(&self, user: UserId) -> Result<Vec<Application>, ApplicationError> {
        let mut mine: Vec<Application> = lock(&self.state)
            .applications
            .values()
            .filter(|a| a.user_id == user)
            .cloned()
            .collect();
        mine.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(mine)
    }

    async fn move_status(
        &self,
        user: UserId,
        id: ApplicationId,
        step: &StatusMove,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError> {
        let mut state = lock(&self.state);
        let (from, first_submission) = match state.applications.get(&id) {
            Some(a) if a.user_id == user => {
                (a.status, a.applied_at.is_none() && step.to.is_submitted())
            }
            _ => return Err(ApplicationError::NotFound),
        };
        if !from.can_move_to(step.to) {
            return Err(ApplicationError::InvalidTransition { from, to: step.to });
        }
        if first_submission {
            state.submit(user, step.at, quota)?;
            self.confirm(confirmation, step.at);
        }
        let Some(application) = state.applications.get_mut(&id) else {
            return Err(ApplicationError::NotFound);
        };
        application.status = step.to;
        application.updated_at = step.at;
        if first_submission {
            application.applied_at = Some(step.at);
        }
        application.history.push(StatusChange {
            from: Some(from),
            to: step.to,
            at: step.at,
            note: step.note.clone(),
        });
        Ok(application.clone())
    }

    async fn delete_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<bool, ApplicationError> {
        let mut state = lock(&self.state);
        if state
            .applications
            .get(&id)
            .is_some_and(|a| a.user_id == user)
        {
            state.applications.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }

    async fn submissions_between(
        &self,
        user: UserId,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<u32, ApplicationError> {
        Ok(lock(&self.state).used(user, start, end))
    }
}
