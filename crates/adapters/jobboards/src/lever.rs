//! Lever's postings API: `GET {base}/v0/postings/{company}?mode=json&skip=&limit=` returns a
//! bare array, paged. The list ends at a short page, or when a page starts with the id the
//! previous page started with (the API ignoring `skip`).

use async_trait::async_trait;
use jobr_http::{OutboundClient, RequestSpec, Url};
use jobr_matching::{
    BoardError, JobBoard, NewJob, PayInterval, Posting, RemoteMode, Salary, SkippedJob,
    employment_type_from_label, level_from_title, remote_from_location,
};
use serde::Deserialize;

use crate::{
    MAX_POSTINGS, board_error, employment_type_from_title, endpoint, html_to_text, id_text,
};

pub const SOURCE: &str = "lever";

/// Postings per page asked of Lever.
pub const PAGE_SIZE: usize = 100;

/// One company's Lever postings (the name in `jobs.lever.co/{company}`).
#[derive(Debug, Clone)]
pub struct LeverBoard {
    client: OutboundClient,
    api_base: Url,
    company: String,
    page_size: usize,
}

impl LeverBoard {
    pub fn new(client: OutboundClient, api_base: Url, company: impl Into<String>) -> Self {
        Self {
            client,
            api_base,
            company: company.into(),
            page_size: PAGE_SIZE,
        }
    }

    /// A smaller page, so tests can exercise paging with a few postings.
    pub fn with_page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size.clamp(1, PAGE_SIZE);
        self
    }

    async fn page(&self, skip: usize) -> Result<Vec<serde_json::Value>, BoardError> {
        let (skip, limit) = (skip.to_string(), self.page_size.to_string());
        let url = endpoint(
            &self.api_base,
            &["v0", "postings", &self.company],
            &[("mode", "json"), ("skip", &skip), ("limit", &limit)],
        )?;
        let response = self
            .client
            .send(RequestSpec::get(url))
            .await
            .map_err(board_error)?;
        response.json().map_err(board_error)
    }
}

#[async_trait]
impl JobBoard for LeverBoard {
    fn source(&self) -> String {
        SOURCE.to_owned()
    }

    async fn fetch(&self) -> Result<Vec<Posting>, BoardError> {
        let mut items: Vec<serde_json::Value> = Vec::new();
        let mut previous_first: Option<String> = None;
        loop {
            let page = self.page(items.len()).await?;
            let first = page.first().and_then(|p| id_text(p.get("id")));
            if first.is_some() && first == previous_first {
                break;
            }
            let short = page.len() < self.page_size;
            items.extend(page);
            if short {
                break;
            }
            if items.len() > MAX_POSTINGS {
                return Err(BoardError::Incomplete(format!(
                    "the company lists more than the {MAX_POSTINGS} postings we read"
                )));
            }
            previous_first = first;
        }
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(index, item)| self.posting(index, item))
            .collect())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeverPosting {
    text: String,
    categories: Option<Categories>,
    workplace_type: Option<String>,
    salary_range: Option<SalaryRange>,
    created_at: i64,
    description_plain: Option<String>,
    description: Option<String>,
    #[serde(default)]
    lists: Vec<List>,
    additional_plain: Option<String>,
    hosted_url: Option<String>,
    apply_url: Option<String>,
}

#[derive(Deserialize)]
struct Categories {
    location: Option<String>,
    commitment: Option<String>,
    team: Option<String>,
}

#[derive(Deserialize)]
struct SalaryRange {
    currency: Option<String>,
    interval: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Deserialize)]
struct List {
    text: Option<String>,
    content: Option<String>,
}

impl LeverBoard {
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
        let posting: LeverPosting =
            serde_json::from_value(item).map_err(|e| skip(format!("not a posting: {e}")))?;
        let posted_at =
            time::OffsetDateTime::from_unix_timestamp(posting.created_at.div_euclid(1000))
                .map_err(|_| skip("createdAt is not a plausible time".into()))?
                .date();
        let categories = posting.categories.unwrap_or(Categories {
            location: None,
            commitment: None,
            team: None,
        });
        let workplace = match posting.workplace_type.as_deref() {
            Some("remote") => Some(RemoteMode::Remote),
            Some("hybrid") => Some(RemoteMode::Hybrid),
            Some("on-site" | "onsite") => Some(RemoteMode::Onsite),
            // "unspecified" or absent: the location line may still say it.
            _ => None,
        };
        let location = match categories.location.map(|l| l.trim().to_owned()) {
            Some(location) if !location.is_empty() => location,
            _ if workplace == Some(RemoteMode::Remote) => "Remote".to_owned(),
            _ => return Err(skip("categories.location is missing".into())),
        };
        let remote = workplace.unwrap_or_else(|| remote_from_location(&location));
        let employment_type = categories
            .commitment
            .as_deref()
            .and_then(employment_type_from_label)
            .unwrap_or_else(|| employment_type_from_title(&posting.text));

        // The requirements live only in `lists`; "nice to have" lists give preferred skills.
        let mut description = match (&posting.description_plain, &posting.description) {
            (Some(plain), _) => plain.trim().to_owned(),
            (None, Some(html)) => html_to_text(html),
            (None, None) => String::new(),
        };
        let mut preferred_skills: Vec<String> = Vec::new();
        for list in &posting.lists {
            let heading = list.text.as_deref().unwrap_or_default().trim();
            let content = html_to_text(list.content.as_deref().unwrap_or_default());
            if is_nice_to_have(heading) {
                for skill in jobr_cv::skills::find_skills(&content) {
                    if !preferred_skills.iter().any(|s| s == skill) {
                        preferred_skills.push(skill.to_owned());
                    }
                }
            }
            description = format!("{description}\n\n{heading}\n{content}");
        }
        if let Some(additional) = posting.additional_plain.as_deref() {
            description = format!("{description}\n\n{}", additional.trim());
        }
        if let Some(team) = categories.team.filter(|t| !t.trim().is_empty()) {
            description = format!("{description}\n\nTeam: {}", team.trim());
        }
        let apply_url = posting
            .apply_url
            .or(posting.hosted_url)
            .ok_or_else(|| skip("applyUrl and hostedUrl are missing".into()))?;
        Ok(NewJob {
            source: SOURCE.to_owned(),
            external_id: id,
            experience_level: level_from_title(&posting.text),
            title: posting.text.trim().to_owned(),
            company: self.company.clone(),
            description: description.trim().to_owned(),
            required_skills: Vec::new(),
            preferred_skills,
            location,
            remote,
            employment_type,
            salary: posting.salary_range.and_then(salary),
            posted_at,
            apply_url: apply_url.trim().to_owned(),
        })
    }
}

fn is_nice_to_have(heading: &str) -> bool {
    let heading = heading.to_lowercase();
    ["nice to have", "bonus", "preferred", "plus", "desirable"]
        .iter()
        .any(|w| heading.contains(w))
}

/// Lever's range, when Jobr can represent it: a known interval, an ISO currency and
/// 0 <= min <= max. Otherwise the posting is stored without a salary rather than with a wrong one
/// (weekly and one-time amounts have no `PayInterval`).
fn salary(range: SalaryRange) -> Option<Salary> {
    let interval = match range.interval.as_deref()? {
        "per-year-salary" => PayInterval::Year,
        "per-month-salary" => PayInterval::Month,
        "per-day-wage" => PayInterval::Day,
        "per-hour-wage" => PayInterval::Hour,
        _ => return None,
    };
    let currency = range.currency?.trim().to_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let whole = |v: f64| (0.0..1e12).contains(&v).then(|| v.round() as i64);
    let (min, max) = (whole(range.min?)?, whole(range.max?)?);
    (min <= max).then_some(Salary {
        min,
        max,
        currency,
        interval,
    })
}
