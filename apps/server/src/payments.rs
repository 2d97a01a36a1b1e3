//! Payments wiring: the `STRIPE_*` and `PHONEPE_*` settings (read by the adapters' own
//! readers), the `SubscriptionService` over the configured providers, and the PhonePe
//! reconciliation task.

use jobr_core::Clock;
use jobr_phonepe::{PhonePe, PhonePeConfig};
use jobr_stripe::{StripeConfig, StripeProvider};
use jobr_subscriptions::{
    PaymentMailing, PaymentProvider, ProviderKind, SubscriptionBilling, SubscriptionRepository,
    SubscriptionService,
};
use std::{sync::Arc, time::Duration};
use tokio::{task::JoinHandle, time::MissedTickBehavior};

/// How often the reconciliation task looks for pending PhonePe payments.
pub const RECONCILE_EVERY: Duration = Duration::from_secs(15);
/// Pending payments looked at per pass.
pub const RECONCILE_BATCH: i64 = 50;

/// Which providers are configured; either, both or neither (then checkout answers 503).
#[derive(Debug, Clone)]
pub struct PaymentsConfig {
    pub stripe: Option<StripeConfig>,
    pub phonepe: Option<PhonePeConfig>,
}

impl PaymentsConfig {
    /// Every problem of both providers, one message each.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let stripe = StripeConfig::from_lookup(&lookup).unwrap_or_else(|found| {
            problems.extend(found);
            None
        });
        let phonepe = PhonePeConfig::from_lookup(&lookup).unwrap_or_else(|found| {
            problems.extend(found);
            None
        });
        if problems.is_empty() {
            Ok(Self { stripe, phonepe })
        } else {
            Err(problems)
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cannot set up the {provider} client")]
pub struct PaymentsSetupError {
    provider: &'static str,
    #[source]
    source: jobr_http::HttpError,
}

/// The service over the configured providers and `repo`; receipts and payment-failed mails
/// are rendered by `mailing` and stored with the events that cause them.
pub fn service(
    config: &PaymentsConfig,
    repo: Arc<dyn SubscriptionRepository>,
    clock: Arc<dyn Clock>,
    mailing: PaymentMailing,
) -> Result<SubscriptionService, PaymentsSetupError> {
    let mut providers: Vec<Arc<dyn PaymentProvider>> = Vec::new();
    let mut billing: Option<Arc<dyn SubscriptionBilling>> = None;
    if let Some(stripe) = &config.stripe {
        let stripe =
            Arc::new(
                StripeProvider::new(stripe.clone()).map_err(|source| PaymentsSetupError {
                    provider: "Stripe",
                    source,
                })?,
            );
        tracing::info!("Stripe payments are on");
        providers.push(stripe.clone());
        billing = Some(stripe);
    } else {
        tracing::info!("STRIPE_SECRET_KEY is not set: no Stripe payments");
    }
    if let Some(phonepe) = &config.phonepe {
        let phonepe =
            Arc::new(
                PhonePe::new(phonepe.clone()).map_err(|source| PaymentsSetupError {
                    provider: "PhonePe",
                    source,
                })?,
            );
        tracing::info!("PhonePe payments are on");
        providers.push(phonepe);
    } else {
        tracing::info!("PHONEPE_MERCHANT_ID is not set: no PhonePe payments");
    }
    if providers.is_empty() {
        tracing::warn!(
            "no payment provider is configured: checkout answers 503, everyone is on Free"
        );
    }
    Ok(SubscriptionService::new(
        repo, providers, billing, clock, mailing,
    ))
}

/// Starts the PhonePe reconciliation on the current Tokio runtime: pending payments whose
/// callback never came are polled (with the service's backoff) until final or expired.
/// Nothing runs when PhonePe is not configured.
pub fn spawn_reconciler(service: Arc<SubscriptionService>) -> JoinHandle<()> {
    tokio::spawn(async move {
        if !service.configured(ProviderKind::PhonePe) {
            return;
        }
        let mut ticks = tokio::time::interval(RECONCILE_EVERY);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match service
                .reconcile_once(ProviderKind::PhonePe, RECONCILE_BATCH)
                .await
            {
                Ok(0) => {}
                Ok(looked_at) => tracing::info!(looked_at, "PhonePe reconciliation pass"),
                Err(error) => tracing::warn!(
                    error = %jobr_core::ErrorChain(&error),
                    "PhonePe reconciliation failed; it runs again later"
                ),
            }
        }
    })
}
