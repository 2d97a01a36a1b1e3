//! Single-use tokens sent by mail (email verification, password reset) and the port that
//! stores them together with the change and the mail they belong to, in one transaction.

use crate::{AccountError, NewUser, User};
use async_trait::async_trait;
use jobr_core::{Timestamp, UserId};
use jobr_notifications::{MailComposer, OutgoingMessage};
use std::{fmt, sync::Arc};
use time::Duration;
use uuid::Uuid;

/// How long a password-reset link works (design: one hour).
pub const RESET_TOKEN_TTL: Duration = Duration::hours(1);
/// How long an email-verification link works.
pub const VERIFY_TOKEN_TTL: Duration = Duration::days(2);
/// Reset mails per account per [`EMAIL_LIMIT_WINDOW`].
pub const RESET_MAILS_PER_WINDOW: u32 = 3;
/// Verification mails per account per [`EMAIL_LIMIT_WINDOW`], the one sent at sign-up included.
pub const VERIFY_MAILS_PER_WINDOW: u32 = 3;
pub const EMAIL_LIMIT_WINDOW: Duration = Duration::hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailTokenPurpose {
    VerifyEmail,
    PasswordReset,
}

impl EmailTokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
        }
    }
}

impl fmt::Display for EmailTokenPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored token: only its SHA-256 is kept, never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailToken {
    pub id: Uuid,
    pub user_id: UserId,
    pub purpose: EmailTokenPurpose,
    pub token_hash: String,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
}

/// What the account flows need to send mail: where it is stored and how it is rendered.
#[derive(Clone)]
pub struct AccountMail {
    pub store: Arc<dyn EmailTokenRepository>,
    pub composer: MailComposer,
}

/// Stores account changes together with the mail they cause. Each method is ONE transaction
/// (one critical section in memory): the change, the token and the mail are all stored, or
/// none is. The mail goes into the outbox as pending, due at the token's `created_at`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait EmailTokenRepository: Send + Sync {
    /// Stores the new user, its verification token and the mail (welcome, verification).
    /// MUST return `EmailTaken`, storing nothing, when the email (case-insensitive) is taken.
    async fn register(
        &self,
        user: &NewUser,
        token: &EmailToken,
        mail: &[OutgoingMessage],
    ) -> Result<User, AccountError>;

    /// Stores the token and its mail unless `limit` tokens of the same purpose were already
    /// issued to the user at or after `since`: then answers `false` and stores nothing.
    /// MUST be atomic per user: concurrent issues never pass the limit.
    /// MUST return `UserNotFound` for an unknown user.
    async fn issue(
        &self,
        token: &EmailToken,
        mail: &[OutgoingMessage],
        limit: u32,
        since: Timestamp,
    ) -> Result<bool, AccountError>;

    /// Consumes the verification token with this hash if it is unused and not expired at
    /// `now`, and marks its user's email verified. `None` (nothing changed) otherwise.
    /// MUST be atomic: of two concurrent uses one wins.
    async fn verify_email(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>, AccountError>;

    /// Consumes the reset token with this hash if it is unused and not expired at `now`, and
    /// at once: sets the password hash, clears failed logins and any lock, marks every other
    /// reset token of the user used, revokes all the user's refresh tokens and bumps the token
    /// version. Answers the user and the new token version; `None` (nothing changed) for a
    /// token that is unknown, used or expired. MUST be atomic: of two concurrent uses one wins.
    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(UserId, i32)>, AccountError>;
}
