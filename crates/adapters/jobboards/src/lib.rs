//! Job-board importers: each one a `JobBoard` (the port in `jobr-matching`) for the
//! `ImportService`. Greenhouse and Lever go through the one outbound HTTP client (`jobr-http`:
//! timeouts, retries with backoff, circuit breaker); files are read from bytes.
//!
//! Every board returns `Err` unless it read the whole list, because the import service closes
//! whatever the list lacks: a 429, a timeout or a short answer must never look like an empty
//! board. A single malformed posting is skipped and reported, never fatal.

mod config;
mod file;
mod greenhouse;
mod html;
mod lever;

pub use config::{
    BoardsConfig, DEFAULT_GREENHOUSE_API_BASE, DEFAULT_LEVER_API_BASE, client_config,
};
pub use file::{FileBoard, FileFormat, FileImportError};
pub use greenhouse::GreenhouseBoard;
pub use html::html_to_text;
pub use lever::LeverBoard;

use jobr_http::HttpError;
use jobr_matching::BoardError;

/// Most postings one board may list. Far above any real board (the largest public Greenhouse
/// boards list a few thousand); a board listing more is refused rather than half-read.
pub const MAX_POSTINGS: usize = 20_000;

/// Maps the outbound client's failure to what the import service needs to know.
fn board_error(error: HttpError) -> BoardError {
    match error {
        HttpError::RateLimited { retry_after } => BoardError::RateLimited { retry_after },
        HttpError::InvalidResponse(why) => BoardError::Malformed(why),
        HttpError::Status { status, .. } if status.is_client_error() => {
            BoardError::Malformed(format!("the board answered {status} (unknown board?)"))
        }
        other => BoardError::Unavailable(Box::new(other)),
    }
}

/// A posting's id as text: boards use numbers (Greenhouse) or strings (Lever).
fn id_text(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A board URL such as `{base}/v1/boards/{token}/jobs`, with the caller's token as ONE path
/// segment (percent-encoded), so a token like `../x` or `a?b` cannot reach another endpoint.
fn endpoint(
    base: &jobr_http::Url,
    segments: &[&str],
    query: &[(&str, &str)],
) -> Result<jobr_http::Url, BoardError> {
    let mut url = base.clone();
    {
        let mut path = url.path_segments_mut().map_err(|()| {
            BoardError::Malformed("the board's base URL cannot have a path".into())
        })?;
        path.pop_if_empty();
        path.extend(segments);
    }
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// The calendar date at the start of an ISO 8601 timestamp (`2026-11-20T10:15:03-05:00`), as
/// the board wrote it (the poster's local date).
fn iso_date_prefix(timestamp: &str) -> Option<time::Date> {
    let date = timestamp.get(..10)?;
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// Employment type from words in a title ("Contract Designer", "Part-time Barista"), for boards
/// that carry none; full time otherwise, what boards list when they say nothing.
fn employment_type_from_title(title: &str) -> jobr_matching::EmploymentType {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let pairs = words.windows(2).map(|w| w.concat());
    words
        .iter()
        .map(|w| (*w).to_owned())
        .chain(pairs)
        .find_map(|w| jobr_matching::employment_type_from_label(&w))
        .unwrap_or(jobr_matching::EmploymentType::FullTime)
}
