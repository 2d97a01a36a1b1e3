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

/// Longest title, company, location, source or external id a store keeps, in characters.
pub const MAX_SHORT_TEXT: usize = 300;
/// Longest description a store keeps, in characters: far above real postings, and low enough
/// that its words stay within the positions a PostgreSQL tsvector can number (16,383).
pub const MAX_DESCRIPTION: usize = 20_000;
/// Most skills (required plus preferred) a job may list.
pub const MAX_SKILLS: usize = 100;
/// Highest salary amount a store keeps, per interval, in major units: large enough for any
/// real salary, small enough that a yearly figure never overflows.
pub const MAX_SALARY: i64 = 1_000_000_000;

impl NewJob {
    /// What every store checks before writing: sizes within the limits above, no NUL
    /// characters (PostgreSQL text cannot hold them), a sane salary range. A failure is
    /// `JobError::Invalid` (the caller's fault), never a storage error.
    pub fn check_storable(&self) -> Result<(), crate::JobError> {
        let invalid = |what: &str| Err(crate::JobError::Invalid(what.to_owned()));
        let short = [
            ("source", &self.source),
            ("externalId", &self.external_id),
            ("title", &self.title),
            ("company", &self.company),
            ("location", &self.location),
        ];
        for (name, value) in short {
            if value.chars().count() > MAX_SHORT_TEXT {
                return invalid(&format!(
                    "{name} is longer than {MAX_SHORT_TEXT} characters"
                ));
            }
        }
        if self.source.trim().is_empty() || self.external_id.trim().is_empty() {
            return invalid("source and externalId are required");
        }
        if self.title.trim().is_empty() {
            return invalid("title is required");
        }
        if self.description.chars().count() > MAX_DESCRIPTION {
            return invalid(&format!(
                "description is longer than {MAX_DESCRIPTION} characters"
            ));
        }
        let skills = self.required_skills.iter().chain(&self.preferred_skills);
        if self.required_skills.len() + self.preferred_skills.len() > MAX_SKILLS {
            return invalid(&format!("more than {MAX_SKILLS} skills"));
        }
        if skills.clone().any(|s| s.chars().count() > MAX_SHORT_TEXT) {
            return invalid(&format!(
                "a skill is longer than {MAX_SHORT_TEXT} characters"
            ));
        }
        let texts = short
            .iter()
            .map(|(_, v)| v.as_str())
            .chain([self.description.as_str(), self.apply_url.as_str()])
            .chain(skills.map(String::as_str));
        if texts.clone().any(|t| t.contains('\0')) {
            return invalid("text contains a NUL character");
        }
        if self.apply_url.chars().count() > 2_000 {
            return invalid("applyUrl is longer than 2000 characters");
        }
        if let Some(salary) = &self.salary {
            let in_range = |v: i64| (0..=MAX_SALARY).contains(&v);
            if !in_range(salary.min) || !in_range(salary.max) || salary.min > salary.max {
                return invalid("salary must satisfy 0 <= min <= max <= 1,000,000,000");
            }
            let currency = salary.currency.as_bytes();
            if currency.len() != 3 || !currency.iter().all(u8::is_ascii_uppercase) {
                return invalid("salary currency must be an ISO 4217 code such as EUR");
            }
        }
        Ok(())
    }
}
