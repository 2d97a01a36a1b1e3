use time::OffsetDateTime;

/// Instants are always UTC.
pub type Timestamp = OffsetDateTime;

/// Time is a port so lockout windows and token expiry can be tested without sleeping.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        OffsetDateTime::now_utc()
    }
}
