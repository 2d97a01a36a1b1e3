//! `PhonePe` as the domain's `PaymentProvider`.

use async_trait::async_trait;
use jobr_core::{Currency, Money, Phone, Timestamp};
use jobr_http::{HttpError, Url};
use jobr_subscriptions::{
    Checkout, CheckoutAction, CheckoutRequest, PaymentEvent, PaymentEventKind, PaymentProvider,
    PaymentRequest, ProviderError, ProviderKind, ProviderPaymentStatus, WebhookError,
};

use crate::callback::CallbackError;
use crate::checksum::ChecksumError;
use crate::client::{PayRequest, PhonePe};
use crate::error::PhonePeError;
use crate::settle::{ExpectedPayment, Outcome, PaymentStatus};
use crate::wire::RedirectMode;

#[async_trait]
impl PaymentProvider for PhonePe {
    fn kind(&self) -> ProviderKind {
        ProviderKind::PhonePe
    }

    fn currency(&self) -> Currency {
        Currency::Inr
    }

    /// A PAY_PAGE pay request whose merchant transaction id is derived from the payment
    /// request id; answers the pay page to redirect to. PhonePe sends the browser back with a
    /// form `POST` to `redirect_url`, and its server-to-server callback to `callback_url`; both
    /// are required.
    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, ProviderError> {
        let payment = ours(&request.payment)?;
        let redirect_url = required_url("redirect_url", request.redirect_url.as_deref())?;
        let callback_url = required_url("callback_url", request.callback_url.as_deref())?;
        // Optional for PhonePe: a number it cannot use is left out, not an error.
        let phone = request
            .mobile_number
            .as_deref()
            .and_then(|raw| Phone::parse(raw).ok());
        let page = self
            .pay(&PayRequest {
                payment_request_id: payment.id.0,
                user: payment.user_id,
                amount: payment.amount,
                redirect_url: &redirect_url,
                redirect_mode: RedirectMode::Post,
                callback_url: &callback_url,
                mobile_number: phone.as_ref(),
            })
            .await
            .map_err(provider_error)?;
        Ok(Checkout {
            action: CheckoutAction::Redirect(page.redirect_url.to_string()),
            provider_payment_id: page.merchant_transaction_id.to_string(),
            provider_customer_id: None,
            provider_subscription_id: None,
            current_period_end: None,
        })
    }

    /// The status API, judged against the payment request (merchant, transaction, amount, INR).
    async fn payment_status(
        &self,
        payment: &PaymentRequest,
    ) -> Result<ProviderPaymentStatus, ProviderError> {
        let payment = ours(payment)?;
        let expected = ExpectedPayment {
            payment_request_id: payment.id.0,
            amount: payment.amount,
        };
        if let Some(recorded) = &payment.provider_payment_id
            && *recorded != expected.merchant_transaction_id().to_string()
        {
            return Err(ProviderError::InvalidRequest {
                message: "the payment request's provider id is not the PhonePe transaction id \
                          derived from it"
                    .to_owned(),
                param: Some("provider_payment_id".to_owned()),
            });
        }
        let status = self.status(&expected).await.map_err(provider_error)?;
        Ok(match status.outcome {
            Outcome::Pending => ProviderPaymentStatus::Pending,
            Outcome::Failed => ProviderPaymentStatus::Failed {
                reason: failure_reason(&status),
            },
            Outcome::Succeeded => match status.amount {
                Some(amount) => ProviderPaymentStatus::Succeeded { amount },
                // `judge` refuses a success without an amount; kept total rather than trusted.
                None => {
                    return Err(ProviderError::UnexpectedResponse(
                        "PhonePe success without an amount".into(),
                    ));
                }
            },
        })
    }

    /// Verifies the server-to-server callback (`X-VERIFY` over the raw `response` string, in
    /// constant time) and reads it through the code table:
    ///
    /// - success → `PaymentSucceeded` with PhonePe's amount (compared with the payment request
    ///   by the domain before anything is applied);
    /// - final failure → `PaymentFailed`;
    /// - pending, and refusal codes that say nothing about the payment → `Ignored`.
    ///
    /// The event id is the transaction and the code (PhonePe callbacks carry no event id), so a
    /// redelivery is the same event. PhonePe callbacks carry no time either: `created` is `now`.
    fn parse_webhook(
        &self,
        signature: Option<String>,
        raw_body: &[u8],
        now: Timestamp,
    ) -> Result<PaymentEvent, WebhookError> {
        let callback = self
            .verify_callback(signature.as_deref(), raw_body)
            .map_err(webhook_error)?;
        let provider_payment_id = callback.merchant_transaction_id().to_string();
        let kind = match callback.judge() {
            Ok(status) => match status.outcome {
                Outcome::Succeeded => match status.amount {
                    Some(amount) => PaymentEventKind::PaymentSucceeded {
                        provider_payment_id,
                        amount,
                        provider_subscription_id: None,
                        period_end: None,
                    },
                    None => {
                        return Err(WebhookError::MalformedPayload(
                            "PhonePe success without an amount".into(),
                        ));
                    }
                },
                Outcome::Failed => PaymentEventKind::PaymentFailed {
                    provider_payment_id: Some(provider_payment_id),
                    provider_subscription_id: None,
                    reason: Some(failure_reason(&status)),
                },
                Outcome::Pending => PaymentEventKind::Ignored,
            },
            Err(PhonePeError::Rejected { .. }) => PaymentEventKind::Ignored,
            // Signed by PhonePe yet self-contradictory or about another merchant: refused.
            Err(error) => return Err(WebhookError::MalformedPayload(Box::new(error))),
        };
        Ok(PaymentEvent {
            provider: ProviderKind::PhonePe,
            id: callback.event_id(),
            event_type: callback.code().to_owned(),
            created: now,
            kind,
        })
    }
}

/// The payment request, once it is known to be PhonePe's.
fn ours(payment: &PaymentRequest) -> Result<&PaymentRequest, ProviderError> {
    if payment.provider != ProviderKind::PhonePe {
        return Err(ProviderError::InvalidRequest {
            message: format!(
                "a {} payment request was sent to PhonePe",
                payment.provider.as_str()
            ),
            param: Some("provider".to_owned()),
        });
    }
    Ok(payment)
}

fn required_url(param: &'static str, raw: Option<&str>) -> Result<Url, ProviderError> {
    let invalid = |message: String| ProviderError::InvalidRequest {
        message,
        param: Some(param.to_owned()),
    };
    let raw = raw.ok_or_else(|| invalid(format!("PhonePe needs a {param}")))?;
    Url::parse(raw)
        .ok()
        .filter(|url| matches!(url.scheme(), "https" | "http"))
        .ok_or_else(|| invalid(format!("the {param} is not an absolute http(s) URL")))
}

fn failure_reason(status: &PaymentStatus) -> String {
    match &status.response_code {
        Some(detail) => format!("{} ({detail})", status.code),
        None => status.code.clone(),
    }
}

/// One mapping from the adapter's errors to the port's.
fn provider_error(error: PhonePeError) -> ProviderError {
    match error {
        PhonePeError::AmountMismatch { expected, got } => ProviderError::AmountMismatch {
            expected: inr(expected),
            got: inr(got),
        },
        PhonePeError::UnsupportedCurrency(_) | PhonePeError::AmountTooSmall(_) => {
            ProviderError::InvalidRequest {
                message: error.to_string(),
                param: Some("amount".to_owned()),
            }
        }
        PhonePeError::Rejected { code, message, .. } => match code.as_str() {
            "AUTHORIZATION_FAILED" => ProviderError::Authentication,
            "TOO_MANY_REQUESTS" => ProviderError::RateLimited,
            "INTERNAL_SERVER_ERROR" => ProviderError::Api {
                message: message.unwrap_or(code),
            },
            _ => ProviderError::InvalidRequest {
                message: match message {
                    Some(message) => format!("{code}: {message}"),
                    None => code,
                },
                param: None,
            },
        },
        PhonePeError::Http(HttpError::RateLimited { .. }) => ProviderError::RateLimited,
        PhonePeError::Http(HttpError::Status { status, .. }) if status.is_server_error() => {
            ProviderError::Api {
                message: format!("PhonePe answered {status}"),
            }
        }
        PhonePeError::Http(HttpError::Status { status, .. }) => ProviderError::InvalidRequest {
            message: format!("PhonePe answered {status}"),
            param: None,
        },
        PhonePeError::Http(HttpError::InvalidResponse(_))
        | PhonePeError::InvalidResponse(_)
        | PhonePeError::Misattributed { .. } => ProviderError::UnexpectedResponse(Box::new(error)),
        PhonePeError::Http(_) | PhonePeError::Request(_) => {
            ProviderError::Unavailable(Box::new(error))
        }
    }
}

fn inr(minor_units: i64) -> Money {
    Money {
        minor_units,
        currency: Currency::Inr,
    }
}

fn webhook_error(error: CallbackError) -> WebhookError {
    match error {
        CallbackError::MissingSignature => WebhookError::MissingSignature,
        CallbackError::BadSignature(ChecksumError::Malformed) => WebhookError::MalformedSignature,
        CallbackError::BadSignature(
            ChecksumError::Mismatch | ChecksumError::UnknownSaltIndex(_),
        ) => WebhookError::BadSignature,
        CallbackError::MalformedBody
        | CallbackError::MalformedPayload(_)
        | CallbackError::UnknownTransaction => WebhookError::MalformedPayload(Box::new(error)),
    }
}
