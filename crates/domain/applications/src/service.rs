//! The applications use cases: track applications within the plan's monthly limit, confirm
//! submissions, and write for them (AI when the plan has it and the answer is honest,
//! templates otherwise).

use crate::error::{ApplicationError, Feature};
use crate::facts::{FactSheet, Violation};
use crate::model::{
    Application, ApplicationId, ApplicationStatus, MAX_NOTE_CHARS, MonthlyQuota, NewApplication,
    StatusMove,
};
use crate::month::month_bounds;
use crate::ports::{
    ApplicationRepository, PlanSource, Submission, SubmissionMail, WritingAssistant, WritingError,
};
use crate::writing::{
    CoverLetter, InterviewPrep, LETTER_WORDS, StrengthAnalysis, TailoredCv, Tone, WritingContext,
    WritingSource, template_cover_letter, template_interview_prep, template_strength,
    template_tailored_cv,
};
use jobr_core::{Clock, CvId, Page, Paged, Plan, Timestamp, UserId};
use jobr_cv::CvRepository;
use jobr_matching::{CandidateProfile, Job, JobError, JobId, JobsService, OpenJobs, Preferences};
use jobr_notifications::OutgoingMessage;
use std::collections::HashMap;
use std::sync::Arc;

pub struct ApplicationService {
    repository: Arc<dyn ApplicationRepository>,
    plans: Arc<dyn PlanSource>,
    confirmations: Arc<dyn SubmissionMail>,
    cvs: Arc<dyn CvRepository>,
    jobs: Arc<JobsService>,
    assistant: Option<Arc<dyn WritingAssistant>>,
    clock: Arc<dyn Clock>,
}

/// The month's use of the plan's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub plan: Plan,
    pub limit: Option<u32>,
    pub used: u32,
    pub resets_at: Timestamp,
}

/// Counts per status and per month, and for Pro the rates.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub total: u64,
    pub by_status: Vec<(ApplicationStatus, u64)>,
    /// Submissions per UTC month, `"2026-11"`, oldest first.
    pub submitted_by_month: Vec<(String, u64)>,
    /// Pro only.
    pub insights: Option<Insights>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    pub submitted: u64,
    /// Share of submitted applications that got any answer (screening and on, or a rejection).
    pub response_rate: f64,
    /// Share of submitted applications that reached an interview.
    pub interview_rate: f64,
    pub median_days_to_first_response: Option<f64>,
    /// Skills the jobs that answered asked for, with how many of them did; shared by two or
    /// more, most common first.
    pub skills_of_responding_jobs: Vec<(String, u64)>,
}

impl ApplicationService {
    pub fn new(
        repository: Arc<dyn ApplicationRepository>,
        plans: Arc<dyn PlanSource>,
        confirmations: Arc<dyn SubmissionMail>,
        cvs: Arc<dyn CvRepository>,
        jobs: Arc<JobsService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repository,
            plans,
            confirmations,
            cvs,
            jobs,
            assistant: None,
            clock,
        }
    }

    /// AI writing for the plans that include it.
    pub fn with_assistant(mut self, assistant: Arc<dyn WritingAssistant>) -> Self {
        self.assistant = Some(assistant);
        self
    }

    pub fn has_assistant(&self) -> bool {
        self.assistant.is_some()
    }

    pub async fn plan(&self, user: UserId) -> Result<Plan, ApplicationError> {
        self.plans
            .current_plan(user)
            .await
            .map_err(ApplicationError::Plan)
    }

    async fn quota(&self, user: UserId, now: Timestamp) -> Result<MonthlyQuota, ApplicationError> {
        let plan = self.plan(user).await?;
        let (month_start, month_end) = month_bounds(now);
        Ok(MonthlyQuota {
            limit: plan.monthly_applications(),
            month_start,
            month_end,
        })
    }

    pub async fn usage(&self, user: UserId) -> Result<Usage, ApplicationError> {
        let plan = self.plan(user).await?;
        let (start, end) = month_bounds(self.clock.now());
        let used = self
            .repository
            .submissions_between(user, start, end)
            .await?;
        Ok(Usage {
            plan,
            limit: plan.monthly_applications(),
            used,
            resets_at: end,
        })
    }

    pub async fn create(
        &self,
        user: UserId,
        job_id: JobId,
        cv_id: CvId,
        status: Option<ApplicationStatus>,
    ) -> Result<Application, ApplicationError> {
        let status = status.unwrap_or(ApplicationStatus::Saved);
        if !status.can_start_in() {
            return Err(ApplicationError::Invalid(
                "a new application is either saved or applied".into(),
            ));
        }
        let job = self.job(job_id).await?;
        self.cvs
            .find_for_user(user, cv_id)
            .await
            .map_err(cv_error)?
            .ok_or(ApplicationError::CvNotFound)?;
        let now = self.clock.now();
        let quota = self.quota(user, now).await?;
        let id = ApplicationId::new();
        let confirmation = if status.is_submitted() {
            self.confirmation(user, id, &job, now).await?
        } else {
            Vec::new()
        };
        self.repository
            .create(
                &NewApplication {
                    id,
                    user_id: user,
                    job_id,
                    cv_id,
                    status,
                    note: None,
                    at: now,
                },
                &quota,
                &confirmation,
            )
            .await
    }

    pub async fn get(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<Application, ApplicationError> {
        self.repository
            .find_for_user(user, id)
            .await?
            .ok_or(ApplicationError::NotFound)
    }

    pub async fn list(
        &self,
        user: UserId,
        status: Option<ApplicationStatus>,
        page: Page,
    ) -> Result<Paged<Application>, ApplicationError> {
        self.repository.list_for_user(user, status, page).await
    }

    /// Moves the application; the first move into a sent status is checked against the
    /// plan's limit and confirmed by mail.
    pub async fn move_status(
        &self,
        user: UserId,
        id: ApplicationId,
        to: ApplicationStatus,
        note: Option<String>,
    ) -> Result<Application, ApplicationError> {
        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
        {
            return Err(ApplicationError::Invalid(format!(
                "a note holds at most {MAX_NOTE_CHARS} characters"
            )));
        }
        let now = self.clock.now();
        let quota = self.quota(user, now).await?;
        let confirmation = if to.is_submitted() {
            self.confirmation_of_move(user, id, now).await?
        } else {
            Vec::new()
        };
        let step = StatusMove { to, note, at: now };
        self.repository
            .move_status(user, id, &step, &quota, &confirmation)
            .await
    }

    /// The confirmation a move into a sent status would owe if it is the submission. Never
    /// sent once means it may be (the store decides on the row it locks); sent already means
    /// it cannot be, as `applied_at` is never cleared.
    async fn confirmation_of_move(
        &self,
        user: UserId,
        id: ApplicationId,
        now: Timestamp,
    ) -> Result<Vec<OutgoingMessage>, ApplicationError> {
        let Some(application) = self.repository.find_for_user(user, id).await? else {
            return Err(ApplicationError::NotFound);
        };
        if application.applied_at.is_some() {
            return Ok(Vec::new());
        }
        match self.job(application.job_id).await {
            Ok(job) => self.confirmation(user, id, &job, now).await,
            // The submission stands without its mail rather than be refused for it.
            Err(error) => {
                tracing::warn!(
                    error = %jobr_core::ErrorChain(&error),
                    application = %id,
                    "the job of an application being sent could not be read; no confirmation"
                );
                Ok(Vec::new())
            }
        }
    }

    pub async fn delete(&self, user: UserId, id: ApplicationId) -> Result<(), ApplicationError> {
        if self.repository.delete_for_user(user, id).await? {
            Ok(())
        } else {
            Err(ApplicationError::NotFound)
        }
    }

    /// The confirmation of a submission at `at`, rendered for the user; the repository stores
    /// it with the submission.
    async fn confirmation(
        &self,
        user: UserId,
        application_id: ApplicationId,
        job: &Job,
        at: Timestamp,
    ) -> Result<Vec<OutgoingMessage>, ApplicationError> {
        let submission = Submission {
            user_id: user,
            application_id,
            job_title: job.details.title.clone(),
            company: job.details.company.clone(),
            applied_at: at,
        };
        let message = self
            .confirmations
            .confirmation(&submission)
            .await
            .map_err(ApplicationError::Confirmation)?;
        Ok(vec![message])
    }

    async fn job(&self, id: JobId) -> Result<Job, ApplicationError> {
        self.jobs.get(id).await.map_err(job_error)
    }

    /// The CV, the job and the engine's match for one of the user's applications. `open` is
    /// the matching index (see [`JobsService::open_jobs`]).
    pub async fn context(
        &self,
        user: UserId,
        id: ApplicationId,
        open: &OpenJobs,
    ) -> Result<WritingContext, ApplicationError> {
        let application = self.get(user, id).await?;
        let cv = self
            .cvs
            .find_for_user(user, application.cv_id)
            .await
            .map_err(cv_error)?
            .ok_or(ApplicationError::CvNotFound)?;
        let profile = CandidateProfile::new(&cv.parsed, &cv.text);
        let (matched, job) = self
            .jobs
            .match_one(
                open,
                &profile,
                &Preferences::default(),
                self.clock.now().date(),
                application.job_id,
            )
            .await
            .map_err(job_error)?;
        Ok(WritingContext {
            cv: cv.parsed,
            cv_text: cv.text,
            job,
            matched,
        })
    }

    /// Why the AI is not used for this user, if it is not.
    fn ai_refusal(&self, plan: Plan) -> Option<String> {
        if !Feature::AiWriting.included_in(plan) {
            return Some(
                "AI writing comes with Premium and Pro; this is the template version, built from your CV."
                    .into(),
            );
        }
        if self.assistant.is_none() {
            return Some(
                "AI writing is not configured on this server; this is the template version, built from your CV."
                    .into(),
            );
        }
        None
    }

    /// Runs the AI when allowed; on an error or a claim the CV does not back, the template.
    async fn write<T, F, Fut>(
        &self,
        plan: Plan,
        ai: F,
        check: impl Fn(&T) -> Vec<Violation>,
        template: impl FnOnce() -> T,
        mark: impl Fn(&mut T, WritingSource, Option<String>),
    ) -> T
    where
        F: FnOnce(Arc<dyn WritingAssistant>) -> Fut,
        Fut: Future<Output = Result<T, WritingError>>,
    {
        let notice = match (self.ai_refusal(plan), self.assistant.clone()) {
            (None, Some(assistant)) => match ai(assistant).await {
                Ok(mut written) => {
                    let violations = check(&written);
                    if violations.is_empty() {
                        mark(&mut written, WritingSource::Ai, None);
                        return written;
                    }
                    let named: Vec<String> = violations.iter().map(ToString::to_string).collect();
                    tracing::warn!(violations = ?named, "an AI draft claimed facts the CV does not show");
                    format!(
                        "The AI draft claimed facts your CV does not show ({}); this is the template version, built from your CV only.",
                        named.join(", ")
                    )
                }
                Err(error) => {
                    tracing::warn!(error = %jobr_core::ErrorChain(&error), "AI writing failed; using the template");
                    "The AI assistant could not answer just now; this is the template version, built from your CV."
                        .to_owned()
                }
            },
            (Some(reason), _) => reason,
            (None, None) => "This is the template version, built from your CV.".to_owned(),
        };
        let mut written = template();
        mark(&mut written, WritingSource::Template, Some(notice));
        written
    }

    pub async fn cover_letter(
        &self,
        user: UserId,
        context: &WritingContext,
        tone: Tone,
    ) -> Result<CoverLetter, ApplicationError> {
        let plan = self.plan(user).await?;
        let facts = FactSheet::new(context);
        Ok(self
            .write(
                plan,
                |assistant| async move {
                    let draft = assistant.cover_letter(context, tone, user).await?;
                    let letter = CoverLetter::new(tone, draft.paragraphs, WritingSource::Ai);
                    if !LETTER_WORDS.contains(&letter.word_count) {
                        return Err(WritingError::Malformed(format!(
                            "a letter of {} words",
                            letter.word_count
                        )));
                    }
                    Ok(letter)
                },
                |letter: &CoverLetter| facts.check_text(&letter.text()),
                || template_cover_letter(context, tone),
                |letter, source, notice| {
                    letter.source = source;
                    letter.notice = notice;
                },
            )
            .await)
    }

    pub async fn tailored_cv(
        &self,
        user: UserId,
        context: &WritingContext,
    ) -> Result<TailoredCv, ApplicationError> {
        let plan = self.plan(user).await?;
        let facts = FactSheet::new(context);
        Ok(self
            .write(
                plan,
                |assistant| async move { assistant.tailored_cv(context, user).await },
                |cv: &TailoredCv| facts.check_tailored(context, cv),
                || template_tailored_cv(context),
                |cv, source, notice| {
                    cv.source = source;
                    cv.notice = notice;
                },
            )
            .await)
    }

    /// The score, band and skills are always the engine's: the AI only words the rest.
    pub async fn strength(
        &self,
        user: UserId,
        context: &WritingContext,
    ) -> Result<StrengthAnalysis, ApplicationError> {
        let plan = self.plan(user).await?;
        let facts = FactSheet::new(context);
        let engine = template_strength(context);
        let fixed = engine.clone();
        Ok(self
            .write(
                plan,
                |assistant| async move {
                    let mut written = assistant.strength(context, user).await?;
                    written.score = fixed.score;
                    written.band = fixed.band;
                    written.matching_skills = fixed.matching_skills;
                    written.missing_skills = fixed.missing_skills;
                    Ok(written)
                },
                |analysis: &StrengthAnalysis| facts.check_strength(analysis),
                || engine,
                |analysis, source, notice| {
                    analysis.source = source;
                    analysis.notice = notice;
                },
            )
            .await)
    }

    /// Pro only.
    pub async fn interview_prep(
        &self,
        user: UserId,
        context: &WritingContext,
    ) -> Result<InterviewPrep, ApplicationError> {
        let plan = self.plan(user).await?;
        if !Feature::InterviewPrep.included_in(plan) {
            return Err(ApplicationError::FeatureNotInPlan {
                feature: Feature::InterviewPrep,
                plan,
            });
        }
        let facts = FactSheet::new(context);
        Ok(self
            .write(
                plan,
                |assistant| async move { assistant.interview_prep(context, user).await },
                |prep: &InterviewPrep| facts.check_interview(prep),
                || template_interview_prep(context),
                |prep, source, notice| {
                    prep.source = source;
                    prep.notice = notice;
                },
            )
            .await)
    }

    /// Counts for everyone; rates and the skills of the jobs that answered for Pro.
    pub async fn stats(&self, user: UserId) -> Result<Stats, ApplicationError> {
        let plan = self.plan(user).await?;
        let all = self.repository.all_for_user(user).await?;
        let mut stats = counts(&all);
        if Feature::Analytics.included_in(plan) {
            let mut insights = insights(&all);
            let mut skills: HashMap<String, u64> = HashMap::new();
            for application in all.iter().filter(|a| first_response(a).is_some()) {
                let job = match self.jobs.get(application.job_id).await {
                    Ok(job) => job,
                    Err(JobError::NotFound) => continue,
                    Err(error) => return Err(job_error(error)),
                };
                let mut seen: Vec<&String> = Vec::new();
                for skill in job
                    .details
                    .required_skills
                    .iter()
                    .chain(&job.details.preferred_skills)
                {
                    if !seen.contains(&skill) {
                        seen.push(skill);
                        *skills.entry(skill.clone()).or_default() += 1;
                    }
                }
            }
            let mut shared: Vec<(String, u64)> =
                skills.into_iter().filter(|(_, n)| *n >= 2).collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            shared.truncate(10);
            insights.skills_of_responding_jobs = shared;
            stats.insights = Some(insights);
        }
        Ok(stats)
    }
}

fn cv_error(error: jobr_cv::CvLibraryError) -> ApplicationError {
    match error {
        jobr_cv::CvLibraryError::NotFound => ApplicationError::CvNotFound,
        jobr_cv::CvLibraryError::Storage(cause) => ApplicationError::Storage(cause),
        other => ApplicationError::Storage(jobr_core::StorageError::failed(other)),
    }
}

fn job_error(error: JobError) -> ApplicationError {
    match error {
        JobError::NotFound => ApplicationError::JobNotFound,
        JobError::Storage(cause) => ApplicationError::Storage(cause),
        JobError::Invalid(problem) => ApplicationError::Invalid(problem),
    }
}

fn counts(all: &[Application]) -> Stats {
    let by_status = ApplicationStatus::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|a| a.status == s).count() as u64))
        .collect();
    let mut months: Vec<(String, u64)> = Vec::new();
    let mut applied: Vec<Timestamp> = all.iter().filter_map(|a| a.applied_at).collect();
    applied.sort();
    for at in applied {
        let month = format!("{:04}-{:02}", at.year(), u8::from(at.month()));
        match months.last_mut() {
            Some((last, n)) if *last == month => *n += 1,
            _ => months.push((month, 1)),
        }
    }
    Stats {
        total: all.len() as u64,
        by_status,
        submitted_by_month: months,
        insights: None,
    }
}

/// The first answer from the employer after the submission: a move to screening or further,
/// or a rejection.
fn first_response(application: &Application) -> Option<Timestamp> {
    let applied_at = application.applied_at?;
    application
        .history
        .iter()
        .filter(|c| c.at >= applied_at)
        .find(|c| {
            matches!(
                c.to,
                ApplicationStatus::Screening
                    | ApplicationStatus::Interview
                    | ApplicationStatus::Offer
                    | ApplicationStatus::Hired
                    | ApplicationStatus::Rejected
            )
        })
        .map(|c| c.at)
}

fn insights(all: &[Application]) -> Insights {
    let submitted: Vec<&Application> = all.iter().filter(|a| a.applied_at.is_some()).collect();
    let n = submitted.len() as u64;
    let rate = |count: usize| {
        if n == 0 {
            0.0
        } else {
            ((count as f64 / n as f64) * 1000.0).round() / 1000.0
        }
    };
    let mut days: Vec<f64> = submitted
        .iter()
        .filter_map(|a| Some((first_response(a)? - a.applied_at?).as_seconds_f64() / 86_400.0))
        .collect();
    days.sort_by(f64::total_cmp);
    let median = match days.len() {
        0 => None,
        len if len % 2 == 1 => Some(days[len / 2]),
        len => Some((days[len / 2 - 1] + days[len / 2]) / 2.0),
    }
    .map(|d| (d * 10.0).round() / 10.0);
    let interviewed = submitted
        .iter()
        .filter(|a| {
            a.history.iter().any(|c| {
                matches!(
                    c.to,
                    ApplicationStatus::Interview
                        | ApplicationStatus::Offer
                        | ApplicationStatus::Hired
                )
            })
        })
        .count();
    Insights {
        submitted: n,
        response_rate: rate(
            submitted
                .iter()
                .filter(|a| first_response(a).is_some())
                .count(),
        ),
        interview_rate: rate(interviewed),
        median_days_to_first_response: median,
        skills_of_responding_jobs: Vec::new(),
    }
}
