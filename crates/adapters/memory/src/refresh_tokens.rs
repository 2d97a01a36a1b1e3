use crate::lock;
use async_trait::async_trait;
use jobr_accounts::{AccountError, RefreshToken, RefreshTokenRepository};
use jobr_core::{Timestamp, UserId};
use std::{collections::HashMap, sync::Mutex};
use uuid::Uuid;

#[derive(Default)]
pub struct MemoryRefreshTokenRepository {
    pub(crate) tokens: Mutex<HashMap<Uuid, RefreshToken>>,
}

impl MemoryRefreshTokenRepository {
    fn revoke_where(&self, at: Timestamp, matches: impl Fn(&RefreshToken) -> bool) -> u64 {
        let mut revoked = 0;
        for token in lock(&self.tokens).values_mut() {
            if token.revoked_at.is_none() && matches(token) {
                token.revoked_at = Some(at);
                revoked += 1;
            }
        }
        revoked
    }
}

#[async_trait]
impl RefreshTokenRepository for MemoryRefreshTokenRepository {
    async fn insert(&self, token: &RefreshToken) -> Result<(), AccountError> {
        lock(&self.tokens).insert(token.id, token.clone());
        Ok(())
    }

    async fn find_by_hash(&self, token_hash: &str) -> Result<Option<RefreshToken>, AccountError> {
        let tokens = lock(&self.tokens);
        Ok(tokens
            .values()
            .find(|t| t.token_hash == token_hash)
            .cloned())
    }

    async fn rotate(
        &self,
        current: Uuid,
        replacement: &RefreshToken,
        at: Timestamp,
    ) -> Result<bool, AccountError> {
        // One critical section: revocations of the family wait for it, or it sees them.
        let mut tokens = lock(&self.tokens);
        match tokens.get_mut(&current) {
            Some(token) if token.revoked_at.is_none() => {
                token.revoked_at = Some(at);
                token.replaced_by = Some(replacement.id);
            }
            _ => return Ok(false),
        }
        tokens.insert(replacement.id, replacement.clone());
        Ok(true)
    }

    async fn revoke_family(&self, family_id: Uuid, at: Timestamp) -> Result<u64, AccountError> {
        Ok(self.revoke_where(at, |t| t.family_id == family_id))
    }

    async fn revoke_all_for_user(&self, user: UserId, at: Timestamp) -> Result<u64, AccountError> {
        Ok(self.revoke_where(at, |t| t.user_id == user))
    }
}
