//! Mail settings: the public address links point to, and how the outbox worker runs.

use crate::config::Environment;
use jobr_notifications::{BaseUrl, RetryPolicy};
use std::time::Duration;

/// Where links in development mail point when BASE_URL is not set (the web app's dev server).
pub const DEVELOPMENT_BASE_URL: &str = "http://localhost:3000";

#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// BASE_URL: the web app; verification and reset links are built from it.
    pub base_url: BaseUrl,
    /// True when BASE_URL was not set and the development address is used (said at start).
    pub base_url_defaulted: bool,
    /// OUTBOX_POLL_INTERVAL_MS: the worker's pause when the outbox has nothing due.
    pub poll_interval: Duration,
    /// OUTBOX_MAX_ATTEMPTS and the fixed backoff, lease and batch settings.
    pub policy: RetryPolicy,
}

impl OutboxConfig {
    pub fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        environment: Environment,
    ) -> Result<Self, Vec<String>> {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut problems = Vec::new();
        let (base_url, base_url_defaulted) = match get("BASE_URL") {
            Some(raw) => match BaseUrl::parse(&raw) {
                Ok(url) => (Some(url), false),
                Err(problem) => {
                    problems.push(format!("BASE_URL {}", problem.message));
                    (None, false)
                }
            },
            None if environment == Environment::Production => {
                problems.push(
                    "BASE_URL is required in production (links in mail are built from it)"
                        .to_string(),
                );
                (None, false)
            }
            None => (BaseUrl::parse(DEVELOPMENT_BASE_URL).ok(), true),
        };
        let mut number =
            |key: &str, default: u64, min: u64| match get(key).map(|raw| raw.parse::<u64>()) {
                None => default,
                Some(Ok(value)) if value >= min => value,
                Some(_) => {
                    problems.push(format!("{key} must be a whole number of at least {min}"));
                    default
                }
            };
        let poll_ms = number("OUTBOX_POLL_INTERVAL_MS", 1_000, 10);
        let max_attempts = number("OUTBOX_MAX_ATTEMPTS", 8, 1).min(i32::MAX as u64) as i32;
        match base_url {
            Some(base_url) if problems.is_empty() => Ok(Self {
                base_url,
                base_url_defaulted,
                poll_interval: Duration::from_millis(poll_ms),
                policy: RetryPolicy {
                    max_attempts,
                    ..RetryPolicy::default()
                },
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(
        pairs: &[(&str, &str)],
        environment: Environment,
    ) -> Result<OutboxConfig, Vec<String>> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        OutboxConfig::from_lookup(&|key| map.get(key).cloned(), environment)
    }

    #[test]
    fn production_needs_a_base_url_and_development_says_it_defaulted() {
        let problems = parse(&[], Environment::Production).unwrap_err();
        assert!(problems[0].contains("BASE_URL is required"), "{problems:?}");
        let dev = parse(&[], Environment::Development).unwrap();
        assert!(dev.base_url_defaulted);
        assert_eq!(dev.base_url.as_str(), "http://localhost:3000/");
    }

    #[test]
    fn a_bad_base_url_and_bad_numbers_are_each_reported() {
        let problems = parse(
            &[("BASE_URL", "jobr.example"), ("OUTBOX_MAX_ATTEMPTS", "0")],
            Environment::Development,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let ok = parse(
            &[
                ("BASE_URL", "https://jobr.example"),
                ("OUTBOX_MAX_ATTEMPTS", "3"),
            ],
            Environment::Production,
        )
        .unwrap();
        assert_eq!(ok.policy.max_attempts, 3);
        assert!(!ok.base_url_defaulted);
    }
}
