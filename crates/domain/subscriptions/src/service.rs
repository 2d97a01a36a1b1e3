//! The subscription use cases: checkout, webhook ingestion, cancel and resume, the billing
//! portal, the overview a user sees, and one reconciliation pass over pending payments.

use crate::choice::{ProviderChoice, choose_provider, currency_of};
use crate::entitlements::Entitlements;
use crate::event::{PaymentEvent, PaymentEventKind};
use crate::lifecycle::{Subscription, SubscriptionId, SubscriptionStatus};
use crate::notices::PaymentMailing;
use crate::payment::{PaymentRequest, PaymentRequestId, PaymentState, ProviderKind};
use crate::ports::{CheckoutRecord, EventOutcome, SubscriptionError, SubscriptionRepository};
use crate::provider::{
    CheckoutAction, CheckoutRequest, PaymentProvider, ProviderError, ProviderPaymentStatus,
    SubscriptionBilling, WebhookError,
};
use jobr_core::{BoxError, Clock, Email, Plan, Timestamp, UserId};
use std::sync::Arc;
use time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No payment provider is configured (answered 503 `PAYMENTS_UNAVAILABLE`).
    #[error("payments are not available")]
    PaymentsUnavailable,
    #[error("the free plan needs no checkout")]
    FreePlan,
    #[error("there is no subscription to change")]
    NoSubscription,
    #[error(transparent)]
    Repository(#[from] SubscriptionError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// The payer's address could not be read to prepare a payment mail: nothing was applied.
    #[error("the payer's contact could not be read")]
    Contacts(#[source] BoxError),
}

/// What a checkout needs to know about the user and the request.
#[derive(Debug, Clone)]
pub struct CheckoutInput {
    pub user: UserId,
    pub email: Option<Email>,
    pub plan: Plan,
    pub requested_provider: Option<ProviderKind>,
    /// The user is in India or asked to pay in INR.
    pub india_or_inr: bool,
    pub redirect_url: Option<String>,
    pub callback_url: Option<String>,
    pub mobile_number: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CheckoutOutcome {
    pub provider: ProviderKind,
    pub payment_request_id: PaymentRequestId,
    pub action: CheckoutAction,
}

/// What `GET /api/subscription` shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub subscription: Option<Subscription>,
    pub entitlements: Entitlements,
}

pub struct SubscriptionService {
    repo: Arc<dyn SubscriptionRepository>,
    providers: Vec<Arc<dyn PaymentProvider>>,
    billing: Option<Arc<dyn SubscriptionBilling>>,
    clock: Arc<dyn Clock>,
    mailing: PaymentMailing,
    /// How long a pending payment is polled before it expires.
    payment_ttl: Duration,
}

/// Pending payments are polled for this long by default.
pub const DEFAULT_PAYMENT_TTL: Duration = Duration::hours(1);

impl SubscriptionService {
    /// `providers` are the configured ones (possibly none: checkout then answers
    /// `PaymentsUnavailable` and everything else works on Free); `billing` is Stripe's
    /// subscription management when Stripe is configured; `mailing` renders the receipts and
    /// payment-failed mails the events owe.
    pub fn new(
        repo: Arc<dyn SubscriptionRepository>,
        providers: Vec<Arc<dyn PaymentProvider>>,
        billing: Option<Arc<dyn SubscriptionBilling>>,
        clock: Arc<dyn Clock>,
        mailing: PaymentMailing,
    ) -> Self {
        Self {
            repo,
            providers,
            billing,
            clock,
            mailing,
            payment_ttl: DEFAULT_PAYMENT_TTL,
        }
    }

    /// Applies `event` exactly once, with the mail it owes in the same transaction.
    async fn apply(
        &self,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<EventOutcome, ServiceError> {
        let mail = self.mailing.prepare(self.repo.as_ref(), event, now).await?;
        Ok(self.repo.apply_event(event, mail.as_ref(), now).await?)
    }

    fn provider(&self, kind: ProviderKind) -> Option<&Arc<dyn PaymentProvider>> {
        self.providers.iter().find(|p| p.kind() == kind)
    }

    pub fn configured(&self, kind: ProviderKind) -> bool {
        self.provider(kind).is_some()
    }

    pub async fn overview(&self, user: UserId) -> Result<Overview, ServiceError> {
        let subscription = self.repo.current(user).await?;
        let plan = subscription
            .as_ref()
            .map_or(Plan::Free, |s| s.effective_plan(self.clock.now()));
        Ok(Overview {
            subscription,
            entitlements: Entitlements::of(plan),
        })
    }

    /// Starts a checkout: records the incomplete subscription and the pending payment request
    /// first, then asks the provider (the payment request id is the idempotency key), then
    /// records what the provider created. A provider failure expires the request.
    pub async fn checkout(&self, input: CheckoutInput) -> Result<CheckoutOutcome, ServiceError> {
        if input.plan == Plan::Free {
            return Err(ServiceError::FreePlan);
        }
        let kind = choose_provider(ProviderChoice {
            requested: input.requested_provider,
            india_or_inr: input.india_or_inr,
            stripe_configured: self.configured(ProviderKind::Stripe),
            phonepe_configured: self.configured(ProviderKind::PhonePe),
        })
        .ok_or(ServiceError::PaymentsUnavailable)?;
        let provider = self
            .provider(kind)
            .ok_or(ServiceError::PaymentsUnavailable)?;
        let amount = input
            .plan
            .monthly_price(currency_of(kind))
            .ok_or(ServiceError::FreePlan)?;
        let now = self.clock.now();
        let subscription = Subscription {
            id: SubscriptionId::new(),
            user_id: input.user,
            plan: input.plan,
            status: SubscriptionStatus::Incomplete,
            provider: kind,
            provider_customer_id: None,
            provider_subscription_id: None,
            current_period_end: None,
            cancel_at_period_end: false,
            last_event_at: None,
            created_at: now,
            updated_at: now,
        };
        let payment = PaymentRequest {
            id: PaymentRequestId::new(),
            user_id: input.user,
            subscription_id: subscription.id,
            provider: kind,
            plan: input.plan,
            amount,
            state: PaymentState::Pending,
            provider_payment_id: None,
            created_at: now,
            updated_at: now,
            expires_at: now + self.payment_ttl,
        };
        self.repo.begin_checkout(&subscription, &payment).await?;
        let request = CheckoutRequest {
            payment: payment.clone(),
            email: input.email,
            provider_customer_id: self.repo.customer_of(input.user, kind).await?,
            redirect_url: input.redirect_url,
            callback_url: input.callback_url,
            mobile_number: input.mobile_number,
        };
        let checkout = match provider.start_checkout(&request).await {
            Ok(checkout) => checkout,
            Err(error) => {
                self.repo
                    .expire_payment(payment.id, self.clock.now())
                    .await?;
                return Err(error.into());
            }
        };
        let record = CheckoutRecord {
            provider_payment_id: checkout.provider_payment_id.clone(),
            provider_customer_id: checkout.provider_customer_id.clone(),
            provider_subscription_id: checkout.provider_subscription_id.clone(),
            current_period_end: checkout.current_period_end,
        };
        self.repo
            .attach_checkout(payment.id, &record, self.clock.now())
            .await?;
        Ok(CheckoutOutcome {
            provider: kind,
            payment_request_id: payment.id,
            action: checkout.action,
        })
    }

    /// Verifies a provider webhook on its raw body and applies it exactly once. For PhonePe
    /// the status API stays the source of truth: a success callback is applied only when the
    /// status check confirms it (with the amount); otherwise reconciliation finishes the job.
    pub async fn ingest_webhook(
        &self,
        kind: ProviderKind,
        signature: Option<String>,
        raw_body: &[u8],
    ) -> Result<EventOutcome, ServiceError> {
        let provider = self
            .provider(kind)
            .ok_or(ServiceError::PaymentsUnavailable)?;
        let now = self.clock.now();
        let event = provider.parse_webhook(signature, raw_body, now)?;
        if kind == ProviderKind::PhonePe
            && let PaymentEventKind::PaymentSucceeded {
                provider_payment_id,
                ..
            } = &event.kind
        {
            let Some(payment) = self
                .repo
                .find_payment_by_provider_id(kind, provider_payment_id)
                .await?
            else {
                // Never applied unconfirmed: recorded as unmatched, or retried while a
                // checkout may still be storing its id.
                return Ok(self.repo.record_unmatched(&event, now).await?);
            };
            match provider.payment_status(&payment).await? {
                ProviderPaymentStatus::Succeeded { .. } => {}
                // Not confirmed yet: nothing recorded, the poller keeps asking.
                ProviderPaymentStatus::Pending | ProviderPaymentStatus::Failed { .. } => {
                    return Ok(EventOutcome::Ignored);
                }
            }
        }
        self.apply(&event, now).await
    }

    async fn open_subscription(&self, user: UserId) -> Result<Subscription, ServiceError> {
        self.repo
            .current(user)
            .await?
            .filter(|s| s.status.grants_plan())
            .ok_or(ServiceError::NoSubscription)
    }

    /// Cancels at the end of the paid period (`cancel = true`) or resumes before it.
    pub async fn set_cancel_at_period_end(
        &self,
        user: UserId,
        cancel: bool,
    ) -> Result<Subscription, ServiceError> {
        let subscription = self.open_subscription(user).await?;
        if let Some(provider_id) = &subscription.provider_subscription_id {
            let billing = self
                .billing
                .as_ref()
                .ok_or(ServiceError::PaymentsUnavailable)?;
            billing
                .set_cancel_at_period_end(provider_id, cancel)
                .await?;
        }
        Ok(self
            .repo
            .set_cancel_at_period_end(subscription.id, cancel, self.clock.now())
            .await?)
    }

    /// A Stripe billing portal URL for the user's customer.
    pub async fn portal_url(&self, user: UserId, return_url: &str) -> Result<String, ServiceError> {
        let billing = self
            .billing
            .as_ref()
            .ok_or(ServiceError::PaymentsUnavailable)?;
        let customer = self
            .repo
            .customer_of(user, ProviderKind::Stripe)
            .await?
            .ok_or(ServiceError::NoSubscription)?;
        Ok(billing.portal_url(&customer, return_url).await?)
    }

    pub async fn payments(
        &self,
        user: UserId,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRequest>, i64), ServiceError> {
        Ok(self.repo.payments_of(user, limit, offset).await?)
    }

    /// The browser came back from the provider's page (PhonePe's redirect): asks the
    /// provider for the payment's status now and applies a final answer exactly once (the
    /// same event a reconciliation pass would record). Answers the payment's state after it;
    /// a payment already final is not asked about again, except an expired one. The provider's answer is the truth,
    /// never what the browser brought.
    pub async fn confirm_payment(
        &self,
        kind: ProviderKind,
        provider_payment_id: &str,
    ) -> Result<PaymentState, ServiceError> {
        let provider = self
            .provider(kind)
            .ok_or(ServiceError::PaymentsUnavailable)?;
        let payment = self
            .repo
            .find_payment_by_provider_id(kind, provider_payment_id)
            .await?
            .ok_or(SubscriptionError::PaymentNotFound)?;
        // An expired payment is asked about again: expiry is Jobr's own deadline, and a pay
        // page left open in an old tab can still take the money after it.
        if payment.state.is_final() && payment.state != PaymentState::Expired {
            return Ok(payment.state);
        }
        let now = self.clock.now();
        // A provider that cannot answer now is the caller's error to see; the poller goes on.
        let answer = provider.payment_status(&payment).await?;
        let Some(event) = status_event(kind, provider_payment_id, Ok(answer), now) else {
            return Ok(PaymentState::Pending);
        };
        self.apply(&event, now).await?;
        Ok(self
            .repo
            .find_payment(payment.id)
            .await?
            .map_or(PaymentState::Pending, |p| p.state))
    }

    /// One reconciliation pass for `kind`: claims due pending payments (other instances skip
    /// them), asks the provider, applies a final answer exactly once as an event, and
    /// otherwise polls again later with a backoff that grows with the payment's age; expires
    /// what is still pending after its deadline. Answers how many payments it looked at.
    pub async fn reconcile_once(
        &self,
        kind: ProviderKind,
        limit: i64,
    ) -> Result<usize, ServiceError> {
        let Some(provider) = self.provider(kind) else {
            return Ok(0);
        };
        let now = self.clock.now();
        let claimed = self
            .repo
            .claim_due_payments(kind, now, now + Duration::minutes(5), limit)
            .await?;
        for payment in &claimed {
            if now >= payment.expires_at {
                self.repo.expire_payment(payment.id, now).await?;
                continue;
            }
            let Some(provider_payment_id) = payment.provider_payment_id.clone() else {
                self.repo
                    .schedule_poll(payment.id, now + backoff(payment, now))
                    .await?;
                continue;
            };
            let answer = provider.payment_status(payment).await;
            match status_event(kind, &provider_payment_id, answer, now) {
                Some(event) => {
                    self.apply(&event, now).await?;
                }
                None => {
                    self.repo
                        .schedule_poll(payment.id, now + backoff(payment, now))
                        .await?;
                }
            }
        }
        Ok(claimed.len())
    }
}

/// The event recording a provider's final answer about a payment; `None` while it is not
/// final or the provider could not answer (the poller asks again later). Its id is the same
/// whichever instance, pass or callback sees the answer, so it is applied once.
fn status_event(
    kind: ProviderKind,
    provider_payment_id: &str,
    answer: Result<ProviderPaymentStatus, ProviderError>,
    now: Timestamp,
) -> Option<PaymentEvent> {
    let (state, event_kind) = match answer {
        Ok(ProviderPaymentStatus::Succeeded { amount }) => (
            "succeeded",
            PaymentEventKind::PaymentSucceeded {
                provider_payment_id: provider_payment_id.to_owned(),
                amount,
                provider_subscription_id: None,
                period_end: None,
            },
        ),
        Ok(ProviderPaymentStatus::Failed { reason }) => (
            "failed",
            PaymentEventKind::PaymentFailed {
                provider_payment_id: Some(provider_payment_id.to_owned()),
                provider_subscription_id: None,
                reason: Some(reason),
            },
        ),
        Ok(ProviderPaymentStatus::Pending) | Err(_) => return None,
    };
    Some(PaymentEvent {
        provider: kind,
        id: format!("status:{provider_payment_id}:{state}"),
        event_type: format!("status.{state}"),
        created: now,
        kind: event_kind,
    })
}

/// Polls soon after checkout and less often as the payment ages: a quarter of its age,
/// between 15 seconds and 10 minutes.
pub fn backoff(payment: &PaymentRequest, now: Timestamp) -> Duration {
    let age = now - payment.created_at;
    let quarter: Duration = age / 4;
    quarter.clamp(Duration::seconds(15), Duration::minutes(10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::{BillingContact, MockBillingContacts, NoticeKind};
    use crate::ports::MockSubscriptionRepository;
    use crate::provider::MockPaymentProvider;
    use jobr_core::SystemClock;
    use jobr_notifications::MailComposer;
    use jobr_notifications::{BaseUrl, MailKind};

    fn mailing(contacts: MockBillingContacts) -> PaymentMailing {
        PaymentMailing {
            contacts: Arc::new(contacts),
            composer: MailComposer::new(
                BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")),
            ),
        }
    }

    fn input(plan: Plan) -> CheckoutInput {
        CheckoutInput {
            user: UserId::new(),
            email: None,
            plan,
            requested_provider: None,
            india_or_inr: false,
            redirect_url: None,
            callback_url: None,
            mobile_number: None,
        }
    }

    fn stripe(provider: &mut MockPaymentProvider) {
        provider.expect_kind().return_const(ProviderKind::Stripe);
    }

    #[tokio::test]
    async fn without_providers_checkout_is_unavailable_and_stores_nothing() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_begin_checkout().times(0);
        let service = SubscriptionService::new(
            Arc::new(repo),
            vec![],
            None,
            Arc::new(SystemClock),
            mailing(MockBillingContacts::new()),
        );
        assert!(matches!(
            service.checkout(input(Plan::Premium)).await,
            Err(ServiceError::PaymentsUnavailable)
        ));
        assert!(matches!(
            service
                .ingest_webhook(ProviderKind::Stripe, None, b"{}")
                .await,
            Err(ServiceError::PaymentsUnavailable)
        ));
    }

    #[tokio::test]
    async fn the_free_plan_needs_no_checkout() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_begin_checkout().times(0);
        let mut provider = MockPaymentProvider::new();
        stripe(&mut provider);
        provider.expect_start_checkout().times(0);
        let service = SubscriptionService::new(
            Arc::new(repo),
            vec![Arc::new(provider)],
            None,
            Arc::new(SystemClock),
            mailing(MockBillingContacts::new()),
        );
        assert!(matches!(
            service.checkout(input(Plan::Free)).await,
            Err(ServiceError::FreePlan)
        ));
    }

    #[tokio::test]
    async fn a_provider_failure_expires_the_payment_request() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_begin_checkout()
            .withf(|s, p| p.amount.minor_units == 4999 && s.plan == Plan::Premium)
            .times(1)
            .returning(|_, _| Ok(()));
        repo.expect_customer_of().returning(|_, _| Ok(None));
        repo.expect_expire_payment()
            .times(1)
            .returning(|_, _| Ok(true));
        repo.expect_attach_checkout().times(0);
        let mut provider = MockPaymentProvider::new();
        stripe(&mut provider);
        provider.expect_start_checkout().times(1).returning(|_| {
            Err(ProviderError::CardDeclined {
                message: "declined".into(),
                decline_code: Some("insufficient_funds".into()),
            })
        });
        let service = SubscriptionService::new(
            Arc::new(repo),
            vec![Arc::new(provider)],
            None,
            Arc::new(SystemClock),
            mailing(MockBillingContacts::new()),
        );
        assert!(matches!(
            service.checkout(input(Plan::Premium)).await,
            Err(ServiceError::Provider(ProviderError::CardDeclined { .. }))
        ));
    }

    #[tokio::test]
    async fn a_refused_webhook_stores_nothing() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_apply_event().times(0);
        let mut provider = MockPaymentProvider::new();
        stripe(&mut provider);
        provider
            .expect_parse_webhook()
            .returning(|_, _, _| Err(WebhookError::BadSignature));
        let service = SubscriptionService::new(
            Arc::new(repo),
            vec![Arc::new(provider)],
            None,
            Arc::new(SystemClock),
            mailing(MockBillingContacts::new()),
        );
        assert!(matches!(
            service
                .ingest_webhook(ProviderKind::Stripe, Some("t=1,v1=00".into()), b"{}")
                .await,
            Err(ServiceError::Webhook(WebhookError::BadSignature))
        ));
    }

    fn pending_phonepe_payment(state: PaymentState) -> PaymentRequest {
        let now = SystemClock.now();
        PaymentRequest {
            id: PaymentRequestId::new(),
            user_id: UserId::new(),
            subscription_id: SubscriptionId::new(),
            provider: ProviderKind::PhonePe,
            plan: Plan::Pro,
            amount: jobr_core::Money {
                minor_units: 99_900,
                currency: jobr_core::Currency::Inr,
            },
            state,
            provider_payment_id: Some("MT1".into()),
            created_at: now,
            updated_at: now,
            expires_at: now + DEFAULT_PAYMENT_TTL,
        }
    }

    fn phonepe_service(
        repo: MockSubscriptionRepository,
        provider: MockPaymentProvider,
    ) -> SubscriptionService {
        phonepe_service_with(repo, provider, MockBillingContacts::new())
    }

    fn phonepe_service_with(
        repo: MockSubscriptionRepository,
        provider: MockPaymentProvider,
        contacts: MockBillingContacts,
    ) -> SubscriptionService {
        SubscriptionService::new(
            Arc::new(repo),
            vec![Arc::new(provider)],
            None,
            Arc::new(SystemClock),
            mailing(contacts),
        )
    }

    fn ada() -> BillingContact {
        BillingContact {
            email: Email::parse("ada@example.com").unwrap_or_else(|e| panic!("{e}")),
            first_name: "Ada".into(),
        }
    }

    #[tokio::test]
    async fn confirming_a_final_payment_asks_the_provider_nothing() {
        // Not `Expired`: that deadline is Jobr's own, and an old tab may still pay after it.
        for final_state in [
            PaymentState::Succeeded,
            PaymentState::Failed,
            PaymentState::RefundDue,
        ] {
            let payment = pending_phonepe_payment(final_state);
            let mut repo = MockSubscriptionRepository::new();
            repo.expect_find_payment_by_provider_id()
                .returning(move |_, _| Ok(Some(payment.clone())));
            repo.expect_apply_event().times(0);
            let mut provider = MockPaymentProvider::new();
            provider.expect_kind().return_const(ProviderKind::PhonePe);
            provider.expect_payment_status().times(0);
            let service = phonepe_service(repo, provider);
            let state = service
                .confirm_payment(ProviderKind::PhonePe, "MT1")
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(state, final_state);
        }
    }

    #[tokio::test]
    async fn confirming_applies_the_providers_answer_as_the_pollers_event() {
        let payment = pending_phonepe_payment(PaymentState::Pending);
        let settled = PaymentRequest {
            state: PaymentState::Succeeded,
            ..payment.clone()
        };
        let user = payment.user_id;
        let mut repo = MockSubscriptionRepository::new();
        let found = payment.clone();
        repo.expect_find_payment_by_provider_id()
            .returning(move |_, _| Ok(Some(found.clone())));
        repo.expect_targets_of()
            .times(1)
            .returning(move |_| Ok((None, Some(payment.clone()))));
        // The receipt travels into the event's transaction, addressed to the payer.
        repo.expect_apply_event()
            .withf(move |event, mail, _| {
                event.id == "status:MT1:succeeded"
                    && mail.is_some_and(|m| {
                        m.notice.kind == NoticeKind::Receipt
                            && m.notice.user_id == user
                            && m.message.kind == MailKind::PaymentReceipt
                            && m.message.to.as_str() == "ada@example.com"
                            && m.message.text.contains("999.00 INR")
                    })
            })
            .times(1)
            .returning(|_, _, _| Ok(EventOutcome::Applied));
        repo.expect_find_payment()
            .returning(move |_| Ok(Some(settled.clone())));
        let mut provider = MockPaymentProvider::new();
        provider.expect_kind().return_const(ProviderKind::PhonePe);
        provider
            .expect_payment_status()
            .times(1)
            .returning(|p| Ok(ProviderPaymentStatus::Succeeded { amount: p.amount }));
        let mut contacts = MockBillingContacts::new();
        contacts
            .expect_contact_of()
            .withf(move |u| *u == user)
            .times(1)
            .returning(|_| Ok(Some(ada())));
        let service = phonepe_service_with(repo, provider, contacts);
        let state = service
            .confirm_payment(ProviderKind::PhonePe, "MT1")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(state, PaymentState::Succeeded);
    }

    #[tokio::test]
    async fn confirming_an_unknown_payment_is_not_found_and_asks_nothing() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_find_payment_by_provider_id()
            .returning(|_, _| Ok(None));
        repo.expect_apply_event().times(0);
        let mut provider = MockPaymentProvider::new();
        provider.expect_kind().return_const(ProviderKind::PhonePe);
        provider.expect_payment_status().times(0);
        let service = phonepe_service(repo, provider);
        assert!(matches!(
            service.confirm_payment(ProviderKind::PhonePe, "MT9").await,
            Err(ServiceError::Repository(SubscriptionError::PaymentNotFound))
        ));
    }

    #[tokio::test]
    async fn an_unreadable_contact_applies_nothing() {
        let payment = pending_phonepe_payment(PaymentState::Pending);
        let mut repo = MockSubscriptionRepository::new();
        let found = payment.clone();
        repo.expect_find_payment_by_provider_id()
            .returning(move |_, _| Ok(Some(found.clone())));
        repo.expect_targets_of()
            .returning(move |_| Ok((None, Some(payment.clone()))));
        repo.expect_apply_event().times(0);
        let mut provider = MockPaymentProvider::new();
        provider.expect_kind().return_const(ProviderKind::PhonePe);
        provider
            .expect_payment_status()
            .returning(|p| Ok(ProviderPaymentStatus::Succeeded { amount: p.amount }));
        let mut contacts = MockBillingContacts::new();
        contacts
            .expect_contact_of()
            .returning(|_| Err("connection reset".into()));
        let service = phonepe_service_with(repo, provider, contacts);
        assert!(matches!(
            service.confirm_payment(ProviderKind::PhonePe, "MT1").await,
            Err(ServiceError::Contacts(_))
        ));
    }

    #[tokio::test]
    async fn a_phonepe_callback_for_an_unknown_payment_is_recorded_unconfirmed_never_applied() {
        let mut repo = MockSubscriptionRepository::new();
        repo.expect_find_payment_by_provider_id()
            .returning(|_, _| Ok(None));
        repo.expect_apply_event().times(0);
        repo.expect_record_unmatched()
            .withf(|event, _| event.id == "MT404:PAYMENT_SUCCESS")
            .times(1)
            .returning(|_, _| Ok(EventOutcome::Unmatched));
        let mut provider = MockPaymentProvider::new();
        provider.expect_kind().return_const(ProviderKind::PhonePe);
        provider.expect_parse_webhook().returning(|_, _, now| {
            Ok(PaymentEvent {
                provider: ProviderKind::PhonePe,
                id: "MT404:PAYMENT_SUCCESS".into(),
                event_type: "PAYMENT_SUCCESS".into(),
                created: now,
                kind: PaymentEventKind::PaymentSucceeded {
                    provider_payment_id: "MT404".into(),
                    amount: jobr_core::Money {
                        minor_units: 99_900,
                        currency: jobr_core::Currency::Inr,
                    },
                    provider_subscription_id: None,
                    period_end: None,
                },
            })
        });
        provider.expect_payment_status().times(0);
        let service = phonepe_service(repo, provider);
        let outcome = service
            .ingest_webhook(ProviderKind::PhonePe, Some("sig".into()), b"{}")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outcome, EventOutcome::Unmatched);
    }
}
