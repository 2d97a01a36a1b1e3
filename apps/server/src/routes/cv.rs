use crate::{
    api::{self, ApiError, ApiResult, ErrorCode, created, ok, paginated},
    auth::AuthUser,
    middleware::rate_limit::{RateLimiters, rate_limited},
};
use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{http::StatusCode, web};
use futures::{StreamExt, TryStreamExt};
use jobr_core::{CvId, Page};
use jobr_cv::{CvLibrary, CvRecord, MAX_UPLOAD_BYTES, ParsedCv};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Instant;
use time::OffsetDateTime;
use uuid::Uuid;

/// The multipart field that carries the file.
const FILE_FIELD: &str = "file";
/// An oversized upload is read (and dropped) up to this much, so the client gets its 413
/// instead of a reset connection; beyond it the connection is simply closed.
const DRAIN_LIMIT: usize = 4 * MAX_UPLOAD_BYTES;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("")
            .get(list)
            .post(upload)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}")
            .get(get)
            .delete(delete)
            .default_service(web::to(api::method_not_allowed)),
    )
    .service(
        web::resource("/{id}/text")
            .get(text)
            .default_service(web::to(api::method_not_allowed)),
    );
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CvView {
    id: CvId,
    file_name: String,
    format: &'static str,
    size_bytes: i64,
    sha256: String,
    /// `"ai"` or `"rules"`: which path produced `parsed`.
    source: jobr_cv::ParseSource,
    parsed: ParsedCv,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<CvRecord> for CvView {
    fn from(cv: CvRecord) -> Self {
        Self {
            id: cv.id,
            file_name: cv.file_name,
            format: cv.format.as_str(),
            size_bytes: cv.size_bytes,
            sha256: cv.sha256,
            source: cv.parsed.source,
            parsed: cv.parsed,
            created_at: cv.created_at,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<u32>,
    limit: Option<u32>,
}

async fn upload(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    limiters: web::Data<RateLimiters>,
    payload: Multipart,
) -> ApiResult<CvView> {
    limiters
        .uploads
        .check(user.id, Instant::now())
        .map_err(rate_limited)?;
    let (file_name, bytes) = read_file(payload).await?;
    let cv = library.upload(user.id, &file_name, &bytes).await?;
    Ok(created(cv.into()))
}

async fn list(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    query: web::Query<ListQuery>,
) -> Result<api::Envelope<Vec<CvView>>, ApiError> {
    let page = Page::new(query.page.unwrap_or(1), query.limit.unwrap_or(20));
    let cvs = library.list(user.id, page).await?;
    Ok(paginated(cvs, CvView::from))
}

async fn get(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    id: web::Path<Uuid>,
) -> ApiResult<CvView> {
    Ok(ok(library.get(user.id, CvId(*id)).await?.into()))
}

async fn text(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    id: web::Path<Uuid>,
) -> ApiResult<Value> {
    let cv = library.get(user.id, CvId(*id)).await?;
    Ok(ok(json!({ "id": cv.id, "text": cv.text })))
}

async fn delete(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    id: web::Path<Uuid>,
) -> ApiResult<Value> {
    library.delete(user.id, CvId(*id)).await?;
    Ok(ok(json!({ "id": *id, "deleted": true })))
}

/// The first `file` field's name and bytes; other fields are skipped. Over the cap is a 413.
async fn read_file(mut payload: Multipart) -> Result<(String, Vec<u8>), ApiError> {
    while let Some(field) = payload.try_next().await.map_err(multipart_error)? {
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("cv")
            .to_string();
        return read_capped(field, MAX_UPLOAD_BYTES)
            .await
            .map(|bytes| (file_name, bytes));
    }
    Err(
        ApiError::validation("Send the CV as a multipart/form-data field named `file`")
            .with_details(json!([{ "field": FILE_FIELD, "message": "is required" }])),
    )
}

async fn read_capped(mut field: Field, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(multipart_error)?;
        seen += chunk.len();
        if seen <= limit {
            bytes.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::FileTooLarge,
            format!("The file is larger than {} MB", limit / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

fn multipart_error(error: MultipartError) -> ApiError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the CV as multipart/form-data with a field named `file`",
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidMultipart,
            format!("The multipart body could not be read: {other}"),
        ),
    }
}
