//! The response envelope and the one mapping from domain errors to HTTP.
//!
//! Success: `{"success": true, "data": …, "meta": {timestamp, requestId, version}}`.
//! Failure: `{"success": false, "error": {"code", "message", "details"}}`.

pub use crate::error_code::ErrorCode;
use crate::middleware::request_id::RequestId;
use actix_web::{
    HttpMessage, HttpRequest, HttpResponse, Responder, ResponseError,
    body::BoxBody,
    error::{JsonPayloadError, PathError, QueryPayloadError},
    http::{StatusCode, header},
};
use jobr_accounts::AccountError;
use jobr_core::{Paged, StorageError};
use jobr_cv::{CvError, CvLibraryError, ExtractError};
use jobr_matching::JobError;
use serde::Serialize;
use serde_json::{Value, json};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

pub const API_VERSION: &str = "1.0";

/// How long a client is asked to wait when the database is unavailable: about the time the
/// pool takes to notice it is back.
const STORAGE_RETRY_AFTER_SECONDS: u64 = 5;

pub use jobr_core::ErrorChain;

/// A successful answer; rendered into the envelope with the request's id.
pub struct Envelope<T> {
    status: StatusCode,
    data: T,
    pagination: Option<Pagination>,
}

#[derive(Serialize)]
struct Pagination {
    page: u32,
    limit: u32,
    total: u64,
    pages: u64,
}

/// The body as sent: serialised in one pass, with no intermediate JSON tree.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuccessBody<T> {
    success: bool,
    data: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
    meta: Meta,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    timestamp: String,
    request_id: Option<String>,
    version: &'static str,
}

pub fn ok<T: Serialize>(data: T) -> Envelope<T> {
    Envelope {
        status: StatusCode::OK,
        data,
        pagination: None,
    }
}

pub fn created<T: Serialize>(data: T) -> Envelope<T> {
    Envelope {
        status: StatusCode::CREATED,
        data,
        pagination: None,
    }
}

/// Taken on; the effect follows (mail is sent by the outbox worker).
pub fn accepted<T: Serialize>(data: T) -> Envelope<T> {
    Envelope {
        status: StatusCode::ACCEPTED,
        data,
        pagination: None,
    }
}

/// A page of a list, with `pagination: {page, limit, total, pages}` beside the data.
pub fn paginated<T, V: Serialize>(paged: Paged<T>, view: impl FnMut(T) -> V) -> Envelope<Vec<V>> {
    let pagination = Pagination {
        page: paged.page.number(),
        limit: paged.page.size(),
        total: paged.total,
        pages: paged.pages(),
    };
    Envelope {
        status: StatusCode::OK,
        data: paged.items.into_iter().map(view).collect(),
        pagination: Some(pagination),
    }
}

impl<T: Serialize> Responder for Envelope<T> {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        let meta = Meta {
            timestamp: OffsetDateTime::now_utc()
                .format(&Rfc3339)
                .unwrap_or_default(),
            request_id: req.extensions().get::<RequestId>().map(|id| id.0.clone()),
            version: API_VERSION,
        };
        let body = SuccessBody {
            success: true,
            data: self.data,
            pagination: self.pagination,
            meta,
        };
        match serde_json::to_vec(&body) {
            Ok(bytes) => HttpResponse::build(self.status)
                .content_type(header::ContentType::json())
                .body(bytes),
            Err(error) => ApiError::internal(&error).error_response(),
        }
    }
}

pub type ApiResult<T> = Result<Envelope<T>, ApiError>;

/// An error a client can act on: status, stable code, human message, optional details.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after_seconds: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds.max(1));
        self
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::ValidationError, message)
    }

    pub fn unauthorized(code: ErrorCode, message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn not_found(message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// The cause is logged (with the request id, by the request span); the client sees none of it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            "Internal server error",
        )
    }

    /// An internal error whose whole `source()` chain is logged, so the driver's words reach
    /// the log while the client sees none of them.
    pub fn internal_error(cause: &(dyn std::error::Error + 'static)) -> Self {
        Self::internal(&ErrorChain(cause))
    }

    /// A store fault: a passing outage is 503 `DATABASE_UNAVAILABLE` with `Retry-After` (the
    /// client may retry), anything else is a 500.
    pub fn storage(error: &StorageError) -> Self {
        if !error.is_unavailable() {
            return Self::internal_error(error);
        }
        tracing::warn!(error = %ErrorChain(error), "storage unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::DatabaseUnavailable,
            "The service is temporarily unavailable; try again shortly",
        )
        .retry_after(STORAGE_RETRY_AFTER_SECONDS)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(json!({
            "success": false,
            "error": { "code": self.code, "message": self.message, "details": self.details },
        }))
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> Self {
        use StatusCode as S;
        match error {
            AccountError::Validation(problems) => {
                ApiError::validation("The request has invalid fields").with_details(json!(problems))
            }
            AccountError::EmailTaken => ApiError::new(
                S::CONFLICT,
                ErrorCode::EmailTaken,
                "An account with this email already exists",
            ),
            AccountError::InvalidCredentials => {
                ApiError::unauthorized(ErrorCode::InvalidCredentials, "Invalid email or password")
            }
            AccountError::Locked { until } => {
                let seconds = (until - OffsetDateTime::now_utc()).whole_seconds().max(1) as u64;
                ApiError::new(
                    S::LOCKED,
                    ErrorCode::AccountLocked,
                    "Too many failed logins; the account is locked for a while",
                )
                .with_details(json!({ "lockedUntil": until.format(&Rfc3339).unwrap_or_default() }))
                .retry_after(seconds)
            }
            AccountError::InvalidToken => ApiError::unauthorized(
                ErrorCode::InvalidToken,
                "The token is invalid or has expired",
            ),
            AccountError::TokenReused => ApiError::unauthorized(
                ErrorCode::TokenReused,
                "This refresh token was already used; the session was revoked for safety",
            ),
            AccountError::UserNotFound => {
                ApiError::new(S::NOT_FOUND, ErrorCode::UserNotFound, "User not found")
            }
            AccountError::InvalidLink => ApiError::new(
                S::BAD_REQUEST,
                ErrorCode::InvalidLink,
                "The link is invalid, has expired or was already used",
            ),
            AccountError::EmailAlreadyVerified => ApiError::new(
                S::CONFLICT,
                ErrorCode::EmailAlreadyVerified,
                "The email address is already verified",
            ),
            AccountError::TooManyEmails => ApiError::new(
                S::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "Too many mails were asked for; try again later",
            )
            .retry_after(jobr_accounts::email_tokens::EMAIL_LIMIT_WINDOW.whole_seconds() as u64),
            AccountError::Storage(cause) => ApiError::storage(&cause),
            AccountError::Unexpected(cause) => ApiError::internal_error(cause.as_ref()),
        }
    }
}

impl From<CvLibraryError> for ApiError {
    fn from(error: CvLibraryError) -> Self {
        use StatusCode as S;
        let message = error.to_string();
        match error {
            CvLibraryError::Unreadable(CvError::Extract(extract)) => {
                let (status, code) = match extract {
                    ExtractError::Empty => (S::BAD_REQUEST, ErrorCode::EmptyFile),
                    ExtractError::UnsupportedType(_) => {
                        (S::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedFileType)
                    }
                    ExtractError::NoTextLayer => (S::UNPROCESSABLE_ENTITY, ErrorCode::NoTextLayer),
                    ExtractError::Encrypted => (S::UNPROCESSABLE_ENTITY, ErrorCode::EncryptedFile),
                    ExtractError::Corrupt(_) => (S::UNPROCESSABLE_ENTITY, ErrorCode::CorruptFile),
                    ExtractError::TooLarge { .. } => {
                        (S::PAYLOAD_TOO_LARGE, ErrorCode::FileTooLarge)
                    }
                    ExtractError::ZipBomb(_) => {
                        (S::UNPROCESSABLE_ENTITY, ErrorCode::ArchiveTooLarge)
                    }
                    ExtractError::TooComplex(_) => {
                        (S::UNPROCESSABLE_ENTITY, ErrorCode::UnreadableFile)
                    }
                };
                // A damaged file's message comes from the PDF, zip or XML reader: logged for
                // us, never shown (it names internals and may echo the file's bytes).
                let message = match &extract {
                    ExtractError::Corrupt(detail) => {
                        tracing::info!(%detail, "an uploaded file could not be read");
                        "The file is damaged or not a valid PDF or DOCX; export it again and retry"
                            .to_string()
                    }
                    _ => message,
                };
                ApiError::new(status, code, message)
            }
            // The worker already logged the file's SHA-256 and what went wrong.
            CvLibraryError::Unreadable(CvError::Unreadable(_)) => ApiError::new(
                S::UNPROCESSABLE_ENTITY,
                ErrorCode::UnreadableFile,
                "The file could not be read safely; export it again as PDF or DOCX",
            ),
            CvLibraryError::Unreadable(CvError::Internal(cause)) => {
                ApiError::internal(&ErrorChain(cause.as_ref()))
            }
            CvLibraryError::Unreadable(CvError::NoText) => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, ErrorCode::NoText, message)
            }
            CvLibraryError::TooLarge { .. } => {
                ApiError::new(S::PAYLOAD_TOO_LARGE, ErrorCode::FileTooLarge, message)
            }
            CvLibraryError::NotFound => {
                ApiError::new(S::NOT_FOUND, ErrorCode::CvNotFound, "CV not found")
            }
            CvLibraryError::Storage(cause) => ApiError::storage(&cause),
        }
    }
}

/// Malformed JSON bodies: 413 when too large, 415 when not JSON, 400 otherwise, never 500.
/// Messages are our own: a parser's text names internal types and echoes input.
pub fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use StatusCode as S;
    let api_error = match &error {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => ApiError::new(
            S::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("The body exceeds {limit} bytes"),
        ),
        JsonPayloadError::ContentType => ApiError::new(
            S::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the body as application/json",
        ),
        JsonPayloadError::Deserialize(cause) if cause.is_data() => {
            ApiError::validation("The body does not have the expected fields and types")
        }
        _ => ApiError::new(
            S::BAD_REQUEST,
            ErrorCode::InvalidJson,
            "The body is not valid JSON",
        ),
    };
    api_error.into()
}

pub fn path_error(_error: PathError, req: &HttpRequest) -> actix_web::Error {
    tracing::debug!(path = req.path(), "path parameter refused");
    ApiError::validation("A path parameter is not valid for this endpoint").into()
}

pub fn query_error(_error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::validation(
        "The query string is not valid for this endpoint: check the parameters' names and types",
    )
    .into()
}

/// The app's fallback. A path that exists but not with this method is a 405, not a 404.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    if req.resource_map().has_resource(req.path()) {
        return method_not_allowed_error().error_response();
    }
    ApiError::not_found("No such endpoint").error_response()
}

/// The fallback of a resource whose path exists but not with this method.
pub async fn method_not_allowed() -> HttpResponse {
    method_not_allowed_error().error_response()
}

pub fn method_not_allowed_error() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        "This endpoint does not accept that method",
    )
}

impl From<JobError> for ApiError {
    fn from(error: JobError) -> Self {
        match error {
            JobError::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::JobNotFound,
                "Job not found",
            ),
            JobError::Invalid(problem) => ApiError::validation(format!("Invalid job: {problem}")),
            JobError::Storage(cause) => ApiError::storage(&cause),
        }
    }
}

impl From<jobr_applications::ApplicationError> for ApiError {
    fn from(error: jobr_applications::ApplicationError) -> Self {
        use StatusCode as S;
        use jobr_applications::{ApplicationError as E, ApplicationStatus};
        let message = error.to_string();
        match error {
            E::NotFound => ApiError::new(
                S::NOT_FOUND,
                ErrorCode::ApplicationNotFound,
                "Application not found",
            ),
            E::InvalidTransition { from, to } => {
                let allowed: Vec<&str> = ApplicationStatus::ALL
                    .into_iter()
                    .filter(|s| from.can_move_to(*s))
                    .map(|s| s.as_str())
                    .collect();
                ApiError::new(
                    S::CONFLICT,
                    ErrorCode::InvalidTransition,
                    format!("An application cannot move from {from} to {to}"),
                )
                .with_details(json!({ "from": from, "to": to, "allowed": allowed }))
            }
            E::AlreadyApplied { existing } => ApiError::new(
                S::CONFLICT,
                ErrorCode::AlreadyApplied,
                "You already have an application for this job",
            )
            .with_details(json!({ "applicationId": existing })),
            E::PlanLimitReached {
                limit,
                used,
                resets_at,
            } => ApiError::new(
                S::PAYMENT_REQUIRED,
                ErrorCode::PlanLimitReached,
                format!("Your plan allows {limit} applications a month, and you have sent {used}"),
            )
            .with_details(json!({
                "limit": limit,
                "usage": used,
                "resetsAt": resets_at.format(&Rfc3339).unwrap_or_default(),
                "upgrade": {
                    "plan": "premium",
                    "message": "Premium and Pro have no monthly limit on applications",
                },
            })),
            E::FeatureNotInPlan { feature, plan } => ApiError::new(
                S::PAYMENT_REQUIRED,
                ErrorCode::FeatureNotInPlan,
                format!("This needs the {:?} plan", feature.cheapest_plan()),
            )
            .with_details(json!({
                "feature": feature.as_str(),
                "plan": plan,
                "upgrade": { "plan": feature.cheapest_plan() },
            })),
            E::Invalid(_) => ApiError::validation(message),
            E::JobNotFound => ApiError::new(S::NOT_FOUND, ErrorCode::JobNotFound, "Job not found"),
            E::CvNotFound => ApiError::new(S::NOT_FOUND, ErrorCode::CvNotFound, "CV not found"),
            E::Plan(cause) | E::Confirmation(cause) => ApiError::internal_error(cause.as_ref()),
            E::Storage(cause) => ApiError::storage(&cause),
        }
    }
}

impl From<jobr_subscriptions::ServiceError> for ApiError {
    fn from(error: jobr_subscriptions::ServiceError) -> Self {
        use StatusCode as S;
        use jobr_subscriptions::{ProviderError as P, ServiceError as E, SubscriptionError as R};
        let provider_failed = |status: StatusCode, error: &P| {
            tracing::warn!(error = %ErrorChain(error), "payment provider call failed");
            ApiError::new(
                status,
                ErrorCode::PaymentProviderError,
                "The payment provider could not complete the request; try again later",
            )
        };
        match error {
            E::PaymentsUnavailable => Self::new(
                S::SERVICE_UNAVAILABLE,
                ErrorCode::PaymentsUnavailable,
                "Payments are not available",
            ),
            E::FreePlan => Self::validation("The free plan needs no checkout"),
            E::NoSubscription | E::Repository(R::SubscriptionNotFound) => Self::new(
                S::NOT_FOUND,
                ErrorCode::NoSubscription,
                "You have no subscription to change",
            ),
            E::Repository(R::AlreadySubscribed) => Self::new(
                S::CONFLICT,
                ErrorCode::AlreadySubscribed,
                "You already have a subscription",
            ),
            E::Repository(R::PaymentNotFound) => {
                Self::new(S::NOT_FOUND, ErrorCode::PaymentNotFound, "No such payment")
            }
            // A webhook naming what a checkout may still be storing, or whose mail must be
            // prepared again: 500, so the provider delivers it again with nothing stored.
            error @ E::Repository(R::UnknownTarget | R::MailNotPrepared) => {
                Self::internal_error(&error)
            }
            error @ E::Contacts(_) => Self::internal_error(&error),
            E::Repository(R::Storage(error)) => Self::storage(&error),
            E::Provider(P::CardDeclined { message, .. }) => {
                Self::new(S::PAYMENT_REQUIRED, ErrorCode::CardDeclined, message)
            }
            E::Provider(P::Unsupported { operation, .. }) => Self::validation(format!(
                "This payment provider does not support {operation}"
            )),
            E::Provider(error @ (P::RateLimited | P::Unavailable(_))) => {
                provider_failed(S::SERVICE_UNAVAILABLE, &error)
            }
            E::Provider(
                error @ (P::InvalidRequest { .. }
                | P::Authentication
                | P::Api { .. }
                | P::AmountMismatch { .. }
                | P::UnexpectedResponse(_)),
            ) => provider_failed(S::BAD_GATEWAY, &error),
            E::Webhook(error) => {
                tracing::warn!(error = %ErrorChain(&error), "webhook refused");
                Self::new(
                    S::BAD_REQUEST,
                    ErrorCode::InvalidSignature,
                    "The webhook signature or payload is not valid",
                )
            }
        }
    }
}
