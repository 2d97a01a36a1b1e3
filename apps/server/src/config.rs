//! Configuration from the environment (names from the seed's "Complete Environment Variables
//! Reference"), validated once at start: every problem is reported, not just the first.

use ipnet::IpNet;
use jobr_openai::OpenAiConfig;
use secrecy::{ExposeSecret, SecretString};
use std::{fmt, path::PathBuf, time::Duration};

pub const MIN_JWT_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct RateLimit {
    pub max_requests: u32,
    pub window: Duration,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub host: String,
    pub port: u16,
    pub database_url: Option<SecretString>,
    pub database_pool_size: usize,
    pub jwt_secret: SecretString,
    /// True when no JWT_SECRET was given and a random one was made (development only).
    pub jwt_secret_generated: bool,
    pub cors_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client for rate limits; empty trusts
    /// no header.
    pub trusted_proxies: Vec<IpNet>,
    pub general_rate_limit: RateLimit,
    pub auth_rate_limit: RateLimit,
    pub json_body_limit: usize,
    /// Where uploaded CV files are kept.
    pub upload_dir: PathBuf,
    /// CV uploads per user (seed: 5 an hour).
    pub upload_rate_limit: RateLimit,
    /// HTTP worker threads; `None` is one per core.
    pub workers: Option<usize>,
    // --- Resilience: how long anything may wait, and how many may wait at once. ---
    /// The longest a request waits for a pooled database connection (then 503).
    pub database_acquire_timeout: Duration,
    /// `statement_timeout` of every database session.
    pub database_statement_timeout: Duration,
    /// The longest a client may take to send a request body, from its headers on (then 408).
    pub request_body_timeout: Duration,
    /// Open connections per worker; past it, new ones wait in the listen backlog.
    pub max_connections_per_worker: usize,
    /// `None` when OPENAI_API_KEY is unset: CVs are then parsed by the rules alone.
    pub openai: Option<OpenAiConfig>,
    pub extraction: ExtractionConfig,
    /// BASE_URL for links in mail, and the outbox worker's settings.
    pub outbox: crate::outbox_config::OutboxConfig,
    /// API_BASE_URL, else BASE_URL (the web app serving `/api` on its own origin): this API's
    /// public address, which PhonePe's return and callback URLs are built from.
    pub public_api: jobr_notifications::BaseUrl,
    /// The mailer (SMTP_URL, SENDGRID_*) and the Event Webhook key.
    pub mail: jobr_sendgrid::MailConfig,
    /// STRIPE_* and PHONEPE_*: the configured payment providers (possibly none).
    pub payments: crate::payments::PaymentsConfig,
}

/// The isolated CV extraction worker.
#[derive(Debug, Clone)]
pub struct ExtractionConfig {
    /// EXTRACTOR_PATH; `None` means `jobr-extract` next to the running executable.
    pub program: Option<PathBuf>,
    /// EXTRACT_MEMORY_LIMIT_MB: the worker's address-space limit.
    pub memory_limit_mb: u64,
    /// EXTRACT_TIMEOUT_MS: wall-clock time before the worker is killed.
    pub timeout: Duration,
}

/// Every configuration problem found, one per line.
#[derive(Debug)]
pub struct ConfigErrors(pub Vec<String>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid configuration:")?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl Config {
    pub fn from_env() -> Result<Self, ConfigErrors> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads through `lookup` so tests can pass a map instead of mutating the process env.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigErrors> {
        let mut problems = Vec::new();
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut number = |key: &str, default: u64, min: u64| -> u64 {
            match get(key).map(|raw| raw.parse::<u64>()) {
                None => default,
                Some(Ok(value)) if value >= min => value,
                Some(_) => {
                    problems.push(format!("{key} must be a whole number of at least {min}"));
                    default
                }
            }
        };

        let port = number("PORT", 5000, 0);
        let pool_size = number("DATABASE_POOL_SIZE", 10, 1);
        let window_ms = number("RATE_LIMIT_WINDOW", 900_000, 1);
        let general_max = number("RATE_LIMIT_MAX", 100, 1);
        let auth_max = number("RATE_LIMIT_AUTH_MAX", 10, 1);
        let json_body_limit = number("JSON_BODY_LIMIT", 64 * 1024, 1024);
        let upload_max = number("RATE_LIMIT_UPLOAD_MAX", 5, 1);
        let upload_window_ms = number("RATE_LIMIT_UPLOAD_WINDOW", 3_600_000, 1);
        let workers = get("WORKERS").map(|_| number("WORKERS", 1, 1) as usize);
        let extract_memory_mb = number("EXTRACT_MEMORY_LIMIT_MB", 256, 32);
        let extract_timeout_ms = number("EXTRACT_TIMEOUT_MS", 10_000, 100);
        let database_acquire_ms = number("DATABASE_ACQUIRE_TIMEOUT", 2_000, 100);
        let database_statement_ms = number("DATABASE_STATEMENT_TIMEOUT", 5_000, 100);
        let request_body_ms = number("REQUEST_BODY_TIMEOUT", 60_000, 100);
        let max_connections = number("MAX_CONNECTIONS", 1_000, 1);

        let environment = match get("JOBR_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                problems.push(format!(
                    "JOBR_ENV must be `development` or `production`, not `{other}`"
                ));
                Environment::Development
            }
        };
        if port > u64::from(u16::MAX) {
            problems.push("PORT must be at most 65535".to_string());
        }

        let database_url = get("DATABASE_URL");
        if let Some(url) = &database_url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                problems
                    .push("DATABASE_URL must start with postgres:// or postgresql://".to_string());
            }
        } else if environment == Environment::Production {
            problems.push(
                "DATABASE_URL is required in production (the in-memory store keeps nothing)"
                    .to_string(),
            );
        }

        let (jwt_secret, jwt_secret_generated) = match get("JWT_SECRET") {
            Some(secret) if secret.len() >= MIN_JWT_SECRET_BYTES => (secret, false),
            Some(_) => {
                problems.push(format!(
                    "JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes"
                ));
                (String::new(), false)
            }
            None if environment == Environment::Production => {
                problems.push(format!(
                    "JWT_SECRET is required in production (at least {MIN_JWT_SECRET_BYTES} bytes)"
                ));
                (String::new(), false)
            }
            None => (random_secret(), true),
        };

        let cors_origins = get("CORS_ORIGINS")
            .map(|raw| {
                raw.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();

        let trusted_proxies = get("TRUSTED_PROXIES")
            .map(|raw| {
                parse_trusted_proxies(&raw).unwrap_or_else(|problem| {
                    problems.push(problem);
                    Vec::new()
                })
            })
            .unwrap_or_default();

        let openai = OpenAiConfig::from_lookup(&lookup).unwrap_or_else(|openai_problems| {
            problems.extend(openai_problems);
            None
        });

        let outbox = crate::outbox_config::OutboxConfig::from_lookup(&lookup, environment)
            .map_err(|outbox_problems| problems.extend(outbox_problems))
            .ok();
        let public_api = match get("API_BASE_URL") {
            Some(raw) => jobr_notifications::BaseUrl::parse(&raw)
                .map_err(|problem| problems.push(format!("API_BASE_URL {}", problem.message)))
                .ok(),
            None => outbox.as_ref().map(|outbox| outbox.base_url.clone()),
        };
        let mail = jobr_sendgrid::MailConfig::from_lookup(&lookup)
            .map_err(|mail_problems| problems.extend(mail_problems))
            .ok();

        let payments = crate::payments::PaymentsConfig::from_lookup(&lookup)
            .map_err(|payment_problems| problems.extend(payment_problems))
            .ok();

        let (Some(outbox), Some(public_api), Some(mail), Some(payments), true) =
            (outbox, public_api, mail, payments, problems.is_empty())
        else {
            return Err(ConfigErrors(problems));
        };
        Ok(Config {
            environment,
            host: get("HOST").unwrap_or_else(|| "0.0.0.0".to_string()),
            port: port as u16,
            database_url: database_url.map(SecretString::from),
            database_pool_size: pool_size as usize,
            jwt_secret: SecretString::from(jwt_secret),
            jwt_secret_generated,
            cors_origins,
            trusted_proxies,
            general_rate_limit: RateLimit {
                max_requests: general_max as u32,
                window: Duration::from_millis(window_ms),
            },
            auth_rate_limit: RateLimit {
                max_requests: auth_max as u32,
                window: Duration::from_millis(window_ms),
            },
            json_body_limit: json_body_limit as usize,
            upload_dir: PathBuf::from(get("UPLOAD_DIR").unwrap_or_else(|| "uploads".to_string())),
            upload_rate_limit: RateLimit {
                max_requests: upload_max as u32,
                window: Duration::from_millis(upload_window_ms),
            },
            workers,
            database_acquire_timeout: Duration::from_millis(database_acquire_ms),
            database_statement_timeout: Duration::from_millis(database_statement_ms),
            request_body_timeout: Duration::from_millis(request_body_ms),
            max_connections_per_worker: max_connections as usize,
            openai,
            extraction: ExtractionConfig {
                program: get("EXTRACTOR_PATH").map(PathBuf::from),
                memory_limit_mb: extract_memory_mb,
                timeout: Duration::from_millis(extract_timeout_ms),
            },
            outbox,
            public_api,
            mail,
            payments,
        })
    }

    pub fn jwt_secret_bytes(&self) -> &[u8] {
        self.jwt_secret.expose_secret().as_bytes()
    }
}

/// A comma-separated list of networks (`10.0.0.0/8`) or single addresses (`192.0.2.7`).
fn parse_trusted_proxies(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| {
                    format!(
                        "TRUSTED_PROXIES: `{entry}` is not a network in CIDR form (e.g. 10.0.0.0/8) or an IP address"
                    )
                })
        })
        .collect()
}

fn random_secret() -> String {
    use rand::{Rng, distributions::Alphanumeric};
    rand::rngs::OsRng
        .sample_iter(&Alphanumeric)
        .take(64)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigErrors> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|key| map.get(key).cloned())
    }

    #[test]
    fn development_defaults_need_nothing() {
        let config = config(&[]).unwrap();
        assert_eq!(config.port, 5000);
        assert!(config.jwt_secret_generated);
        assert!(config.jwt_secret_bytes().len() >= MIN_JWT_SECRET_BYTES);
        assert_eq!(config.auth_rate_limit.max_requests, 10);
        assert_eq!(config.general_rate_limit.max_requests, 100);
        assert_eq!(config.auth_rate_limit.window, Duration::from_secs(900));
        assert_eq!(config.extraction.memory_limit_mb, 256);
        assert_eq!(config.extraction.timeout, Duration::from_secs(10));
        assert_eq!(config.extraction.program, None);
    }

    #[test]
    fn extraction_limits_have_floors() {
        let text = config(&[
            ("EXTRACT_MEMORY_LIMIT_MB", "8"),
            ("EXTRACT_TIMEOUT_MS", "10"),
        ])
        .unwrap_err()
        .to_string();
        assert!(text.contains("EXTRACT_MEMORY_LIMIT_MB"), "{text}");
        assert!(text.contains("EXTRACT_TIMEOUT_MS"), "{text}");
    }

    #[test]
    fn production_reports_every_problem_at_once() {
        let errors = config(&[
            ("JOBR_ENV", "production"),
            ("PORT", "http"),
            ("RATE_LIMIT_MAX", "0"),
        ])
        .unwrap_err();
        let text = errors.to_string();
        for expected in ["PORT", "RATE_LIMIT_MAX", "DATABASE_URL", "JWT_SECRET"] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }

    #[test]
    fn short_jwt_secret_is_refused_and_not_echoed() {
        let errors = config(&[("JWT_SECRET", "tooshort-secret")]).unwrap_err();
        assert!(errors.to_string().contains("at least 32 bytes"));
        assert!(!errors.to_string().contains("tooshort-secret"));
    }

    #[test]
    fn trusted_proxies_are_networks_or_addresses() {
        assert!(config(&[]).unwrap().trusted_proxies.is_empty());
        let config =
            config(&[("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")]).unwrap();
        let expected: Vec<IpNet> = ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"]
            .iter()
            .map(|net| net.parse().unwrap())
            .collect();
        assert_eq!(config.trusted_proxies, expected);
    }

    #[test]
    fn a_bad_trusted_proxy_is_a_clear_startup_error() {
        for bad in ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8;10.1.0.0/16"] {
            let errors = config(&[("TRUSTED_PROXIES", bad)]).unwrap_err();
            let text = errors.to_string();
            assert!(text.contains("TRUSTED_PROXIES"), "{text}");
            assert!(text.contains("CIDR"), "{text}");
        }
    }

    #[test]
    fn the_public_api_address_is_api_base_url_else_base_url_and_checked_at_start() {
        let defaulted = config(&[("BASE_URL", "https://jobr.example")]).unwrap();
        assert_eq!(defaulted.public_api.as_str(), "https://jobr.example/");
        let own = config(&[
            ("BASE_URL", "https://jobr.example"),
            ("API_BASE_URL", "https://api.jobr.example"),
        ])
        .unwrap();
        assert_eq!(own.public_api.as_str(), "https://api.jobr.example/");
        let problems = config(&[("API_BASE_URL", "api.jobr.example")]).unwrap_err();
        assert!(
            problems.0.iter().any(|p| p.starts_with("API_BASE_URL")),
            "{problems:?}"
        );
    }

    #[test]
    fn cors_origins_are_a_comma_list() {
        let config = config(&[("CORS_ORIGINS", "https://a.example, https://b.example/")]).unwrap();
        assert_eq!(
            config.cors_origins,
            ["https://a.example", "https://b.example"]
        );
    }
}
