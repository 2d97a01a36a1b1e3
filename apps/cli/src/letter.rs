//! `jobr letter CV_FILE JOB_FILE [--tone …]`: a cover letter from the template path, for
//! embedding without a server (no AI: the letter is built from the CV's facts and the match).

use jobr_applications::{Tone, WritingContext, writing::template_cover_letter};
use jobr_core::{Clock, SystemClock};
use jobr_cv::{CvDate, CvParsingService, Inline};
use jobr_matching::{CandidateProfile, Job, JobId, JobIndex, Preferences, load_job};
use serde_json::Value;
use std::{path::Path, sync::Arc};

type Error = Box<dyn std::error::Error>;

/// `professional`, `enthusiastic` or `concise`.
pub fn parse_tone(raw: &str) -> Result<Tone, String> {
    serde_json::from_value(Value::String(raw.trim().to_ascii_lowercase()))
        .map_err(|_| "must be one of: professional, enthusiastic, concise".to_owned())
}

pub async fn letter(cv_file: &Path, job_file: &Path, tone: Tone) -> Result<String, Error> {
    let now = SystemClock.now();
    let bytes = std::fs::read(cv_file).map_err(|e| format!("{}: {e}", cv_file.display()))?;
    let document = CvParsingService::new(Arc::new(Inline), None)
        .parse_document(
            bytes,
            None,
            jobr_core::AiUse::Allowed,
            CvDate::month_of(now),
        )
        .await?;
    let raw = std::fs::read(job_file).map_err(|e| format!("{}: {e}", job_file.display()))?;
    let Value::Object(mut fields) = serde_json::from_slice::<Value>(&raw)
        .map_err(|e| format!("{}: not JSON: {e}", job_file.display()))?
    else {
        return Err(format!(
            "{}: give one job as a JSON object (data/jobs/README.md)",
            job_file.display()
        )
        .into());
    };
    // As the admin API does: the import key and date are not needed for one letter.
    for (key, value) in [
        ("source", "cli".to_owned()),
        ("externalId", "letter".to_owned()),
        ("postedAt", now.date().to_string()),
    ] {
        fields.entry(key).or_insert(Value::String(value));
    }
    let details = load_job(0, Value::Object(fields))
        .map_err(|skipped| format!("{}: {}", job_file.display(), skipped.reason))?;
    let job = Job::open(JobId::new(), details);
    let profile = CandidateProfile::new(&document.parsed, &document.text);
    let matched = JobIndex::build([job.clone()])
        .match_job(&profile, &Preferences::default(), now.date(), job.id)
        .ok_or("the job could not be matched")?;
    let context = WritingContext {
        cv: document.parsed,
        cv_text: document.text,
        job,
        matched,
    };
    Ok(template_cover_letter(&context, tone).text())
}
