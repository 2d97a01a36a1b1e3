//! When to try again and how long to wait first.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Exponential backoff with full jitter: a uniform wait in `[0, min(max, base * 2^retry)]`.
/// Full jitter (rather than a fixed exponential) spreads the retries of many callers that failed
/// together, so they do not hit the recovering provider in synchronised waves.
pub(crate) fn backoff(retry: u32, base: Duration, max: Duration) -> Duration {
    let ceiling = base
        .checked_mul(2_u32.saturating_pow(retry))
        .unwrap_or(max)
        .min(max);
    ceiling.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
}

/// Reads `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the past
/// means "now"; anything unreadable is ignored, as if the header were absent.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// What to do with one attempt's answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Success,
    /// Worth another attempt if the request may be repeated.
    Transient,
    /// 429: wait at least this long (when the server said) before trying again.
    RateLimited(Option<Duration>),
    /// The answer is final: 3xx (redirects are not followed) and 4xx other than 429.
    Final,
}

pub(crate) fn classify(status: StatusCode, headers: &HeaderMap) -> Verdict {
    if status.is_success() {
        Verdict::Success
    } else if status == StatusCode::TOO_MANY_REQUESTS {
        Verdict::RateLimited(retry_after(headers))
    } else if status.is_server_error() {
        Verdict::Transient
    } else {
        Verdict::Final
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let base = Duration::from_millis(500);
        let max = Duration::from_secs(8);
        for retry in 0..64 {
            let ceiling = (base * 2_u32.saturating_pow(retry.min(31))).min(max);
            assert!(backoff(retry, base, max) <= ceiling);
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);

        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));

        let later = SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(later);
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(110) && wait <= Duration::from_secs(120));

        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));

        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn only_429_and_5xx_are_worth_retrying() {
        let h = HeaderMap::new();
        assert_eq!(classify(StatusCode::OK, &h), Verdict::Success);
        assert_eq!(classify(StatusCode::BAD_GATEWAY, &h), Verdict::Transient);
        assert_eq!(
            classify(StatusCode::TOO_MANY_REQUESTS, &h),
            Verdict::RateLimited(None)
        );
        assert_eq!(classify(StatusCode::CONFLICT, &h), Verdict::Final);
        assert_eq!(classify(StatusCode::FOUND, &h), Verdict::Final);
    }
}
