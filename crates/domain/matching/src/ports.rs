//! Ports: job storage and AI re-ranking. Each doc comment is the contract adapters are held to.

use async_trait::async_trait;
use jobr_core::UserId;
use jobr_cv::ParsedCv;

use crate::engine::JobMatch;
use crate::job::{Job, JobId, NewJob};
use crate::search::{JobSearch, SearchPage};

/// Boxed cause of a failure, kept for logs and `source()` chains.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("job not found")]
    NotFound,
    #[error("invalid job: {0}")]
    Invalid(String),
    /// The store behind the port failed; says whether it was an outage (retry later) and
    /// keeps the driver's error as the source.
    #[error("job storage failed")]
    Storage(#[from] jobr_core::StorageError),
}

/// What an upsert did, so imports can count created / updated / unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created(JobId),
    Updated(JobId),
    Unchanged(JobId),
}

#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait JobRepository: Send + Sync {
    /// Inserts the job, or updates the one with the same (`source`, `external_id`) and reopens it
    /// if it was closed. MUST be atomic per key: two concurrent upserts of one key leave one row.
    /// Returns `Unchanged` when every field already had the given value.
    async fn upsert(&self, job: &NewJob) -> Result<Upserted, JobError>;

    /// Open or closed; `None` when no job has the id.
    async fn find_by_id(&self, id: JobId) -> Result<Option<Job>, JobError>;

    /// Marks the job closed (it stays readable). MUST return `NotFound` for an unknown id;
    /// closing a closed job is a no-op.
    async fn close(&self, id: JobId) -> Result<(), JobError>;

    /// Closes every open job of `source` whose external id is not in `keep` (jobs gone from a
    /// board); returns how many it closed.
    async fn close_missing(&self, source: &str, keep: &[String]) -> Result<u64, JobError>;

    /// Open jobs matching the search, by relevance to `query` (all equal without one), then
    /// newest first, then id; from just after `cursor`. Pages MUST neither repeat nor skip a
    /// job that existed when the first page was read, while other jobs are inserted.
    async fn search(&self, search: &JobSearch) -> Result<SearchPage, JobError>;

    /// Every open job, for building the matching index. Order is unspecified.
    async fn list_open(&self) -> Result<Vec<Job>, JobError>;
}

#[derive(Debug, thiserror::Error)]
pub enum SemanticError {
    #[error("semantic matcher unavailable")]
    Unavailable(#[source] BoxError),
    #[error("semantic matcher answered something unusable: {0}")]
    Malformed(String),
}

/// A job and the engine's match for it: what a re-ranker needs to read and to revise.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedJob {
    pub job: Job,
    pub result: JobMatch,
}

/// AI re-ranking of the deterministic engine's top results.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SemanticMatcher: Send + Sync {
    /// Re-orders and re-explains `ranked` (the engine's top N, best first) for `cv`. MUST
    /// return exactly the jobs it was given (same ids, no additions), each with `source` set to
    /// `MatchSource::Ai`. Callers fall back to the engine's order on any error. The cost of the
    /// call MUST be metered against `user`, whose CV it is.
    async fn rerank(
        &self,
        user: UserId,
        cv: &ParsedCv,
        ranked: &[MatchedJob],
    ) -> Result<Vec<JobMatch>, SemanticError>;
}
