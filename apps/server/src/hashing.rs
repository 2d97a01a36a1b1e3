//! Password hashing off the async workers, with a cap on how many run at once: each argon2id
//! hash holds 19 MiB and a core for tens of milliseconds, so an unbounded burst of logins
//! could exhaust memory.

use async_trait::async_trait;
use jobr_accounts::{AccountError, Argon2PasswordHasher, PasswordCheck, PasswordHasher};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub struct BlockingPasswordHasher {
    inner: Arc<Argon2PasswordHasher>,
    permits: Semaphore,
}

impl BlockingPasswordHasher {
    pub fn new(inner: Argon2PasswordHasher, max_concurrent: usize) -> Self {
        Self {
            inner: Arc::new(inner),
            permits: Semaphore::new(max_concurrent.max(1)),
        }
    }

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
            .map_err(AccountError::unexpected)
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
