//! `/api/jobs`: public search and job pages, admin writes, and a signed-in user's matches.
//! Query strings arrive as text and are checked here field by field, so a bad value is a 400
//! naming the field, never serde's wording.

use crate::{
    ai_gate::AiGate,
    api::{self, ApiError, ApiResult, created, ok},
    auth::{AdminUser, AuthUser},
    job_index::open_jobs,
    json_body::JsonBody,
    routes::job_views::{JobView, MatchView},
};
use actix_web::web;
use jobr_accounts::{AccountService, JobPreferences};
use jobr_core::CvId;
use jobr_cv::CvLibrary;
use jobr_matching::{
    CandidateProfile, EmploymentType, JobId, JobLevel, JobSearch, JobsService, NewJob, PayInterval,
    Preferences, RemoteMode, SalaryWish, SearchCursor, employment_type_from_label, load_job,
    search::{DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT},
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Longest search text or location filter accepted, in characters.
const MAX_QUERY_CHARS: usize = 500;
/// Furthest back `postedWithin` reaches, in days.
const MAX_POSTED_WITHIN_DAYS: i64 = 3650;
/// Source of jobs written through the API without one.
const ADMIN_SOURCE: &str = "admin";

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The fixed paths first: `/{id}` would otherwise take "search" as an id.
    cfg.service(
        web::resource("")
            .post(create)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/search")
            .get(search)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/matches")
            .get(matches)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}")
            .get(get)
            .put(update)
            .delete(close)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/match")
            .get(match_one)
            .default_service(web::to(api::method_not_allowed)),
    );
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SearchQuery {
    q: Option<String>,
    location: Option<String>,
    remote: Option<String>,
    #[serde(rename = "type")]
    employment_type: Option<String>,
    level: Option<String>,
    salary_min: Option<String>,
    posted_within: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SearchView {
    jobs: Vec<JobView>,
    next_cursor: Option<String>,
}

async fn search(
    jobs: web::Data<JobsService>,
    query: web::Query<SearchQuery>,
) -> ApiResult<SearchView> {
    let search = job_search(query.into_inner(), today())?;
    let page = jobs.search(&search).await?;
    Ok(ok(SearchView {
        jobs: page.jobs.into_iter().map(JobView::from).collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

fn job_search(q: SearchQuery, today: Date) -> Result<JobSearch, ApiError> {
    let days = number(
        q.posted_within.as_deref(),
        "postedWithin",
        1,
        MAX_POSTED_WITHIN_DAYS,
    )?;
    let posted_since = days.map(|days| today - Duration::days(days));
    let cursor = match q.cursor.as_deref() {
        Some(token) => Some(
            SearchCursor::decode(token)
                .ok_or_else(|| field_error("cursor", "is not a cursor this API gave out"))?,
        ),
        None => None,
    };
    Ok(JobSearch {
        query: text(q.q, "q")?,
        location: text(q.location, "location")?,
        remote: one_of::<RemoteMode>(q.remote.as_deref(), "remote")?,
        employment_type: one_of::<EmploymentType>(q.employment_type.as_deref(), "type")?,
        level: one_of::<JobLevel>(q.level.as_deref(), "level")?,
        salary_min: number(
            q.salary_min.as_deref(),
            "salaryMin",
            0,
            jobr_matching::job::MAX_SALARY,
        )?,
        posted_since,
        cursor,
        limit: limit(q.limit.as_deref(), DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT)?,
    })
}

async fn get(jobs: web::Data<JobsService>, id: web::Path<Uuid>) -> ApiResult<JobView> {
    Ok(ok(jobs.get(JobId(*id)).await?.into()))
}

/// A job as an admin writes it: the jobs file format (data/jobs/README.md), checked by the
/// same loader as imports. `source`, `externalId` (the import key) and `postedAt` may be left
/// out: the job then gets source "admin", a fresh id and today's date.
fn new_job(body: Value, today: Date) -> Result<NewJob, ApiError> {
    let Value::Object(mut fields) = body else {
        return Err(ApiError::validation("Send the job as a JSON object"));
    };
    let mut default = |key: &str, value: String| {
        fields.entry(key).or_insert(Value::String(value));
    };
    default("source", ADMIN_SOURCE.to_owned());
    default("externalId", Uuid::new_v4().to_string());
    default("postedAt", today.to_string());
    load_job(0, Value::Object(fields))
        .map_err(|skipped| ApiError::validation(format!("Invalid job: {}", skipped.reason)))
}

async fn create(
    _admin: AdminUser,
    jobs: web::Data<JobsService>,
    body: JsonBody<Value>,
) -> ApiResult<JobView> {
    let job = new_job(body.into_inner(), today())?;
    Ok(created(jobs.create(&job).await?.into()))
}

async fn update(
    _admin: AdminUser,
    jobs: web::Data<JobsService>,
    id: web::Path<Uuid>,
    body: JsonBody<Value>,
) -> ApiResult<JobView> {
    let job = new_job(body.into_inner(), today())?;
    Ok(ok(jobs.update(JobId(*id), job).await?.into()))
}

async fn close(
    _admin: AdminUser,
    jobs: web::Data<JobsService>,
    id: web::Path<Uuid>,
) -> ApiResult<Value> {
    jobs.close(JobId(*id)).await?;
    Ok(ok(json!({ "id": *id, "status": "closed" })))
}

/// The CV to match and overrides of the profile's job preferences.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MatchQuery {
    cv_id: Option<String>,
    limit: Option<String>,
    /// Comma-separated: `remote,hybrid`.
    remote: Option<String>,
    /// `|`-separated places (a place name may hold a comma): `Berlin, Germany|Remote`.
    location: Option<String>,
    /// Comma-separated employment types.
    #[serde(rename = "type")]
    employment_type: Option<String>,
    /// Yearly, in whole units of `currency` (or the profile's currency).
    salary_min: Option<String>,
    currency: Option<String>,
}

async fn matches(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    library: web::Data<CvLibrary>,
    jobs: web::Data<JobsService>,
    gate: web::Data<AiGate>,
    query: web::Query<MatchQuery>,
) -> ApiResult<Vec<MatchView>> {
    let limit = limit(
        query.limit.as_deref(),
        20,
        jobr_matching::MAX_MATCHES as u32,
    )?;
    let (profile, prefs, cv) = candidate(&user, &accounts, &library, &query).await?;
    let open = open_jobs(&jobs).await?;
    let ranked = open.rank(&profile, &prefs, today(), limit as usize);
    let ai = gate.ai_use(user.id).await?;
    let ranked = jobs.rerank(user.id, &cv, ranked, ai).await;
    Ok(ok(MatchView::all(ranked)))
}

async fn match_one(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    library: web::Data<CvLibrary>,
    jobs: web::Data<JobsService>,
    gate: web::Data<AiGate>,
    id: web::Path<Uuid>,
    query: web::Query<MatchQuery>,
) -> ApiResult<MatchView> {
    let (profile, prefs, cv) = candidate(&user, &accounts, &library, &query).await?;
    let open = open_jobs(&jobs).await?;
    let found = jobs
        .match_one(&open, &profile, &prefs, today(), JobId(*id))
        .await?;
    // The same path as the list: the model re-explains the job when the plan has AI and it is
    // configured (source "ai"), else, or on any failure, the rules' match stands (source
    // "rules", and the notice says why).
    let ai = gate.ai_use(user.id).await?;
    let ranked = jobs.rerank(user.id, &cv, vec![found.clone()], ai).await;
    let notice = ranked.notice;
    let found = ranked.matches.into_iter().next().unwrap_or(found);
    Ok(ok(MatchView::with_notice(found, notice)))
}

/// The user's CV (theirs only: another user's is a 404) as the engine reads it and as parsed,
/// and their preferences, the query's values replacing the profile's.
async fn candidate(
    user: &AuthUser,
    accounts: &AccountService,
    library: &CvLibrary,
    query: &MatchQuery,
) -> Result<(CandidateProfile, Preferences, jobr_cv::ParsedCv), ApiError> {
    let cv_id = match query.cv_id.as_deref() {
        Some(id) => Uuid::try_parse(id).map_err(|_| field_error("cvId", "must be a CV id"))?,
        None => return Err(field_error("cvId", "is required")),
    };
    let profile_prefs = accounts.get_user(user.id).await?.job_preferences;
    let prefs = preferences(profile_prefs, query)?;
    let cv = library.get(user.id, CvId(cv_id)).await?;
    Ok((
        CandidateProfile::new(&cv.parsed, &cv.text),
        prefs,
        cv.parsed,
    ))
}

fn preferences(profile: JobPreferences, query: &MatchQuery) -> Result<Preferences, ApiError> {
    let remote = match query.remote.as_deref() {
        Some(list) => list_of::<RemoteMode>(list, "remote")?,
        None if profile.remote == Some(true) => vec![RemoteMode::Remote],
        None => Vec::new(),
    };
    let locations = match &query.location {
        Some(list) => {
            check_length(list, "location")?;
            list.split('|')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        }
        None => profile.locations,
    };
    let employment_types = match query.employment_type.as_deref() {
        Some(list) => list_of::<EmploymentType>(list, "type")?,
        // Profiles hold free text ("Full-time"); labels the importers do not know are dropped.
        None => profile
            .job_types
            .iter()
            .filter_map(|t| employment_type_from_label(t))
            .collect(),
    };
    let amount = match query.salary_min.as_deref() {
        Some(value) => number(Some(value), "salaryMin", 0, jobr_matching::job::MAX_SALARY)?,
        None => profile.min_salary,
    };
    let currency = match &query.currency {
        Some(code) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(code.to_ascii_uppercase())
        }
        Some(_) => {
            return Err(field_error(
                "currency",
                "must be an ISO 4217 code such as EUR",
            ));
        }
        None => profile.currency.map(|c| c.to_ascii_uppercase()),
    };
    let min_salary = match (amount, currency) {
        (Some(amount), Some(currency)) => Some(SalaryWish {
            amount,
            currency,
            interval: PayInterval::Year,
        }),
        (Some(_), None) if query.salary_min.is_some() => {
            return Err(field_error(
                "currency",
                "is required with salaryMin (the profile has none)",
            ));
        }
        // A profile floor without a currency cannot be compared with any job's pay.
        _ => None,
    };
    Ok(Preferences {
        desired_titles: profile.desired_titles,
        locations,
        remote,
        min_salary,
        employment_types,
    })
}

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

fn field_error(field: &str, message: &str) -> ApiError {
    ApiError::validation(format!("`{field}` {message}"))
        .with_details(json!([{ "field": field, "message": message }]))
}

fn check_length(value: &str, field: &str) -> Result<(), ApiError> {
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(field_error(
            field,
            &format!("is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(field_error(field, "contains a control character"));
    }
    Ok(())
}

/// Blank text is no filter.
fn text(value: Option<String>, field: &str) -> Result<Option<String>, ApiError> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    check_length(&value, field)?;
    Ok(Some(value))
}

fn number(value: Option<&str>, field: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
    let Some(value) = value else { return Ok(None) };
    match value.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(field_error(
            field,
            &format!("must be a whole number from {min} to {max}"),
        )),
    }
}

fn limit(value: Option<&str>, default: u32, max: u32) -> Result<u32, ApiError> {
    Ok(number(value, "limit", 1, i64::from(max))?.map_or(default, |n| n as u32))
}

/// A value of one of the enums' wire names (`full_time`, `remote`, `senior`).
fn one_of<T: DeserializeOwned>(value: Option<&str>, field: &str) -> Result<Option<T>, ApiError> {
    value.map(|v| parse_name(v, field)).transpose()
}

fn list_of<T: DeserializeOwned>(list: &str, field: &str) -> Result<Vec<T>, ApiError> {
    check_length(list, field)?;
    list.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| parse_name(v, field))
        .collect()
}

fn parse_name<T: DeserializeOwned>(value: &str, field: &str) -> Result<T, ApiError> {
    serde_json::from_value(Value::String(value.trim().to_owned())).map_err(|_| {
        let accepted = match field {
            "remote" => "onsite, hybrid, remote",
            "type" => "full_time, part_time, contract, internship, temporary",
            _ => "entry, junior, mid, senior, lead, executive",
        };
        field_error(field, &format!("must be one of: {accepted}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> MatchQuery {
        MatchQuery {
            cv_id: None,
            limit: None,
            remote: None,
            location: None,
            employment_type: None,
            salary_min: None,
            currency: None,
        }
    }

    fn profile() -> JobPreferences {
        JobPreferences {
            desired_titles: vec!["Data Analyst".into()],
            locations: vec!["Berlin, Germany".into()],
            job_types: vec!["Full-time".into(), "something odd".into()],
            remote: Some(true),
            min_salary: Some(60_000),
            currency: Some("eur".into()),
        }
    }

    #[test]
    fn the_profile_gives_the_preferences_and_the_query_overrides_them() {
        let prefs = preferences(profile(), &query()).unwrap();
        assert_eq!(prefs.desired_titles, ["Data Analyst"]);
        assert_eq!(prefs.locations, ["Berlin, Germany"]);
        assert_eq!(prefs.remote, [RemoteMode::Remote]);
        assert_eq!(prefs.employment_types, [EmploymentType::FullTime]);
        assert_eq!(
            prefs.min_salary,
            Some(SalaryWish {
                amount: 60_000,
                currency: "EUR".into(),
                interval: PayInterval::Year
            })
        );

        let overridden = MatchQuery {
            remote: Some("onsite, hybrid".into()),
            location: Some("Paris, France|Remote".into()),
            employment_type: Some("contract".into()),
            salary_min: Some("80000".into()),
            currency: Some("GBP".into()),
            ..query()
        };
        let prefs = preferences(profile(), &overridden).unwrap();
        assert_eq!(prefs.remote, [RemoteMode::Onsite, RemoteMode::Hybrid]);
        assert_eq!(prefs.locations, ["Paris, France", "Remote"]);
        assert_eq!(prefs.employment_types, [EmploymentType::Contract]);
        assert_eq!(
            prefs.min_salary.map(|s| (s.amount, s.currency)),
            Some((80_000, "GBP".into()))
        );
    }

    #[test]
    fn a_salary_floor_without_any_currency_is_refused_not_guessed() {
        let no_currency = JobPreferences {
            currency: None,
            ..profile()
        };
        let asked = MatchQuery {
            salary_min: Some("50000".into()),
            ..query()
        };
        let error = preferences(no_currency.clone(), &asked).err().unwrap();
        assert_eq!(error.details.unwrap()[0]["field"], "currency");
        // From the profile alone it cannot be compared, so it is left out.
        assert_eq!(preferences(no_currency, &query()).unwrap().min_salary, None);
    }
}
