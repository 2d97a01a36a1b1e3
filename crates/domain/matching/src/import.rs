//! Imports from job boards: the `JobBoard` port (one board of one source, fetched whole) and the
//! `ImportService` that upserts what a board lists and closes what it no longer lists.
//!
//! The one rule that matters most: jobs are closed ONLY after a complete fetch. A failed,
//! partial or rate-limited fetch is an error and touches nothing, so a board that is down never
//! looks like a board that is empty.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::job::{EmploymentType, JobLevel, NewJob, RemoteMode};
use crate::loader::{
    MAX_DESCRIPTION_CHARS, MAX_SKILL_CHARS, MAX_SKILLS, MAX_TITLE_CHARS, MAX_URL_CHARS, SkippedJob,
};
use crate::ports::{BoxError, JobError, JobRepository, Upserted};

/// One posting as a board listed it: a job ready to store, or the reason it cannot be.
pub type Posting = Result<NewJob, SkippedJob>;

/// Why a board could not be read completely. Every variant means "close nothing".
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    /// The board asked us to come back later (HTTP 429). Not an empty board.
    #[error("the job board is rate limiting us; retry later")]
    RateLimited { retry_after: Option<Duration> },
    /// Timeout, connection failure, 5xx, open circuit: the board could not be reached.
    #[error("the job board could not be reached")]
    Unavailable(#[source] BoxError),
    /// The board answered, but not with a list of postings (unknown board, changed format).
    #[error("the job board answered something unusable: {0}")]
    Malformed(String),
    /// The board answered with less than the whole list (e.g. fewer jobs than it says it has,
    /// or more pages than we are willing to read).
    #[error("the job board's list is incomplete: {0}")]
    Incomplete(String),
}

/// One board of one source: a Greenhouse board, a Lever company, a jobs file.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait JobBoard: Send + Sync {
    /// The `source` every posting of this board is stored under ("greenhouse", "lever", ...).
    /// Closing is scoped to it.
    fn source(&self) -> String;

    /// Every posting the board lists right now. MUST be `Err` unless the list is complete:
    /// the caller closes every stored job of `source` that is not in it.
    async fn fetch(&self) -> Result<Vec<Posting>, BoardError>;
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing was written and nothing closed.
    #[error("fetching the {source} board failed")]
    Fetch {
        source: String,
        #[source]
        cause: BoardError,
    },
    /// Storage failed part-way: the jobs upserted so far stay, nothing was closed.
    #[error("storing jobs from {source} failed")]
    Storage {
        source: String,
        #[source]
        cause: JobError,
    },
}

/// What an import did, for the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub source: String,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub closed: u64,
    /// Postings that were not stored, each with its reason. They are not closed either: a
    /// posting still on the board but unreadable keeps its previously stored version.
    pub skipped: Vec<SkippedJob>,
}

/// Imports whole boards into a `JobRepository`.
pub struct ImportService {
    jobs: Arc<dyn JobRepository>,
}

impl ImportService {
    pub fn new(jobs: Arc<dyn JobRepository>) -> Self {
        Self { jobs }
    }

    /// Fetches `board`, upserts each readable posting by (source, external id), extracts skills
    /// with the shared taxonomy where the board gives none, then closes the source's jobs that
    /// the board no longer lists.
    pub async fn import(&self, board: &dyn JobBoard) -> Result<ImportReport, ImportError> {
        let source = board.source();
        let postings = board.fetch().await.map_err(|cause| ImportError::Fetch {
            source: source.clone(),
            cause,
        })?;
        let mut report = ImportReport {
            source: source.clone(),
            ..ImportReport::default()
        };
        // Every id the board still lists, readable or not.
        let mut keep: Vec<String> = Vec::with_capacity(postings.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(postings.len());
        for (index, posting) in postings.into_iter().enumerate() {
            let job = posting.and_then(|job| prepare(index, &source, job));
            let job = match job {
                Ok(job) => job,
                Err(skipped) => {
                    if let Some(id) = &skipped.external_id
                        && seen.insert(id.clone())
                    {
                        keep.push(id.clone());
                    }
                    report.skipped.push(skipped);
                    continue;
                }
            };
            if !seen.insert(job.external_id.clone()) {
                report.skipped.push(SkippedJob {
                    index,
                    external_id: Some(job.external_id),
                    reason: "externalId is listed more than once; only its first listing counts"
                        .into(),
                });
                continue;
            }
            keep.push(job.external_id.clone());
            match self.jobs.upsert(&job).await {
                Ok(Upserted::Created(_)) => report.created += 1,
                Ok(Upserted::Updated(_)) => report.updated += 1,
                Ok(Upserted::Unchanged(_)) => report.unchanged += 1,
                Err(JobError::Invalid(reason)) => report.skipped.push(SkippedJob {
                    index,
                    external_id: Some(job.external_id),
                    reason,
                }),
                Err(cause) => return Err(ImportError::Storage { source, cause }),
            }
        }
        report.closed = self
            .jobs
            .close_missing(&source, &keep)
            .await
            .map_err(|cause| ImportError::Storage {
                source: source.clone(),
                cause,
            })?;
        Ok(report)
    }
}

/// Checks the limits every stored job keeps (the same as the jobs file's) and fills in skills
/// from the text when the board listed none.
fn prepare(index: usize, source: &str, mut job: NewJob) -> Result<NewJob, SkippedJob> {
    let skip = |job: &NewJob, reason: String| SkippedJob {
        index,
        external_id: Some(job.external_id.clone()).filter(|id| !id.is_empty()),
        reason,
    };
    if job.source != source {
        let reason = format!("source {:?} is not this board's {source:?}", job.source);
        return Err(skip(&job, reason));
    }
    let limits = [
        ("externalId", &job.external_id, MAX_SKILL_CHARS),
        ("title", &job.title, MAX_TITLE_CHARS),
        ("company", &job.company, MAX_TITLE_CHARS),
        ("location", &job.location, MAX_TITLE_CHARS),
        ("description", &job.description, MAX_DESCRIPTION_CHARS),
        ("applyUrl", &job.apply_url, MAX_URL_CHARS),
    ];
    for (name, value, max) in limits {
        if value.trim().is_empty() {
            return Err(skip(&job, format!("{name} is empty")));
        }
        if value.chars().count() > max {
            return Err(skip(
                &job,
                format!("{name} is longer than {max} characters"),
            ));
        }
    }
    if !(job.apply_url.starts_with("https://") || job.apply_url.starts_with("http://")) {
        return Err(skip(&job, "applyUrl must be an http(s) URL".into()));
    }
    if job.required_skills.is_empty() {
        let text = format!("{}\n{}", job.title, job.description);
        job.required_skills = jobr_cv::skills::find_skills(&text)
            .into_iter()
            .filter(|s| !job.preferred_skills.iter().any(|p| p == s))
            .map(str::to_owned)
            .collect();
    }
    job.required_skills.truncate(MAX_SKILLS);
    job.preferred_skills.truncate(MAX_SKILLS);
    Ok(job)
}

/// Seniority from a job title, for boards that do not state it. Mid-level when the title says
/// nothing, the most common level on boards.
pub fn level_from_title(title: &str) -> JobLevel {
    let words = words(title);
    let has = |options: &[&str]| words.iter().any(|w| options.contains(&w.as_str()));
    if has(&[
        "chief", "vp", "vice", "director", "cto", "cfo", "ceo", "coo", "cmo",
    ]) {
        JobLevel::Executive
    } else if has(&["lead", "head", "principal", "staff"]) {
        // Not "manager": product, office and account managers are mid-level roles.
        JobLevel::Lead
    } else if has(&["senior", "sr"]) {
        JobLevel::Senior
    } else if has(&["junior", "jr", "associate"]) {
        JobLevel::Junior
    } else if has(&[
        "intern",
        "internship",
        "graduate",
        "trainee",
        "apprentice",
        "entry",
    ]) {
        JobLevel::Entry
    } else {
        JobLevel::Mid
    }
}

/// Employment type from a board's label ("Full-time", "Part Time", "Contractor", "Intern"),
/// `None` when the label is missing or unknown.
pub fn employment_type_from_label(label: &str) -> Option<EmploymentType> {
    let label: String = words(label).concat();
    match label.as_str() {
        "fulltime" | "permanent" | "regular" => Some(EmploymentType::FullTime),
        "parttime" => Some(EmploymentType::PartTime),
        "contract" | "contractor" | "freelance" => Some(EmploymentType::Contract),
        "intern" | "internship" => Some(EmploymentType::Internship),
        "temporary" | "temp" | "seasonal" => Some(EmploymentType::Temporary),
        _ => None,
    }
}

/// Remote mode from a location line ("Remote - US", "Berlin (Hybrid)"), for boards that only
/// give a location. On-site when the line names neither.
pub fn remote_from_location(location: &str) -> RemoteMode {
    let words = words(location);
    if words.iter().any(|w| w == "hybrid") {
        RemoteMode::Hybrid
    } else if words.iter().any(|w| w == "remote") {
        RemoteMode::Remote
    } else {
        RemoteMode::Onsite
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_types_and_remote_modes_are_read_from_board_labels() {
        assert_eq!(level_from_title("Sr. Backend Engineer"), JobLevel::Senior);
        assert_eq!(
            level_from_title("Head of Engineering, Payments"),
            JobLevel::Lead
        );
        assert_eq!(level_from_title("Product Manager"), JobLevel::Mid);
        assert_eq!(level_from_title("VP of Sales"), JobLevel::Executive);
        assert_eq!(level_from_title("Data Analyst"), JobLevel::Mid);
        assert_eq!(level_from_title("Summer Intern, Design"), JobLevel::Entry);
        assert_eq!(
            employment_type_from_label("Full-time"),
            Some(EmploymentType::FullTime)
        );
        assert_eq!(
            employment_type_from_label("Part Time"),
            Some(EmploymentType::PartTime)
        );
        assert_eq!(employment_type_from_label("Whatever"), None);
        assert_eq!(remote_from_location("Remote - US"), RemoteMode::Remote);
        assert_eq!(remote_from_location("Berlin (Hybrid)"), RemoteMode::Hybrid);
        assert_eq!(remote_from_location("Remotely, TX"), RemoteMode::Onsite);
    }
}
