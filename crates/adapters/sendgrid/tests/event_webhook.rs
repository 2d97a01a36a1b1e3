//! The Event Webhook: SendGrid's ECDSA P-256 signature over timestamp + body, checked with a key
//! pair generated here, and the events read from a verified delivery.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jobr_core::{Clock, Email, Timestamp};
use jobr_notifications::{DeliveryEventKind, MessageId};
use jobr_sendgrid::{EventWebhookVerifier, WebhookError, parse_public_key};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use rand::rngs::OsRng;
use time::macros::datetime;
use uuid::Uuid;

const NOW: Timestamp = datetime!(2026-11-27 12:00:00 UTC);
const ID: &str = "0b7c6f3e-5a43-4b8e-9d51-2f6a0c1e9a77";

struct FixedClock(Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A fresh key pair: the signing half plays SendGrid, the public half is configured as SendGrid
/// shows it (base64 DER SubjectPublicKeyInfo).
fn key_pair() -> (SigningKey, String) {
    let signing = SigningKey::random(&mut OsRng);
    let der = signing.verifying_key().to_public_key_der().unwrap();
    (signing, STANDARD.encode(der.as_bytes()))
}

fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut signed = timestamp.as_bytes().to_vec();
    signed.extend_from_slice(body);
    let signature: Signature = key.sign(&signed);
    STANDARD.encode(signature.to_der().as_bytes())
}

fn verifier(public_key: &str) -> EventWebhookVerifier {
    EventWebhookVerifier::new(parse_public_key(public_key).unwrap())
        .with_clock(Arc::new(FixedClock(NOW)))
}

fn body() -> Vec<u8> {
    format!(
        r#"[
  {{"email":"gone@example.com","timestamp":1795780000,"event":"bounce","type":"bounce","reason":"550 5.1.1 no such user","sg_event_id":"e1","sg_message_id":"m1","jobr_message_id":"{ID}"}},
  {{"email":"Dropped@Example.com","timestamp":1795780001,"event":"dropped","reason":"Bounced Address","sg_event_id":"e2"}},
  {{"email":"angry@example.com","timestamp":1795780002,"event":"spamreport","sg_event_id":"e3"}},
  {{"email":"fine@example.com","timestamp":1795780003,"event":"delivered","sg_event_id":"e4","jobr_message_id":"not-one-of-ours"}},
  {{"email":"busy@example.com","timestamp":1795780004,"event":"bounce","type":"blocked","sg_event_id":"e5"}},
  {{"email":"not an address","timestamp":1795780005,"event":"bounce","sg_event_id":"e6"}},
  {{"event":"open","sg_event_id":"e7"}}
]"#
    )
    .into_bytes()
}

fn timestamp_of(at: Timestamp) -> String {
    at.unix_timestamp().to_string()
}

#[test]
fn a_valid_signature_is_accepted_and_the_events_read() {
    let (signing, public_key) = key_pair();
    let body = body();
    let timestamp = timestamp_of(NOW);
    let signature = sign(&signing, &timestamp, &body);

    let events = verifier(&public_key)
        .verify_and_parse(Some(&signature), Some(&timestamp), &body)
        .unwrap();

    let email = |s: &str| Email::parse(s).unwrap();
    let seen: Vec<(Email, DeliveryEventKind)> =
        events.iter().map(|e| (e.email.clone(), e.kind)).collect();
    assert_eq!(
        seen,
        [
            (email("gone@example.com"), DeliveryEventKind::Bounce),
            (email("dropped@example.com"), DeliveryEventKind::Dropped),
            (email("angry@example.com"), DeliveryEventKind::SpamReport),
            (email("fine@example.com"), DeliveryEventKind::Other),
            // A block is about this message, not the address: nothing to suppress.
            (email("busy@example.com"), DeliveryEventKind::Other),
        ],
        "the invalid address and the event without one are skipped"
    );
    assert_eq!(
        events[0].message_id,
        Some(MessageId(Uuid::parse_str(ID).unwrap()))
    );
    assert_eq!(events[0].occurred_at.unix_timestamp(), 1_795_780_000);
    assert_eq!(events[1].message_id, None);
    assert_eq!(events[3].message_id, None, "a foreign id is not ours");
}

#[test]
fn a_bad_signature_is_refused() {
    let (signing, public_key) = key_pair();
    let body = body();
    let timestamp = timestamp_of(NOW);
    let verifier = verifier(&public_key);

    // The body changed after signing.
    let signature = sign(&signing, &timestamp, &body);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    assert!(matches!(
        verifier.verify(Some(&signature), Some(&timestamp), &tampered),
        Err(WebhookError::BadSignature)
    ));

    // The timestamp changed after signing (a replay with a fresh timestamp).
    let later = timestamp_of(NOW + time::Duration::seconds(1));
    assert!(matches!(
        verifier.verify(Some(&signature), Some(&later), &body),
        Err(WebhookError::BadSignature)
    ));

    // Signed by someone else's key.
    let (other, _) = key_pair();
    let forged = sign(&other, &timestamp, &body);
    assert!(matches!(
        verifier.verify(Some(&forged), Some(&timestamp), &body),
        Err(WebhookError::BadSignature)
    ));

    // Not a signature at all, or missing.
    assert!(matches!(
        verifier.verify(Some("bm90IGEgc2lnbmF0dXJl"), Some(&timestamp), &body),
        Err(WebhookError::MalformedSignature)
    ));
    assert!(matches!(
        verifier.verify(Some("%%%"), Some(&timestamp), &body),
        Err(WebhookError::MalformedSignature)
    ));
    assert!(matches!(
        verifier.verify(None, Some(&timestamp), &body),
        Err(WebhookError::MissingSignature)
    ));
    assert!(matches!(
        verifier.verify(Some(&signature), None, &body),
        Err(WebhookError::MissingTimestamp)
    ));
    assert!(matches!(
        verifier.verify(Some(&signature), Some("yesterday"), &body),
        Err(WebhookError::MalformedTimestamp)
    ));
}

#[test]
fn a_stale_timestamp_is_refused_even_when_correctly_signed() {
    let (signing, public_key) = key_pair();
    let body = body();
    let verifier = verifier(&public_key);
    let signed_at = |at: Timestamp| {
        let timestamp = timestamp_of(at);
        let signature = sign(&signing, &timestamp, &body);
        verifier.verify(Some(&signature), Some(&timestamp), &body)
    };

    assert!(matches!(
        signed_at(NOW - time::Duration::minutes(6)),
        Err(WebhookError::StaleTimestamp { seconds_off: 360 })
    ));
    assert!(matches!(
        signed_at(NOW + time::Duration::minutes(6)),
        Err(WebhookError::StaleTimestamp { seconds_off: -360 })
    ));
    // Within the 5-minute tolerance either way.
    signed_at(NOW - time::Duration::minutes(5)).unwrap();
    signed_at(NOW + time::Duration::seconds(30)).unwrap();
}

#[test]
fn a_verified_body_that_is_not_an_event_array_is_refused() {
    let (signing, public_key) = key_pair();
    let body = br#"{"event":"bounce"}"#;
    let timestamp = timestamp_of(NOW);
    let signature = sign(&signing, &timestamp, body);
    assert!(matches!(
        verifier(&public_key).verify_and_parse(Some(&signature), Some(&timestamp), body),
        Err(WebhookError::MalformedBody(_))
    ));
}

#[test]
fn the_public_key_is_read_as_sendgrid_shows_it() {
    let (_, public_key) = key_pair();
    // Wrapped over lines when pasted.
    let wrapped: String = public_key
        .as_bytes()
        .chunks(40)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert!(parse_public_key(&wrapped).is_ok());
    assert!(parse_public_key("not base64!").is_err());
    assert!(parse_public_key(&STANDARD.encode(b"not a key")).is_err());
}
