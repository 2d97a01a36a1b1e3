//! Storage ports. Each doc comment is the contract every adapter is held to by `contract`.

use crate::{AccountError, LoginFailure, LoginGate, NewUser, ProfileUpdate, RefreshToken, User};
use async_trait::async_trait;
use jobr_core::{Email, Role, Timestamp, UserId};
use uuid::Uuid;

#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores a new user with no failed logins and the given role.
    /// MUST return `EmailTaken` when the email (case-insensitive) is already registered.
    async fn insert(&self, user: &NewUser) -> Result<User, AccountError>;

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountError>;

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountError>;

    /// Applies only the fields present in `update` and sets `updated_at`.
    /// MUST return `UserNotFound` for an unknown id.
    async fn update_profile(
        &self,
        id: UserId,
        update: &ProfileUpdate,
        at: Timestamp,
    ) -> Result<User, AccountError>;

    /// MUST return `UserNotFound` for an unknown id.
    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        at: Timestamp,
    ) -> Result<(), AccountError>;

    /// Reserves one login attempt BEFORE the password is checked, atomically (one statement or
    /// one critical section), so a burst of concurrent guesses cannot get past the limit:
    /// - a lock still in force at `now` answers `Locked` and counts nothing;
    /// - fewer than `max_attempts` counted attempts: counts this one and answers `Open`; the
    ///   attempt counts as failed until `clear_failed_logins` says otherwise;
    /// - `max_attempts` already counted (they are all in flight, or their requests died before
    ///   settling): locks until `lock_until`, restarts the count at zero, answers `Locked`.
    ///
    /// MUST return `UserNotFound` for an unknown id.
    async fn reserve_login_attempt(
        &self,
        id: UserId,
        max_attempts: i32,
        now: Timestamp,
        lock_until: Timestamp,
    ) -> Result<LoginGate, AccountError>;

    /// Settles a reserved attempt whose password was wrong (it is already counted). When the
    /// count has reached `max_attempts` the account is locked until `lock_until` and the count
    /// starts again from zero. MUST return `UserNotFound` for an unknown id.
    async fn record_failed_login(
        &self,
        id: UserId,
        max_attempts: i32,
        lock_until: Timestamp,
    ) -> Result<LoginFailure, AccountError>;

    /// Settles a reserved attempt whose password was right: resets the count and any expired
    /// lock, atomically with a last look at the lock. When a lock is in force at `now` (set
    /// by concurrent failures while this password was verified) it changes nothing and
    /// answers `Locked`, so no session is started on a locked account.
    async fn clear_failed_logins(
        &self,
        id: UserId,
        now: Timestamp,
    ) -> Result<LoginGate, AccountError>;

    /// The user's current access-token version; `None` for an unknown id.
    async fn token_version(&self, id: UserId) -> Result<Option<i32>, AccountError>;

    /// Adds one to the user's token version, ending every access token issued before, and
    /// returns the new version. MUST return `UserNotFound` for an unknown id.
    async fn bump_token_version(&self, id: UserId) -> Result<i32, AccountError>;

    /// MUST return `UserNotFound` when no user has that email.
    async fn set_role(&self, email: &Email, role: Role) -> Result<User, AccountError>;
}

#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait RefreshTokenRepository: Send + Sync {
    async fn insert(&self, token: &RefreshToken) -> Result<(), AccountError>;

    async fn find_by_hash(&self, token_hash: &str) -> Result<Option<RefreshToken>, AccountError>;

    /// Atomically revokes `current` if it is still active, records `replacement.id` as its
    /// `replaced_by`, and stores `replacement` (same family). MUST return `false` and store nothing when `current` was already revoked, so of
    /// two concurrent refreshes with one token only one wins. MUST be serialised with
    /// `revoke_family` and `revoke_all_for_user`: no replacement may outlive a revocation of
    /// its family that ran concurrently with the rotation.
    async fn rotate(
        &self,
        current: Uuid,
        replacement: &RefreshToken,
        at: Timestamp,
    ) -> Result<bool, AccountError>;

    /// Revokes every still-active token of the family; returns how many it revoked.
    async fn revoke_family(&self, family_id: Uuid, at: Timestamp) -> Result<u64, AccountError>;

    /// Revokes every still-active token of the user; returns how many it revoked.
    async fn revoke_all_for_user(&self, user: UserId, at: Timestamp) -> Result<u64, AccountError>;
}
