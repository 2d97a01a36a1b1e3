//! Greenhouse's public job-board API: `GET {base}/v1/boards/{token}/jobs?content=true` returns
//! the whole board at once as `{"jobs": [...], "meta": {"total": n}}`.

use async_trait::async_trait;
use jobr_http::{OutboundClient, RequestSpec, Url};
use jobr_matching::{
    BoardError, JobBoard, NewJob, Posting, SkippedJob, level_from_title, remote_from_location,
};
use serde::Deserialize;

use crate::{
    MAX_POSTINGS, board_error, employment_type_from_title, endpoint, html_to_text, id_text,
    iso_date_prefix,
};

pub const SOURCE: &str = "greenhouse";

/// One Greenhouse board (the token in `boards.greenhouse.io/{token}`).
#[derive(Debug, Clone)]
pub struct GreenhouseBoard {
    client: OutboundClient,
    api_base: Url,
    token: String,
}

impl GreenhouseBoard {
    /// `client` should be the one Greenhouse client (see [`crate::client_config`]), shared so
    /// that every board import shares its circuit breaker.
    pub fn new(client: OutboundClient, api_base: Url, token: impl Into<String>) -> Self {
        Self {
            client,
            api_base,
            token: token.into(),
        }
    }
}

#[derive(Deserialize)]
struct Board {
    jobs: Vec<serde_json::Value>,
    meta: Option<Meta>,
}

#[derive(Deserialize)]
struct Meta {
    total: Option<u64>,
}

#[derive(Deserialize)]
struct GreenhouseJob {
    title: String,
    updated_at: Option<String>,
    first_published: Option<String>,
    location: Option<Location>,
    absolute_url: String,
    content: Option<String>,
    company_name: Option<String>,
    #[serde(default)]
    departments: Vec<Named>,
}

#[derive(Deserialize)]
struct Location {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[async_trait]
impl JobBoard for GreenhouseBoard {
    fn source(&self) -> String {
        SOURCE.to_owned()
    }

    async fn fetch(&self) -> Result<Vec<Posting>, BoardError> {
        let url = endpoint(
            &self.api_base,
            &["v1", "boards", &self.token, "jobs"],
            &[("content", "true")],
        )?;
        let response = self
            .client
            .send(RequestSpec::get(url))
            .await
            .map_err(board_error)?;
        let board: Board = response.json().map_err(board_error)?;
        if board.jobs.len() > MAX_POSTINGS {
            return Err(BoardError::Incomplete(format!(
                "the board lists {} jobs, more than the {MAX_POSTINGS} we read",
                board.jobs.len()
            )));
        }
        if let Some(total) = board.meta.and_then(|m| m.total)
            && total != board.jobs.len() as u64
        {
            return Err(BoardError::Incomplete(format!(
                "the board says it has {total} jobs but sent {}",
                board.jobs.len()
            )));
        }
        Ok(board
            .jobs
            .into_iter()
            .enumerate()
            .map(|(index, item)| self.posting(index, item))
            .collect())
    }
}

impl GreenhouseBoard {
    fn posting(&self, index: usize, item: serde_json::Value) -> Posting {
        let external_id = id_text(item.get("id"));
        let skip = |reason: String| SkippedJob {
            index,
            external_id: external_id.clone(),
            reason,
        };
        let Some(id) = external_id.clone() else {
            return Err(skip("id is missing".into()));
        };
        let job: GreenhouseJob =
            serde_json::from_value(item).map_err(|e| skip(format!("not a job: {e}")))?;
        let published = job.first_published.as_deref().or(job.updated_at.as_deref());
        let posted_at = published
            .and_then(iso_date_prefix)
            .ok_or_else(|| skip("updated_at is missing or not an ISO date".into()))?;
        let location = job
            .location
            .and_then(|l| l.name)
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .ok_or_else(|| skip("location.name is missing".into()))?;
        let mut description = html_to_text(job.content.as_deref().unwrap_or_default());
        let departments: Vec<String> = job.departments.into_iter().filter_map(|d| d.name).collect();
        if !departments.is_empty() {
            // Department names ("Data Science") are words a search should find.
            description = format!("{description}\n\nDepartment: {}", departments.join(", "));
        }
        Ok(NewJob {
            source: SOURCE.to_owned(),
            external_id: id,
            company: job
                .company_name
                .filter(|c| !c.trim().is_empty())
                .unwrap_or_else(|| self.token.clone()),
            description,
            required_skills: Vec::new(),
            preferred_skills: Vec::new(),
            remote: remote_from_location(&location),
            location,
            employment_type: employment_type_from_title(&job.title),
            experience_level: level_from_title(&job.title),
            title: job.title.trim().to_owned(),
            salary: None,
            posted_at,
            apply_url: job.absolute_url.trim().to_owned(),
        })
    }
}
