//! Jobs in PostgreSQL. The database keeps `search_vector` (title > skills > description) and
//! `salary_max_yearly`; search matches with `websearch_to_tsquery('english', …)` on the GIN
//! index and ranks as `jobr_matching::fulltext` defines, so the memory store agrees.

use crate::{Database, DatabaseError, schema::jobs};
use async_trait::async_trait;
use diesel::QueryableByName;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper,
    sql_types::{Array, Bool, Date as SqlDate, Float4, Int8, Nullable, Text, Uuid as SqlUuid},
};
use diesel_async::RunQueryDsl;
use jobr_core::StorageError;
use jobr_matching::fulltext::MAX_RANKED_TERMS;
use jobr_matching::{
    EmploymentType, Job, JobError, JobId, JobLevel, JobRepository, JobSearch, JobStatus, NewJob,
    PayInterval, RemoteMode, Salary, SearchCursor, SearchPage, Upserted,
};
use time::Date;
use uuid::Uuid;

#[derive(Clone)]
pub struct PgJobRepository {
    db: Database,
}

impl PgJobRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

/// Every stored column except the generated ones.
#[derive(diesel::Queryable, diesel::Selectable, QueryableByName)]
#[diesel(table_name = jobs, check_for_backend(diesel::pg::Pg))]
struct JobRow {
    id: Uuid,
    source: String,
    external_id: String,
    title: String,
    company: String,
    description: String,
    required_skills: Vec<String>,
    preferred_skills: Vec<String>,
    location: String,
    remote: String,
    employment_type: String,
    experience_level: String,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    salary_currency: Option<String>,
    salary_interval: Option<String>,
    posted_at: Date,
    apply_url: String,
    status: String,
}

#[derive(QueryableByName)]
struct RankedRow {
    #[diesel(embed)]
    job: JobRow,
    #[diesel(sql_type = Float4)]
    rank: f32,
}

#[derive(QueryableByName)]
struct UpsertedRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Bool)]
    created: bool,
}

fn failed(error: impl Into<DatabaseError>) -> JobError {
    JobError::Storage(error.into().into())
}

/// A stored row the domain cannot read back (a value outside the CHECKs' vocabulary).
fn corrupt(what: String) -> JobError {
    JobError::Storage(StorageError::failed(what))
}

const UPSERT: &str = "
INSERT INTO jobs (id, source, external_id, title, company, description, required_skills,
    preferred_skills, location, remote, employment_type, experience_level, salary_min, salary_max,
    salary_currency, salary_interval, posted_at, apply_url, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'open')
ON CONFLICT (source, external_id) DO UPDATE SET
    title = EXCLUDED.title, company = EXCLUDED.company, description = EXCLUDED.description,
    required_skills = EXCLUDED.required_skills, preferred_skills = EXCLUDED.preferred_skills,
    location = EXCLUDED.location, remote = EXCLUDED.remote,
    employment_type = EXCLUDED.employment_type, experience_level = EXCLUDED.experience_level,
    salary_min = EXCLUDED.salary_min, salary_max = EXCLUDED.salary_max,
    salary_currency = EXCLUDED.salary_currency, salary_interval = EXCLUDED.salary_interval,
    posted_at = EXCLUDED.posted_at, apply_url = EXCLUDED.apply_url, status = 'open',
    updated_at = now()
-- An identical open job is left alone (no new row version): the upsert reports Unchanged.
WHERE (jobs.title, jobs.company, jobs.description, jobs.required_skills, jobs.preferred_skills,
       jobs.location, jobs.remote, jobs.employment_type, jobs.experience_level, jobs.salary_min,
       jobs.salary_max, jobs.salary_currency, jobs.salary_interval, jobs.posted_at,
       jobs.apply_url, jobs.status)
    IS DISTINCT FROM
      (EXCLUDED.title, EXCLUDED.company, EXCLUDED.description, EXCLUDED.required_skills,
       EXCLUDED.preferred_skills, EXCLUDED.location, EXCLUDED.remote, EXCLUDED.employment_type,
       EXCLUDED.experience_level, EXCLUDED.salary_min, EXCLUDED.salary_max,
       EXCLUDED.salary_currency, EXCLUDED.salary_interval, EXCLUDED.posted_at,
       EXCLUDED.apply_url, 'open')
-- xmax is 0 only in a freshly inserted row version.
RETURNING id, (xmax = 0) AS created";

/// The statement, with `{rank}` replaced by [`rank_sql`]. Optional filters are `$n IS NULL OR …`: statements here are not prepared once for all, so
/// PostgreSQL plans each with its values and drops the absent filters (the GIN index serves
/// the text match; without a query the rank is the constant 0 and the posted_at index gives the
/// order). Rank: see `jobr_matching::fulltext`; `$2` holds the query's non-negated words,
/// whose lexemes PostgreSQL computes itself; `$1` what the query asks for and `$13` what it
/// excludes, when [`jobr_matching::fulltext::WebQuery::split_exclusions`] splits it (else `$1`
/// is the whole query). The text conditions come last: PostgreSQL evaluates filters of equal
/// cost in the order written, so the column checks run before a tsvector is read. Keyset:
/// after the cursor in the order (rank DESC, posted_at DESC, id).
const SEARCH: &str = "
SELECT id, source, external_id, title, company, description, required_skills, preferred_skills,
       location, remote, employment_type, experience_level, salary_min, salary_max,
       salary_currency, salary_interval, posted_at, apply_url, status, rank
FROM (
    SELECT jobs.*,
        ({rank})::real AS rank
    FROM jobs
    WHERE status = 'open'
      AND ($3::text IS NULL OR location ILIKE '%' || $3::text || '%')
      AND ($4::text IS NULL OR remote = $4::text)
      AND ($5::text IS NULL OR employment_type = $5::text)
      AND ($6::text IS NULL OR experience_level = $6::text)
      AND ($7::bigint IS NULL OR salary_max_yearly >= $7::bigint)
      AND ($8::date IS NULL OR posted_at >= $8::date)
      AND ($1::text IS NULL OR search_vector @@ websearch_to_tsquery('english', $1::text))
      AND ($13::text IS NULL OR NOT search_vector @@ websearch_to_tsquery('english', $13::text))
) AS ranked
WHERE $9::real IS NULL
   OR rank < $9::real
   OR (rank = $9::real AND (posted_at < $10::date OR (posted_at = $10::date AND id > $11::uuid)))
ORDER BY rank DESC, posted_at DESC, id
LIMIT $12";

#[async_trait]
impl JobRepository for PgJobRepository {
    async fn upsert(&self, job: &NewJob) -> Result<Upserted, JobError> {
        job.check_storable()?;
        let salary = job.salary.as_ref();
        let mut conn = self.db.connection().await.map_err(failed)?;
        let row: Option<UpsertedRow> = diesel::sql_query(UPSERT)
            .bind::<SqlUuid, _>(JobId::new().0)
            .bind::<Text, _>(&job.source)
            .bind::<Text, _>(&job.external_id)
            .bind::<Text, _>(&job.title)
            .bind::<Text, _>(&job.company)
            .bind::<Text, _>(&job.description)
            .bind::<Array<Text>, _>(&job.required_skills)
            .bind::<Array<Text>, _>(&job.preferred_skills)
            .bind::<Text, _>(&job.location)
            .bind::<Text, _>(remote_name(job.remote))
            .bind::<Text, _>(type_name(job.employment_type))
            .bind::<Text, _>(level_name(job.experience_level))
            .bind::<Nullable<Int8>, _>(salary.map(|s| s.min))
            .bind::<Nullable<Int8>, _>(salary.map(|s| s.max))
            .bind::<Nullable<Text>, _>(salary.map(|s| s.currency.as_str()))
            .bind::<Nullable<Text>, _>(salary.map(|s| interval_name(s.interval)))
            .bind::<SqlDate, _>(job.posted_at)
            .bind::<Text, _>(&job.apply_url)
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(failed)?;
        match row {
            Some(UpsertedRow { id, created: true }) => Ok(Upserted::Created(JobId(id))),
            Some(UpsertedRow { id, .. }) => Ok(Upserted::Updated(JobId(id))),
            None => {
                let id = jobs::table
                    .filter(jobs::source.eq(&job.source))
                    .filter(jobs::external_id.eq(&job.external_id))
                    .select(jobs::id)
                    .first::<Uuid>(&mut conn)
                    .await
                    .map_err(failed)?;
                Ok(Upserted::Unchanged(JobId(id)))
            }
        }
    }

    async fn find_by_id(&self, id: JobId) -> Result<Option<Job>, JobError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let row = jobs::table
            .find(id.0)
            .select(JobRow::as_select())
            .first(&mut conn)
            .await
            .optional()
            .map_err(failed)?;
        row.map(Job::try_from).transpose()
    }

    async fn close(&self, id: JobId) -> Result<(), JobError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let found = diesel::update(jobs::table.find(id.0))
            .set((
                jobs::status.eq("closed"),
                // Closing a closed job changes nothing, not even its timestamp.
                jobs::updated_at.eq(diesel::dsl::sql::<diesel::sql_types::Timestamptz>(
                    "CASE WHEN status = 'open' THEN now() ELSE updated_at END",
                )),
            ))
            .execute(&mut conn)
            .await
            .map_err(failed)?;
        if found == 0 {
            return Err(JobError::NotFound);
        }
        Ok(())
    }

    async fn close_missing(&self, source: &str, keep: &[String]) -> Result<u64, JobError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let closed = diesel::update(
            jobs::table
                .filter(jobs::source.eq(source))
                .filter(jobs::status.eq("open"))
                .filter(diesel::dsl::not(jobs::external_id.eq_any(keep))),
        )
        .set((
            jobs::status.eq("closed"),
            jobs::updated_at.eq(diesel::dsl::now),
        ))
        .execute(&mut conn)
        .await
        .map_err(failed)?;
        Ok(closed as u64)
    }

    async fn search(&self, search: &JobSearch) -> Result<SearchPage, JobError> {
        let query = search.text_query();
        // Excluded words are checked apart, after the cheap filters: inside one tsquery they
        // make the GIN index recheck every job holding the wanted words (55 ms for `rust -java`
        // with filters over 100,000 jobs).
        let split = query.as_ref().and_then(|q| q.split_exclusions());
        let (text, excluded) = match &split {
            Some((wanted, excluded)) => (Some(wanted.as_str()), Some(excluded.as_str())),
            None => (
                query.is_some().then_some(search.query.as_deref()).flatten(),
                None,
            ),
        };
        let positive = query
            .as_ref()
            .map(|q| q.positive_text())
            .unwrap_or_default();
        let location = search.location.as_deref().map(like_literal);
        let cursor = search.cursor.as_ref();
        let limit = search.page_size();
        let terms = query.as_ref().map_or(0, |q| q.ranked_lexemes().len());
        let statement = SEARCH.replace("{rank}", &rank_sql(terms));
        let mut conn = self.db.connection().await.map_err(failed)?;
        let rows: Vec<RankedRow> = diesel::sql_query(statement)
            .bind::<Nullable<Text>, _>(text)
            .bind::<Text, _>(positive)
            .bind::<Nullable<Text>, _>(location)
            .bind::<Nullable<Text>, _>(search.remote.map(remote_name))
            .bind::<Nullable<Text>, _>(search.employment_type.map(type_name))
            .bind::<Nullable<Text>, _>(search.level.map(level_name))
            .bind::<Nullable<Int8>, _>(search.salary_min)
            .bind::<Nullable<SqlDate>, _>(search.posted_since)
            .bind::<Nullable<Float4>, _>(cursor.map(|c| c.rank))
            .bind::<Nullable<SqlDate>, _>(cursor.map(|c| c.posted_at))
            .bind::<Nullable<SqlUuid>, _>(cursor.map(|c| c.id.0))
            .bind::<Int8, _>(i64::from(limit) + 1)
            .bind::<Nullable<Text>, _>(excluded)
            .load(&mut conn)
            .await
            .map_err(failed)?;
        let more = rows.len() > limit as usize;
        let mut jobs = Vec::with_capacity(rows.len().min(limit as usize));
        let mut next = None;
        for row in rows.into_iter().take(limit as usize) {
            let job = Job::try_from(row.job)?;
            next = Some(SearchCursor {
                rank: row.rank,
                posted_at: job.details.posted_at,
                id: job.id,
            });
            jobs.push(job);
        }
        Ok(SearchPage {
            jobs,
            next: next.filter(|_| more),
        })
    }

    async fn list_open(&self) -> Result<Vec<Job>, JobError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let rows = jobs::table
            .filter(jobs::status.eq("open"))
            .select(JobRow::as_select())
            .load(&mut conn)
            .await
            .map_err(failed)?;
        rows.into_iter().map(Job::try_from).collect()
    }
}

/// The rank of `$2`'s first `terms` lexemes (as many as the domain ranks; PostgreSQL derives
/// them itself): 4 for each in the title, else 2 in the skills, else 1. Only an integer is
/// written into the SQL.
fn rank_sql(terms: usize) -> String {
    if terms == 0 {
        return "0".to_owned();
    }
    (1..=terms.min(MAX_RANKED_TERMS))
        .map(|n| {
            format!(
                "CASE WHEN search_vector @@ jobs_query_term($2::text, {n}, ':A') THEN 4 \
                 WHEN search_vector @@ jobs_query_term($2::text, {n}, ':AB') THEN 2 \
                 WHEN search_vector @@ jobs_query_term($2::text, {n}, '') THEN 1 ELSE 0 END"
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// `text` for `ILIKE '%' || … || '%'`: its `%`, `_` and `\` match themselves.
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl TryFrom<JobRow> for Job {
    type Error = JobError;

    fn try_from(row: JobRow) -> Result<Self, JobError> {
        let salary = match (
            row.salary_min,
            row.salary_max,
            row.salary_currency,
            row.salary_interval,
        ) {
            (Some(min), Some(max), Some(currency), Some(interval)) => Some(Salary {
                min,
                max,
                currency,
                interval: parse(&interval, INTERVALS)?,
            }),
            _ => None,
        };
        let details = NewJob {
            source: row.source,
            external_id: row.external_id,
            title: row.title,
            company: row.company,
            description: row.description,
            required_skills: row.required_skills,
            preferred_skills: row.preferred_skills,
            location: row.location,
            remote: parse(&row.remote, REMOTE_MODES)?,
            employment_type: parse(&row.employment_type, EMPLOYMENT_TYPES)?,
            experience_level: parse(&row.experience_level, LEVELS)?,
            salary,
            posted_at: row.posted_at,
            apply_url: row.apply_url,
        };
        Ok(Job {
            id: JobId(row.id),
            details,
            status: parse(&row.status, STATUSES)?,
        })
    }
}

// The columns' vocabularies: the domain's serde names, as the migration's CHECKs list them.
const REMOTE_MODES: &[(&str, RemoteMode)] = &[
    ("onsite", RemoteMode::Onsite),
    ("hybrid", RemoteMode::Hybrid),
    ("remote", RemoteMode::Remote),
];
const EMPLOYMENT_TYPES: &[(&str, EmploymentType)] = &[
    ("full_time", EmploymentType::FullTime),
    ("part_time", EmploymentType::PartTime),
    ("contract", EmploymentType::Contract),
    ("internship", EmploymentType::Internship),
    ("temporary", EmploymentType::Temporary),
];
const LEVELS: &[(&str, JobLevel)] = &[
    ("entry", JobLevel::Entry),
    ("junior", JobLevel::Junior),
    ("mid", JobLevel::Mid),
    ("senior", JobLevel::Senior),
    ("lead", JobLevel::Lead),
    ("executive", JobLevel::Executive),
];
const INTERVALS: &[(&str, PayInterval)] = &[
    ("hour", PayInterval::Hour),
    ("day", PayInterval::Day),
    ("month", PayInterval::Month),
    ("year", PayInterval::Year),
];
const STATUSES: &[(&str, JobStatus)] = &[("open", JobStatus::Open), ("closed", JobStatus::Closed)];

fn parse<T: Copy>(text: &str, vocabulary: &[(&str, T)]) -> Result<T, JobError> {
    vocabulary
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| corrupt(format!("unknown value {text:?} in a jobs row")))
}

fn name<T: PartialEq>(value: T, vocabulary: &'static [(&'static str, T)]) -> &'static str {
    vocabulary
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

fn remote_name(mode: RemoteMode) -> &'static str {
    name(mode, REMOTE_MODES)
}

fn type_name(kind: EmploymentType) -> &'static str {
    name(kind, EMPLOYMENT_TYPES)
}

fn level_name(level: JobLevel) -> &'static str {
    name(level, LEVELS)
}

fn interval_name(interval: PayInterval) -> &'static str {
    name(interval, INTERVALS)
}
