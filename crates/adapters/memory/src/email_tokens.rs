use crate::{
    MemoryOutbox, MemoryRefreshTokenRepository, MemoryUserRepository, lock, users::insert_user,
};
use async_trait::async_trait;
use jobr_accounts::{
    AccountError, EmailToken, EmailTokenPurpose, EmailTokenRepository, NewUser, User,
};
use jobr_core::{Timestamp, UserId};
use jobr_notifications::OutgoingMessage;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use uuid::Uuid;

struct StoredToken {
    token: EmailToken,
    used_at: Option<Timestamp>,
}

/// Email tokens, stored with the user and outbox changes they go with. Every method holds the
/// locks it needs for its whole run, always taken in one order (users, tokens, refresh tokens,
/// outbox), which gives the all-or-nothing of a transaction.
pub struct MemoryEmailTokens {
    users: Arc<MemoryUserRepository>,
    refresh_tokens: Arc<MemoryRefreshTokenRepository>,
    outbox: Arc<MemoryOutbox>,
    tokens: Mutex<HashMap<Uuid, StoredToken>>,
}

impl MemoryEmailTokens {
    pub fn new(
        users: Arc<MemoryUserRepository>,
        refresh_tokens: Arc<MemoryRefreshTokenRepository>,
        outbox: Arc<MemoryOutbox>,
    ) -> Self {
        Self {
            users,
            refresh_tokens,
            outbox,
            tokens: Mutex::new(HashMap::new()),
        }
    }
}

/// Marks the matching live token used and returns its user.
fn consume(
    tokens: &mut HashMap<Uuid, StoredToken>,
    token_hash: &str,
    purpose: EmailTokenPurpose,
    now: Timestamp,
) -> Option<UserId> {
    let stored = tokens.values_mut().find(|t| {
        t.token.token_hash == token_hash
            && t.token.purpose == purpose
            && t.used_at.is_none()
            && t.token.expires_at > now
    })?;
    stored.used_at = Some(now);
    Some(stored.token.user_id)
}

#[async_trait]
impl EmailTokenRepository for MemoryEmailTokens {
    async fn register(
        &self,
        user: &NewUser,
        token: &EmailToken,
        mail: &[OutgoingMessage],
    ) -> Result<User, AccountError> {
        let mut users = lock(&self.users.users);
        let mut tokens = lock(&self.tokens);
        let mut outbox = lock(&self.outbox.state);
        let stored = insert_user(&mut users, user)?;
        tokens.insert(
            token.id,
            StoredToken {
                token: token.clone(),
                used_at: None,
            },
        );
        outbox.enqueue(mail, token.created_at);
        Ok(stored)
    }

    async fn issue(
        &self,
        token: &EmailToken,
        mail: &[OutgoingMessage],
        limit: u32,
        since: Timestamp,
    ) -> Result<bool, AccountError> {
        let users = lock(&self.users.users);
        if !users.contains_key(&token.user_id) {
            return Err(AccountError::UserNotFound);
        }
        let mut tokens = lock(&self.tokens);
        let mut outbox = lock(&self.outbox.state);
        let recent = tokens
            .values()
            .filter(|t| {
                t.token.user_id == token.user_id
                    && t.token.purpose == token.purpose
                    && t.token.created_at >= since
            })
            .count();
        if recent >= limit as usize {
            return Ok(false);
        }
        tokens.insert(
            token.id,
            StoredToken {
                token: token.clone(),
                used_at: None,
            },
        );
        outbox.enqueue(mail, token.created_at);
        Ok(true)
    }

    async fn verify_email(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>, AccountError> {
        let mut users = lock(&self.users.users);
        let mut tokens = lock(&self.tokens);
        let Some(id) = consume(&mut tokens, token_hash, EmailTokenPurpose::VerifyEmail, now) else {
            return Ok(None);
        };
        if let Some(user) = users.get_mut(&id) {
            user.email_verified = true;
            user.updated_at = now;
        }
        Ok(Some(id))
    }

    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(UserId, i32)>, AccountError> {
        let mut users = lock(&self.users.users);
        let mut tokens = lock(&self.tokens);
        let mut refresh_tokens = lock(&self.refresh_tokens.tokens);
        let Some(id) = consume(
            &mut tokens,
            token_hash,
            EmailTokenPurpose::PasswordReset,
            now,
        ) else {
            return Ok(None);
        };
        let Some(user) = users.get_mut(&id) else {
            return Ok(None);
        };
        user.password_hash = Some(password_hash.to_string());
        user.failed_login_attempts = 0;
        user.locked_until = None;
        user.token_version += 1;
        user.updated_at = now;
        let version = user.token_version;
        for other in tokens.values_mut() {
            if other.token.user_id == id
                && other.token.purpose == EmailTokenPurpose::PasswordReset
                && other.used_at.is_none()
            {
                other.used_at = Some(now);
            }
        }
        for refresh in refresh_tokens.values_mut() {
            if refresh.user_id == id && refresh.revoked_at.is_none() {
                refresh.revoked_at = Some(now);
            }
        }
        Ok(Some((id, version)))
    }
}
