//! The merchant-side ids PhonePe carries: derived from Jobr's own ids, so every PhonePe
//! transaction leads back to the payment request it was made for, and within PhonePe's limits
//! (shorter than 35 / 36 characters; letters, digits, `_` and `-` only).

use std::fmt;

use jobr_core::UserId;
use uuid::Uuid;

/// Every merchant transaction id Jobr makes: the prefix and the payment request's UUID as
/// 32 lower-case hex digits, 34 characters in all.
const TRANSACTION_PREFIX: &str = "JP";
/// The merchant user id: the prefix and the user's UUID as 32 hex digits, 33 characters.
const USER_PREFIX: &str = "U";

/// PhonePe: "merchantTransactionId length should be less than 35 characters".
pub const MAX_MERCHANT_TRANSACTION_ID_LEN: usize = 34;
/// PhonePe: "merchantUserId length should be less than 36 characters".
pub const MAX_MERCHANT_USER_ID_LEN: usize = 35;

/// `merchantTransactionId`: one per payment request, `JP` + its UUID in hex. The same payment
/// request always gets the same id, so PhonePe refuses a second transaction for it, and a
/// callback or status answer names the payment request it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MerchantTransactionId(Uuid);

impl MerchantTransactionId {
    pub fn for_payment(payment_request_id: Uuid) -> Self {
        Self(payment_request_id)
    }

    /// The payment request this transaction belongs to.
    pub fn payment_request_id(self) -> Uuid {
        self.0
    }

    /// Reads back an id this module made (from a callback or a redirect); `None` for anything
    /// else, including ids in another case: they were not made by Jobr.
    pub fn parse(raw: &str) -> Option<Self> {
        let hex = raw.strip_prefix(TRANSACTION_PREFIX)?;
        if hex.len() != 32 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
        Uuid::try_parse(hex).ok().map(Self)
    }
}

impl fmt::Display for MerchantTransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{TRANSACTION_PREFIX}{}", self.0.simple())
    }
}

/// `merchantUserId` for a Jobr user: `U` + the user's UUID in hex.
pub fn merchant_user_id(user: UserId) -> String {
    format!("{USER_PREFIX}{}", user.0.simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within_phonepe_limits(id: &str, max: usize) -> bool {
        id.len() <= max
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }

    #[test]
    fn transaction_ids_fit_phonepe_and_lead_back_to_the_payment_request() {
        for _ in 0..100 {
            let payment = Uuid::new_v4();
            let id = MerchantTransactionId::for_payment(payment);
            let text = id.to_string();
            assert_eq!(text.len(), MAX_MERCHANT_TRANSACTION_ID_LEN);
            assert!(within_phonepe_limits(
                &text,
                MAX_MERCHANT_TRANSACTION_ID_LEN
            ));
            assert_eq!(MerchantTransactionId::parse(&text), Some(id));
            assert_eq!(id.payment_request_id(), payment);
        }
        let max = MerchantTransactionId::for_payment(Uuid::max()).to_string();
        assert_eq!(max, format!("JP{}", "f".repeat(32)));
    }

    #[test]
    fn foreign_transaction_ids_are_not_ours() {
        let ours = MerchantTransactionId::for_payment(Uuid::new_v4()).to_string();
        for foreign in [
            String::new(),
            "MT7850590068188104".to_owned(),
            ours.to_ascii_uppercase(),
            ours.replacen("JP", "jp", 1),
            format!("{ours}0"),
            ours[..33].to_owned(),
            format!("JP{}", Uuid::new_v4().hyphenated()),
            format!("JP{}", "g".repeat(32)),
        ] {
            assert_eq!(MerchantTransactionId::parse(&foreign), None, "{foreign}");
        }
    }

    #[test]
    fn user_ids_fit_phonepe() {
        let id = merchant_user_id(UserId::new());
        assert!(within_phonepe_limits(&id, MAX_MERCHANT_USER_ID_LEN), "{id}");
        assert!(id.starts_with('U'));
    }
}
