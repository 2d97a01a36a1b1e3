use crate::{
    ai_gate::AiGate,
    api::{self, ApiError, ApiResult, ErrorCode, created, ok, paginated},
    auth::AuthUser,
    middleware::rate_limit::{RateLimiters, rate_limited},
    routes::views::{CvSummaryView, CvView},
};
use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{http::StatusCode, web};
use bytes::{Bytes, BytesMut};
use futures::{StreamExt, TryStreamExt};
use jobr_core::{CvId, Page};
use jobr_cv::{CvLibrary, MAX_UPLOAD_BYTES};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

/// The multipart field that carries the file.
const FILE_FIELD: &str = "file";
/// Any other field may hold this much; the form has nothing else to say.
const OTHER_FIELD_LIMIT: usize = 1024;
/// Fields looked at before the `file` field must have come.
const MAX_FIELDS: usize = 16;
/// An oversized part is read (and dropped, never kept) up to this much, so the client gets
/// its 413 instead of a reset connection; beyond it the connection is simply closed.
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

#[derive(Deserialize)]
struct ListQuery {
    page: Option<u32>,
    limit: Option<u32>,
}

async fn upload(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    gate: web::Data<AiGate>,
    limiters: web::Data<RateLimiters>,
    payload: Multipart,
) -> ApiResult<CvView> {
    // The quota counts uploads that reach parsing: a malformed request costs nothing.
    let (file_name, bytes) = read_file(payload).await?;
    limiters
        .uploads
        .check(user.id, Instant::now())
        .map_err(rate_limited)?;
    let ai = gate.ai_use(user.id).await?;
    let uploaded = library.upload(user.id, &file_name, bytes, ai).await?;
    Ok(created(CvView::uploaded(uploaded)))
}

async fn list(
    user: AuthUser,
    library: web::Data<CvLibrary>,
    query: web::Query<ListQuery>,
) -> Result<api::Envelope<Vec<CvSummaryView>>, ApiError> {
    let page = Page::new(query.page.unwrap_or(1), query.limit.unwrap_or(20));
    let cvs = library.list(user.id, page).await?;
    Ok(paginated(cvs, CvSummaryView::from))
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

/// The first `file` field's name and bytes. Other fields are read up to a small cap and
/// dropped; a larger one, too many of them, or a file over the cap is a 413/400.
async fn read_file(mut payload: Multipart) -> Result<(String, Bytes), ApiError> {
    let mut fields = 0;
    while let Some(field) = payload.try_next().await.map_err(multipart_error)? {
        if field.name() != Some(FILE_FIELD) {
            fields += 1;
            if fields > MAX_FIELDS {
                return Err(ApiError::validation(format!(
                    "Send at most {MAX_FIELDS} form fields besides `{FILE_FIELD}`"
                )));
            }
            let name = field
                .name()
                .unwrap_or_default()
                .chars()
                .take(64)
                .collect::<String>();
            read_capped(field, OTHER_FIELD_LIMIT).await.map_err(|e| {
                e.into_api_error(ErrorCode::FieldTooLarge, || {
                    format!("The form field `{name}` is larger than {OTHER_FIELD_LIMIT} bytes")
                })
            })?;
            continue;
        }
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("cv")
            .to_string();
        let bytes = read_capped(field, MAX_UPLOAD_BYTES).await.map_err(|e| {
            e.into_api_error(ErrorCode::FileTooLarge, || {
                format!(
                    "The file is larger than {} MB",
                    MAX_UPLOAD_BYTES / (1024 * 1024)
                )
            })
        })?;
        return Ok((file_name, bytes));
    }
    Err(
        ApiError::validation("Send the CV as a multipart/form-data field named `file`")
            .with_details(json!([{ "field": FILE_FIELD, "message": "is required" }])),
    )
}

/// A field's bytes, collected once into one buffer; `Err(seen)` when it is over `limit`
/// (read on, unkept, up to [`DRAIN_LIMIT`] so the client can take its answer).
async fn read_capped(mut field: Field, limit: usize) -> Result<Bytes, ReadError> {
    let mut bytes = BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| ReadError::Multipart(multipart_error(e)))?;
        seen += chunk.len();
        if seen <= limit {
            bytes.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        } else if !bytes.is_empty() {
            // Over the limit: what was kept goes at once.
            bytes = BytesMut::new();
        }
    }
    if seen > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes.freeze())
}

enum ReadError {
    Multipart(ApiError),
    TooLarge,
}

impl ReadError {
    fn into_api_error(self, code: ErrorCode, message: impl FnOnce() -> String) -> ApiError {
        match self {
            ReadError::Multipart(error) => error,
            ReadError::TooLarge => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code, message()),
        }
    }
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
