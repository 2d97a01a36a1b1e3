//! What the adapter needs to know, read from the environment and checked before start.

use std::time::Duration;

use jobr_http::{ClientConfig, Url};
use secrecy::{ExposeSecret, SecretString};

pub const DEFAULT_MODEL: &str = "gpt-4-turbo";
pub const DEFAULT_MAX_TOKENS: u32 = 4000;
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// No model we would use writes more than this in one answer; a bigger number is a typo.
pub const MAX_TOKENS_LIMIT: u32 = 128_000;

/// `Debug` shows the key as `[REDACTED]` (secrecy), so the config can be logged as a whole.
#[derive(Debug, Clone)]
pub struct OpenAiConfig {
    pub api_key: SecretString,
    pub model: String,
    /// The ceiling on the answer's length (`max_tokens` in each request).
    pub max_tokens: u32,
    /// The API root; completions are posted to `{base_url}/chat/completions`.
    pub base_url: Url,
    /// Per attempt, connect to last byte.
    pub timeout: Duration,
}

impl OpenAiConfig {
    /// The defaults (`gpt-4-turbo`, 4000 tokens, api.openai.com, 30 s) with this key.
    pub fn new(api_key: SecretString) -> Self {
        Self {
            api_key,
            model: DEFAULT_MODEL.to_owned(),
            max_tokens: DEFAULT_MAX_TOKENS,
            base_url: default_base_url(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Reads `OPENAI_API_KEY`, `OPENAI_MODEL`, `OPENAI_MAX_TOKENS` and `OPENAI_BASE_URL` through
    /// `lookup` (e.g. `|k| std::env::var(k).ok()`).
    ///
    /// `Ok(None)` when no key is set (or it is blank): AI is off and the platform falls back to
    /// its rule-based paths. Every problem found is reported, one message each; no message ever
    /// contains the key.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, Vec<String>> {
        let mut problems = Vec::new();
        let set = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let api_key = set("OPENAI_API_KEY").and_then(|key| {
            let key = key.trim().to_owned();
            // It goes into an `Authorization` header: visible ASCII only, and no spaces.
            if key.bytes().all(|b| b.is_ascii_graphic()) {
                Some(SecretString::from(key))
            } else {
                problems.push(
                    "OPENAI_API_KEY contains spaces or characters that cannot be sent in an HTTP \
                     header (check for quotes or a pasted line break)"
                        .to_owned(),
                );
                None
            }
        });

        let model = match set("OPENAI_MODEL") {
            None => DEFAULT_MODEL.to_owned(),
            Some(model) => {
                let model = model.trim().to_owned();
                let valid_char = |c: char| c.is_ascii_alphanumeric() || "-._:/".contains(c);
                if model.len() > 128 || !model.chars().all(valid_char) {
                    problems.push(format!(
                        "OPENAI_MODEL must be a model name such as {DEFAULT_MODEL:?} (letters, \
                         digits and - . _ : /, at most 128), got {model:?}"
                    ));
                }
                model
            }
        };

        let max_tokens = match set("OPENAI_MAX_TOKENS") {
            None => DEFAULT_MAX_TOKENS,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_TOKENS_LIMIT).contains(&n) => n,
                _ => {
                    problems.push(format!(
                        "OPENAI_MAX_TOKENS must be a whole number from 1 to {MAX_TOKENS_LIMIT}, \
                         got {raw:?}"
                    ));
                    DEFAULT_MAX_TOKENS
                }
            },
        };

        let base_url = match set("OPENAI_BASE_URL") {
            None => default_base_url(),
            Some(raw) => match jobr_http::check_api_base(raw.trim()) {
                Ok(url) => url,
                Err(why) => {
                    problems.push(format!("OPENAI_BASE_URL {why}"));
                    default_base_url()
                }
            },
        };

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(api_key.map(|api_key| Self {
            api_key,
            model,
            max_tokens,
            base_url,
            timeout: DEFAULT_TIMEOUT,
        }))
    }

    /// The outbound client settings for this integration: production retry and breaker
    /// defaults, with this config's timeout. Tests shorten the backoff before building.
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig {
            timeout: self.timeout,
            ..ClientConfig::new("openai")
        }
    }

    /// `{base_url}/chat/completions`, whether or not the base ends with a slash.
    pub fn completions_url(&self) -> Result<Url, String> {
        let base = self.base_url.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/chat/completions"))
            .map_err(|_| "the OpenAI base URL cannot be extended with a path".to_owned())
    }

    pub(crate) fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }
}

#[allow(clippy::expect_used)] // a constant, covered by the tests below
fn default_base_url() -> Url {
    Url::parse(DEFAULT_BASE_URL).expect("DEFAULT_BASE_URL is a valid URL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn no_key_means_ai_is_off() {
        assert!(OpenAiConfig::from_lookup(lookup(&[])).unwrap().is_none());
        assert!(
            OpenAiConfig::from_lookup(lookup(&[("OPENAI_API_KEY", "  ")]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn defaults_apply_when_only_the_key_is_set() {
        let config = OpenAiConfig::from_lookup(lookup(&[("OPENAI_API_KEY", "sk-test\n")]))
            .unwrap()
            .unwrap();
        assert_eq!(config.api_key(), "sk-test");
        assert_eq!(config.model, "gpt-4-turbo");
        assert_eq!(config.max_tokens, 4000);
        assert_eq!(config.base_url.as_str(), "https://api.openai.com/v1");
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(
            config.completions_url().unwrap().as_str(),
            "https://api.openai.com/v1/chat/completions"
        );
        assert_eq!(config.client_config().integration, "openai");
        assert!(!format!("{config:?}").contains("sk-test"));
    }

    #[test]
    fn overrides_are_read() {
        let config = OpenAiConfig::from_lookup(lookup(&[
            ("OPENAI_API_KEY", "sk-test"),
            ("OPENAI_MODEL", "gpt-4o-mini"),
            ("OPENAI_MAX_TOKENS", "1500"),
            ("OPENAI_BASE_URL", "http://localhost:11434/v1/"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(config.model, "gpt-4o-mini");
        assert_eq!(config.max_tokens, 1500);
        assert_eq!(
            config.completions_url().unwrap().as_str(),
            "http://localhost:11434/v1/chat/completions"
        );
    }

    #[test]
    fn every_problem_is_reported_once_and_the_key_never_echoed() {
        let problems = OpenAiConfig::from_lookup(lookup(&[
            ("OPENAI_API_KEY", "sk-se cret"),
            ("OPENAI_MODEL", "gpt 4"),
            ("OPENAI_MAX_TOKENS", "0"),
            ("OPENAI_BASE_URL", "ftp://example.com"),
        ]))
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        for (problem, var) in problems.iter().zip([
            "OPENAI_API_KEY",
            "OPENAI_MODEL",
            "OPENAI_MAX_TOKENS",
            "OPENAI_BASE_URL",
        ]) {
            assert!(problem.starts_with(var), "{problem}");
            assert!(!problem.contains("se cret"), "{problem}");
        }
    }

    #[test]
    fn bad_values_are_rejected() {
        let bad = |var: &str, value: &str| {
            OpenAiConfig::from_lookup(lookup(&[("OPENAI_API_KEY", "sk-x"), (var, value)]))
                .unwrap_err()
                .len()
                == 1
        };
        assert!(bad("OPENAI_MAX_TOKENS", "many"));
        assert!(bad("OPENAI_MAX_TOKENS", "-5"));
        assert!(bad("OPENAI_MAX_TOKENS", "1000000"));
        assert!(bad("OPENAI_BASE_URL", "api.openai.com/v1"));
        assert!(bad("OPENAI_BASE_URL", "http://example.com/v1"));
        assert!(bad("OPENAI_BASE_URL", "https://example.com/v1?key=1"));
        assert!(bad("OPENAI_MODEL", "gpt-4o\u{0}"));
        let userinfo = OpenAiConfig::from_lookup(lookup(&[
            ("OPENAI_API_KEY", "sk-x"),
            ("OPENAI_BASE_URL", "https://user:hunter2@example.com/v1"),
        ]))
        .unwrap_err();
        assert!(!userinfo[0].contains("hunter2"));
        // Problems in optional settings are reported even when AI is off, so typos surface early.
        assert!(OpenAiConfig::from_lookup(lookup(&[("OPENAI_MAX_TOKENS", "x")])).is_err());
    }
}
