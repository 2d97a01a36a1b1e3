//! A circuit breaker for one integration.
//!
//! Closed: attempts flow; each unhealthy attempt (5xx, timeout, connect error) adds to a count of
//! consecutive failures, any answered request (2xx–4xx) resets it. At `failure_threshold` the
//! breaker opens: attempts are refused without touching the network, so a dead provider costs us
//! nothing and gets room to recover. After `open_for` it is half-open: exactly one trial attempt
//! goes through; if it is healthy the breaker closes, if not it opens again for `open_for`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive unhealthy attempts that open the breaker.
    pub failure_threshold: u32,
    /// How long the breaker stays open before letting one trial through.
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failure_threshold: 5,
            open_for: Duration::from_secs(30),
        }
    }
}

/// The state, for status pages and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

/// How an attempt went, as far as the breaker cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Health {
    /// The service answered (any 2xx–4xx).
    Healthy,
    /// 5xx, timeout or connect error.
    Unhealthy,
    /// Tells nothing about the service (the request could not be built, the caller gave up).
    Inconclusive,
}

#[derive(Debug)]
enum State {
    Closed { consecutive_failures: u32 },
    Open { until: Instant },
    HalfOpen { trial_in_flight: bool },
}

#[derive(Debug)]
pub(crate) struct Breaker {
    config: BreakerConfig,
    state: Mutex<State>,
}

/// Leave to make one attempt. Dropping it unrecorded (the caller's future was cancelled) counts
/// as inconclusive, so a cancelled trial cannot leave the breaker half-open forever.
#[must_use]
pub(crate) struct Permit<'a> {
    breaker: &'a Breaker,
    recorded: bool,
}

impl Permit<'_> {
    /// Records the attempt's outcome; returns true when this outcome opened the breaker.
    pub(crate) fn record(mut self, health: Health) -> bool {
        self.recorded = true;
        self.breaker.record(health)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.recorded {
            self.breaker.record(Health::Inconclusive);
        }
    }
}

impl Breaker {
    pub(crate) fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State::Closed {
                consecutive_failures: 0,
            }),
        }
    }

    /// Asks to make one attempt; `None` means the breaker is open (or a trial is already out).
    pub(crate) fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut state = self.lock();
        let allowed = match *state {
            State::Closed { .. } => true,
            State::Open { until } if Instant::now() >= until => {
                *state = State::HalfOpen {
                    trial_in_flight: true,
                };
                true
            }
            State::Open { .. } => false,
            State::HalfOpen {
                ref mut trial_in_flight,
            } => !std::mem::replace(trial_in_flight, true),
        };
        drop(state);
        // Lazily: a Permit built and dropped here would record itself under our own lock.
        allowed.then(|| Permit {
            breaker: self,
            recorded: false,
        })
    }

    pub(crate) fn state(&self) -> BreakerState {
        match *self.lock() {
            State::Closed { .. } => BreakerState::Closed,
            // Still reported open after `open_for`: it turns half-open on the next attempt.
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    fn record(&self, health: Health) -> bool {
        let mut state = self.lock();
        let open = State::Open {
            until: Instant::now() + self.config.open_for,
        };
        match (&mut *state, health) {
            (State::Closed { .. }, Health::Healthy) | (State::HalfOpen { .. }, Health::Healthy) => {
                *state = State::Closed {
                    consecutive_failures: 0,
                };
                false
            }
            (
                State::Closed {
                    consecutive_failures,
                },
                Health::Unhealthy,
            ) => {
                *consecutive_failures += 1;
                if *consecutive_failures >= self.config.failure_threshold {
                    *state = open;
                    true
                } else {
                    false
                }
            }
            (State::HalfOpen { .. }, Health::Unhealthy) => {
                *state = open;
                true
            }
            // Let the next attempt be the trial instead.
            (State::HalfOpen { .. }, Health::Inconclusive) => {
                *state = State::HalfOpen {
                    trial_in_flight: false,
                };
                false
            }
            // An attempt that started while closed may finish after others opened the breaker;
            // it must not reset the open period.
            (State::Open { .. }, _) | (State::Closed { .. }, Health::Inconclusive) => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a plain value that is always consistent between statements, so a panic
        // elsewhere while holding the lock leaves nothing half-written: recover it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(open_for: Duration) -> Breaker {
        Breaker::new(BreakerConfig {
            failure_threshold: 2,
            open_for,
        })
    }

    fn fail(b: &Breaker) -> bool {
        b.try_acquire().unwrap().record(Health::Unhealthy)
    }

    #[test]
    fn opens_after_consecutive_failures_only() {
        let b = breaker(Duration::from_secs(60));
        assert!(!fail(&b));
        assert!(!b.try_acquire().unwrap().record(Health::Healthy));
        assert!(!fail(&b));
        assert!(fail(&b));
        assert_eq!(b.state(), BreakerState::Open);
        assert!(b.try_acquire().is_none());
    }

    #[test]
    fn half_open_allows_one_trial_and_reopens_on_failure() {
        let b = breaker(Duration::ZERO);
        fail(&b);
        fail(&b);
        let trial = b.try_acquire().unwrap();
        assert_eq!(b.state(), BreakerState::HalfOpen);
        assert!(b.try_acquire().is_none(), "only one trial at a time");
        assert!(trial.record(Health::Unhealthy));
        assert_eq!(b.state(), BreakerState::Open);
        b.try_acquire().unwrap().record(Health::Healthy);
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[test]
    fn a_dropped_trial_frees_the_slot() {
        let b = breaker(Duration::ZERO);
        fail(&b);
        fail(&b);
        drop(b.try_acquire().unwrap());
        assert!(b.try_acquire().is_some());
    }
}
