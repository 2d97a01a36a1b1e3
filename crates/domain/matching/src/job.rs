//! The job model: what an employer's posting says, after import.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;
use uuid::Uuid;

/// Identifies a stored job. A newtype so it is never confused with a user or CV id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub Uuid);

impl JobId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for JobId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemoteMode {
    Onsite,
    Hybrid,
    Remote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Internship,
    Temporary,
}

/// Seniority a job asks for, lowest first (the order is used for distances).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobLevel {
    Entry,
    Junior,
    Mid,
    Senior,
    Lead,
    Executive,
}

impl JobLevel {
    /// 0 (entry) to 5 (executive).
    pub fn rank(self) -> i32 {
        self as i32
    }

    pub fn label(self) -> &'static str {
        match self {
            JobLevel::Entry => "entry-level",
            JobLevel::Junior => "junior",
            JobLevel::Mid => "mid-level",
            JobLevel::Senior => "senior",
            JobLevel::Lead => "lead",
            JobLevel::Executive => "executive",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayInterval {
    Hour,
    Day,
    Month,
    Year,
}

impl PayInterval {
    /// Rough periods per year (full time), to compare pay given per different intervals.
    pub fn per_year(self) -> i64 {
        match self {
            PayInterval::Hour => 2080,
            PayInterval::Day => 260,
            PayInterval::Month => 12,
            PayInterval::Year => 1,
        }
    }
}

/// A salary range as advertised. Amounts are whole MAJOR units of `currency` (euros, not cents):
/// job boards advertise round figures, and nothing is charged from them. `min <= max`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Salary {
    pub min: i64,
    pub max: i64,
    /// ISO 4217 code, upper case ("EUR").
    pub currency: String,
    pub interval: PayInterval,
}

impl Salary {
    /// The top of the range per year, in major units.
    pub fn max_per_year(&self) -> i64 {
        self.max.saturating_mul(self.interval.per_year())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    #[default]
    Open,
    Closed,
}

/// A job as imported or written by an admin, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewJob {
    /// Where the job came from ("greenhouse", "lever", "demo", "admin"); with `external_id`
    /// the key imports upsert by.
    pub source: String,
    pub external_id: String,
    pub title: String,
    pub company: String,
    /// Plain text (importers strip HTML).
    pub description: String,
    /// Canonical names from `jobr_cv::skills` where the taxonomy knows them, else as written.
    pub required_skills: Vec<String>,
    pub preferred_skills: Vec<String>,
    /// "City, Country" or "Remote".
    pub location: String,
    pub remote: RemoteMode,
    pub employment_type: EmploymentType,
    pub experience_level: JobLevel,
    pub salary: Option<Salary>,
    pub posted_at: Date,
    pub apply_url: String,
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: JobId,
    #[serde(flatten)]
    pub details: NewJob,
    pub status: JobStatus,
}

impl Job {
    pub fn open(id: JobId, details: NewJob) -> Self {
        Self {
            id,
            details,
            status: JobStatus::Open,
        }
    }
}
