//! The CV crate's ports. Each doc comment is the contract every adapter is held to by `contract`.

use crate::{CvLibraryError, CvRecord, model::ParsedCv};
use async_trait::async_trait;
use jobr_core::{CvId, Page, Paged, Timestamp, UserId};

pub use crate::model::{CvFile, CvSummary};

/// Where CVs are kept. A CV goes through three states, so that neither a crash nor a failed
/// write leaves a file the user cannot see or delete:
///
/// - *pending*: the row is written before the file ([`CvRepository::insert_pending`]);
/// - *stored*: the file is written too ([`CvRepository::mark_stored`]); only stored CVs are
///   ever shown to their owner;
/// - *deleting*: on its way out, its file to be removed before its row
///   ([`CvRepository::begin_delete_for_user`], [`CvRepository::claim_abandoned`]).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait CvRepository: Send + Sync {
    /// Stores a new CV as *pending*: invisible to list, find and delete until it is marked stored.
    async fn insert_pending(&self, cv: &CvRecord) -> Result<(), CvLibraryError>;

    /// Pending → stored. MUST return `false` (and change nothing) when the CV is no longer
    /// pending, e.g. because the sweep claimed it as abandoned; the caller then owns the cleanup.
    async fn mark_stored(&self, id: CvId) -> Result<bool, CvLibraryError>;

    /// The owner's stored CVs, newest first, as summaries: no text, no parse.
    /// MUST never include another user's CV, nor a pending or deleting one.
    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvSummary>, CvLibraryError>;

    /// A stored CV of the user. MUST return `None` when the CV belongs to someone else, exactly
    /// as when it does not exist (or is not stored).
    async fn find_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError>;

    /// Stored → deleting, if the user owns the CV: from now on it is gone for the user. Returns
    /// the file to remove; `None` otherwise (nothing changes).
    async fn begin_delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvFile>, CvLibraryError>;

    /// Deletes the row of a CV that is pending or deleting; a stored CV MUST be left alone.
    /// Returns whether a row was removed.
    async fn remove_unfinished(&self, id: CvId) -> Result<bool, CvLibraryError>;

    /// Marks pending CVs created before `created_before` as deleting (uploads that were
    /// abandoned half-way), then returns up to `limit` deleting CVs, oldest first, whose files
    /// the caller removes before calling [`CvRepository::remove_unfinished`].
    async fn claim_abandoned(
        &self,
        created_before: Timestamp,
        limit: u32,
    ) -> Result<Vec<CvFile>, CvLibraryError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzerError {
    /// Not configured, unreachable, or failing (5xx, circuit open).
    #[error("CV analyzer unavailable: {0}")]
    Unavailable(String),
    #[error("CV analyzer rate limited")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("CV analyzer timed out")]
    Timeout,
    /// The model answered with something that is not a valid `ParsedCv`.
    #[error("CV analyzer returned invalid output: {0}")]
    InvalidOutput(String),
    #[error("CV analyzer failed: {0}")]
    Other(String),
}

/// The port through which an AI structures CV text. Adapters (OpenAI, ...) implement it.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait CvAnalyzer: Send + Sync {
    /// Structures CV text. The text is untrusted data. MUST return Err (never invent data) when it cannot.
    /// `requested_by` is whom the call is made for, so its cost can be metered per user.
    async fn analyze(
        &self,
        cv_text: &str,
        requested_by: Option<UserId>,
    ) -> Result<ParsedCv, AnalyzerError>;
}
