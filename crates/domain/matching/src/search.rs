//! Job search requests and pages, as the `JobRepository::search` port takes and returns them.

use time::Date;

use crate::job::{EmploymentType, Job, JobLevel, RemoteMode};

/// Most jobs one search page returns.
pub const MAX_SEARCH_LIMIT: u32 = 100;
pub const DEFAULT_SEARCH_LIMIT: u32 = 20;

/// A full-text search over open jobs with filters. `query` uses web-search syntax: words,
/// "quoted phrases" and `-excluded` words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobSearch {
    pub query: Option<String>,
    /// Matches the job's location text, case-insensitively.
    pub location: Option<String>,
    pub remote: Option<RemoteMode>,
    pub employment_type: Option<EmploymentType>,
    pub level: Option<JobLevel>,
    /// Jobs whose advertised maximum reaches this, in whole major units per year, in any
    /// currency the job states (no conversion); jobs without a salary are left out.
    pub salary_min: Option<i64>,
    /// Only jobs posted on or after this date.
    pub posted_since: Option<Date>,
    /// Where the previous page ended; `None` for the first page.
    pub cursor: Option<SearchCursor>,
    /// 1..=[`MAX_SEARCH_LIMIT`]; callers clamp user input before building the search.
    pub limit: u32,
}

impl JobSearch {
    /// `limit` brought into 1..=[`MAX_SEARCH_LIMIT`], so a page is never empty by mistake.
    pub fn page_size(&self) -> u32 {
        self.limit.clamp(1, MAX_SEARCH_LIMIT)
    }

    /// The text query, parsed; `None` when there is none or it is blank (then every job
    /// ranks 0). An all-stop-word query is `Some` and empty: it matches nothing, as in
    /// PostgreSQL.
    pub fn text_query(&self) -> Option<crate::fulltext::WebQuery> {
        self.query
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(crate::fulltext::WebQuery::parse)
    }
}

/// Position after the last job of a page: its relevance, posting date and id. Ordering on
/// this key (rank desc, posted desc, id) keeps pages free of duplicates and gaps while jobs
/// are inserted. Adapters encode it opaquely for clients.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchCursor {
    pub rank: f32,
    pub posted_at: Date,
    pub id: crate::JobId,
}

impl Eq for SearchCursor {}

/// One page of search results, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub jobs: Vec<Job>,
    /// Present when more results follow.
    pub next: Option<SearchCursor>,
}

impl SearchCursor {
    /// The cursor as an opaque token for clients: the rank's bits, the day and the id.
    pub fn encode(&self) -> String {
        format!(
            "{:08x}.{}.{}",
            self.rank.to_bits(),
            self.posted_at.to_julian_day(),
            self.id.0.simple()
        )
    }

    /// `None` for anything [`SearchCursor::encode`] did not make (a client's edit or junk).
    pub fn decode(token: &str) -> Option<Self> {
        let mut parts = token.split('.');
        let (rank, day, id) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || rank.len() != 8 {
            return None;
        }
        let rank = f32::from_bits(u32::from_str_radix(rank, 16).ok()?);
        if !rank.is_finite() {
            return None;
        }
        let posted_at = Date::from_julian_day(day.parse().ok()?).ok()?;
        let id = crate::JobId(uuid::Uuid::try_parse(id).ok()?);
        Some(Self {
            rank,
            posted_at,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_token_and_junk_is_refused() {
        let cursor = SearchCursor {
            rank: 0.4375,
            posted_at: time::macros::date!(2026 - 11 - 2),
            id: crate::JobId::new(),
        };
        assert_eq!(SearchCursor::decode(&cursor.encode()), Some(cursor));
        for junk in [
            "",
            "x",
            "7fc00000.2461000.0",
            "3ee00000.1.2.3",
            "zzzzzzzz.1.abc",
        ] {
            assert_eq!(SearchCursor::decode(junk), None, "{junk}");
        }
    }
}
