//! `PhonePe`: pay requests and status checks over the outbound client, callback verification.

use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jobr_core::{ErrorChain, Money, Phone, UserId};
use jobr_http::header::{ACCEPT, HeaderName, HeaderValue};
use jobr_http::{HttpError, OutboundClient, RequestSpec, StatusCode, Url};
use uuid::Uuid;

use crate::callback::{Callback, CallbackError};
use crate::checksum::{PAY_PATH, status_path};
use crate::config::PhonePeConfig;
use crate::error::PhonePeError;
use crate::ids::{MerchantTransactionId, merchant_user_id};
use crate::settle::{ExpectedPayment, PaymentStatus, settle};
use crate::wire::{
    Envelope, PAY_PAGE, PayBody, PayData, PayPayload, RedirectMode, TransactionData,
};

const X_VERIFY: HeaderName = HeaderName::from_static("x-verify");
const X_MERCHANT_ID: HeaderName = HeaderName::from_static("x-merchant-id");

/// One PAY_PAGE payment to start.
#[derive(Debug, Clone)]
pub struct PayRequest<'a> {
    /// Becomes the `merchantTransactionId` (see [`MerchantTransactionId`]).
    pub payment_request_id: Uuid,
    pub user: UserId,
    /// INR, at least 100 paise.
    pub amount: Money,
    /// Where PhonePe sends the user's browser afterwards.
    pub redirect_url: &'a Url,
    pub redirect_mode: RedirectMode,
    /// Where PhonePe posts the server-to-server callback.
    pub callback_url: &'a Url,
    /// Sent only for an Indian number (+91 and 10 digits), as PhonePe's 10 digits.
    pub mobile_number: Option<&'a Phone>,
}

/// A started payment: send the user to `redirect_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayPage {
    pub merchant_transaction_id: MerchantTransactionId,
    pub redirect_url: Url,
}

/// The PhonePe integration. Cheap to clone; clones share the outbound client (and so its
/// circuit breaker) and the config.
#[derive(Clone)]
pub struct PhonePe {
    client: OutboundClient,
    config: Arc<PhonePeConfig>,
}

impl std::fmt::Debug for PhonePe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhonePe")
            .field("config", &self.config)
            .field("client", &self.client)
            .finish()
    }
}

impl PhonePe {
    /// Builds the outbound client from [`PhonePeConfig::client_config`] (integration `"phonepe"`).
    pub fn new(config: PhonePeConfig) -> Result<Self, HttpError> {
        let client = OutboundClient::new(config.client_config())?;
        Ok(Self::with_client(config, client))
    }

    /// With a client built elsewhere (shared metrics sink, or test-sized backoff).
    pub fn with_client(config: PhonePeConfig, client: OutboundClient) -> Self {
        Self {
            client,
            config: Arc::new(config),
        }
    }

    pub fn config(&self) -> &PhonePeConfig {
        &self.config
    }

    /// Starts a PAY_PAGE payment: `POST {api_base}/pg/v1/pay` with the base64 payload and its
    /// `X-VERIFY`, and answers the pay page to send the user to.
    ///
    /// Sent once, never retried: a repeat of the same transaction id is refused by PhonePe, and
    /// a lost answer is settled by the status check (the transaction id is known beforehand).
    pub async fn pay(&self, request: &PayRequest<'_>) -> Result<PayPage, PhonePeError> {
        let config = &*self.config;
        let amount = ExpectedPayment {
            payment_request_id: request.payment_request_id,
            amount: request.amount,
        }
        .paise()?;
        let transaction = MerchantTransactionId::for_payment(request.payment_request_id);
        let transaction_text = transaction.to_string();
        let user = merchant_user_id(request.user);
        let mobile = request.mobile_number.and_then(indian_mobile_number);
        let payload = PayPayload {
            merchant_id: &config.merchant_id,
            merchant_transaction_id: &transaction_text,
            merchant_user_id: &user,
            amount,
            redirect_url: request.redirect_url.as_str(),
            redirect_mode: request.redirect_mode,
            callback_url: request.callback_url.as_str(),
            mobile_number: mobile,
            payment_instrument: PAY_PAGE,
        };
        let json = serde_json::to_vec(&payload)
            .map_err(|_| PhonePeError::Request("the pay payload could not be serialised".into()))?;
        let encoded = STANDARD.encode(json);
        let checksum = config.salt.pay_checksum(&encoded);

        let url = config.url(PAY_PATH).map_err(PhonePeError::Request)?;
        let spec = RequestSpec::post(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(X_VERIFY, header_value(&checksum)?)
            .json(&PayBody { request: &encoded })
            .map_err(PhonePeError::Http)?
            .retryable(false);

        let started = Instant::now();
        let result = self.client.send(spec).await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let answer: Envelope<PayData> = match result {
            Ok(response) => response.json().map_err(PhonePeError::Http)?,
            Err(error) => {
                let error = refusal(error);
                tracing::warn!(
                    provider = "phonepe",
                    operation = "pay",
                    merchant_transaction_id = %transaction,
                    latency_ms,
                    error = %ErrorChain(&error),
                    "PhonePe pay request failed"
                );
                return Err(error);
            }
        };
        if !answer.success {
            tracing::warn!(
                provider = "phonepe",
                operation = "pay",
                merchant_transaction_id = %transaction,
                code = %answer.code,
                latency_ms,
                "PhonePe refused the pay request"
            );
            return Err(PhonePeError::Rejected {
                status: None,
                code: answer.code,
                message: answer.message,
            });
        }
        let data = answer.data.unwrap_or_default();
        if let Some(got) = data.merchant_id
            && got != config.merchant_id
        {
            return Err(PhonePeError::Misattributed {
                field: "merchantId",
                expected: config.merchant_id.clone(),
                got,
            });
        }
        if let Some(got) = data.merchant_transaction_id
            && got != transaction_text
        {
            return Err(PhonePeError::Misattributed {
                field: "merchantTransactionId",
                expected: transaction_text,
                got,
            });
        }
        let redirect = data
            .instrument_response
            .and_then(|r| r.redirect_info)
            .and_then(|r| r.url)
            .ok_or_else(|| {
                PhonePeError::InvalidResponse("pay answer without a redirect URL".into())
            })?;
        let redirect_url = Url::parse(&redirect)
            .ok()
            .filter(|url| url.scheme() == "https")
            .ok_or_else(|| {
                PhonePeError::InvalidResponse("the pay page URL is not an https URL".into())
            })?;
        tracing::info!(
            provider = "phonepe",
            operation = "pay",
            merchant_transaction_id = %transaction,
            code = %answer.code,
            latency_ms,
            "PhonePe pay page created"
        );
        Ok(PayPage {
            merchant_transaction_id: transaction,
            redirect_url,
        })
    }

    /// Asks PhonePe where `expected` stands: `GET {api_base}/pg/v1/status/{merchantId}/
    /// {merchantTransactionId}` with `X-VERIFY` and `X-MERCHANT-ID`, retried on timeouts, 429
    /// and 5xx. The answer goes through the one code table and is checked against `expected`
    /// (merchant, transaction, amount); a `Pending` outcome means ask again later.
    pub async fn status(&self, expected: &ExpectedPayment) -> Result<PaymentStatus, PhonePeError> {
        let config = &*self.config;
        expected.paise()?;
        let transaction = expected.merchant_transaction_id().to_string();
        let path = status_path(&config.merchant_id, &transaction);
        let checksum = config
            .salt
            .status_checksum(&config.merchant_id, &transaction);
        let url = config.url(&path).map_err(PhonePeError::Request)?;
        let spec = RequestSpec::get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(X_VERIFY, header_value(&checksum)?)
            .header(X_MERCHANT_ID, header_value(&config.merchant_id)?);

        let started = Instant::now();
        let result = self.client.send(spec).await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let answer = match result {
            Ok(response) => response.json().map_err(PhonePeError::Http),
            // PhonePe answers some codes with a 4xx and its usual JSON: the same table judges them.
            Err(HttpError::Status {
                status,
                body_snippet,
            }) if status.is_client_error() => {
                match serde_json::from_str::<Envelope<TransactionData>>(&body_snippet) {
                    Ok(answer) => with_status(answer, status),
                    Err(_) => Err(PhonePeError::Http(HttpError::Status {
                        status,
                        body_snippet,
                    })),
                }
            }
            Err(error) => Err(PhonePeError::Http(error)),
        };
        let result = answer.and_then(|answer| settle(answer, &config.merchant_id, expected));
        match &result {
            Ok(status) => tracing::info!(
                provider = "phonepe",
                operation = "status",
                merchant_transaction_id = %status.merchant_transaction_id,
                code = %status.code,
                outcome = ?status.outcome,
                latency_ms,
                "PhonePe status checked"
            ),
            Err(error) => tracing::warn!(
                provider = "phonepe",
                operation = "status",
                merchant_transaction_id = %transaction,
                latency_ms,
                error = %ErrorChain(error),
                transient = error.is_transient(),
                "PhonePe status check failed"
            ),
        }
        result
    }

    /// Verifies a server-to-server callback from the raw request body and its `X-VERIFY`
    /// header (constant-time), and decodes it. Judge it with [`Callback::settle`] once the
    /// payment request it names is loaded.
    pub fn verify_callback(
        &self,
        x_verify: Option<&str>,
        body: &[u8],
    ) -> Result<Callback, CallbackError> {
        Callback::verify(&self.config.salt, &self.config.merchant_id, x_verify, body)
    }
}

/// A 4xx answer carrying PhonePe's JSON: refusals keep their HTTP status.
fn with_status(
    answer: Envelope<TransactionData>,
    status: StatusCode,
) -> Result<Envelope<TransactionData>, PhonePeError> {
    if answer.success {
        return Err(PhonePeError::InvalidResponse(format!(
            "HTTP {status} with success: true"
        )));
    }
    match crate::codes::meaning(&answer.code) {
        crate::codes::CodeMeaning::Rejected => Err(PhonePeError::Rejected {
            status: Some(status),
            code: answer.code,
            message: answer.message,
        }),
        _ => Ok(answer),
    }
}

/// A pay request refused with a 4xx and PhonePe's JSON becomes `Rejected` with its code;
/// anything else stays the transport error it is.
fn refusal(error: HttpError) -> PhonePeError {
    match error {
        HttpError::Status {
            status,
            body_snippet,
        } if status.is_client_error() => {
            match serde_json::from_str::<Envelope<serde_json::Value>>(&body_snippet) {
                Ok(answer) => PhonePeError::Rejected {
                    status: Some(status),
                    code: answer.code,
                    message: answer.message,
                },
                Err(_) => PhonePeError::Http(HttpError::Status {
                    status,
                    body_snippet,
                }),
            }
        }
        other => PhonePeError::Http(other),
    }
}

fn header_value(value: &str) -> Result<HeaderValue, PhonePeError> {
    HeaderValue::try_from(value)
        .map_err(|_| PhonePeError::Request("a PhonePe header is not a valid header value".into()))
}

/// PhonePe's `mobileNumber` is an Indian mobile's 10 digits; other numbers are not sent.
fn indian_mobile_number(phone: &Phone) -> Option<&str> {
    phone
        .as_str()
        .strip_prefix("+91")
        .filter(|digits| digits.len() == 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_indian_mobile_numbers_are_sent() {
        let india = Phone::parse("+91 98765-43210").unwrap();
        assert_eq!(indian_mobile_number(&india), Some("9876543210"));
        for other in ["+14155550123", "+9198765432", "+4915112345678"] {
            assert_eq!(
                indian_mobile_number(&Phone::parse(other).unwrap()),
                None,
                "{other}"
            );
        }
    }
}
