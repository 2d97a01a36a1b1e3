//! What clients see of jobs and matches. Dates are `YYYY-MM-DD`.

use jobr_matching::{
    Band, EmploymentType, Job, JobId, JobLevel, JobMatch, JobStatus, MatchSource, Ranked,
    RemoteMode, Salary, ScoreParts,
};
use serde::Serialize;
use time::macros::format_description;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: JobId,
    pub title: String,
    pub company: String,
    pub description: String,
    pub required_skills: Vec<String>,
    pub preferred_skills: Vec<String>,
    pub location: String,
    pub remote: RemoteMode,
    pub employment_type: EmploymentType,
    pub experience_level: JobLevel,
    pub salary: Option<Salary>,
    pub posted_at: String,
    pub apply_url: String,
    pub source: String,
    pub external_id: String,
    pub status: JobStatus,
}

fn day(date: time::Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

impl From<Job> for JobView {
    fn from(job: Job) -> Self {
        let d = job.details;
        Self {
            id: job.id,
            title: d.title,
            company: d.company,
            description: d.description,
            required_skills: d.required_skills,
            preferred_skills: d.preferred_skills,
            location: d.location,
            remote: d.remote,
            employment_type: d.employment_type,
            experience_level: d.experience_level,
            salary: d.salary,
            posted_at: day(d.posted_at),
            apply_url: d.apply_url,
            source: d.source,
            external_id: d.external_id,
            status: job.status,
        }
    }
}

/// A job as a match list shows it: no description or skill lists (the match has those).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSummaryView {
    pub id: JobId,
    pub title: String,
    pub company: String,
    pub location: String,
    pub remote: RemoteMode,
    pub employment_type: EmploymentType,
    pub experience_level: JobLevel,
    pub salary: Option<Salary>,
    pub posted_at: String,
    pub apply_url: String,
    pub status: JobStatus,
}

impl From<Job> for JobSummaryView {
    fn from(job: Job) -> Self {
        let d = job.details;
        Self {
            id: job.id,
            title: d.title,
            company: d.company,
            location: d.location,
            remote: d.remote,
            employment_type: d.employment_type,
            experience_level: d.experience_level,
            salary: d.salary,
            posted_at: day(d.posted_at),
            apply_url: d.apply_url,
            status: job.status,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchView {
    pub job: JobSummaryView,
    pub match_score: f32,
    pub band: Band,
    pub matching_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub recommendations: Vec<String>,
    pub source: MatchSource,
    /// Why the rule-based engine ranked and explained this match rather than the AI (the plan
    /// has no AI, none is configured, or the AI failed); `null` when the AI was asked.
    pub notice: Option<String>,
    pub parts: ScoreParts,
}

impl MatchView {
    /// Each match of a ranking, carrying the ranking's notice.
    pub fn all(ranked: Ranked) -> Vec<Self> {
        let Ranked { matches, notice } = ranked;
        matches
            .into_iter()
            .map(|found| Self::with_notice(found, notice.clone()))
            .collect()
    }

    pub fn with_notice((m, job): (JobMatch, Job), notice: Option<String>) -> Self {
        Self {
            job: job.into(),
            match_score: m.match_score,
            band: m.band,
            matching_skills: m.matching_skills,
            missing_skills: m.missing_skills,
            recommendations: m.recommendations,
            source: m.source,
            notice,
            parts: m.parts,
        }
    }
}
