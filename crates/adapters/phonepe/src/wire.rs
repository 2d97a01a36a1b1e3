//! PhonePe PG v1's JSON, as it goes over the wire. Answers are read leniently (every field
//! optional, unknown fields ignored) and judged afterwards, so a missing field is a clear error
//! of ours rather than a decoding failure with no context.

use serde::{Deserialize, Serialize};

/// Where PhonePe sends the user's browser back after the pay page, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RedirectMode {
    /// A plain `GET` of the redirect URL.
    Redirect,
    /// A form `POST` to the redirect URL (`POST /api/phonepe/callback`).
    Post,
}

/// The pay request's payload (before base64), fields in PhonePe's documented order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PayPayload<'a> {
    pub merchant_id: &'a str,
    pub merchant_transaction_id: &'a str,
    pub merchant_user_id: &'a str,
    /// Paise.
    pub amount: i64,
    pub redirect_url: &'a str,
    pub redirect_mode: RedirectMode,
    pub callback_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<&'a str>,
    pub payment_instrument: PayPageInstrument,
}

#[derive(Debug, Serialize)]
pub(crate) struct PayPageInstrument {
    #[serde(rename = "type")]
    pub kind: &'static str,
}

pub(crate) const PAY_PAGE: PayPageInstrument = PayPageInstrument { kind: "PAY_PAGE" };

/// The pay request's body: `{"request": "<base64 payload>"}`.
#[derive(Debug, Serialize)]
pub(crate) struct PayBody<'a> {
    pub request: &'a str,
}

/// Every PhonePe answer: `{success, code, message, data}`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Envelope<T> {
    #[serde(default)]
    pub success: bool,
    pub code: String,
    pub message: Option<String>,
    pub data: Option<T>,
}

/// `data` of a pay answer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PayData {
    pub merchant_id: Option<String>,
    pub merchant_transaction_id: Option<String>,
    pub instrument_response: Option<InstrumentResponse>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InstrumentResponse {
    pub redirect_info: Option<RedirectInfo>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RedirectInfo {
    pub url: Option<String>,
}

/// `data` of a status answer and of a server-to-server callback.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TransactionData {
    pub merchant_id: Option<String>,
    pub merchant_transaction_id: Option<String>,
    /// PhonePe's own id of the transaction.
    pub transaction_id: Option<String>,
    /// Paise.
    pub amount: Option<i64>,
    /// `COMPLETED`, `FAILED` or `PENDING`.
    pub state: Option<String>,
    pub response_code: Option<String>,
}

/// The callback's body: `{"response": "<base64 of an Envelope<TransactionData>>"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct CallbackBody {
    pub response: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_serialises_exactly_as_the_published_vector() {
        let payload = PayPayload {
            merchant_id: "PGTESTPAYUAT86",
            merchant_transaction_id: "MT7850590068188104",
            merchant_user_id: "MUID123",
            amount: 10000,
            redirect_url: "https://example.com/redirect",
            redirect_mode: RedirectMode::Redirect,
            callback_url: "https://example.com/callback",
            mobile_number: Some("9999999999"),
            payment_instrument: PAY_PAGE,
        };
        assert_eq!(
            serde_json::to_string(&payload).unwrap(),
            r#"{"merchantId":"PGTESTPAYUAT86","merchantTransactionId":"MT7850590068188104","merchantUserId":"MUID123","amount":10000,"redirectUrl":"https://example.com/redirect","redirectMode":"REDIRECT","callbackUrl":"https://example.com/callback","mobileNumber":"9999999999","paymentInstrument":{"type":"PAY_PAGE"}}"#
        );
        let without_phone = PayPayload {
            mobile_number: None,
            redirect_mode: RedirectMode::Post,
            ..payload
        };
        let json = serde_json::to_string(&without_phone).unwrap();
        assert!(!json.contains("mobileNumber"));
        assert!(json.contains(r#""redirectMode":"POST""#));
    }

    #[test]
    fn answers_are_read_with_missing_or_empty_data() {
        let error: Envelope<TransactionData> = serde_json::from_str(
            r#"{"success":false,"code":"INTERNAL_SERVER_ERROR","message":"try later","data":{}}"#,
        )
        .unwrap();
        assert_eq!(error.code, "INTERNAL_SERVER_ERROR");
        assert!(error.data.unwrap().amount.is_none());
        let bare: Envelope<TransactionData> =
            serde_json::from_str(r#"{"success":false,"code":"BAD_REQUEST"}"#).unwrap();
        assert!(bare.data.is_none() && bare.message.is_none());
        let null: Envelope<TransactionData> =
            serde_json::from_str(r#"{"success":false,"code":"X","data":null}"#).unwrap();
        assert!(null.data.is_none());
    }
}
