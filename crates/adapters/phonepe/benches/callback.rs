//! The PhonePe side of webhook ingestion, without the database: verifying a server-to-server
//! callback (`X-VERIFY` over the raw `response`, constant time), decoding it and reading it into
//! a `PaymentEvent`, as `POST /api/phonepe/webhook` does before it stores anything.
//! Run: `cargo bench -p jobr-phonepe --bench callback`.

// A benchmark with a broken fixture should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jobr_phonepe::{Environment, MerchantTransactionId, PhonePe, PhonePeConfig, Salt};
use jobr_subscriptions::PaymentProvider;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

const MERCHANT: &str = "PGTESTPAYUAT86";
const SALT: &str = "96434309-7796-489d-8924-ab56988a6076";

fn callback(c: &mut Criterion) {
    let config = PhonePeConfig::new(MERCHANT, SALT.into(), 1, Environment::Sandbox).unwrap();
    let phonepe = PhonePe::new(config).unwrap();
    let payload = json!({
        "success": true,
        "code": "PAYMENT_SUCCESS",
        "message": "Your payment is successful.",
        "data": {
            "merchantId": MERCHANT,
            "merchantTransactionId": MerchantTransactionId::for_payment(Uuid::new_v4()).to_string(),
            "transactionId": "T2111221437456190170379",
            "amount": 99_900,
            "state": "COMPLETED",
            "responseCode": "SUCCESS",
            "paymentInstrument": { "type": "UPI", "utr": "206378866112" }
        }
    });
    let signed = Salt::new(SALT.into(), 1).sign_callback(payload.to_string().as_bytes());
    let now = OffsetDateTime::now_utc();

    c.bench_function("phonepe_parse_webhook", |b| {
        b.iter(|| {
            phonepe
                .parse_webhook(
                    Some(black_box(signed.x_verify.clone())),
                    black_box(signed.body.as_bytes()),
                    now,
                )
                .unwrap()
        })
    });
    let forged = format!("{}###1", "0".repeat(64));
    c.bench_function("phonepe_parse_webhook_bad_signature", |b| {
        b.iter(|| {
            phonepe
                .parse_webhook(
                    Some(black_box(forged.clone())),
                    black_box(signed.body.as_bytes()),
                    now,
                )
                .unwrap_err()
        })
    });
}

criterion_group!(benches, callback);
criterion_main!(benches);
