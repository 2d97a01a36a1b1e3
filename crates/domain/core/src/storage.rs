//! The one way a domain port says "the store behind me failed", without naming the store.
//!
//! Every repository error (`AccountError`, `CvLibraryError`, `UsageError`) carries a
//! [`StorageError`], so the HTTP layer can tell a passing outage (answer 503 and ask the client
//! to retry) from a real fault (answer 500), and the log still shows the driver's error as the
//! source of the chain.

/// Any error, boxed so the chain survives crossing a port.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Whether trying again later can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFailure {
    /// The store could not be reached in time (refused, timed out, connection lost): transient.
    Unavailable,
    /// The store answered, but the operation failed (bad data, a bug, a constraint): permanent.
    Failed,
}

#[derive(Debug, thiserror::Error)]
#[error("{}", match .failure {
    StorageFailure::Unavailable => "storage is unavailable",
    StorageFailure::Failed => "storage operation failed",
})]
pub struct StorageError {
    failure: StorageFailure,
    #[source]
    source: BoxError,
}

impl StorageError {
    pub fn new(failure: StorageFailure, source: impl Into<BoxError>) -> Self {
        Self {
            failure,
            source: source.into(),
        }
    }

    pub fn unavailable(source: impl Into<BoxError>) -> Self {
        Self::new(StorageFailure::Unavailable, source)
    }

    pub fn failed(source: impl Into<BoxError>) -> Self {
        Self::new(StorageFailure::Failed, source)
    }

    pub fn failure(&self) -> StorageFailure {
        self.failure
    }

    pub fn is_unavailable(&self) -> bool {
        self.failure == StorageFailure::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn the_cause_stays_reachable_as_the_source() {
        let error = StorageError::unavailable(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "connect timed out",
        ));
        assert!(error.is_unavailable());
        assert_eq!(error.to_string(), "storage is unavailable");
        let source = error.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("connect timed out"));
        assert!(!StorageError::failed("bad row").is_unavailable());
    }
}
