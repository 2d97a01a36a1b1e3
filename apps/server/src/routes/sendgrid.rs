//! SendGrid's Event Webhook: signed batches of delivery events. Bounces, drops and spam
//! reports put the address on the suppression list.

use crate::{
    api::{ApiError, ApiResult, ok},
    error_code::ErrorCode,
};
use actix_web::{HttpRequest, web};
use jobr_notifications::DeliveryEvents;
use jobr_sendgrid::{EventWebhookVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookError};
use serde_json::{Value, json};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/sendgrid/events").post(events));
}

/// The signature covers the raw body bytes, so they are verified before anything parses them.
async fn events(
    request: HttpRequest,
    body: web::Bytes,
    verifier: web::Data<EventWebhookVerifier>,
    delivery_events: web::Data<DeliveryEvents>,
) -> ApiResult<Value> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let events = verifier
        .verify_and_parse(header(SIGNATURE_HEADER), header(TIMESTAMP_HEADER), &body)
        .map_err(|error| match error {
            WebhookError::MalformedBody(_) => {
                ApiError::validation("The body is not a JSON array of events")
            }
            other => {
                tracing::warn!(error = %other, "SendGrid event webhook refused");
                ApiError::unauthorized(ErrorCode::Unauthorized, "The signature is not valid")
            }
        })?;
    let suppressed = delivery_events
        .record(&events)
        .await
        .map_err(|error| ApiError::storage(&error))?;
    Ok(ok(
        json!({ "received": events.len(), "suppressed": suppressed }),
    ))
}
