//! What the adapter needs to know, read from the `PHONEPE_*` environment and checked before start.

use std::fmt;
use std::time::Duration;

use jobr_http::{ClientConfig, Url};
use secrecy::SecretString;

use crate::checksum::Salt;

/// PhonePe's UAT (sandbox) API host for PG v1.
pub const SANDBOX_API_BASE: &str = "https://api-preprod.phonepe.com/apis/pg-sandbox";
/// PhonePe's production API host for PG v1.
pub const PRODUCTION_API_BASE: &str = "https://api.phonepe.com/apis/hermes";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// PhonePe: "merchantId length will be less than 38 characters".
pub const MAX_MERCHANT_ID_LEN: usize = 37;

/// Which PhonePe the merchant credentials belong to (`PHONEPE_ENVIRONMENT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Sandbox,
    Production,
}

impl Environment {
    /// `sandbox` or `production`, in any case (the seeds write `SANDBOX`, `PRODUCTION`).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "sandbox" => Some(Self::Sandbox),
            "production" => Some(Self::Production),
            _ => None,
        }
    }

    /// The PG v1 host of this environment.
    pub fn api_base(self) -> Url {
        let raw = match self {
            Self::Sandbox => SANDBOX_API_BASE,
            Self::Production => PRODUCTION_API_BASE,
        };
        #[allow(clippy::expect_used)] // constants, covered by the tests below
        Url::parse(raw).expect("PhonePe hosts are valid URLs")
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sandbox => "sandbox",
            Self::Production => "production",
        })
    }
}

/// `Debug` shows the salt key as `[REDACTED]`, so the config can be logged as a whole.
#[derive(Debug, Clone)]
pub struct PhonePeConfig {
    pub merchant_id: String,
    pub salt: Salt,
    pub environment: Environment,
    /// The API root; requests go to `{api_base}/pg/v1/...`. The environment's host unless
    /// `PHONEPE_API_BASE` overrides it (tests, a local fake).
    pub api_base: Url,
    /// Per attempt, connect to last byte.
    pub timeout: Duration,
}

impl PhonePeConfig {
    /// The environment's host and a 30 s timeout. `merchant_id` is checked as
    /// [`PhonePeConfig::from_lookup`] checks it.
    pub fn new(
        merchant_id: &str,
        salt_key: SecretString,
        salt_index: u32,
        environment: Environment,
    ) -> Result<Self, String> {
        check_merchant_id(merchant_id)?;
        Ok(Self {
            merchant_id: merchant_id.to_owned(),
            salt: Salt::new(salt_key, salt_index),
            environment,
            api_base: environment.api_base(),
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// Reads `PHONEPE_MERCHANT_ID`, `PHONEPE_SALT_KEY`, `PHONEPE_SALT_INDEX`,
    /// `PHONEPE_ENVIRONMENT` (`sandbox` | `production`) and `PHONEPE_API_BASE` through `lookup`
    /// (e.g. `|k| std::env::var(k).ok()`).
    ///
    /// `Ok(None)` when none of the merchant id, salt key and salt index is set (or all are
    /// blank): PhonePe is off. Once any is set, all four are required: there is no default salt, index or environment, so a
    /// half-configured merchant is reported at start rather than failing on the first payment
    /// (or, worse, sending production users to the sandbox). Every problem is reported, one
    /// message each; no message ever contains the salt key.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, Vec<String>> {
        let set = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let merchant_id = set("PHONEPE_MERCHANT_ID");
        let salt_key = set("PHONEPE_SALT_KEY");
        let salt_index = set("PHONEPE_SALT_INDEX");
        let environment = set("PHONEPE_ENVIRONMENT");
        let api_base = set("PHONEPE_API_BASE");
        if merchant_id.is_none() && salt_key.is_none() && salt_index.is_none() {
            // PhonePe is off; the optional settings are still checked, so typos surface early.
            let mut problems = Vec::new();
            if let Some(raw) = &environment
                && Environment::parse(raw).is_none()
            {
                problems.push(format!(
                    "PHONEPE_ENVIRONMENT must be sandbox or production, got {raw:?}"
                ));
            }
            if let Some(Err(why)) = api_base.as_deref().map(jobr_http::check_api_base) {
                problems.push(format!("PHONEPE_API_BASE {why}"));
            }
            return if problems.is_empty() {
                Ok(None)
            } else {
                Err(problems)
            };
        }

        let mut problems = Vec::new();
        let mut required = |name: &str, value: Option<String>| {
            if value.is_none() {
                problems.push(format!(
                    "{name} is required when PhonePe is configured (PHONEPE_MERCHANT_ID, \
                     PHONEPE_SALT_KEY, PHONEPE_SALT_INDEX and PHONEPE_ENVIRONMENT go together)"
                ));
            }
            value
        };
        let merchant_id = required("PHONEPE_MERCHANT_ID", merchant_id);
        let salt_key = required("PHONEPE_SALT_KEY", salt_key);
        let salt_index = required("PHONEPE_SALT_INDEX", salt_index);
        let environment = required("PHONEPE_ENVIRONMENT", environment);

        if let Some(id) = &merchant_id
            && let Err(why) = check_merchant_id(id)
        {
            problems.push(format!("PHONEPE_MERCHANT_ID {why}"));
        }
        if let Some(key) = &salt_key
            && !key.bytes().all(|b| b.is_ascii_graphic())
        {
            problems.push(
                "PHONEPE_SALT_KEY contains spaces or non-ASCII characters (check for quotes or a \
                 pasted line break)"
                    .to_owned(),
            );
        }
        let salt_index = salt_index.and_then(|raw| match raw.parse::<u32>() {
            Ok(index) if index >= 1 && raw.bytes().all(|b| b.is_ascii_digit()) => Some(index),
            _ => {
                problems.push(format!(
                    "PHONEPE_SALT_INDEX must be the positive whole number PhonePe issued with \
                         the salt key (usually 1), got {raw:?}"
                ));
                None
            }
        });
        let environment = environment.and_then(|raw| match Environment::parse(&raw) {
            Some(environment) => Some(environment),
            None => {
                problems.push(format!(
                    "PHONEPE_ENVIRONMENT must be sandbox or production, got {raw:?}"
                ));
                None
            }
        });
        let api_base = api_base.and_then(|raw| match jobr_http::check_api_base(&raw) {
            Ok(url) => Some(url),
            Err(why) => {
                problems.push(format!("PHONEPE_API_BASE {why}"));
                None
            }
        });

        match (merchant_id, salt_key, salt_index, environment) {
            (Some(merchant_id), Some(salt_key), Some(salt_index), Some(environment))
                if problems.is_empty() =>
            {
                Ok(Some(Self {
                    merchant_id,
                    salt: Salt::new(SecretString::from(salt_key), salt_index),
                    environment,
                    api_base: api_base.unwrap_or_else(|| environment.api_base()),
                    timeout: DEFAULT_TIMEOUT,
                }))
            }
            _ => Err(problems),
        }
    }

    /// The outbound client settings for this integration: production retry and breaker
    /// defaults, with this config's timeout. Tests shorten the backoff before building.
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig {
            timeout: self.timeout,
            ..ClientConfig::new("phonepe")
        }
    }

    /// `{api_base}{path}`, whether or not the base ends with a slash.
    pub(crate) fn url(&self, path: &str) -> Result<Url, String> {
        let base = self.api_base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{path}"))
            .map_err(|_| "the PhonePe API base cannot be extended with a path".to_owned())
    }
}

/// PhonePe's limits: shorter than 38 characters; we also keep it to the characters that can go
/// into a URL path segment and a header unescaped.
fn check_merchant_id(id: &str) -> Result<(), String> {
    let valid = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if id.is_empty() || id.len() > MAX_MERCHANT_ID_LEN || !id.bytes().all(valid) {
        return Err(format!(
            "must be the merchant id PhonePe issued (letters, digits, _ and -, at most \
             {MAX_MERCHANT_ID_LEN}), got {id:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const SALT: &str = "96434309-7796-489d-8924-ab56988a6076";

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn sandbox_vars() -> Vec<(&'static str, &'static str)> {
        vec![
            ("PHONEPE_MERCHANT_ID", "PGTESTPAYUAT86"),
            ("PHONEPE_SALT_KEY", SALT),
            ("PHONEPE_SALT_INDEX", "1"),
            ("PHONEPE_ENVIRONMENT", "SANDBOX"),
        ]
    }

    #[test]
    fn nothing_set_means_phonepe_is_off() {
        assert!(PhonePeConfig::from_lookup(lookup(&[])).unwrap().is_none());
        assert!(
            PhonePeConfig::from_lookup(lookup(&[("PHONEPE_MERCHANT_ID", " ")]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn the_seeds_sandbox_settings_select_the_sandbox_host() {
        let config = PhonePeConfig::from_lookup(lookup(&sandbox_vars()))
            .unwrap()
            .unwrap();
        assert_eq!(config.merchant_id, "PGTESTPAYUAT86");
        assert_eq!(config.salt.index(), 1);
        assert_eq!(config.environment, Environment::Sandbox);
        assert_eq!(
            config.url("/pg/v1/pay").unwrap().as_str(),
            "https://api-preprod.phonepe.com/apis/pg-sandbox/pg/v1/pay"
        );
        assert_eq!(config.timeout, DEFAULT_TIMEOUT);
        assert_eq!(config.client_config().integration, "phonepe");
        assert!(!format!("{config:?}").contains(SALT));
    }

    #[test]
    fn production_selects_the_production_host_and_the_base_can_be_overridden() {
        let mut vars = sandbox_vars();
        vars[3] = ("PHONEPE_ENVIRONMENT", "production");
        let config = PhonePeConfig::from_lookup(lookup(&vars)).unwrap().unwrap();
        assert_eq!(config.environment, Environment::Production);
        assert_eq!(
            config.url("/pg/v1/pay").unwrap().as_str(),
            "https://api.phonepe.com/apis/hermes/pg/v1/pay"
        );

        vars.push(("PHONEPE_API_BASE", "http://127.0.0.1:4010/phonepe/"));
        let config = PhonePeConfig::from_lookup(lookup(&vars)).unwrap().unwrap();
        assert_eq!(
            config.url("/pg/v1/status/M/T").unwrap().as_str(),
            "http://127.0.0.1:4010/phonepe/pg/v1/status/M/T"
        );
    }

    #[test]
    fn a_half_configured_merchant_names_every_missing_variable() {
        let problems =
            PhonePeConfig::from_lookup(lookup(&[("PHONEPE_MERCHANT_ID", "M1")])).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        for (problem, var) in problems.iter().zip([
            "PHONEPE_SALT_KEY",
            "PHONEPE_SALT_INDEX",
            "PHONEPE_ENVIRONMENT",
        ]) {
            assert!(problem.starts_with(var), "{problem}");
        }
        // A key alone is not silently ignored either.
        let problems =
            PhonePeConfig::from_lookup(lookup(&[("PHONEPE_SALT_KEY", SALT)])).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().all(|p| !p.contains(SALT)));
        // The environment alone configures nothing, but a typo in it is still reported.
        assert!(
            PhonePeConfig::from_lookup(lookup(&[("PHONEPE_ENVIRONMENT", "PRODUCTION")]))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            PhonePeConfig::from_lookup(lookup(&[("PHONEPE_ENVIRONMENT", "prod")]))
                .unwrap_err()
                .len(),
            1
        );
    }

    #[test]
    fn bad_values_are_reported_one_each_without_the_key() {
        let problems = PhonePeConfig::from_lookup(lookup(&[
            ("PHONEPE_MERCHANT_ID", "PG TEST/86"),
            ("PHONEPE_SALT_KEY", "96434309 secret"),
            ("PHONEPE_SALT_INDEX", "0"),
            ("PHONEPE_ENVIRONMENT", "uat"),
            ("PHONEPE_API_BASE", "http://api.phonepe.com"),
        ]))
        .unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:?}");
        for (problem, var) in problems.iter().zip([
            "PHONEPE_MERCHANT_ID",
            "PHONEPE_SALT_KEY",
            "PHONEPE_SALT_INDEX",
            "PHONEPE_ENVIRONMENT",
            "PHONEPE_API_BASE",
        ]) {
            assert!(problem.starts_with(var), "{problem}");
            assert!(!problem.contains("secret"), "{problem}");
        }

        let bad = |var: &str, value: &str| {
            let mut vars = sandbox_vars();
            vars.retain(|(k, _)| *k != var);
            vars.push((var, value));
            PhonePeConfig::from_lookup(lookup(&vars)).unwrap_err().len() == 1
        };
        assert!(bad("PHONEPE_SALT_INDEX", "-1"));
        assert!(bad("PHONEPE_SALT_INDEX", "+1"));
        assert!(bad("PHONEPE_SALT_INDEX", "one"));
        assert!(bad("PHONEPE_MERCHANT_ID", &"M".repeat(38)));
        assert!(bad("PHONEPE_API_BASE", "ftp://127.0.0.1"));
        assert!(bad("PHONEPE_API_BASE", "https://example.com/?a=1"));
        let userinfo = {
            let mut vars = sandbox_vars();
            vars.push(("PHONEPE_API_BASE", "https://u:hunter2@example.com"));
            PhonePeConfig::from_lookup(lookup(&vars)).unwrap_err()
        };
        assert!(!userinfo[0].contains("hunter2"));
    }

    #[test]
    fn new_checks_the_merchant_id() {
        assert!(PhonePeConfig::new("M/1", SALT.into(), 1, Environment::Sandbox).is_err());
        let config = PhonePeConfig::new("M_1-x", SALT.into(), 1, Environment::Production).unwrap();
        assert_eq!(
            config.api_base.as_str(),
            "https://api.phonepe.com/apis/hermes"
        );
    }
}
