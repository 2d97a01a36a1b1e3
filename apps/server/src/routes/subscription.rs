//! Subscriptions and payments over HTTP: plans, the user's subscription, checkout, cancel and
//! resume, the billing portal, payment history, and the providers' webhooks (verified on the
//! raw body, never re-serialised) and PhonePe's browser redirect. Thin: the rules live in
//! `jobr_subscriptions::SubscriptionService`.

use crate::{
    api::{ApiError, ApiResult, ErrorCode, ok},
    auth::AuthUser,
    json_body::JsonBody,
};
use actix_web::{
    HttpRequest, HttpResponse,
    http::{StatusCode, header},
    web,
};
use jobr_accounts::AccountService;
use jobr_core::{Currency, Money, Plan, Timestamp};
use jobr_notifications::BaseUrl;
use jobr_phonepe::MerchantTransactionId;
use jobr_subscriptions::{
    CheckoutAction, CheckoutInput, Entitlements, EventOutcome, PaymentRequest, PaymentState,
    ProviderKind, ServiceError, SubscriptionService, SubscriptionStatus, entitlements::plan_id,
    parse_plan,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;

/// What the subscription routes need besides the service.
pub struct SubscriptionState {
    pub service: Arc<SubscriptionService>,
    /// The web app (BASE_URL): where the portal and PhonePe send the user back to.
    pub web_app: BaseUrl,
    /// This API's public address (API_BASE_URL, else BASE_URL): PhonePe's return and callback
    /// URLs are built from it, never from the request's Host header, which the client chooses.
    pub api: BaseUrl,
}

/// Mounted under `/api`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/subscription/plans").get(plans))
        .service(web::resource("/subscription").get(overview))
        .service(web::resource("/subscription/checkout").post(checkout))
        .service(web::resource("/subscription/create-payment-intent").post(create_payment_intent))
        .service(web::resource("/subscription/cancel").post(cancel))
        .service(web::resource("/subscription/resume").post(resume))
        .service(web::resource("/subscription/portal").get(portal))
        .service(web::resource("/payments").get(payments))
        .service(web::resource("/stripe/webhook").post(stripe_webhook))
        .service(web::resource("/phonepe/webhook").post(phonepe_webhook))
        .service(web::resource("/phonepe/callback").post(phonepe_callback));
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanView {
    id: &'static str,
    prices: Vec<Money>,
    #[serde(flatten)]
    limits: Entitlements,
}

async fn plans() -> ApiResult<Vec<PlanView>> {
    let view = |plan: Plan| PlanView {
        id: plan_id(plan),
        prices: [Currency::Usd, Currency::Inr]
            .into_iter()
            .filter_map(|currency| plan.monthly_price(currency))
            .collect(),
        limits: Entitlements::of(plan),
    };
    Ok(ok([Plan::Free, Plan::Premium, Plan::Pro]
        .into_iter()
        .map(view)
        .collect()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubscriptionView {
    plan: &'static str,
    /// `None` on Free without any subscription.
    status: Option<SubscriptionStatus>,
    provider: Option<ProviderKind>,
    #[serde(with = "time::serde::rfc3339::option")]
    current_period_end: Option<Timestamp>,
    cancel_at_period_end: bool,
    limits: Entitlements,
}

async fn overview(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
) -> ApiResult<SubscriptionView> {
    let overview = state.service.overview(user.id).await?;
    let subscription = overview.subscription.as_ref();
    Ok(ok(SubscriptionView {
        plan: plan_id(overview.entitlements.plan),
        status: subscription.map(|s| s.status),
        provider: subscription.map(|s| s.provider),
        current_period_end: subscription.and_then(|s| s.current_period_end),
        cancel_at_period_end: subscription.is_some_and(|s| s.cancel_at_period_end),
        limits: overview.entitlements,
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckoutBody {
    plan: String,
    provider: Option<String>,
    /// `INR` sends the user to PhonePe (when configured).
    currency: Option<String>,
    /// `IN` sends the user to PhonePe (when configured).
    country: Option<String>,
    mobile_number: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckoutView {
    provider: ProviderKind,
    payment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_url: Option<String>,
}

async fn checkout(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
    accounts: web::Data<AccountService>,
    body: JsonBody<CheckoutBody>,
) -> ApiResult<CheckoutView> {
    start_checkout(user, &state, &accounts, body.into_inner(), None).await
}

/// The seeds' route: a checkout through Stripe, answered as checkout answers.
async fn create_payment_intent(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
    accounts: web::Data<AccountService>,
    body: JsonBody<CheckoutBody>,
) -> ApiResult<CheckoutView> {
    let body = body.into_inner();
    if body.provider.is_some() {
        return Err(ApiError::validation(
            "provider: this route always pays through Stripe; use /api/subscription/checkout",
        ));
    }
    if !state.service.configured(ProviderKind::Stripe) {
        return Err(ServiceError::PaymentsUnavailable.into());
    }
    start_checkout(user, &state, &accounts, body, Some(ProviderKind::Stripe)).await
}

async fn start_checkout(
    user: AuthUser,
    state: &SubscriptionState,
    accounts: &AccountService,
    body: CheckoutBody,
    forced: Option<ProviderKind>,
) -> ApiResult<CheckoutView> {
    let plan = parse_plan("plan", &body.plan).map_err(|e| ApiError::validation(e.to_string()))?;
    let requested_provider = match (forced, body.provider.as_deref()) {
        (Some(forced), _) => Some(forced),
        (None, Some(raw)) => Some(
            ProviderKind::parse("provider", raw)
                .map_err(|e| ApiError::validation(e.to_string()))?,
        ),
        (None, None) => None,
    };
    let india_or_inr = body
        .currency
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("INR"))
        || body
            .country
            .as_deref()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("IN"));
    let account = accounts.get_user(user.id).await?;
    // PhonePe sends the browser and its callback back to this API at its configured address:
    // the Host header is the client's to choose, and a spoofed one would send the user's
    // payment redirect, and PhonePe's callback, to another site.
    let redirect_url = state.api.link("api/phonepe/callback", &[]);
    let callback_url = state.api.link("api/phonepe/webhook", &[]);
    let outcome = state
        .service
        .checkout(CheckoutInput {
            user: user.id,
            email: Some(account.email),
            plan,
            requested_provider,
            india_or_inr,
            redirect_url: Some(redirect_url.into()),
            callback_url: Some(callback_url.into()),
            mobile_number: body
                .mobile_number
                .or_else(|| account.phone.map(|p| p.as_str().to_owned())),
        })
        .await?;
    let (client_secret, redirect_url) = match outcome.action {
        CheckoutAction::ClientSecret(secret) => (Some(secret.expose_secret().to_owned()), None),
        CheckoutAction::Redirect(url) => (None, Some(url)),
    };
    Ok(ok(CheckoutView {
        provider: outcome.provider,
        payment_id: outcome.payment_request_id.to_string(),
        client_secret,
        redirect_url,
    }))
}

async fn cancel(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
) -> ApiResult<SubscriptionView> {
    state
        .service
        .set_cancel_at_period_end(user.id, true)
        .await?;
    overview(user, state).await
}

async fn resume(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
) -> ApiResult<SubscriptionView> {
    state
        .service
        .set_cancel_at_period_end(user.id, false)
        .await?;
    overview(user, state).await
}

async fn portal(user: AuthUser, state: web::Data<SubscriptionState>) -> ApiResult<Value> {
    let return_url = state.web_app.link("subscription", &[]);
    let url = state
        .service
        .portal_url(user.id, return_url.as_str())
        .await?;
    Ok(ok(json!({ "url": url })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    page: Option<i64>,
    limit: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentView {
    id: String,
    provider: ProviderKind,
    plan: &'static str,
    amount: Money,
    state: PaymentState,
    #[serde(with = "time::serde::rfc3339")]
    created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: Timestamp,
}

impl From<PaymentRequest> for PaymentView {
    fn from(p: PaymentRequest) -> Self {
        Self {
            id: p.id.to_string(),
            provider: p.provider,
            plan: plan_id(p.plan),
            amount: p.amount,
            state: p.state,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

async fn payments(
    user: AuthUser,
    state: web::Data<SubscriptionState>,
    query: web::Query<PageQuery>,
) -> ApiResult<Value> {
    let page = query.page.unwrap_or(1);
    let limit = query.limit.unwrap_or(20);
    if page < 1 || !(1..=100).contains(&limit) {
        return Err(ApiError::validation(
            "page must be at least 1 and limit between 1 and 100",
        ));
    }
    let (items, total) = state
        .service
        .payments(user.id, limit, (page - 1) * limit)
        .await?;
    let items: Vec<PaymentView> = items.into_iter().map(PaymentView::from).collect();
    Ok(ok(json!({
        "payments": items,
        "pagination": { "page": page, "limit": limit, "total": total },
    })))
}

fn outcome_name(outcome: EventOutcome) -> String {
    format!("{outcome:?}").to_ascii_lowercase()
}

/// Answers a provider: 200 once the event is stored (applied, ignored or a duplicate), 400 for
/// a bad signature (nothing stored), 5xx when it must deliver again.
async fn webhook(
    state: &SubscriptionState,
    kind: ProviderKind,
    req: &HttpRequest,
    signature_header: &str,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let signature = req
        .headers()
        .get(signature_header)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let outcome = state.service.ingest_webhook(kind, signature, &body).await?;
    tracing::info!(provider = kind.as_str(), outcome = ?outcome, "webhook received");
    Ok(HttpResponse::Ok().json(json!({ "received": true, "outcome": outcome_name(outcome) })))
}

async fn stripe_webhook(
    req: HttpRequest,
    state: web::Data<SubscriptionState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    webhook(&state, ProviderKind::Stripe, &req, "Stripe-Signature", body).await
}

async fn phonepe_webhook(
    req: HttpRequest,
    state: web::Data<SubscriptionState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    webhook(&state, ProviderKind::PhonePe, &req, "X-VERIFY", body).await
}

/// PhonePe posts the browser back here (a form with the transaction id). Only the id is taken
/// from it: the status is asked of PhonePe through the service. A browser is sent on to the
/// web app; a client asking for JSON gets the state.
#[derive(Deserialize)]
struct CallbackForm {
    #[serde(rename = "transactionId")]
    transaction_id: String,
}

async fn phonepe_callback(
    req: HttpRequest,
    state: web::Data<SubscriptionState>,
    form: web::Form<CallbackForm>,
) -> Result<HttpResponse, ApiError> {
    let Some(id) = MerchantTransactionId::parse(&form.transaction_id) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::PaymentNotFound,
            "No such payment",
        ));
    };
    let payment_state = state
        .service
        .confirm_payment(ProviderKind::PhonePe, &id.to_string())
        .await?;
    let state_name = match payment_state {
        PaymentState::Pending => "pending",
        PaymentState::Succeeded => "succeeded",
        PaymentState::Failed => "failed",
        PaymentState::Expired => "expired",
        PaymentState::RefundDue => "refund_due",
    };
    let wants_json = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    if wants_json {
        return Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "data": { "paymentId": id.payment_request_id().to_string(), "state": state_name },
        })));
    }
    let target = state
        .web_app
        .link("subscription", &[("payment", state_name)]);
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, target.as_str()))
        .finish())
}
