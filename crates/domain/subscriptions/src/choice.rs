//! Which provider a checkout goes to.

use crate::payment::ProviderKind;
use jobr_core::Currency;

/// What the caller knows about the user and which providers are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderChoice {
    /// The provider the client asked for, if any.
    pub requested: Option<ProviderKind>,
    /// The user is in India (country `IN`) or asked to pay in INR.
    pub india_or_inr: bool,
    pub stripe_configured: bool,
    pub phonepe_configured: bool,
}

impl ProviderChoice {
    fn configured(&self, provider: ProviderKind) -> bool {
        match provider {
            ProviderKind::Stripe => self.stripe_configured,
            ProviderKind::PhonePe => self.phonepe_configured,
        }
    }
}

/// India or INR → PhonePe, otherwise Stripe; an explicit request wins when that provider is
/// configured; when the chosen provider is not configured, the other; `None` when neither is.
pub fn choose_provider(choice: ProviderChoice) -> Option<ProviderKind> {
    let preferred = choice.requested.unwrap_or(if choice.india_or_inr {
        ProviderKind::PhonePe
    } else {
        ProviderKind::Stripe
    });
    let other = match preferred {
        ProviderKind::Stripe => ProviderKind::PhonePe,
        ProviderKind::PhonePe => ProviderKind::Stripe,
    };
    [preferred, other]
        .into_iter()
        .find(|provider| choice.configured(*provider))
}

/// The currency a provider charges in.
pub fn currency_of(provider: ProviderKind) -> Currency {
    match provider {
        ProviderKind::Stripe => Currency::Usd,
        ProviderKind::PhonePe => Currency::Inr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProviderKind::*;

    fn choice(requested: Option<ProviderKind>, india: bool, s: bool, p: bool) -> ProviderChoice {
        ProviderChoice {
            requested,
            india_or_inr: india,
            stripe_configured: s,
            phonepe_configured: p,
        }
    }

    #[test]
    fn india_goes_to_phonepe_and_the_rest_to_stripe() {
        assert_eq!(
            choose_provider(choice(None, true, true, true)),
            Some(PhonePe)
        );
        assert_eq!(
            choose_provider(choice(None, false, true, true)),
            Some(Stripe)
        );
    }

    #[test]
    fn an_unconfigured_choice_falls_back_to_the_other() {
        assert_eq!(
            choose_provider(choice(None, true, true, false)),
            Some(Stripe)
        );
        assert_eq!(
            choose_provider(choice(None, false, false, true)),
            Some(PhonePe)
        );
        assert_eq!(
            choose_provider(choice(Some(Stripe), false, false, true)),
            Some(PhonePe)
        );
        assert_eq!(choose_provider(choice(None, false, false, false)), None);
        assert_eq!(
            choose_provider(choice(Some(PhonePe), true, false, false)),
            None
        );
    }

    #[test]
    fn an_explicit_request_wins_when_configured() {
        assert_eq!(
            choose_provider(choice(Some(Stripe), true, true, true)),
            Some(Stripe)
        );
        assert_eq!(
            choose_provider(choice(Some(PhonePe), false, true, true)),
            Some(PhonePe)
        );
    }
}
