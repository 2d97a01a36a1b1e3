//! `STRIPE_*` settings, checked before start.

use jobr_core::Plan;
use jobr_http::Url;
use secrecy::SecretString;

pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

/// `Debug` shows the secrets as `[REDACTED]` (secrecy).
#[derive(Debug, Clone)]
pub struct StripeConfig {
    pub secret_key: SecretString,
    /// The endpoint's signing secret, whole (`whsec_…`): it is the HMAC key as is.
    pub webhook_secret: SecretString,
    pub price_premium: String,
    pub price_pro: String,
    /// `STRIPE_API_BASE`, for tests and stripe-mock.
    pub api_base: Url,
}

impl StripeConfig {
    /// Reads `STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET`, `STRIPE_PRICE_PREMIUM`,
    /// `STRIPE_PRICE_PRO` and `STRIPE_API_BASE` through `lookup`.
    ///
    /// `Ok(None)` when no secret key is set: Stripe is off. With a key, every other variable
    /// but the base is required — there is no default webhook secret, ever. One message per
    /// problem; none contains a secret.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, Vec<String>> {
        let set = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(secret_key) = set("STRIPE_SECRET_KEY") else {
            return Ok(None);
        };
        let mut problems = Vec::new();
        if !secret_key.bytes().all(|b| b.is_ascii_graphic()) {
            problems.push(
                "STRIPE_SECRET_KEY contains spaces or characters that cannot be sent in an HTTP \
                 header"
                    .to_owned(),
            );
        }
        let mut required = |name: &str| {
            let value = set(name);
            if value.is_none() {
                problems.push(format!("{name} is required when STRIPE_SECRET_KEY is set"));
            }
            value.unwrap_or_default()
        };
        let webhook_secret = required("STRIPE_WEBHOOK_SECRET");
        let price_premium = required("STRIPE_PRICE_PREMIUM");
        let price_pro = required("STRIPE_PRICE_PRO");
        let api_base = match set("STRIPE_API_BASE") {
            None => Url::parse(DEFAULT_API_BASE).ok(),
            Some(raw) => match Url::parse(&raw) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
                _ => {
                    problems.push(format!(
                        "STRIPE_API_BASE must be an http(s) URL such as {DEFAULT_API_BASE}"
                    ));
                    None
                }
            },
        };
        match api_base {
            Some(api_base) if problems.is_empty() => Ok(Some(Self {
                secret_key: SecretString::from(secret_key),
                webhook_secret: SecretString::from(webhook_secret),
                price_premium,
                price_pro,
                api_base,
            })),
            _ => Err(problems),
        }
    }

    /// The Stripe price of a paid plan.
    pub fn price_of(&self, plan: Plan) -> Option<&str> {
        match plan {
            Plan::Free => None,
            Plan::Premium => Some(&self.price_premium),
            Plan::Pro => Some(&self.price_pro),
        }
    }

    /// The plan a Stripe price belongs to.
    pub fn plan_of_price(&self, price: &str) -> Option<Plan> {
        if price == self.price_premium {
            Some(Plan::Premium)
        } else if price == self.price_pro {
            Some(Plan::Pro)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn off_without_a_key_and_no_default_webhook_secret() {
        assert!(StripeConfig::from_lookup(lookup(&[])).unwrap().is_none());
        let problems =
            StripeConfig::from_lookup(lookup(&[("STRIPE_SECRET_KEY", "sk_test_1")])).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("STRIPE_WEBHOOK_SECRET"));
        assert!(problems.iter().all(|p| !p.contains("sk_test_1")));
    }

    #[test]
    fn a_full_configuration_maps_prices_to_plans() {
        let config = StripeConfig::from_lookup(lookup(&[
            ("STRIPE_SECRET_KEY", "sk_test_1"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ("STRIPE_PRICE_PREMIUM", "price_p"),
            ("STRIPE_PRICE_PRO", "price_x"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(config.api_base.as_str(), "https://api.stripe.com/");
        assert_eq!(config.plan_of_price("price_x"), Some(Plan::Pro));
        assert_eq!(config.price_of(Plan::Premium), Some("price_p"));
        assert_eq!(config.plan_of_price("price_other"), None);
        assert!(!format!("{config:?}").contains("whsec_1"));
    }
}
