//! `POST /api/sendgrid/events`: SendGrid's signed Event Webhook. A verified bounce, drop or
//! spam report puts the address on the suppression list (`jobr_notifications::DeliveryEvents`).
//!
//! Mounted under `/api/sendgrid` with [`routes`], and given a `web::Data<SendGridEventsState>`.

use crate::api::{ApiError, ApiResult, ErrorCode, ok};
use actix_web::{HttpRequest, http::StatusCode, web};
use jobr_notifications::DeliveryEvents;
use jobr_sendgrid::{EventWebhookVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookError};
use serde_json::{Value, json};

/// SendGrid posts batches of events; a large batch is well under this.
pub const MAX_EVENTS_BODY_BYTES: usize = 4 * 1024 * 1024;

pub struct SendGridEventsState {
    /// `None` when `SENDGRID_WEBHOOK_PUBLIC_KEY` is not set: deliveries cannot be verified, so
    /// none is accepted.
    pub verifier: Option<EventWebhookVerifier>,
    pub events: DeliveryEvents,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/events")
            .app_data(web::PayloadConfig::new(MAX_EVENTS_BODY_BYTES))
            .post(events),
    );
}

/// The body is taken as raw bytes: the signature covers them exactly as sent.
async fn events(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<SendGridEventsState>,
) -> ApiResult<Value> {
    let Some(verifier) = &state.verifier else {
        tracing::warn!(
            "a SendGrid event delivery was refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not set"
        );
        return Err(ApiError::not_found(
            "The SendGrid event webhook is not configured on this server",
        ));
    };
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let events = verifier
        .verify_and_parse(header(SIGNATURE_HEADER), header(TIMESTAMP_HEADER), &body)
        .map_err(refused)?;
    let suppressed = state
        .events
        .record(&events)
        .await
        .map_err(|e| ApiError::storage(&e))?;
    tracing::info!(
        received = events.len(),
        suppressed,
        "SendGrid events recorded"
    );
    Ok(ok(
        json!({ "received": events.len(), "suppressed": suppressed }),
    ))
}

fn refused(error: WebhookError) -> ApiError {
    tracing::warn!(reason = %error, "a SendGrid event delivery was refused");
    match error {
        WebhookError::MalformedBody(_) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            "The body is not a JSON array of events",
        ),
        // One answer for every verification failure: a prober learns nothing from it.
        _ => ApiError::unauthorized(
            ErrorCode::Unauthorized,
            "The event delivery is not signed by SendGrid, or the signature is too old",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{App, test};
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use jobr_core::{Clock, Email, Timestamp};
    use jobr_notifications::{SuppressionReason, suppression::MockSuppressionList};
    use mockall::predicate::eq;
    use p256::ecdsa::{Signature, SigningKey, signature::Signer as _};
    use rand::rngs::OsRng;
    use std::sync::Arc;
    use time::macros::datetime;

    const NOW: Timestamp = datetime!(2026-11-27 12:00:00 UTC);
    const BODY: &str = r#"[{"email":"gone@example.com","timestamp":1795780000,"event":"bounce","type":"bounce"},{"email":"ok@example.com","timestamp":1795780001,"event":"delivered"}]"#;

    struct FixedClock;

    impl Clock for FixedClock {
        fn now(&self) -> Timestamp {
            NOW
        }
    }

    fn state(key: &SigningKey, list: MockSuppressionList) -> web::Data<SendGridEventsState> {
        web::Data::new(SendGridEventsState {
            verifier: Some(
                EventWebhookVerifier::new(*key.verifying_key()).with_clock(Arc::new(FixedClock)),
            ),
            events: DeliveryEvents::new(Arc::new(list)),
        })
    }

    fn signed(key: &SigningKey, at: Timestamp, body: &str) -> (String, String) {
        let timestamp = at.unix_timestamp().to_string();
        let signature: Signature = key.sign(format!("{timestamp}{body}").as_bytes());
        (STANDARD.encode(signature.to_der().as_bytes()), timestamp)
    }

    async fn post(
        state: web::Data<SendGridEventsState>,
        headers: Option<(String, String)>,
    ) -> (StatusCode, Value) {
        let app = test::init_service(
            App::new()
                .app_data(state)
                .service(web::scope("/api/sendgrid").configure(routes)),
        )
        .await;
        let mut request = test::TestRequest::post()
            .uri("/api/sendgrid/events")
            .insert_header(("content-type", "application/json"))
            .set_payload(BODY);
        if let Some((signature, timestamp)) = headers {
            request = request
                .insert_header((SIGNATURE_HEADER, signature))
                .insert_header((TIMESTAMP_HEADER, timestamp));
        }
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status();
        (status, test::read_body_json(response).await)
    }

    #[actix_web::test]
    async fn a_signed_bounce_suppresses_the_address() {
        let key = SigningKey::random(&mut OsRng);
        let mut list = MockSuppressionList::new();
        list.expect_suppress()
            .with(
                eq(Email::parse("gone@example.com").unwrap()),
                eq(SuppressionReason::Bounce),
                mockall::predicate::always(),
            )
            .times(1)
            .returning(|_, _, _| Ok(()));
        let (status, body) = post(state(&key, list), Some(signed(&key, NOW, BODY))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"], json!({ "received": 2, "suppressed": 1 }));
    }

    #[actix_web::test]
    async fn unsigned_forged_and_stale_deliveries_change_nothing() {
        let key = SigningKey::random(&mut OsRng);
        let forger = SigningKey::random(&mut OsRng);
        let stale = NOW - time::Duration::minutes(10);
        for headers in [
            None,
            Some(signed(&forger, NOW, BODY)),
            Some(signed(&key, stale, BODY)),
        ] {
            let mut list = MockSuppressionList::new();
            list.expect_suppress().times(0);
            let (status, body) = post(state(&key, list), headers).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
            assert_eq!(body["error"]["code"], "UNAUTHORIZED");
        }
    }

    #[actix_web::test]
    async fn without_a_configured_key_nothing_is_accepted() {
        let key = SigningKey::random(&mut OsRng);
        let mut list = MockSuppressionList::new();
        list.expect_suppress().times(0);
        let state = web::Data::new(SendGridEventsState {
            verifier: None,
            events: DeliveryEvents::new(Arc::new(list)),
        });
        let (status, _) = post(state, Some(signed(&key, NOW, BODY))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
