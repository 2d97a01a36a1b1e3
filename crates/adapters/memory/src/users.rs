use crate::lock;
use async_trait::async_trait;
use jobr_accounts::{
    AccountError, LoginFailure, LoginGate, NewUser, ProfileUpdate, User, UserRepository,
};
use jobr_core::{Email, Role, Timestamp, UserId};
use std::{collections::HashMap, sync::Mutex};

#[derive(Default)]
pub struct MemoryUserRepository {
    pub(crate) users: Mutex<HashMap<UserId, User>>,
}

/// Stores a new user in the locked map (also used by `MemoryEmailTokens::register`).
pub(crate) fn insert_user(
    users: &mut HashMap<UserId, User>,
    new: &NewUser,
) -> Result<User, AccountError> {
    // Email values are lower-cased on parse, so equality is case-insensitive.
    if users.values().any(|u| u.email == new.email) {
        return Err(AccountError::EmailTaken);
    }
    let user = User {
        id: new.id,
        email: new.email.clone(),
        password_hash: new.password_hash.clone(),
        first_name: new.first_name.clone(),
        last_name: new.last_name.clone(),
        phone: None,
        location: None,
        job_preferences: Default::default(),
        role: new.role,
        email_verified: false,
        failed_login_attempts: 0,
        locked_until: None,
        token_version: 0,
        created_at: new.created_at,
        updated_at: new.created_at,
    };
    users.insert(user.id, user.clone());
    Ok(user)
}

impl MemoryUserRepository {
    fn modify<T>(
        &self,
        id: UserId,
        change: impl FnOnce(&mut User) -> T,
    ) -> Result<T, AccountError> {
        let mut users = lock(&self.users);
        let user = users.get_mut(&id).ok_or(AccountError::UserNotFound)?;
        Ok(change(user))
    }
}

#[async_trait]
impl UserRepository for MemoryUserRepository {
    async fn insert(&self, new: &NewUser) -> Result<User, AccountError> {
        insert_user(&mut lock(&self.users), new)
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountError> {
        Ok(lock(&self.users).get(&id).cloned())
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountError> {
        Ok(lock(&self.users)
            .values()
            .find(|u| &u.email == email)
            .cloned())
    }

    async fn update_profile(
        &self,
        id: UserId,
        update: &ProfileUpdate,
        at: Timestamp,
    ) -> Result<User, AccountError> {
        self.modify(id, |user| {
            if let Some(first_name) = &update.first_name {
                user.first_name = first_name.clone();
            }
            if let Some(last_name) = &update.last_name {
                user.last_name = last_name.clone();
            }
            if let Some(phone) = &update.phone {
                user.phone = phone.clone();
            }
            if let Some(location) = &update.location {
                user.location = location.clone();
            }
            if let Some(preferences) = &update.job_preferences {
                user.job_preferences = preferences.clone();
            }
            user.updated_at = at;
            user.clone()
        })
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        at: Timestamp,
    ) -> Result<(), AccountError> {
        self.modify(id, |user| {
            user.password_hash = Some(hash.to_string());
            user.updated_at = at;
        })
    }

    async fn reserve_login_attempt(
        &self,
        id: UserId,
        max_attempts: i32,
        now: Timestamp,
        lock_until: Timestamp,
    ) -> Result<LoginGate, AccountError> {
        // One critical section, like the single UPDATE in Postgres.
        self.modify(id, |user| {
            if let Some(until) = user.is_locked(now) {
                return LoginGate::Locked { until };
            }
            if user.failed_login_attempts >= max_attempts {
                user.failed_login_attempts = 0;
                user.locked_until = Some(lock_until);
                return LoginGate::Locked { until: lock_until };
            }
            user.failed_login_attempts += 1;
            LoginGate::Open
        })
    }

    async fn record_failed_login(
        &self,
        id: UserId,
        max_attempts: i32,
        lock_until: Timestamp,
    ) -> Result<LoginFailure, AccountError> {
        self.modify(id, |user| {
            if user.failed_login_attempts >= max_attempts {
                user.failed_login_attempts = 0;
                user.locked_until = Some(lock_until);
            }
            LoginFailure {
                attempts: user.failed_login_attempts,
                locked_until: user.locked_until,
            }
        })
    }

    async fn clear_failed_logins(
        &self,
        id: UserId,
        now: Timestamp,
    ) -> Result<LoginGate, AccountError> {
        self.modify(id, |user| {
            if let Some(until) = user.is_locked(now) {
                return LoginGate::Locked { until };
            }
            user.failed_login_attempts = 0;
            user.locked_until = None;
            LoginGate::Open
        })
    }

    async fn token_version(&self, id: UserId) -> Result<Option<i32>, AccountError> {
        Ok(lock(&self.users).get(&id).map(|user| user.token_version))
    }

    async fn bump_token_version(&self, id: UserId) -> Result<i32, AccountError> {
        self.modify(id, |user| {
            user.token_version += 1;
            user.token_version
        })
    }

    async fn set_role(&self, email: &Email, role: Role) -> Result<User, AccountError> {
        let mut users = lock(&self.users);
        let user = users
            .values_mut()
            .find(|u| &u.email == email)
            .ok_or(AccountError::UserNotFound)?;
        user.role = role;
        Ok(user.clone())
    }
}
