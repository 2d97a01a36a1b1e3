//! `/api/applications`: a signed-in user's applications, what is written for them, exports
//! and stats. Every path with an id answers 404 for another user's application.

use crate::{
    api::{self, ApiError, ApiResult, created, ok, paginated},
    auth::AuthUser,
    docx_export,
    job_index::open_jobs,
    json_body::JsonBody,
    pdf_export,
};
use actix_web::{HttpResponse, http::header, web};
use jobr_applications::{
    Application, ApplicationId, ApplicationService, ApplicationStatus, CoverLetter, Feature,
    InterviewPrep, StatusChange, StrengthAnalysis, TailoredCv, Tone, WritingContext,
};
use jobr_core::{CvId, Page, Plan};
use jobr_matching::{JobId, JobsService};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF: &str = "application/pdf";

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Fixed paths first: `/{id}` would otherwise take "stats" as an id.
    cfg.service(
        web::resource("")
            .post(create)
            .get(list)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/stats")
            .get(stats)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}")
            .get(get)
            .patch(update)
            .delete(delete)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/cover-letter")
            .post(cover_letter)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/cover-letter.docx")
            .get(cover_letter_docx)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/cover-letter.pdf")
            .get(cover_letter_pdf)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/tailored-cv")
            .post(tailored_cv)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/cv.docx")
            .get(tailored_cv_docx)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/cv.pdf")
            .get(tailored_cv_pdf)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/analysis")
            .get(analysis)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/interview-prep")
            .get(interview_prep)
            .default_service(web::to(api::method_not_allowed)),
    );
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeView {
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    note: Option<String>,
}

impl From<StatusChange> for ChangeView {
    fn from(change: StatusChange) -> Self {
        Self {
            from: change.from,
            to: change.to,
            at: change.at,
            note: change.note,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ApplicationView {
    id: ApplicationId,
    job_id: JobId,
    cv_id: CvId,
    status: ApplicationStatus,
    #[serde(with = "time::serde::rfc3339::option")]
    applied_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    /// Oldest first.
    history: Vec<ChangeView>,
}

impl From<Application> for ApplicationView {
    fn from(a: Application) -> Self {
        Self {
            id: a.id,
            job_id: a.job_id,
            cv_id: a.cv_id,
            status: a.status,
            applied_at: a.applied_at,
            created_at: a.created_at,
            updated_at: a.updated_at,
            history: a.history.into_iter().map(ChangeView::from).collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateBody {
    job_id: Uuid,
    cv_id: Uuid,
    status: Option<String>,
}

fn status(value: &str, field: &str) -> Result<ApplicationStatus, ApiError> {
    value.trim().parse().map_err(|_| {
        let names: Vec<&str> = ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect();
        let message = format!("must be one of: {}", names.join(", "));
        ApiError::validation(format!("`{field}` {message}"))
            .with_details(json!([{ "field": field, "message": message }]))
    })
}

async fn create(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    body: JsonBody<CreateBody>,
) -> ApiResult<ApplicationView> {
    let body = body.into_inner();
    let wanted = body
        .status
        .as_deref()
        .map(|s| status(s, "status"))
        .transpose()?;
    let application = service
        .create(user.id, JobId(body.job_id), CvId(body.cv_id), wanted)
        .await?;
    Ok(created(application.into()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ListQuery {
    status: Option<String>,
    page: Option<u32>,
    limit: Option<u32>,
}

async fn list(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    query: web::Query<ListQuery>,
) -> Result<api::Envelope<Vec<ApplicationView>>, ApiError> {
    let filter = query
        .status
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| status(s, "status"))
        .transpose()?;
    let page = Page::new(query.page.unwrap_or(1), query.limit.unwrap_or(20));
    let applications = service.list(user.id, filter, page).await?;
    Ok(paginated(applications, ApplicationView::from))
}

fn id(path: &web::Path<Uuid>) -> ApplicationId {
    ApplicationId(**path)
}

async fn get(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    path: web::Path<Uuid>,
) -> ApiResult<ApplicationView> {
    Ok(ok(service.get(user.id, id(&path)).await?.into()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UpdateBody {
    status: String,
    note: Option<String>,
}

async fn update(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    path: web::Path<Uuid>,
    body: JsonBody<UpdateBody>,
) -> ApiResult<ApplicationView> {
    let body = body.into_inner();
    let to = status(&body.status, "status")?;
    let moved = service
        .move_status(user.id, id(&path), to, body.note)
        .await?;
    Ok(ok(moved.into()))
}

async fn delete(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    path: web::Path<Uuid>,
) -> ApiResult<Value> {
    service.delete(user.id, id(&path)).await?;
    Ok(ok(json!({ "id": *path, "deleted": true })))
}

async fn context(
    user: &AuthUser,
    service: &ApplicationService,
    jobs: &web::Data<JobsService>,
    path: &web::Path<Uuid>,
) -> Result<WritingContext, ApiError> {
    let open = open_jobs(jobs).await?;
    Ok(service.context(user.id, id(path), &open).await?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LetterBody {
    /// Professional when left out.
    #[serde(default)]
    tone: Tone,
}

async fn cover_letter(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
    body: JsonBody<LetterBody>,
) -> ApiResult<CoverLetter> {
    let tone = body.into_inner().tone;
    let context = context(&user, &service, &jobs, &path).await?;
    Ok(ok(service.cover_letter(user.id, &context, tone).await?))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExportQuery {
    tone: Option<Tone>,
}

fn download(bytes: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}

async fn cover_letter_docx(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let context = context(&user, &service, &jobs, &path).await?;
    let letter = service
        .cover_letter(user.id, &context, query.tone.unwrap_or_default())
        .await?;
    let bytes =
        docx_export::cover_letter(&letter, &context).map_err(|e| ApiError::internal_error(&e))?;
    Ok(download(bytes, DOCX, "cover-letter.docx"))
}

async fn cover_letter_pdf(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let context = context(&user, &service, &jobs, &path).await?;
    let letter = service
        .cover_letter(user.id, &context, query.tone.unwrap_or_default())
        .await?;
    let bytes =
        pdf_export::cover_letter(&letter, &context).map_err(|e| ApiError::internal_error(&e))?;
    Ok(download(bytes, PDF, "cover-letter.pdf"))
}

async fn tailored_cv(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
) -> ApiResult<TailoredCv> {
    let context = context(&user, &service, &jobs, &path).await?;
    Ok(ok(service.tailored_cv(user.id, &context).await?))
}

async fn tailored_cv_docx(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let context = context(&user, &service, &jobs, &path).await?;
    let tailored = service.tailored_cv(user.id, &context).await?;
    let bytes = docx_export::tailored_cv(&tailored).map_err(|e| ApiError::internal_error(&e))?;
    Ok(download(bytes, DOCX, "cv.docx"))
}

async fn tailored_cv_pdf(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let context = context(&user, &service, &jobs, &path).await?;
    let tailored = service.tailored_cv(user.id, &context).await?;
    let bytes = pdf_export::tailored_cv(&tailored).map_err(|e| ApiError::internal_error(&e))?;
    Ok(download(bytes, PDF, "cv.pdf"))
}

async fn analysis(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
) -> ApiResult<StrengthAnalysis> {
    let context = context(&user, &service, &jobs, &path).await?;
    Ok(ok(service.strength(user.id, &context).await?))
}

async fn interview_prep(
    user: AuthUser,
    service: web::Data<ApplicationService>,
    jobs: web::Data<JobsService>,
    path: web::Path<Uuid>,
) -> ApiResult<InterviewPrep> {
    let context = context(&user, &service, &jobs, &path).await?;
    Ok(ok(service.interview_prep(user.id, &context).await?))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UsageView {
    plan: Plan,
    limit: Option<u32>,
    used: u32,
    #[serde(with = "time::serde::rfc3339")]
    resets_at: OffsetDateTime,
}

async fn stats(user: AuthUser, service: web::Data<ApplicationService>) -> ApiResult<Value> {
    let usage = service.usage(user.id).await?;
    let stats = service.stats(user.id).await?;
    let by_status: serde_json::Map<String, Value> = stats
        .by_status
        .iter()
        .map(|(s, n)| (s.as_str().to_owned(), json!(n)))
        .collect();
    let by_month: Vec<Value> = stats
        .submitted_by_month
        .iter()
        .map(|(month, n)| json!({ "month": month, "submitted": n }))
        .collect();
    let insights = match &stats.insights {
        Some(i) => json!({
            "submitted": i.submitted,
            "responseRate": i.response_rate,
            "interviewRate": i.interview_rate,
            "medianDaysToFirstResponse": i.median_days_to_first_response,
            "skillsOfRespondingJobs": i.skills_of_responding_jobs.iter()
                .map(|(skill, jobs)| json!({ "skill": skill, "jobs": jobs }))
                .collect::<Vec<_>>(),
        }),
        None => Value::Null,
    };
    let upgrade = stats.insights.is_none().then(|| {
        json!({
            "plan": Feature::Analytics.cheapest_plan(),
            "message": "Response and interview rates, time to first answer and the skills of the jobs that answered come with Pro",
        })
    });
    let usage = UsageView {
        plan: usage.plan,
        limit: usage.limit,
        used: usage.used,
        resets_at: usage.resets_at,
    };
    Ok(ok(json!({
        "total": stats.total,
        "byStatus": by_status,
        "byMonth": by_month,
        "usage": usage,
        "insights": insights,
        "upgrade": upgrade,
    })))
}
