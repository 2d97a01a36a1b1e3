//! The Stripe provider: requests form-encoded, answers JSON, errors mapped to the port's.

use crate::config::StripeConfig;
use crate::signature::{DEFAULT_TOLERANCE, verify_signature};
use crate::wire;
use async_trait::async_trait;
use jobr_core::{BoxError, Currency, Money, Timestamp};
use jobr_http::header::{HeaderName, HeaderValue};
use jobr_http::{ClientConfig, HttpError, OutboundClient, RequestSpec, StatusCode, Url};
use jobr_subscriptions::{
    Checkout, CheckoutAction, CheckoutRequest, PaymentEvent, PaymentEventKind, PaymentProvider,
    PaymentRequest, ProviderError, ProviderKind, ProviderPaymentStatus, SubscriptionBilling,
    SubscriptionSnapshot, SubscriptionStatus, WebhookError,
};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

/// Pinned on every request, so subscriptions carry `current_period_end` and invoices their
/// `payment_intent` and `subscription`.
pub const STRIPE_VERSION: &str = "2024-06-20";

#[derive(Debug, Clone)]
pub struct StripeProvider {
    config: StripeConfig,
    http: OutboundClient,
    tolerance: time::Duration,
}

impl StripeProvider {
    pub fn new(config: StripeConfig) -> Result<Self, HttpError> {
        Ok(Self::with_client(
            config,
            OutboundClient::new(ClientConfig::new("stripe"))?,
        ))
    }

    pub fn with_client(config: StripeConfig, http: OutboundClient) -> Self {
        Self {
            config,
            http,
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    pub fn config(&self) -> &StripeConfig {
        &self.config
    }

    fn url(&self, path: &str) -> Result<Url, ProviderError> {
        self.config
            .api_base
            .join(path)
            .map_err(|e| ProviderError::UnexpectedResponse(Box::new(e)))
    }

    fn request(&self, spec: RequestSpec) -> Result<RequestSpec, ProviderError> {
        Ok(spec
            .bearer_auth(self.config.secret_key.expose_secret())
            .map_err(http_error)?
            .header(
                HeaderName::from_static("stripe-version"),
                HeaderValue::from_static(STRIPE_VERSION),
            ))
    }

    async fn send<T: DeserializeOwned>(&self, spec: RequestSpec) -> Result<T, ProviderError> {
        let response = self
            .http
            .send(self.request(spec)?)
            .await
            .map_err(http_error)?;
        serde_json::from_slice(response.body())
            .map_err(|e| ProviderError::UnexpectedResponse(Box::new(e)))
    }

    /// A create call: POST with `Idempotency-Key`, form-encoded.
    async fn create<T: DeserializeOwned>(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(&str, String)],
    ) -> Result<T, ProviderError> {
        let spec = RequestSpec::post(self.url(path)?)
            .idempotency_key(idempotency_key)
            .map_err(http_error)?
            .form(form)
            .map_err(http_error)?;
        self.send(spec).await
    }

    fn snapshot(
        &self,
        subscription: &wire::Subscription,
    ) -> Result<SubscriptionSnapshot, BoxError> {
        Ok(SubscriptionSnapshot {
            provider_subscription_id: subscription.id.clone(),
            status: map_status(&subscription.status)?,
            plan: subscription
                .items
                .as_ref()
                .and_then(|items| items.data.first())
                .and_then(|item| self.config.plan_of_price(&item.price.id)),
            current_period_end: subscription.current_period_end.map(unix).transpose()?,
            cancel_at_period_end: subscription.cancel_at_period_end,
        })
    }

    fn translate(&self, event: wire::Event) -> Result<PaymentEvent, BoxError> {
        let object = event.data.object;
        let kind = match event.kind.as_str() {
            "invoice.payment_succeeded" | "invoice.payment_failed" => {
                let invoice: wire::Invoice = serde_json::from_value(object)?;
                let payment_id = invoice.payment_intent.as_ref().map(|pi| match pi {
                    wire::Expandable::Id(id) => id.clone(),
                    wire::Expandable::Object(pi) => pi.id.clone(),
                });
                if event.kind == "invoice.payment_succeeded" {
                    match currency(&invoice.currency) {
                        Some(currency) => PaymentEventKind::PaymentSucceeded {
                            // An invoice paid without a payment intent (zero amount, credit)
                            // is named by the invoice.
                            provider_payment_id: payment_id.unwrap_or(invoice.id),
                            amount: Money {
                                minor_units: invoice.amount_paid.unwrap_or_default(),
                                currency,
                            },
                            provider_subscription_id: invoice.subscription,
                            period_end: invoice
                                .lines
                                .as_ref()
                                .and_then(|lines| lines.data.first())
                                .and_then(|line| line.period.as_ref())
                                .map(|period| unix(period.end))
                                .transpose()?,
                        },
                        None => PaymentEventKind::Ignored,
                    }
                } else {
                    PaymentEventKind::PaymentFailed {
                        provider_payment_id: payment_id,
                        provider_subscription_id: invoice.subscription,
                        reason: None,
                    }
                }
            }
            "payment_intent.succeeded" => {
                let intent: wire::PaymentIntent = serde_json::from_value(object)?;
                match currency(&intent.currency) {
                    Some(currency) => PaymentEventKind::PaymentSucceeded {
                        amount: Money {
                            minor_units: intent.amount_received.unwrap_or(intent.amount),
                            currency,
                        },
                        provider_payment_id: intent.id,
                        provider_subscription_id: None,
                        period_end: None,
                    },
                    None => PaymentEventKind::Ignored,
                }
            }
            "payment_intent.payment_failed" => {
                let intent: wire::PaymentIntent = serde_json::from_value(object)?;
                PaymentEventKind::PaymentFailed {
                    provider_payment_id: Some(intent.id),
                    provider_subscription_id: None,
                    reason: intent.last_payment_error.and_then(|error| error.message),
                }
            }
            "customer.subscription.updated" | "customer.subscription.created" => {
                let subscription: wire::Subscription = serde_json::from_value(object)?;
                PaymentEventKind::SubscriptionChanged(self.snapshot(&subscription)?)
            }
            "customer.subscription.deleted" => {
                let subscription: wire::Subscription = serde_json::from_value(object)?;
                PaymentEventKind::SubscriptionEnded {
                    provider_subscription_id: subscription.id,
                }
            }
            _ => PaymentEventKind::Ignored,
        };
        Ok(PaymentEvent {
            provider: ProviderKind::Stripe,
            id: event.id,
            event_type: event.kind,
            created: unix(event.created)?,
            kind,
        })
    }
}

fn unix(seconds: i64) -> Result<Timestamp, BoxError> {
    Ok(OffsetDateTime::from_unix_timestamp(seconds)?)
}

fn currency(code: &str) -> Option<Currency> {
    match code.to_ascii_lowercase().as_str() {
        "usd" => Some(Currency::Usd),
        "inr" => Some(Currency::Inr),
        _ => None,
    }
}

/// Stripe's subscription statuses on Jobr's lifecycle: one table.
fn map_status(status: &str) -> Result<SubscriptionStatus, BoxError> {
    Ok(match status {
        "incomplete" => SubscriptionStatus::Incomplete,
        "active" | "trialing" => SubscriptionStatus::Active,
        "past_due" | "unpaid" | "paused" => SubscriptionStatus::PastDue,
        "canceled" | "incomplete_expired" => SubscriptionStatus::Canceled,
        other => return Err(format!("unknown Stripe subscription status {other:?}").into()),
    })
}

/// Maps a failed call: Stripe's error object when there is one, else the HTTP status.
fn http_error(error: HttpError) -> ProviderError {
    match error {
        HttpError::RateLimited { .. } => ProviderError::RateLimited,
        HttpError::Status {
            status,
            ref body_snippet,
        } => {
            let body = serde_json::from_str::<wire::ErrorEnvelope>(body_snippet)
                .ok()
                .map(|envelope| envelope.error);
            let message = body
                .as_ref()
                .and_then(|b| b.message.clone())
                .unwrap_or_else(|| format!("Stripe answered {status}"));
            match (status, body) {
                (_, Some(body)) if body.kind == "card_error" => ProviderError::CardDeclined {
                    message,
                    decline_code: body.decline_code.or(body.code),
                },
                (StatusCode::PAYMENT_REQUIRED, _) => ProviderError::CardDeclined {
                    message,
                    decline_code: None,
                },
                (StatusCode::TOO_MANY_REQUESTS, _) => ProviderError::RateLimited,
                (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, _) => {
                    ProviderError::Authentication
                }
                (status, body) if status.is_client_error() => ProviderError::InvalidRequest {
                    message,
                    param: body.and_then(|b| b.param),
                },
                _ => ProviderError::Api { message },
            }
        }
        HttpError::InvalidResponse(_) => ProviderError::UnexpectedResponse(Box::new(error)),
        other => ProviderError::Unavailable(Box::new(other)),
    }
}

fn check_amount(expected: Money, minor_units: i64, code: &str) -> Result<Money, ProviderError> {
    let got = currency(code).map(|currency| Money {
        minor_units,
        currency,
    });
    match got {
        Some(got) if got == expected => Ok(got),
        // A currency Jobr does not charge in is a mismatch too; report it with the amount.
        Some(got) => Err(ProviderError::AmountMismatch { expected, got }),
        None => Err(ProviderError::UnexpectedResponse(
            format!("payment in unexpected currency {code:?}").into(),
        )),
    }
}

#[async_trait]
impl PaymentProvider for StripeProvider {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Stripe
    }

    fn currency(&self) -> Currency {
        Currency::Usd
    }

    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, ProviderError> {
        let payment = &request.payment;
        let attempt = payment.id.to_string();
        let price =
            self.config
                .price_of(payment.plan)
                .ok_or_else(|| ProviderError::InvalidRequest {
                    message: "the free plan has no price".to_owned(),
                    param: Some("plan".to_owned()),
                })?;
        if payment.amount.currency != Currency::Usd {
            return Err(ProviderError::InvalidRequest {
                message: "Stripe checkouts are charged in USD".to_owned(),
                param: Some("currency".to_owned()),
            });
        }
        let customer = match &request.provider_customer_id {
            Some(customer) => customer.clone(),
            None => {
                let mut form = vec![("metadata[user_id]", payment.user_id.to_string())];
                if let Some(email) = &request.email {
                    form.push(("email", email.as_str().to_owned()));
                }
                let customer: wire::Customer = self
                    .create("/v1/customers", &format!("{attempt}-customer"), &form)
                    .await?;
                customer.id
            }
        };
        let form = [
            ("customer", customer.clone()),
            ("items[0][price]", price.to_owned()),
            ("payment_behavior", "default_incomplete".to_owned()),
            (
                "payment_settings[save_default_payment_method]",
                "on_subscription".to_owned(),
            ),
            ("expand[0]", "latest_invoice.payment_intent".to_owned()),
            ("metadata[payment_request_id]", attempt.clone()),
            ("metadata[user_id]", payment.user_id.to_string()),
        ];
        let subscription: wire::Subscription =
            self.create("/v1/subscriptions", &attempt, &form).await?;
        let unexpected = |what: &str| ProviderError::UnexpectedResponse(what.to_owned().into());
        let Some(wire::Expandable::Object(invoice)) = subscription.latest_invoice else {
            return Err(unexpected(
                "subscription without an expanded latest invoice",
            ));
        };
        let Some(wire::Expandable::Object(intent)) = invoice.payment_intent else {
            return Err(unexpected("invoice without an expanded payment intent"));
        };
        check_amount(payment.amount, intent.amount, &intent.currency)?;
        let client_secret = intent
            .client_secret
            .ok_or_else(|| unexpected("payment intent without a client secret"))?;
        Ok(Checkout {
            action: CheckoutAction::ClientSecret(SecretString::from(client_secret)),
            provider_payment_id: intent.id,
            provider_customer_id: Some(customer),
            provider_subscription_id: Some(subscription.id),
            current_period_end: subscription
                .current_period_end
                .map(unix)
                .transpose()
                .map_err(ProviderError::UnexpectedResponse)?,
        })
    }

    async fn payment_status(
        &self,
        payment: &PaymentRequest,
    ) -> Result<ProviderPaymentStatus, ProviderError> {
        let id = payment.provider_payment_id.as_deref().ok_or_else(|| {
            ProviderError::InvalidRequest {
                message: "the payment has no Stripe payment intent yet".to_owned(),
                param: None,
            }
        })?;
        let intent: wire::PaymentIntent = self
            .send(RequestSpec::get(
                self.url(&format!("/v1/payment_intents/{id}"))?,
            ))
            .await?;
        Ok(match intent.status.as_str() {
            "succeeded" => ProviderPaymentStatus::Succeeded {
                amount: check_amount(
                    payment.amount,
                    intent.amount_received.unwrap_or(intent.amount),
                    &intent.currency,
                )?,
            },
            "canceled" => ProviderPaymentStatus::Failed {
                reason: "the payment intent was canceled".to_owned(),
            },
            // requires_payment_method, requires_action, processing, …: not final.
            _ => ProviderPaymentStatus::Pending,
        })
    }

    fn parse_webhook(
        &self,
        signature: Option<String>,
        raw_body: &[u8],
        now: Timestamp,
    ) -> Result<PaymentEvent, WebhookError> {
        let header = signature.ok_or(WebhookError::MissingSignature)?;
        verify_signature(
            &header,
            raw_body,
            self.config.webhook_secret.expose_secret().as_bytes(),
            now.unix_timestamp(),
            self.tolerance,
        )?;
        let event: wire::Event = serde_json::from_slice(raw_body)
            .map_err(|e| WebhookError::MalformedPayload(Box::new(e)))?;
        self.translate(event)
            .map_err(WebhookError::MalformedPayload)
    }
}

#[async_trait]
impl SubscriptionBilling for StripeProvider {
    async fn set_cancel_at_period_end(
        &self,
        provider_subscription_id: &str,
        cancel: bool,
    ) -> Result<SubscriptionSnapshot, ProviderError> {
        let spec =
            RequestSpec::post(self.url(&format!("/v1/subscriptions/{provider_subscription_id}"))?)
                .form(&[("cancel_at_period_end", cancel.to_string())])
                .map_err(http_error)?
                // Setting a flag to a value is safe to repeat.
                .retryable(true);
        let subscription: wire::Subscription = self.send(spec).await?;
        self.snapshot(&subscription)
            .map_err(ProviderError::UnexpectedResponse)
    }

    async fn portal_url(
        &self,
        provider_customer_id: &str,
        return_url: &str,
    ) -> Result<String, ProviderError> {
        let form = [
            ("customer", provider_customer_id.to_owned()),
            ("return_url", return_url.to_owned()),
        ];
        // A portal session moves no money; a fresh key per call makes its retries safe.
        let key = uuid::Uuid::new_v4().to_string();
        let session: wire::PortalSession = self
            .create("/v1/billing_portal/sessions", &key, &form)
            .await?;
        Ok(session.url)
    }
}
