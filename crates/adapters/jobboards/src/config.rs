//! Where the boards live. Configurable so that tests (and staging) point at local fakes.

use std::time::Duration;

use jobr_http::{ClientConfig, Url};

pub const DEFAULT_GREENHOUSE_API_BASE: &str = "https://boards-api.greenhouse.io";
pub const DEFAULT_LEVER_API_BASE: &str = "https://api.lever.co";

#[derive(Debug, Clone)]
pub struct BoardsConfig {
    /// Greenhouse's job-board API root; boards are read from `{base}/v1/boards/{token}/jobs`.
    pub greenhouse_api_base: Url,
    /// Lever's postings API root; postings are read from `{base}/v0/postings/{company}`.
    pub lever_api_base: Url,
}

impl Default for BoardsConfig {
    fn default() -> Self {
        Self {
            greenhouse_api_base: parse_default(DEFAULT_GREENHOUSE_API_BASE),
            lever_api_base: parse_default(DEFAULT_LEVER_API_BASE),
        }
    }
}

impl BoardsConfig {
    /// Reads `GREENHOUSE_API_BASE` and `LEVER_API_BASE` through `lookup` (e.g.
    /// `|k| std::env::var(k).ok()`); unset or blank means the public host. Every problem is
    /// reported, one message each.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut read = |name: &str, default: &str| {
            let value = lookup(name).filter(|v| !v.trim().is_empty());
            let value = value.as_deref().map_or(default, str::trim);
            match Url::parse(value) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Some(url),
                _ => {
                    problems.push(format!(
                        "{name} must be an http(s) URL such as {default}, got {value:?}"
                    ));
                    None
                }
            }
        };
        let greenhouse = read("GREENHOUSE_API_BASE", DEFAULT_GREENHOUSE_API_BASE);
        let lever = read("LEVER_API_BASE", DEFAULT_LEVER_API_BASE);
        match (greenhouse, lever) {
            (Some(greenhouse_api_base), Some(lever_api_base)) if problems.is_empty() => Ok(Self {
                greenhouse_api_base,
                lever_api_base,
            }),
            _ => Err(problems),
        }
    }
}

/// The outbound client settings for one board integration: a board answer is one page of
/// JSON, so 20 s per attempt is generous; GETs are retried (429 and 5xx) with backoff.
pub fn client_config(integration: &'static str) -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_secs(20),
        ..ClientConfig::new(integration)
    }
}

fn parse_default(url: &str) -> Url {
    // The defaults are constants checked by the test below.
    Url::parse(url).unwrap_or_else(|_| unreachable!("default base URL {url} parses"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_public_hosts_and_bad_values_are_reported() {
        let config = BoardsConfig::from_lookup(|_| None).expect("defaults");
        assert_eq!(
            config.greenhouse_api_base.as_str(),
            "https://boards-api.greenhouse.io/"
        );
        assert_eq!(config.lever_api_base.as_str(), "https://api.lever.co/");
        let problems = BoardsConfig::from_lookup(|k| {
            Some(
                if k == "LEVER_API_BASE" {
                    "ftp://x"
                } else {
                    "not a url"
                }
                .to_owned(),
            )
        })
        .expect_err("both bad");
        assert_eq!(problems.len(), 2);
        let local = BoardsConfig::from_lookup(|k| {
            (k == "GREENHOUSE_API_BASE").then(|| "http://127.0.0.1:9000".to_owned())
        })
        .expect("local");
        assert_eq!(local.greenhouse_api_base.as_str(), "http://127.0.0.1:9000/");
    }
}
