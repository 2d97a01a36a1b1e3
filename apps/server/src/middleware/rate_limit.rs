//! Fixed-window request limits (seed: auth 10 / 15 min and general 100 / 15 min per client
//! IP; uploads 5 / hour per user). The client IP is the TCP peer, or behind a trusted proxy the
//! address it forwarded (see `client_ip`); IPv6 clients count per /64.
//!
//! Counters live in this process: with several instances behind a balancer each enforces
//! its own window, which bounds a client at N × the limit; acceptable for abuse control.

use crate::{
    api::{ApiError, ErrorCode},
    config::RateLimit,
    middleware::client_ip::ClientKeys,
};
use actix_web::{
    Error, ResponseError,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{StatusCode, header},
    middleware::Next,
    web,
};
use std::{
    collections::HashMap,
    hash::Hash,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Counts requests per key (a client IP, a user id) in fixed windows.
pub struct RateLimiter<K = IpAddr> {
    limit: RateLimit,
    windows: Mutex<Windows<K>>,
}

#[derive(Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// Above this many tracked clients, expired windows are swept before inserting.
const SWEEP_THRESHOLD: usize = 10_000;

struct Windows<K> {
    by_key: HashMap<K, Window>,
    /// The size that triggers the next sweep: twice what the last sweep left (at least
    /// `SWEEP_THRESHOLD`), so many live clients cost one sweep per doubling, not one per request.
    sweep_at: usize,
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            windows: Mutex::new(Windows {
                by_key: HashMap::new(),
                sweep_at: SWEEP_THRESHOLD,
            }),
        }
    }

    /// Counts one request; `Err(wait)` when the key is over its limit.
    pub fn check(&self, client: K, now: Instant) -> Result<(), Duration> {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.by_key.len() > windows.sweep_at {
            windows
                .by_key
                .retain(|_, w| now.duration_since(w.started) < self.limit.window);
            windows.sweep_at = (windows.by_key.len() * 2).max(SWEEP_THRESHOLD);
        }
        let window = windows.by_key.entry(client).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(window.started) >= self.limit.window {
            *window = Window {
                started: now,
                count: 0,
            };
        }
        if window.count >= self.limit.max_requests {
            return Err(self
                .limit
                .window
                .saturating_sub(now.duration_since(window.started)));
        }
        window.count += 1;
        Ok(())
    }
}

/// The limiters of the app, shared by every worker.
pub struct RateLimiters {
    /// Finds the client a request counts against (through trusted proxies).
    pub client_keys: ClientKeys,
    pub general: RateLimiter,
    pub auth: RateLimiter,
    /// Per signed-in user, checked by the upload handler.
    pub uploads: RateLimiter<jobr_core::UserId>,
}

pub async fn limit_general(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    enforce(req, next, |limiters| &limiters.general).await
}

pub async fn limit_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    enforce(req, next, |limiters| &limiters.auth).await
}

/// A refused request is answered here with a finished 429 response, not an `Err`: outer
/// middleware (request id, security headers) decorates responses but passes errors through.
async fn enforce<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
    pick: impl Fn(&RateLimiters) -> &RateLimiter,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    if let Err(refusal) = check(&req, pick) {
        return Ok(req
            .into_response(refusal.error_response())
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn check(
    req: &ServiceRequest,
    pick: impl Fn(&RateLimiters) -> &RateLimiter,
) -> Result<(), ApiError> {
    let Some(limiters) = req.app_data::<web::Data<RateLimiters>>() else {
        return Ok(());
    };
    let Some(peer) = req.peer_addr().map(|addr| addr.ip()) else {
        return Ok(());
    };
    let forwarded_for = req
        .headers()
        .get_all(header::X_FORWARDED_FOR)
        // A value that is not visible ASCII cannot be an address list: it ends the chain.
        .map(|value| value.to_str().unwrap_or("-"));
    let client = limiters.client_keys.client_key(peer, forwarded_for);
    pick(limiters)
        .check(client, Instant::now())
        .map_err(rate_limited)
}

/// The 429 answer, telling the client how long to wait.
pub fn rate_limited(wait: Duration) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        "Too many requests; try again later",
    )
    .retry_after(wait.as_secs_f64().ceil() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_then_refuses_until_the_window_ends() {
        let limiter = RateLimiter::new(RateLimit {
            max_requests: 3,
            window: Duration::from_secs(60),
        });
        let client: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(client, start).is_ok());
        }
        let wait = limiter
            .check(client, start + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert!(
            limiter.check(other, start).is_ok(),
            "clients have separate budgets"
        );
        assert!(
            limiter
                .check(client, start + Duration::from_secs(60))
                .is_ok()
        );
    }
}
