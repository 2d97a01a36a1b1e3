//! Judging a status answer or a callback against the payment request it is about: the one place
//! a PhonePe answer becomes a payment outcome.

use jobr_core::{Currency, Money};
use uuid::Uuid;

use crate::codes::{CodeMeaning, meaning};
use crate::error::PhonePeError;
use crate::ids::MerchantTransactionId;
use crate::wire::{Envelope, TransactionData};

/// What Jobr asked PhonePe to collect: the answer is checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedPayment {
    pub payment_request_id: Uuid,
    pub amount: Money,
}

impl ExpectedPayment {
    pub fn merchant_transaction_id(&self) -> MerchantTransactionId {
        MerchantTransactionId::for_payment(self.payment_request_id)
    }

    /// The amount in paise, once it is known to be rupees PhonePe can take.
    pub(crate) fn paise(&self) -> Result<i64, PhonePeError> {
        match self.amount.currency {
            Currency::Inr => {}
            other => return Err(PhonePeError::UnsupportedCurrency(other)),
        }
        if self.amount.minor_units < 100 {
            return Err(PhonePeError::AmountTooSmall(self.amount.minor_units));
        }
        Ok(self.amount.minor_units)
    }
}

/// Where a payment stands according to PhonePe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Paid, for the expected amount, to this merchant, for this payment request.
    Succeeded,
    /// Final failure: declined, errored or timed out.
    Failed,
    /// Not final: poll the status again later, with backoff, until it is final or expires.
    Pending,
}

/// A checked status answer or callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStatus {
    pub merchant_transaction_id: MerchantTransactionId,
    pub outcome: Outcome,
    /// PhonePe's `code`, as sent (`PAYMENT_SUCCESS`, `PAYMENT_ERROR`, ...).
    pub code: String,
    /// PhonePe's own transaction id, once there is one.
    pub provider_transaction_id: Option<String>,
    /// The amount PhonePe reported; always equal to the expected one when present.
    pub amount: Option<Money>,
    /// PhonePe's finer `responseCode` (e.g. why a payment failed), when given.
    pub response_code: Option<String>,
}

/// Turns PhonePe's answer about `expected` into a [`PaymentStatus`], through the one code table.
///
/// Whatever the code: an answer naming another merchant or transaction is `Misattributed`, one
/// with another amount is `AmountMismatch`; see [`judge`] for what a success must carry.
pub(crate) fn settle(
    answer: Envelope<TransactionData>,
    merchant_id: &str,
    expected: &ExpectedPayment,
) -> Result<PaymentStatus, PhonePeError> {
    let expected_paise = expected.paise()?;
    let status = judge(answer, merchant_id, expected.merchant_transaction_id())?;
    match status.amount {
        Some(got) if got.minor_units != expected_paise => Err(PhonePeError::AmountMismatch {
            expected: expected_paise,
            got: got.minor_units,
        }),
        _ => Ok(status),
    }
}

/// Reads PhonePe's answer about `transaction` through the one code table, without an expected
/// amount (a callback, before its payment request is loaded): the amount is reported, for the
/// caller to compare.
///
/// An answer naming another merchant or transaction is `Misattributed`. A success must name
/// the merchant, the transaction and the amount, say `success: true` and be in state
/// `COMPLETED`, or it is `InvalidResponse`; so is a failure code in state `COMPLETED`.
pub(crate) fn judge(
    answer: Envelope<TransactionData>,
    merchant_id: &str,
    transaction: MerchantTransactionId,
) -> Result<PaymentStatus, PhonePeError> {
    let outcome = match meaning(&answer.code) {
        CodeMeaning::Succeeded => Outcome::Succeeded,
        CodeMeaning::Failed => Outcome::Failed,
        CodeMeaning::Pending => Outcome::Pending,
        CodeMeaning::Rejected => {
            return Err(PhonePeError::Rejected {
                status: None,
                code: answer.code,
                message: answer.message,
            });
        }
    };
    let data = answer.data.unwrap_or_default();

    if let Some(got) = &data.merchant_id
        && got != merchant_id
    {
        return Err(PhonePeError::Misattributed {
            field: "merchantId",
            expected: merchant_id.to_owned(),
            got: got.clone(),
        });
    }
    if let Some(got) = &data.merchant_transaction_id
        && *got != transaction.to_string()
    {
        return Err(PhonePeError::Misattributed {
            field: "merchantTransactionId",
            expected: transaction.to_string(),
            got: got.clone(),
        });
    }
    let state = data.state.as_deref();
    match outcome {
        Outcome::Succeeded => {
            let missing = [
                (!answer.success).then_some("success: true"),
                data.merchant_id.is_none().then_some("merchantId"),
                data.merchant_transaction_id
                    .is_none()
                    .then_some("merchantTransactionId"),
                data.amount.is_none().then_some("amount"),
                (state != Some("COMPLETED")).then_some("state COMPLETED"),
            ];
            if let Some(missing) = missing.into_iter().flatten().next() {
                return Err(PhonePeError::InvalidResponse(format!(
                    "{} without {missing}",
                    answer.code
                )));
            }
        }
        Outcome::Failed if state == Some("COMPLETED") => {
            return Err(PhonePeError::InvalidResponse(format!(
                "{} in state COMPLETED",
                answer.code
            )));
        }
        Outcome::Failed | Outcome::Pending => {}
    }

    Ok(PaymentStatus {
        merchant_transaction_id: transaction,
        outcome,
        code: answer.code,
        provider_transaction_id: data.transaction_id,
        amount: data.amount.map(|minor_units| Money {
            minor_units,
            currency: Currency::Inr,
        }),
        response_code: data.response_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MERCHANT: &str = "PGTESTPAYUAT86";

    fn expected() -> ExpectedPayment {
        ExpectedPayment {
            payment_request_id: Uuid::from_u128(0x1234),
            amount: Money {
                minor_units: 99_900,
                currency: Currency::Inr,
            },
        }
    }

    fn answer(success: bool, code: &str, amount: i64, state: &str) -> serde_json::Value {
        json!({
            "success": success,
            "code": code,
            "message": "Your request has been successfully completed.",
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
    }

    fn judge(value: serde_json::Value) -> Result<PaymentStatus, PhonePeError> {
        settle(
            serde_json::from_value(value).unwrap(),
            MERCHANT,
            &expected(),
        )
    }

    #[test]
    fn a_complete_success_for_the_right_amount_succeeds() {
        let status = judge(answer(true, "PAYMENT_SUCCESS", 99_900, "COMPLETED")).unwrap();
        assert_eq!(status.outcome, Outcome::Succeeded);
        assert_eq!(status.code, "PAYMENT_SUCCESS");
        assert_eq!(
            status.provider_transaction_id.as_deref(),
            Some("T2111221437456190170379")
        );
        assert_eq!(status.amount, Some(expected().amount));
        assert_eq!(
            status.merchant_transaction_id.payment_request_id(),
            expected().payment_request_id
        );
    }

    #[test]
    fn another_amount_is_never_a_success_nor_a_failure() {
        for (code, state) in [
            ("PAYMENT_SUCCESS", "COMPLETED"),
            ("PAYMENT_ERROR", "FAILED"),
            ("PAYMENT_PENDING", "PENDING"),
        ] {
            for amount in [100, 99_899, 99_901, 9_990_000, 0, -99_900] {
                assert!(
                    matches!(
                        judge(answer(true, code, amount, state)),
                        Err(PhonePeError::AmountMismatch { expected: 99_900, got }) if got == amount
                    ),
                    "{code} {amount}"
                );
            }
        }
    }

    #[test]
    fn an_answer_about_another_merchant_or_transaction_is_refused() {
        let mut other_merchant = answer(true, "PAYMENT_SUCCESS", 99_900, "COMPLETED");
        other_merchant["data"]["merchantId"] = json!("SOMEONEELSE");
        assert!(matches!(
            judge(other_merchant),
            Err(PhonePeError::Misattributed {
                field: "merchantId",
                ..
            })
        ));
        let mut other_transaction = answer(true, "PAYMENT_SUCCESS", 99_900, "COMPLETED");
        other_transaction["data"]["merchantTransactionId"] =
            json!(MerchantTransactionId::for_payment(Uuid::from_u128(7)).to_string());
        assert!(matches!(
            judge(other_transaction),
            Err(PhonePeError::Misattributed {
                field: "merchantTransactionId",
                ..
            })
        ));
    }

    #[test]
    fn an_incomplete_success_is_unusable() {
        let base = answer(true, "PAYMENT_SUCCESS", 99_900, "COMPLETED");
        let mut cases = Vec::new();
        for field in ["merchantId", "merchantTransactionId", "amount", "state"] {
            let mut case = base.clone();
            case["data"].as_object_mut().unwrap().remove(field);
            cases.push(case);
        }
        cases.push(answer(false, "PAYMENT_SUCCESS", 99_900, "COMPLETED"));
        cases.push(answer(true, "PAYMENT_SUCCESS", 99_900, "PENDING"));
        cases.push(json!({ "success": true, "code": "PAYMENT_SUCCESS", "data": {} }));
        cases.push(json!({ "success": true, "code": "PAYMENT_SUCCESS" }));
        for case in cases {
            assert!(
                matches!(judge(case.clone()), Err(PhonePeError::InvalidResponse(_))),
                "{case}"
            );
        }
    }

    #[test]
    fn failures_and_pending_answers() {
        let failed = judge(answer(false, "PAYMENT_ERROR", 99_900, "FAILED")).unwrap();
        assert_eq!(failed.outcome, Outcome::Failed);
        let declined = judge(answer(false, "PAYMENT_DECLINED", 99_900, "FAILED")).unwrap();
        assert_eq!(declined.outcome, Outcome::Failed);
        let pending = judge(answer(false, "PAYMENT_PENDING", 99_900, "PENDING")).unwrap();
        assert_eq!(pending.outcome, Outcome::Pending);
        // PhonePe's own error, with empty data: keep polling.
        let busy = judge(json!({
            "success": false, "code": "INTERNAL_SERVER_ERROR", "message": "try later", "data": {}
        }))
        .unwrap();
        assert_eq!(busy.outcome, Outcome::Pending);
        assert_eq!(busy.amount, None);
        // A code nobody knows yet, even in state COMPLETED, is only pending.
        let novel = judge(answer(true, "PAYMENT_SUCCESS_MAYBE", 99_900, "COMPLETED")).unwrap();
        assert_eq!(novel.outcome, Outcome::Pending);
        // A failure code claiming completion contradicts itself.
        assert!(matches!(
            judge(answer(false, "PAYMENT_ERROR", 99_900, "COMPLETED")),
            Err(PhonePeError::InvalidResponse(_))
        ));
    }

    #[test]
    fn refusals_are_errors_not_outcomes() {
        let refused = judge(json!({
            "success": false, "code": "AUTHORIZATION_FAILED", "message": "bad checksum"
        }));
        assert!(matches!(
            refused,
            Err(PhonePeError::Rejected { code, .. }) if code == "AUTHORIZATION_FAILED"
        ));
    }

    #[test]
    fn only_inr_from_one_rupee_is_accepted() {
        let mut usd = expected();
        usd.amount.currency = Currency::Usd;
        assert!(matches!(
            settle(
                serde_json::from_value(answer(true, "PAYMENT_SUCCESS", 99_900, "COMPLETED"))
                    .unwrap(),
                MERCHANT,
                &usd
            ),
            Err(PhonePeError::UnsupportedCurrency(Currency::Usd))
        ));
        let mut tiny = expected();
        tiny.amount.minor_units = 99;
        assert!(matches!(
            tiny.paise(),
            Err(PhonePeError::AmountTooSmall(99))
        ));
        tiny.amount.minor_units = 100;
        assert_eq!(tiny.paise().unwrap(), 100);
    }
}
