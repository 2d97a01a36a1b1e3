//! Password hashing off the async workers, with a cap on how many run at once: each argon2id
//! hash holds 19 MiB and a core for tens of milliseconds, so an unbounded burst of logins
//! could exhaust memory, and inline hashing would stall every request sharing the worker.
//!
//! This is the only implementation of the `PasswordHasher` port outside tests; the domain's
//! `Argon2PasswordHasher` holds the pure (blocking) functions and does not implement it.

use async_trait::async_trait;
use jobr_accounts::{AccountError, Argon2PasswordHasher, PasswordCheck, PasswordHasher};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Why a hash or verification produced no answer: the blocking task panicked or was
/// cancelled. It surfaces as `AccountError::Unexpected`, i.e. a 500 with the cause logged.
#[derive(Debug, thiserror::Error)]
#[error("password hashing did not finish: {0}")]
pub struct HashingFailed(#[source] tokio::task::JoinError);

pub struct BlockingPasswordHasher {
    inner: Arc<Argon2PasswordHasher>,
    permits: Semaphore,
}

impl BlockingPasswordHasher {
    /// `max_concurrent` hashes run at once (at least one); the rest wait for a permit.
    pub fn new(inner: Argon2PasswordHasher, max_concurrent: usize) -> Self {
        Self {
            inner: Arc::new(inner),
            permits: Semaphore::new(max_concurrent.max(1)),
        }
    }

    /// Runs `work` on the blocking pool under a permit. A panic inside it is an unexpected
    /// error (the server answers 500 and logs the cause), never a wrong-password answer.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Argon2PasswordHasher) -> T + Send + 'static,
    ) -> Result<T, AccountError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(AccountError::unexpected)?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || work(&inner))
            .await
            .map_err(|join_error| AccountError::unexpected(HashingFailed(join_error)))
    }
}

#[async_trait]
impl PasswordHasher for BlockingPasswordHasher {
    async fn hash(&self, password: &str) -> Result<String, AccountError> {
        let password = password.to_string();
        self.run(move |hasher| hasher.hash_blocking(&password))
            .await?
    }

    async fn verify(&self, password: &str, hash: &str) -> Result<PasswordCheck, AccountError> {
        let (password, hash) = (password.to_string(), hash.to_string());
        self.run(move |hasher| hasher.verify_blocking(&password, &hash))
            .await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hasher() -> BlockingPasswordHasher {
        BlockingPasswordHasher::new(Argon2PasswordHasher::insecure_fast_for_tests(), 2)
    }

    #[tokio::test]
    async fn hashes_and_verifies_on_the_blocking_pool() {
        let hasher = hasher();
        let hash = hasher.hash("violet-canoe-42").await.unwrap();
        assert!(matches!(
            hasher.verify("violet-canoe-42", &hash).await,
            Ok(PasswordCheck::Match { .. })
        ));
        assert!(matches!(
            hasher.verify("amber-kettle-97", &hash).await,
            Ok(PasswordCheck::Mismatch)
        ));
    }

    #[tokio::test]
    async fn a_panic_in_the_blocking_task_is_an_unexpected_error_not_an_answer() {
        let result: Result<(), _> = hasher().run(|_| panic!("argon2 blew up")).await;
        match result {
            Err(AccountError::Unexpected(cause)) => {
                assert!(cause.to_string().contains("did not finish"), "{cause}");
                assert!(
                    std::error::Error::source(&*cause).is_some(),
                    "the join error is kept"
                );
            }
            other => panic!("expected Unexpected, got {other:?}"),
        }
    }
}
