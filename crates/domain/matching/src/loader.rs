//! The jobs file (JSON, camelCase; see data/jobs/README.md): an array of job objects. A malformed
//! job is skipped and reported with its position and reason; it never aborts the load.

use serde::Deserialize;
use time::{Date, Month};

use crate::job::{EmploymentType, JobLevel, NewJob, RemoteMode, Salary};

/// Limits on one job, so a hostile file cannot blow up memory or the index.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_SKILLS: usize = 40;
pub const MAX_SKILL_CHARS: usize = 80;
pub const MAX_URL_CHARS: usize = 2_000;

/// The file could not be read as a list of jobs at all.
#[derive(Debug, thiserror::Error)]
#[error("jobs file is not a JSON array of jobs")]
pub struct FileError(#[from] serde_json::Error);

/// One job that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedJob {
    /// Position in the array, from 0.
    pub index: usize,
    pub external_id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct LoadedJobs {
    pub jobs: Vec<NewJob>,
    pub skipped: Vec<SkippedJob>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FileJob {
    external_id: String,
    title: String,
    company: String,
    description: String,
    required_skills: Vec<String>,
    #[serde(default)]
    preferred_skills: Vec<String>,
    location: String,
    remote: RemoteMode,
    employment_type: EmploymentType,
    experience_level: JobLevel,
    salary: Option<Salary>,
    posted_at: String,
    apply_url: String,
    source: String,
}

/// Parses a jobs file. `Err` only when the whole document is not a JSON array.
pub fn load_jobs(json: &[u8]) -> Result<LoadedJobs, FileError> {
    let items: Vec<serde_json::Value> = serde_json::from_slice(json)?;
    let mut out = LoadedJobs::default();
    for (index, item) in items.into_iter().enumerate() {
        match load_job(index, item) {
            Ok(job) => out.jobs.push(job),
            Err(skipped) => out.skipped.push(skipped),
        }
    }
    Ok(out)
}

/// Checks one job object of the file format (an element of the array, or a CSV row turned into
/// one); `index` is its position, for the report.
pub fn load_job(index: usize, item: serde_json::Value) -> Result<NewJob, SkippedJob> {
    let external_id = item
        .get("externalId")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    serde_json::from_value::<FileJob>(item)
        .map_err(|e| e.to_string())
        .and_then(validate)
        .map_err(|reason| SkippedJob {
            index,
            external_id,
            reason,
        })
}

fn validate(f: FileJob) -> Result<NewJob, String> {
    let text = |name: &str, value: String, max: usize| -> Result<String, String> {
        let value = value.trim().to_owned();
        if value.is_empty() {
            return Err(format!("{name} is empty"));
        }
        if value.chars().count() > max {
            return Err(format!("{name} is longer than {max} characters"));
        }
        Ok(value)
    };
    let external_id = text("externalId", f.external_id, MAX_SKILL_CHARS)?;
    let source = text("source", f.source, MAX_SKILL_CHARS)?;
    let title = text("title", f.title, MAX_TITLE_CHARS)?;
    let company = text("company", f.company, MAX_TITLE_CHARS)?;
    let description = text("description", f.description, MAX_DESCRIPTION_CHARS)?;
    let location = text("location", f.location, MAX_TITLE_CHARS)?;
    let apply_url = text("applyUrl", f.apply_url, MAX_URL_CHARS)?;
    if !(apply_url.starts_with("https://") || apply_url.starts_with("http://")) {
        return Err("applyUrl must be an http(s) URL".into());
    }
    let required_skills = skills("requiredSkills", f.required_skills)?;
    if required_skills.is_empty() {
        return Err("requiredSkills is empty".into());
    }
    let preferred_skills = skills("preferredSkills", f.preferred_skills)?;
    if let Some(s) = &f.salary {
        if s.min < 0 || s.max < s.min {
            return Err("salary needs 0 <= min <= max".into());
        }
        if s.currency.len() != 3 || !s.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("salary currency must be a 3-letter ISO code".into());
        }
    }
    let posted_at = iso_date(&f.posted_at)
        .ok_or_else(|| format!("postedAt {:?} is not a YYYY-MM-DD date", f.posted_at))?;
    Ok(NewJob {
        source,
        external_id,
        title,
        company,
        description,
        required_skills,
        preferred_skills,
        location,
        remote: f.remote,
        employment_type: f.employment_type,
        experience_level: f.experience_level,
        salary: f.salary,
        posted_at,
        apply_url,
    })
}

/// `YYYY-MM-DD`, a real calendar date.
fn iso_date(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// Trims, canonicalises through the shared taxonomy (unknown labels kept as written) and
/// drops duplicates.
fn skills(name: &str, raw: Vec<String>) -> Result<Vec<String>, String> {
    if raw.len() > MAX_SKILLS {
        return Err(format!("{name} has more than {MAX_SKILLS} entries"));
    }
    let mut out: Vec<String> = Vec::new();
    for s in raw {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        if s.chars().count() > MAX_SKILL_CHARS {
            return Err(format!(
                "{name} has an entry over {MAX_SKILL_CHARS} characters"
            ));
        }
        let label = jobr_cv::skills::canonical_skill(s).map_or_else(|| s.to_owned(), str::to_owned);
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&label)) {
            out.push(label);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str) -> serde_json::Value {
        serde_json::json!({
            "externalId": id, "title": "Backend Engineer", "company": "Acme",
            "description": "Build APIs.", "requiredSkills": ["Rust", "postgres", "Rust"],
            "preferredSkills": ["Terraform"], "location": "Berlin, Germany", "remote": "hybrid",
            "employmentType": "full_time", "experienceLevel": "senior",
            "salary": {"min": 70000, "max": 90000, "currency": "EUR", "interval": "year"},
            "postedAt": "2026-11-01", "applyUrl": "https://example.com/1", "source": "demo"
        })
    }

    #[test]
    fn loads_jobs_and_canonicalises_skills() {
        let json = serde_json::to_vec(&vec![job("a")]).unwrap();
        let loaded = load_jobs(&json).unwrap();
        assert!(loaded.skipped.is_empty());
        assert_eq!(loaded.jobs[0].required_skills, ["Rust", "PostgreSQL"]);
        assert_eq!(
            loaded.jobs[0].salary.as_ref().unwrap().max_per_year(),
            90000
        );
    }

    #[test]
    fn malformed_jobs_are_skipped_and_reported_not_fatal() {
        let mut bad_salary = job("b");
        bad_salary["salary"]["min"] = 100_000.into();
        let mut bad_date = job("c");
        bad_date["postedAt"] = "yesterday".into();
        let mut bad_url = job("d");
        bad_url["applyUrl"] = "javascript:alert(1)".into();
        let mut unknown_level = job("e");
        unknown_level["experienceLevel"] = "guru".into();
        let json = serde_json::to_vec(&vec![
            job("a"),
            bad_salary,
            bad_date,
            bad_url,
            unknown_level,
            serde_json::json!(42),
        ])
        .unwrap();
        let loaded = load_jobs(&json).unwrap();
        assert_eq!(loaded.jobs.len(), 1);
        let reasons: Vec<(usize, Option<&str>)> = loaded
            .skipped
            .iter()
            .map(|s| (s.index, s.external_id.as_deref()))
            .collect();
        assert_eq!(
            reasons,
            [
                (1, Some("b")),
                (2, Some("c")),
                (3, Some("d")),
                (4, Some("e")),
                (5, None)
            ]
        );
        assert!(loaded.skipped[0].reason.contains("salary"));
        assert!(loaded.skipped[1].reason.contains("postedAt"));
    }

    #[test]
    fn a_document_that_is_not_an_array_is_an_error() {
        assert!(load_jobs(b"{\"jobs\": []}").is_err());
        assert!(load_jobs(b"not json").is_err());
    }
}
