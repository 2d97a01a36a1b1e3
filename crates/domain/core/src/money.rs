use serde::{Deserialize, Serialize};

/// Currencies Jobr charges in: USD through Stripe, INR through PhonePe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Usd,
    Inr,
}

/// An amount in integer minor units (cents, paise): floats never touch money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    #[default]
    Free,
    Premium,
    Pro,
}

impl Plan {
    /// Applications a user may submit per month; `None` is unlimited (design: plans and prices).
    pub fn monthly_applications(self) -> Option<u32> {
        match self {
            Plan::Free => Some(5),
            Plan::Premium | Plan::Pro => None,
        }
    }

    /// The monthly price, `None` for the free plan.
    pub fn monthly_price(self, currency: Currency) -> Option<Money> {
        let minor_units = match (self, currency) {
            (Plan::Free, _) => return None,
            (Plan::Premium, Currency::Usd) => 4999,
            (Plan::Pro, Currency::Usd) => 9999,
            (Plan::Premium, Currency::Inr) => 49900,
            (Plan::Pro, Currency::Inr) => 99900,
        };
        Some(Money {
            minor_units,
            currency,
        })
    }
}
