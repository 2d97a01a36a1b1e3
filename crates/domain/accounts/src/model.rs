use jobr_core::{Email, Phone, Role, Timestamp, UserId};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a job seeker is looking for; kept as one document because it is read and written whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobPreferences {
    #[serde(default)]
    pub desired_titles: Vec<String>,
    #[serde(default)]
    pub locations: Vec<String>,
    #[serde(default)]
    pub job_types: Vec<String>,
    #[serde(default)]
    pub remote: Option<bool>,
    /// Yearly salary floor in whole currency units.
    #[serde(default)]
    pub min_salary: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    /// `None` for accounts that only sign in through Google or a phone code.
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<Phone>,
    pub location: Option<String>,
    pub job_preferences: JobPreferences,
    pub role: Role,
    pub email_verified: bool,
    /// Login attempts counted since the last success or lock, the one being verified included.
    pub failed_login_attempts: i32,
    pub locked_until: Option<Timestamp>,
    /// Carried in every access token; bumping it ends all access tokens issued before.
    pub token_version: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl User {
    pub fn is_locked(&self, now: Timestamp) -> Option<Timestamp> {
        self.locked_until.filter(|until| *until > now)
    }
}

/// Raw sign-up input; [`crate::AccountService::register`] validates it. The password is a
/// [`SecretString`], so `{:?}` prints it redacted.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub password: SecretString,
    pub first_name: String,
    pub last_name: String,
}

/// A validated user about to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    pub id: UserId,
    pub email: Email,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub created_at: Timestamp,
}

/// A profile change as the user sent it; [`crate::AccountService::update_profile`] validates
/// every field and reports all problems at once. `None` leaves a field alone, `Some(None)`
/// clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub location: Option<Option<String>>,
    pub job_preferences: Option<JobPreferences>,
}

/// A validated partial profile change: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileUpdate {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<Option<Phone>>,
    pub location: Option<Option<String>>,
    pub job_preferences: Option<JobPreferences>,
}

/// Whether a login attempt may go on to the password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    Open,
    Locked { until: Timestamp },
}

/// The counter state after a failed login was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailure {
    pub attempts: i32,
    pub locked_until: Option<Timestamp>,
}

/// A stored refresh token. Only the SHA-256 of the token is kept, never the token itself.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshToken {
    pub id: Uuid,
    pub user_id: UserId,
    /// All tokens descended from one login share a family, so reuse can revoke them together.
    pub family_id: Uuid,
    pub token_hash: String,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    /// Set when the token was rotated: the id of its successor. A token revoked any other
    /// way (logout, reuse) has none, and so gets no grace window.
    pub replaced_by: Option<Uuid>,
}
