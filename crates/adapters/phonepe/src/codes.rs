//! The one table of PhonePe PG v1 `code` values (status answers and callbacks) and what each
//! means for a payment. Nothing else in the crate interprets a code.

/// What a PhonePe `code` says about the payment it answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeMeaning {
    /// The money was taken (`PAYMENT_SUCCESS`). Still subject to the amount and id checks.
    Succeeded,
    /// Final: the payment did not and will not happen.
    Failed,
    /// Not final yet: keep polling the status with backoff until it is final or expires. Every
    /// code not in the table means this, so a new code can never be taken for money received.
    Pending,
    /// PhonePe refused our request itself (bad request, bad checksum): says nothing about the
    /// payment. An error for whoever sent the request.
    Rejected,
}

/// Every code PhonePe PG v1 documents for pay, status and callback answers.
pub const CODES: &[(&str, CodeMeaning)] = &[
    ("PAYMENT_SUCCESS", CodeMeaning::Succeeded),
    ("PAYMENT_ERROR", CodeMeaning::Failed),
    ("PAYMENT_DECLINED", CodeMeaning::Failed),
    ("TIMED_OUT", CodeMeaning::Failed),
    ("PAYMENT_PENDING", CodeMeaning::Pending),
    // The pay API's "page created"; asked about later, the user has not paid yet.
    ("PAYMENT_INITIATED", CodeMeaning::Pending),
    // PhonePe's own trouble: the payment may still complete, ask again later.
    ("INTERNAL_SERVER_ERROR", CodeMeaning::Pending),
    // "Payment not initiated inside PhonePe": the user has not reached the pay page yet (or
    // never will, which the payment's expiry settles), not a failure PhonePe has decided.
    ("TRANSACTION_NOT_FOUND", CodeMeaning::Pending),
    ("BAD_REQUEST", CodeMeaning::Rejected),
    ("AUTHORIZATION_FAILED", CodeMeaning::Rejected),
];

/// The meaning of `code` (exact, as PhonePe spells it); an unknown code is `Pending`.
pub fn meaning(code: &str) -> CodeMeaning {
    CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(CodeMeaning::Pending, |(_, meaning)| *meaning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn documented_codes() {
        use CodeMeaning::*;
        for (code, expected) in [
            ("PAYMENT_SUCCESS", Succeeded),
            ("PAYMENT_ERROR", Failed),
            ("PAYMENT_DECLINED", Failed),
            ("TIMED_OUT", Failed),
            ("PAYMENT_PENDING", Pending),
            ("PAYMENT_INITIATED", Pending),
            ("INTERNAL_SERVER_ERROR", Pending),
            ("TRANSACTION_NOT_FOUND", Pending),
            ("BAD_REQUEST", Rejected),
            ("AUTHORIZATION_FAILED", Rejected),
        ] {
            assert_eq!(meaning(code), expected, "{code}");
        }
    }

    #[test]
    fn unknown_codes_mean_keep_polling_never_success() {
        for code in [
            "",
            "SUCCESS",
            "COMPLETED",
            "payment_success",
            " PAYMENT_SUCCESS",
            "PAYMENT_SUCCESS_V2",
            "SOMETHING_NEW",
        ] {
            assert_eq!(meaning(code), CodeMeaning::Pending, "{code:?}");
        }
    }

    #[test]
    fn only_one_code_means_success_and_no_code_is_listed_twice() {
        let succeeded: Vec<_> = CODES
            .iter()
            .filter(|(_, m)| *m == CodeMeaning::Succeeded)
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(succeeded, ["PAYMENT_SUCCESS"]);
        let unique: HashSet<_> = CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(unique.len(), CODES.len());
    }
}
