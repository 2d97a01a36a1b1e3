//! Jobs and matching: the job model, the `JobRepository` and `SemanticMatcher` ports, the jobs
//! file loader, and the deterministic matching engine that ranks open jobs for a CV.
//!
//! Pure computation only: no framework, database, network client or async runtime.
//!
//! Imports: a [`JobBoard`] (adapters: Greenhouse, Lever, files) fetched whole by the
//! [`ImportService`], which upserts and closes only after a complete fetch.
//!
//! Matching in three steps: [`JobIndex::build`] over the open jobs (IDF of skills and title
//! words, inverted indexes), [`CandidateProfile::new`] from a parsed CV and its text, then
//! [`JobIndex::rank`] (top K) or [`JobIndex::match_job`] (one job).

pub mod baseline;
#[cfg(feature = "contract")]
pub mod contract;
mod engine;
mod explain;
pub mod fulltext;
pub mod import;
mod index;
pub mod job;
pub mod loader;
mod occupations;
mod place;
pub mod ports;
mod profile;
mod rank;
pub mod search;
mod service;
mod text;

pub use engine::{Band, JobMatch, MatchSource, Preferences, SalaryWish, ScoreParts};
#[cfg(feature = "mock")]
pub use import::MockJobBoard;
pub use import::{
    BoardError, ImportError, ImportReport, ImportService, JobBoard, Posting,
    employment_type_from_label, level_from_title, remote_from_location,
};
pub use index::JobIndex;
pub use job::{
    EmploymentType, Job, JobId, JobLevel, JobStatus, NewJob, PayInterval, RemoteMode, Salary,
};
pub use loader::{FileError, LoadedJobs, SkippedJob, load_job, load_jobs};
pub use ports::{
    BoxError, JobError, JobRepository, MatchedJob, SemanticError, SemanticMatcher, Upserted,
};
#[cfg(feature = "mock")]
pub use ports::{MockJobRepository, MockSemanticMatcher};
pub use profile::CandidateProfile;
pub use search::{JobSearch, SearchCursor, SearchPage};
pub use service::{
    AgedSnapshot, DEFAULT_INDEX_TTL, DEFAULT_RERANK_TOP_N, JobsService, MAX_MATCHES, OpenJobs,
    Ranked, notices as rerank_notices,
};

/// Builds the skills taxonomy and the occupation titles (hand-tuned and ESCO) now, so that the
/// first CV parse or match request does not pay for it; a server calls it at start-up.
pub fn load_taxonomy() {
    jobr_cv::skills::load();
    occupations::load();
}
