//! SendGrid's signed Event Webhook: verifying a delivery, then reading its events.
//!
//! SendGrid signs `timestamp || raw body` with ECDSA P-256 over SHA-256 and sends the DER
//! signature, base64, in `X-Twilio-Email-Event-Webhook-Signature`, and the timestamp (Unix
//! seconds, as text) in `X-Twilio-Email-Event-Webhook-Timestamp`. The public key is shown in the
//! SendGrid console as base64 DER (SubjectPublicKeyInfo). The body must be checked exactly as
//! received: parse it only after verification.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jobr_core::{Clock, Email, SystemClock, Timestamp};
use jobr_notifications::{DeliveryEvent, DeliveryEventKind, MessageId};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub const SIGNATURE_HEADER: &str = "X-Twilio-Email-Event-Webhook-Signature";
pub const TIMESTAMP_HEADER: &str = "X-Twilio-Email-Event-Webhook-Timestamp";
/// How far the signed timestamp may be from our clock, either way. A captured delivery cannot be
/// replayed after this; SendGrid signs each attempt anew, so its own retries are not affected.
pub const DEFAULT_TOLERANCE: Duration = Duration::minutes(5);

/// Why `SENDGRID_WEBHOOK_PUBLIC_KEY` could not be used. Never shows the value.
#[derive(Debug, thiserror::Error)]
pub enum WebhookKeyError {
    #[error("is not base64 (copy the key from the SendGrid console as shown)")]
    NotBase64(#[source] base64::DecodeError),
    #[error("is not a P-256 public key in DER SubjectPublicKeyInfo form")]
    NotP256(#[source] p256::pkcs8::spki::Error),
}

/// Reads a verification key as SendGrid gives it: base64 of the DER SubjectPublicKeyInfo. Line
/// breaks and spaces (from copying) are ignored.
pub fn parse_public_key(base64_der: &str) -> Result<VerifyingKey, WebhookKeyError> {
    let compact: String = base64_der.split_whitespace().collect();
    let der = STANDARD
        .decode(compact.as_bytes())
        .map_err(WebhookKeyError::NotBase64)?;
    VerifyingKey::from_public_key_der(&der).map_err(WebhookKeyError::NotP256)
}

/// Why a delivery was refused. Each one is the sender's fault: the route answers 4xx.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("the {SIGNATURE_HEADER} header is missing")]
    MissingSignature,
    #[error("the {TIMESTAMP_HEADER} header is missing")]
    MissingTimestamp,
    #[error("the signature is not a base64 DER ECDSA signature")]
    MalformedSignature,
    #[error("the timestamp is not a whole number of seconds")]
    MalformedTimestamp,
    #[error("the signature does not match the body and timestamp")]
    BadSignature,
    /// Correctly signed, but too old (or too far ahead): a replay, or a badly wrong clock.
    #[error("the signed timestamp is {seconds_off} s from now, beyond the tolerance")]
    StaleTimestamp { seconds_off: i64 },
    #[error("the body is not a JSON array of events")]
    MalformedBody(#[source] serde_json::Error),
}

/// Checks deliveries against one key. Cheap to clone.
#[derive(Clone)]
pub struct EventWebhookVerifier {
    key: VerifyingKey,
    tolerance: Duration,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for EventWebhookVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventWebhookVerifier")
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl EventWebhookVerifier {
    /// The system clock and [`DEFAULT_TOLERANCE`].
    pub fn new(key: VerifyingKey) -> Self {
        Self {
            key,
            tolerance: DEFAULT_TOLERANCE,
            clock: Arc::new(SystemClock),
        }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies one delivery: the header values as received (`None` when absent) and the raw
    /// body bytes. The signature is checked before the timestamp's age, so `StaleTimestamp`
    /// always means a genuine but old delivery.
    pub fn verify(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        let signature = signature.ok_or(WebhookError::MissingSignature)?.trim();
        let timestamp = timestamp.ok_or(WebhookError::MissingTimestamp)?.trim();
        let seconds: i64 = timestamp
            .parse()
            .map_err(|_| WebhookError::MalformedTimestamp)?;
        let der = STANDARD
            .decode(signature)
            .map_err(|_| WebhookError::MalformedSignature)?;
        let signature =
            DerSignature::try_from(der.as_slice()).map_err(|_| WebhookError::MalformedSignature)?;

        let mut signed = Vec::with_capacity(timestamp.len() + body.len());
        signed.extend_from_slice(timestamp.as_bytes());
        signed.extend_from_slice(body);
        self.key
            .verify(&signed, &signature)
            .map_err(|_| WebhookError::BadSignature)?;

        let now = self.clock.now().unix_timestamp();
        let seconds_off = now.saturating_sub(seconds);
        if seconds_off.unsigned_abs() > self.tolerance.whole_seconds().unsigned_abs() {
            return Err(WebhookError::StaleTimestamp { seconds_off });
        }
        Ok(())
    }

    /// [`verify`](Self::verify), then [`parse_events`].
    pub fn verify_and_parse(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
    ) -> Result<Vec<DeliveryEvent>, WebhookError> {
        self.verify(signature, timestamp, body)?;
        parse_events(body, self.clock.now())
    }
}

#[derive(Deserialize)]
struct RawEvent {
    event: String,
    email: String,
    #[serde(default, rename = "type")]
    bounce_type: Option<String>,
    /// Unix seconds; a number either way, in case a float ever comes.
    #[serde(default)]
    timestamp: Option<serde_json::Number>,
    /// Custom arguments come back as top-level fields of each event; this is
    /// [`crate::MESSAGE_ID_ARG`] (a literal here, checked equal by a test).
    #[serde(default, rename = "jobr_message_id")]
    message_id: Option<String>,
}

/// Reads a (verified) delivery into the domain's events. The body must be a JSON array; an
/// element that is not a usable event (no `event` or `email`, or an unparseable address) is
/// skipped with a warning rather than failing the batch, which SendGrid would redeliver forever.
///
/// A `bounce` of type `blocked` (the receiving server refused this message for now, not the
/// address) is not a bounce here. An event without its own timestamp takes `received_at`.
pub fn parse_events(
    body: &[u8],
    received_at: Timestamp,
) -> Result<Vec<DeliveryEvent>, WebhookError> {
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(body).map_err(WebhookError::MalformedBody)?;
    let mut events = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let raw: RawEvent = match serde_json::from_value(item) {
            Ok(raw) => raw,
            Err(error) => {
                tracing::warn!(index, error = %error, "SendGrid event skipped: unexpected shape");
                continue;
            }
        };
        let Ok(email) = Email::parse(&raw.email) else {
            tracing::warn!(index, event = %raw.event, "SendGrid event skipped: invalid address");
            continue;
        };
        let kind = match (raw.event.as_str(), raw.bounce_type.as_deref()) {
            ("bounce", Some("blocked")) => DeliveryEventKind::Other,
            ("bounce", _) => DeliveryEventKind::Bounce,
            ("dropped", _) => DeliveryEventKind::Dropped,
            ("spamreport", _) => DeliveryEventKind::SpamReport,
            _ => DeliveryEventKind::Other,
        };
        events.push(DeliveryEvent {
            email,
            kind,
            // Another sender's custom argument of the same name is not one of our ids.
            message_id: raw
                .message_id
                .and_then(|id| Uuid::parse_str(&id).ok())
                .map(MessageId),
            occurred_at: raw
                .timestamp
                .and_then(|t| t.as_i64().or_else(|| t.as_f64().map(|f| f as i64)))
                .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
                .unwrap_or(received_at),
        });
    }
    Ok(events)
}
