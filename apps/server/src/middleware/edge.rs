//! HTTP consistency at the edge: HEAD wherever GET works, and the JSON envelope on refusals
//! that actix or actix-cors make themselves, outside our handlers.

use crate::api::{self, ApiError, ErrorCode};
use actix_cors::CorsError;
use actix_web::{
    Error,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, StatusCode, header},
    middleware::Next,
};

/// Routes HEAD as GET. The HTTP layer remembered at parse time that the request was HEAD, so
/// it sends the GET's status and headers (Content-Length included) without the body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Replaces two bodies we do not write ourselves with the error envelope:
/// - actix's empty 405 from a resource that lacks the method (its `Allow` header is kept);
/// - actix-cors's plain-text refusal of a preflight.
pub async fn error_envelopes<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let response = next.call(req).await?;
    let replacement = if let Some(refusal) = response
        .response()
        .error()
        .and_then(|error| error.as_error::<CorsError>())
    {
        Some(cors_refused(refusal))
    } else if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        Some(api::method_not_allowed_error())
    } else {
        None
    };
    let Some(error) = replacement else {
        return Ok(response.map_into_left_body());
    };
    let (request, original) = response.into_parts();
    let mut enveloped = actix_web::ResponseError::error_response(&error);
    // Keep what the refusal said in headers (`Allow`, CORS headers, `Vary`); only the body and
    // its description change.
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            enveloped.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(request, enveloped).map_into_right_body())
}

/// A browser's preflight that the CORS policy refuses: 403 when the origin, method or headers
/// are not allowed, 400 when the preflight itself is malformed.
fn cors_refused(refusal: &CorsError) -> ApiError {
    let status = match refusal {
        CorsError::OriginNotAllowed
        | CorsError::MethodNotAllowed
        | CorsError::HeadersNotAllowed => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError::new(status, ErrorCode::CorsRejected, format!("CORS: {refusal}"))
}
