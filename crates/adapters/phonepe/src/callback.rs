//! PhonePe's server-to-server callback: `POST` of `{"response": "<base64>"}` with
//! `X-VERIFY = sha256(response + salt_key) + "###" + salt_index`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::checksum::{ChecksumError, Salt};
use crate::error::PhonePeError;
use crate::ids::MerchantTransactionId;
use crate::settle::{ExpectedPayment, PaymentStatus, judge, settle};
use crate::wire::{CallbackBody, Envelope, TransactionData};

/// Why a callback was refused. Answer 400 and store nothing; none of these is worth a retry.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error("the X-VERIFY header is missing")]
    MissingSignature,
    /// The body is not `{"response": "<string>"}`: nothing to verify.
    #[error("the callback body is not {{\"response\": \"<base64>\"}}")]
    MalformedBody,
    #[error("the callback's X-VERIFY was refused")]
    BadSignature(#[source] ChecksumError),
    /// Signed, but the response is not base64 of a PhonePe answer.
    #[error("the callback's response is not a PhonePe answer: {0}")]
    MalformedPayload(String),
    /// Signed and readable, but not about a transaction Jobr made.
    #[error("the callback is not about a Jobr transaction")]
    UnknownTransaction,
}

/// A callback whose signature checked out: PhonePe did send it. Not yet judged against the
/// payment request: look that up by [`Callback::merchant_transaction_id`], then
/// [`Callback::settle`].
#[derive(Debug, Clone)]
pub struct Callback {
    merchant_id: String,
    transaction: MerchantTransactionId,
    answer: Envelope<TransactionData>,
}

impl Callback {
    /// Verifies `body` (the raw request bytes) against its `X-VERIFY` header, then decodes it.
    pub(crate) fn verify(
        salt: &Salt,
        merchant_id: &str,
        x_verify: Option<&str>,
        body: &[u8],
    ) -> Result<Self, CallbackError> {
        let x_verify = x_verify.ok_or(CallbackError::MissingSignature)?;
        let body: CallbackBody =
            serde_json::from_slice(body).map_err(|_| CallbackError::MalformedBody)?;
        salt.verify_callback(x_verify, &body.response)
            .map_err(CallbackError::BadSignature)?;

        let json = STANDARD
            .decode(body.response.as_bytes())
            .map_err(|_| CallbackError::MalformedPayload("response is not base64".into()))?;
        let answer: Envelope<TransactionData> = serde_json::from_slice(&json).map_err(|e| {
            CallbackError::MalformedPayload(format!(
                "JSON {:?} error at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        let transaction = answer
            .data
            .as_ref()
            .and_then(|data| data.merchant_transaction_id.as_deref())
            .and_then(MerchantTransactionId::parse)
            .ok_or(CallbackError::UnknownTransaction)?;
        Ok(Self {
            merchant_id: merchant_id.to_owned(),
            transaction,
            answer,
        })
    }

    /// The transaction (and so the payment request) the callback is about.
    pub fn merchant_transaction_id(&self) -> MerchantTransactionId {
        self.transaction
    }

    /// PhonePe's `code`, as sent.
    pub fn code(&self) -> &str {
        &self.answer.code
    }

    /// PhonePe's own transaction id, when the callback carries one.
    pub fn provider_transaction_id(&self) -> Option<&str> {
        self.answer
            .data
            .as_ref()
            .and_then(|data| data.transaction_id.as_deref())
    }

    /// Identifies this notification for exactly-once storage: PhonePe callbacks carry no event
    /// id, so it is the transaction and the code it reports. A redelivery of the same news has
    /// the same id; news of another state (pending, then success) has another.
    pub fn event_id(&self) -> String {
        format!("{}:{}", self.transaction, self.answer.code)
    }

    /// Reads the callback through the same code table and checks as a status answer, before its
    /// payment request is known: the amount is PhonePe's, for the caller to compare with the
    /// request's (as [`Callback::settle`] does).
    pub fn judge(&self) -> Result<PaymentStatus, PhonePeError> {
        judge(self.answer.clone(), &self.merchant_id, self.transaction)
    }

    /// Judges the callback against the payment request it names, exactly as a status answer is
    /// judged (same code table, same merchant, transaction and amount checks).
    pub fn settle(&self, expected: &ExpectedPayment) -> Result<PaymentStatus, PhonePeError> {
        if expected.merchant_transaction_id() != self.transaction {
            return Err(PhonePeError::Misattributed {
                field: "merchantTransactionId",
                expected: expected.merchant_transaction_id().to_string(),
                got: self.transaction.to_string(),
            });
        }
        settle(self.answer.clone(), &self.merchant_id, expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settle::Outcome;
    use jobr_core::{Currency, Money};
    use serde_json::json;
    use uuid::Uuid;

    const MERCHANT: &str = "PGTESTPAYUAT86";

    fn salt() -> Salt {
        Salt::new("96434309-7796-489d-8924-ab56988a6076".into(), 1)
    }

    fn expected() -> ExpectedPayment {
        ExpectedPayment {
            payment_request_id: Uuid::from_u128(42),
            amount: Money {
                minor_units: 99_900,
                currency: Currency::Inr,
            },
        }
    }

    fn payload(code: &str, state: &str, amount: i64) -> Vec<u8> {
        json!({
            "success": code == "PAYMENT_SUCCESS",
            "code": code,
            "message": "Your payment is successful.",
            "data": {
                "merchantId": MERCHANT,
                "merchantTransactionId": expected().merchant_transaction_id().to_string(),
                "transactionId": "T2111221437456190170379",
                "amount": amount,
                "state": state,
                "responseCode": "SUCCESS",
                "paymentInstrument": { "type": "UPI", "utr": "206378866112" }
            }
        })
        .to_string()
        .into_bytes()
    }

    fn verify(x_verify: Option<&str>, body: &[u8]) -> Result<Callback, CallbackError> {
        Callback::verify(&salt(), MERCHANT, x_verify, body)
    }

    #[test]
    fn a_signed_success_decodes_to_a_settled_payment() {
        let signed = salt().sign_callback(&payload("PAYMENT_SUCCESS", "COMPLETED", 99_900));
        let callback = verify(Some(&signed.x_verify), signed.body.as_bytes()).unwrap();
        assert_eq!(
            callback.merchant_transaction_id(),
            expected().merchant_transaction_id()
        );
        assert_eq!(callback.code(), "PAYMENT_SUCCESS");
        assert_eq!(
            callback.provider_transaction_id(),
            Some("T2111221437456190170379")
        );
        assert_eq!(
            callback.event_id(),
            format!("{}:PAYMENT_SUCCESS", expected().merchant_transaction_id())
        );
        let status = callback.settle(&expected()).unwrap();
        assert_eq!(status.outcome, Outcome::Succeeded);

        // Checked against another payment request, it is not that request's success.
        let other = ExpectedPayment {
            payment_request_id: Uuid::from_u128(43),
            ..expected()
        };
        assert!(matches!(
            callback.settle(&other),
            Err(PhonePeError::Misattributed { .. })
        ));
    }

    #[test]
    fn a_signed_callback_with_another_amount_is_not_a_success() {
        let signed = salt().sign_callback(&payload("PAYMENT_SUCCESS", "COMPLETED", 100));
        let callback = verify(Some(&signed.x_verify), signed.body.as_bytes()).unwrap();
        assert!(matches!(
            callback.settle(&expected()),
            Err(PhonePeError::AmountMismatch {
                expected: 99_900,
                got: 100
            })
        ));
    }

    #[test]
    fn unsigned_or_tampered_callbacks_are_refused() {
        let signed = salt().sign_callback(&payload("PAYMENT_SUCCESS", "COMPLETED", 99_900));
        assert!(matches!(
            verify(None, signed.body.as_bytes()),
            Err(CallbackError::MissingSignature)
        ));
        // The same response re-encoded for a bigger amount, with the old signature.
        let forged = salt().sign_callback(&payload("PAYMENT_SUCCESS", "COMPLETED", 1_000_000));
        assert!(matches!(
            verify(Some(&signed.x_verify), forged.body.as_bytes()),
            Err(CallbackError::BadSignature(ChecksumError::Mismatch))
        ));
        let other_salt = Salt::new("not-the-salt".into(), 1).sign_callback(&payload(
            "PAYMENT_SUCCESS",
            "COMPLETED",
            99_900,
        ));
        assert!(matches!(
            verify(Some(&other_salt.x_verify), other_salt.body.as_bytes()),
            Err(CallbackError::BadSignature(ChecksumError::Mismatch))
        ));
        assert!(matches!(
            verify(Some("nonsense"), signed.body.as_bytes()),
            Err(CallbackError::BadSignature(ChecksumError::Malformed))
        ));
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for body in [&b""[..], b"[]", b"{}", b"{\"response\": 5}", b"not json"] {
            assert!(
                matches!(
                    verify(Some(&salt().x_verify("x")), body),
                    Err(CallbackError::MalformedBody)
                ),
                "{body:?}"
            );
        }
        // Signed correctly, but not base64 / not JSON / not ours.
        let not_base64 = "@@@";
        let body = json!({ "response": not_base64 }).to_string();
        assert!(matches!(
            verify(Some(&salt().x_verify(not_base64)), body.as_bytes()),
            Err(CallbackError::MalformedPayload(_))
        ));
        let not_json = salt().sign_callback(b"<html>");
        assert!(matches!(
            verify(Some(&not_json.x_verify), not_json.body.as_bytes()),
            Err(CallbackError::MalformedPayload(_))
        ));
        let foreign = salt().sign_callback(
            json!({"success": true, "code": "PAYMENT_SUCCESS",
                   "data": {"merchantTransactionId": "MT7850590068188104"}})
            .to_string()
            .as_bytes(),
        );
        assert!(matches!(
            verify(Some(&foreign.x_verify), foreign.body.as_bytes()),
            Err(CallbackError::UnknownTransaction)
        ));
    }
}
