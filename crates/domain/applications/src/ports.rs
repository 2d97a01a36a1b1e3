//! The applications crate's ports. Each doc comment is the contract adapters are held to.

use crate::error::ApplicationError;
use crate::model::{
    Application, ApplicationId, ApplicationStatus, MonthlyQuota, NewApplication, StatusMove,
};
use crate::writing::{
    CoverLetterDraft, InterviewPrep, StrengthAnalysis, TailoredCv, Tone, WritingContext,
};
use async_trait::async_trait;
use jobr_core::{BoxError, Page, Paged, Plan, Timestamp, UserId};
use jobr_notifications::OutgoingMessage;

/// Where applications, their history and the month's submissions are kept.
///
/// A *submission* is an application's first move out of "saved" into a sent status (or its
/// creation as "applied"); it is what the plan's monthly limit counts, and it stays counted
/// when the application is deleted later. The confirmation mail of a submission is stored in
/// the outbox in the same atomic step as the submission: the writes that may submit take the
/// rendered `confirmation`, store it (due at the write's time) when the write is the
/// submission, and store none of it otherwise (a refusal, a move that is not the first into a
/// sent status).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ApplicationRepository: Send + Sync {
    /// Stores a new application with its first history entry (`from: None`). MUST refuse with
    /// `AlreadyApplied` (storing nothing) when the user has an application to the job already,
    /// whatever its status, also when both are created at once. When `new.status` is sent
    /// ("applied"), it MUST count as a submission against `quota` in the same atomic step:
    /// with `n` submissions already in the quota's month, it is stored only when `n < limit`,
    /// else `PlanLimitReached { limit, used: n }` and nothing is stored, however many
    /// submissions run at once.
    async fn create(
        &self,
        new: &NewApplication,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError>;

    /// The user's application with its history, oldest first. MUST return `None` for another
    /// user's application exactly as for a missing one.
    async fn find_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<Option<Application>, ApplicationError>;

    /// The user's applications (with history), newest first, then by id; only those in
    /// `status` when given.
    async fn list_for_user(
        &self,
        user: UserId,
        status: Option<ApplicationStatus>,
        page: Page,
    ) -> Result<Paged<Application>, ApplicationError>;

    /// Every application of the user, with history (for the stats).
    async fn all_for_user(&self, user: UserId) -> Result<Vec<Application>, ApplicationError>;

    /// Moves the user's application to `step.to` and appends the change to its history. The
    /// move MUST be checked against the status found in the same atomic step as the write
    /// (of two concurrent moves from one status, at most the legal one for the status it
    /// finds passes): an illegal move is `InvalidTransition { from, to }` and changes nothing.
    /// The first move out of "saved" into a sent status is a submission, counted against
    /// `quota` as in [`ApplicationRepository::create`], sets `applied_at` and stores the
    /// `confirmation`. Another user's application is `NotFound`.
    async fn move_status(
        &self,
        user: UserId,
        id: ApplicationId,
        step: &StatusMove,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError>;

    /// Deletes the user's application and its history; its submission stays counted. Returns
    /// whether there was one (`false` for another user's).
    async fn delete_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<bool, ApplicationError>;

    /// How many submissions the user made in `[start, end)`.
    async fn submissions_between(
        &self,
        user: UserId,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<u32, ApplicationError>;
}

/// The plan a user is on, from subscriptions.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PlanSource: Send + Sync {
    /// The plan in force for the user now. MUST fail (never guess Free or Pro) when it cannot
    /// be read.
    async fn current_plan(&self, user: UserId) -> Result<Plan, BoxError>;
}

/// A submission, as the confirmation mail tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub user_id: UserId,
    pub application_id: ApplicationId,
    pub job_title: String,
    pub company: String,
    pub applied_at: Timestamp,
}

/// Renders the mail that tells the user their application was sent (the application
/// confirmation). It stores nothing: the repository stores the mail with the submission.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SubmissionMail: Send + Sync {
    /// The confirmation of `submission`, addressed to its user.
    async fn confirmation(&self, submission: &Submission) -> Result<OutgoingMessage, BoxError>;
}

#[derive(Debug, thiserror::Error)]
pub enum WritingError {
    /// Not configured, unreachable, failing, or timed out.
    #[error("writing assistant unavailable")]
    Unavailable(#[source] BoxError),
    /// The model answered something that is not the asked shape.
    #[error("writing assistant answered something unusable: {0}")]
    Malformed(String),
}

/// An AI that writes from a CV and a job. Callers check every answer for invented facts
/// ([`crate::facts`]) and use the templates on any error.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait WritingAssistant: Send + Sync {
    /// A cover letter in `tone`, 250–400 words, from the CV's facts only.
    async fn cover_letter(
        &self,
        context: &WritingContext,
        tone: Tone,
        requested_by: UserId,
    ) -> Result<CoverLetterDraft, WritingError>;

    /// The CV's own facts, reordered and re-worded for the job. MUST keep every employer,
    /// title, date and degree as the CV gives them.
    async fn tailored_cv(
        &self,
        context: &WritingContext,
        requested_by: UserId,
    ) -> Result<TailoredCv, WritingError>;

    /// Strengths, gaps and suggestions for the match (score, matching and missing skills
    /// come from the engine and are not the assistant's to change).
    async fn strength(
        &self,
        context: &WritingContext,
        requested_by: UserId,
    ) -> Result<StrengthAnalysis, WritingError>;

    /// Likely interview questions, each with why and the part of the CV that answers it.
    async fn interview_prep(
        &self,
        context: &WritingContext,
        requested_by: UserId,
    ) -> Result<InterviewPrep, WritingError>;
}
