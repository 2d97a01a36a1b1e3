//! `X-VERIFY`: PhonePe PG v1's request and callback checksum,
//! `hex(SHA-256(data + salt_key)) + "###" + salt_index`, where `data` is
//!
//! - for a pay request: the base64 payload followed by `/pg/v1/pay`;
//! - for a status check: the path `/pg/v1/status/{merchantId}/{merchantTransactionId}`;
//! - for a server-to-server callback: the base64 `response` string of the callback body.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The path a pay request is posted to, and the suffix of its checksum's data.
pub const PAY_PATH: &str = "/pg/v1/pay";

const SEPARATOR: &str = "###";

/// The merchant's salt key and its index, as PhonePe issued them. `Debug` never shows the key.
#[derive(Clone)]
pub struct Salt {
    key: SecretString,
    index: u32,
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Salt")
            .field("key", &"[REDACTED]")
            .field("index", &self.index)
            .finish()
    }
}

/// Why an `X-VERIFY` value was refused. None of them says what the right value would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChecksumError {
    #[error("X-VERIFY is not of the form <sha256 hex>###<salt index>")]
    Malformed,
    #[error("X-VERIFY names salt index {0}, which is not this merchant's")]
    UnknownSaltIndex(u32),
    #[error("X-VERIFY does not match the message")]
    Mismatch,
}

impl Salt {
    pub fn new(key: SecretString, index: u32) -> Self {
        Self { key, index }
    }

    pub fn index(&self) -> u32 {
        self.index
    }

    /// `hex(sha256(data + salt_key)) + "###" + salt_index`.
    pub fn x_verify(&self, data: &str) -> String {
        format!("{:x}{SEPARATOR}{}", self.digest(data), self.index)
    }

    /// The checksum of a pay request whose payload encodes to `base64_payload`.
    pub fn pay_checksum(&self, base64_payload: &str) -> String {
        self.x_verify(&format!("{base64_payload}{PAY_PATH}"))
    }

    /// The checksum of a status check of `merchant_transaction_id`.
    pub fn status_checksum(&self, merchant_id: &str, merchant_transaction_id: &str) -> String {
        self.x_verify(&status_path(merchant_id, merchant_transaction_id))
    }

    /// Checks a callback's `X-VERIFY` against its base64 `response` string, in constant time.
    pub fn verify_callback(&self, x_verify: &str, response: &str) -> Result<(), ChecksumError> {
        let (hash, index) = x_verify
            .trim()
            .split_once(SEPARATOR)
            .ok_or(ChecksumError::Malformed)?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ChecksumError::Malformed);
        }
        let index: u32 = index
            .parse()
            .ok()
            .filter(|_| index.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(ChecksumError::Malformed)?;
        if index != self.index {
            return Err(ChecksumError::UnknownSaltIndex(index));
        }
        let expected = format!("{:x}", self.digest(response));
        let received = hash.to_ascii_lowercase();
        if bool::from(expected.as_bytes().ct_eq(received.as_bytes())) {
            Ok(())
        } else {
            Err(ChecksumError::Mismatch)
        }
    }

    /// A server-to-server callback as PhonePe sends it: the body `{"response":"<base64 of
    /// payload>"}` and its `X-VERIFY` header. For fakes and end-to-end tests that play PhonePe.
    pub fn sign_callback(&self, payload: &[u8]) -> SignedCallback {
        let response = STANDARD.encode(payload);
        SignedCallback {
            x_verify: self.x_verify(&response),
            body: serde_json::json!({ "response": response }).to_string(),
        }
    }

    fn digest(&self, data: &str) -> impl fmt::LowerHex {
        let mut hasher = Sha256::new();
        hasher.update(data.as_bytes());
        hasher.update(self.key.expose_secret().as_bytes());
        hasher.finalize()
    }
}

/// A callback body with the header that signs it (see [`Salt::sign_callback`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCallback {
    pub body: String,
    pub x_verify: String,
}

/// `/pg/v1/status/{merchantId}/{merchantTransactionId}`: both the request path (after the API
/// base) and the status checksum's data.
pub fn status_path(merchant_id: &str, merchant_transaction_id: &str) -> String {
    format!("/pg/v1/status/{merchant_id}/{merchant_transaction_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PhonePe's published sandbox salt (the seeds' test merchant PGTESTPAYUAT86).
    const SANDBOX_SALT: &str = "96434309-7796-489d-8924-ab56988a6076";

    fn sandbox() -> Salt {
        Salt::new(SANDBOX_SALT.into(), 1)
    }

    const PAY_JSON: &str = r#"{"merchantId":"PGTESTPAYUAT86","merchantTransactionId":"MT7850590068188104","merchantUserId":"MUID123","amount":10000,"redirectUrl":"https://example.com/redirect","redirectMode":"REDIRECT","callbackUrl":"https://example.com/callback","mobileNumber":"9999999999","paymentInstrument":{"type":"PAY_PAGE"}}"#;

    #[test]
    fn published_pay_vector() {
        let base64 = STANDARD.encode(PAY_JSON);
        assert_eq!(
            sandbox().pay_checksum(&base64),
            "263042a62200da8b11d8703dce349d2662b0c1eefc1918f13d71cb3b6c3c3b28###1"
        );
    }

    #[test]
    fn published_status_vector() {
        assert_eq!(
            status_path("PGTESTPAYUAT86", "MT7850590068188104"),
            "/pg/v1/status/PGTESTPAYUAT86/MT7850590068188104"
        );
        assert_eq!(
            sandbox().status_checksum("PGTESTPAYUAT86", "MT7850590068188104"),
            "d989fc94052bea50d2beb14be9d2eb5411978ac03c29099236a2f0600cf2d479###1"
        );
    }

    #[test]
    fn the_index_is_the_configured_one() {
        let salt = Salt::new(SANDBOX_SALT.into(), 7);
        assert!(salt.x_verify("x").ends_with("###7"));
        assert_eq!(salt.index(), 7);
    }

    #[test]
    fn a_signed_callback_verifies_and_any_change_breaks_it() {
        let salt = sandbox();
        let signed = salt.sign_callback(br#"{"success":true,"code":"PAYMENT_SUCCESS"}"#);
        let body: serde_json::Value = serde_json::from_str(&signed.body).unwrap();
        let response = body["response"].as_str().unwrap();
        assert_eq!(salt.verify_callback(&signed.x_verify, response), Ok(()));
        // Upper-case hex and surrounding whitespace are the same checksum.
        let upper = signed.x_verify.to_ascii_uppercase();
        assert_eq!(
            salt.verify_callback(&format!(" {upper} "), response),
            Ok(())
        );

        let tampered = format!("{response}AA");
        assert_eq!(
            salt.verify_callback(&signed.x_verify, &tampered),
            Err(ChecksumError::Mismatch)
        );
        let other_key = Salt::new("another-salt".into(), 1);
        assert_eq!(
            other_key.verify_callback(&signed.x_verify, response),
            Err(ChecksumError::Mismatch)
        );
        let (hash, _) = signed.x_verify.split_once("###").unwrap();
        assert_eq!(
            salt.verify_callback(&format!("{hash}###2"), response),
            Err(ChecksumError::UnknownSaltIndex(2))
        );
    }

    #[test]
    fn malformed_headers_are_refused() {
        let salt = sandbox();
        let hash = "a".repeat(64);
        for bad in [
            String::new(),
            hash.clone(),
            format!("{hash}##1"),
            format!("{hash}###"),
            format!("{hash}###x"),
            format!("{hash}###+1"),
            format!("{}###1", "a".repeat(63)),
            format!("{}###1", "g".repeat(64)),
        ] {
            assert_eq!(
                salt.verify_callback(&bad, "cmVzcG9uc2U="),
                Err(ChecksumError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_key() {
        assert!(!format!("{:?}", sandbox()).contains("96434309"));
    }
}
