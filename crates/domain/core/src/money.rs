use crate::InvalidValue;
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

/// Any ISO 4217 currency a person can be paid in (EUR, JPY, INR…), checked against the
/// standard's list from `iso_currency`; the special codes (gold, SDR, "no currency") are not.
/// Not to be confused with [`Currency`], the few Jobr itself charges in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurrencyCode(iso_currency::Currency);

impl CurrencyCode {
    /// Accepts the three-letter code in any case (`eur` is EUR); `field` names the input.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, InvalidValue> {
        iso_currency::Currency::from_code(&raw.trim().to_ascii_uppercase())
            .filter(|currency| !currency.is_special())
            .map(Self)
            .ok_or_else(|| InvalidValue::new(field, "must be an ISO 4217 currency code, e.g. EUR"))
    }

    pub fn as_str(self) -> &'static str {
        self.0.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_come_from_the_iso_4217_list() {
        for (raw, code) in [
            ("EUR", "EUR"),
            (" jpy ", "JPY"),
            ("Chf", "CHF"),
            ("INR", "INR"),
        ] {
            assert_eq!(CurrencyCode::parse("currency", raw).unwrap().as_str(), code);
        }
        for bad in ["", "EURO", "ABC", "E\0R", "XXX", "XAU", "€"] {
            let error = CurrencyCode::parse("currency", bad).unwrap_err();
            assert_eq!(error.field, "currency", "{bad:?}");
        }
    }
}
