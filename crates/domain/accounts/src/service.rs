use crate::{
    AccessClaims, AccessTokenCodec, AccountError, AccountMail, EmailToken, EmailTokenPurpose,
    FieldError, JobPreferences, LoginGate, NewUser, PasswordCheck, PasswordHasher, ProfileChanges,
    ProfileUpdate, RefreshToken, RefreshTokenRepository, Registration, TokenPair, User,
    UserRepository,
    email_tokens::{
        EMAIL_LIMIT_WINDOW, RESET_MAILS_PER_WINDOW, RESET_TOKEN_TTL, VERIFY_MAILS_PER_WINDOW,
        VERIFY_TOKEN_TTL,
    },
    password::check_password_policy,
    token_versions::TokenVersionCache,
    tokens::{ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, generate_refresh_token, hash_refresh_token},
};
use jobr_core::{
    Clock, CurrencyCode, Email, Phone, Role, SingleLine, TextKind, Timestamp, UserId,
    forbidden_character,
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use time::Duration;
use uuid::Uuid;

const MAX_NAME_LENGTH: usize = 100;
const MAX_LOCATION_LENGTH: usize = 200;
const MAX_PREFERENCE_ENTRIES: usize = 20;
const MAX_PREFERENCE_LENGTH: usize = 100;
/// How long a just-rotated refresh token may be presented again and get the same successor
/// pair: two tabs refreshing at once, or a client retrying after a lost response.
pub const REFRESH_GRACE: Duration = Duration::seconds(30);

/// Failed logins before a lock, and how long the lock lasts (design: 5 and 15 minutes).
#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    pub max_attempts: i32,
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            lock_for: Duration::minutes(15),
        }
    }
}

/// A signed-in user and the tokens of the new session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub tokens: TokenPair,
}

pub struct AccountService {
    users: Arc<dyn UserRepository>,
    refresh_tokens: Arc<dyn RefreshTokenRepository>,
    hasher: Arc<dyn PasswordHasher>,
    access_tokens: AccessTokenCodec,
    clock: Arc<dyn Clock>,
    lockout: LockoutPolicy,
    /// A real hash to verify against when the email is unknown (see `login`).
    dummy_hash: String,
    token_versions: TokenVersionCache,
    mail: AccountMail,
}

impl AccountService {
    pub fn new(
        users: Arc<dyn UserRepository>,
        refresh_tokens: Arc<dyn RefreshTokenRepository>,
        hasher: Arc<dyn PasswordHasher>,
        access_tokens: AccessTokenCodec,
        clock: Arc<dyn Clock>,
        dummy_hash: String,
        mail: AccountMail,
    ) -> Self {
        Self {
            users,
            refresh_tokens,
            hasher,
            access_tokens,
            clock,
            lockout: LockoutPolicy::default(),
            dummy_hash,
            token_versions: TokenVersionCache::default(),
            mail,
        }
    }

    pub fn with_lockout(mut self, lockout: LockoutPolicy) -> Self {
        self.lockout = lockout;
        self
    }

    pub async fn register(&self, input: Registration) -> Result<Session, AccountError> {
        let mut problems = Vec::new();
        let email = Email::parse(&input.email)
            .map_err(|e| problems.push(e.into()))
            .ok();
        let password = input.password.expose_secret();
        if let Err(problem) = check_password_policy("password", password) {
            problems.push(problem);
        }
        let first_name =
            required_name("firstName", &input.first_name).map_err(|e| problems.push(e));
        let last_name = required_name("lastName", &input.last_name).map_err(|e| problems.push(e));
        let (Some(email), Ok(first_name), Ok(last_name), true) =
            (email, first_name, last_name, problems.is_empty())
        else {
            return Err(AccountError::Validation(problems));
        };

        let password_hash = self.hasher.hash(password).await?;
        let new_user = NewUser {
            id: UserId::new(),
            email,
            password_hash: Some(password_hash),
            first_name,
            last_name,
            role: Role::User,
            created_at: self.clock.now(),
        };
        let (token, secret) = self.email_token(
            new_user.id,
            EmailTokenPurpose::VerifyEmail,
            new_user.created_at,
        );
        let composer = &self.mail.composer;
        let mail = [
            composer.welcome(&new_user.email, &new_user.first_name),
            composer.verify_email(&new_user.email, &new_user.first_name, &secret),
        ];
        // The user row, the token and both mails are stored together, or not at all.
        let user = self.mail.store.register(&new_user, &token, &mail).await?;
        self.start_session(user).await
    }

    /// Sends a reset link valid for one hour to the account with this email. Answers `Ok`
    /// alike for an unknown email, an account over its limit of reset mails, and a mail sent,
    /// so the answer tells nothing about which emails have accounts.
    pub async fn forgot_password(&self, email: &str) -> Result<(), AccountError> {
        let email = Email::parse(email).map_err(|e| AccountError::Validation(vec![e.into()]))?;
        let Some(user) = self.users.find_by_email(&email).await? else {
            return Ok(());
        };
        let now = self.clock.now();
        let (token, secret) = self.email_token(user.id, EmailTokenPurpose::PasswordReset, now);
        let mail = self
            .mail
            .composer
            .password_reset(&user.email, &user.first_name, &secret);
        self.mail
            .store
            .issue(
                &token,
                &[mail],
                RESET_MAILS_PER_WINDOW,
                now - EMAIL_LIMIT_WINDOW,
            )
            .await?;
        Ok(())
    }

    /// Sets a new password with a reset link: ends every session of the user and clears the
    /// lockout. The link works once.
    pub async fn reset_password(
        &self,
        token: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), AccountError> {
        let new_password = new_password.expose_secret();
        check_password_policy("newPassword", new_password)
            .map_err(|problem| AccountError::Validation(vec![problem]))?;
        let hash = self.hasher.hash(new_password).await?;
        let now = self.clock.now();
        let (user, version) = self
            .mail
            .store
            .reset_password(&hash_refresh_token(token.expose_secret()), &hash, now)
            .await?
            .ok_or(AccountError::InvalidLink)?;
        self.token_versions.put(user, version, now);
        Ok(())
    }

    /// Marks the email of the link's user verified. The link works once.
    pub async fn verify_email(&self, token: &SecretString) -> Result<UserId, AccountError> {
        self.mail
            .store
            .verify_email(&hash_refresh_token(token.expose_secret()), self.clock.now())
            .await?
            .ok_or(AccountError::InvalidLink)
    }

    /// Sends the verification link again, within the limit of verification mails per hour.
    pub async fn resend_verification(&self, id: UserId) -> Result<(), AccountError> {
        let user = self.get_user(id).await?;
        if user.email_verified {
            return Err(AccountError::EmailAlreadyVerified);
        }
        let now = self.clock.now();
        let (token, secret) = self.email_token(user.id, EmailTokenPurpose::VerifyEmail, now);
        let mail = self
            .mail
            .composer
            .verify_email(&user.email, &user.first_name, &secret);
        let issued = self
            .mail
            .store
            .issue(
                &token,
                &[mail],
                VERIFY_MAILS_PER_WINDOW,
                now - EMAIL_LIMIT_WINDOW,
            )
            .await?;
        if issued {
            Ok(())
        } else {
            Err(AccountError::TooManyEmails)
        }
    }

    /// A fresh random token (the secret goes into the mail) and its stored, hashed form.
    fn email_token(
        &self,
        user_id: UserId,
        purpose: EmailTokenPurpose,
        now: Timestamp,
    ) -> (EmailToken, SecretString) {
        let (secret, token_hash) = generate_refresh_token();
        let ttl = match purpose {
            EmailTokenPurpose::VerifyEmail => VERIFY_TOKEN_TTL,
            EmailTokenPurpose::PasswordReset => RESET_TOKEN_TTL,
        };
        let token = EmailToken {
            id: Uuid::new_v4(),
            user_id,
            purpose,
            token_hash,
            expires_at: now + ttl,
            created_at: now,
        };
        (token, secret)
    }

    /// Unknown email and wrong password answer alike; a locked account answers `Locked` even
    /// with the right password. The attempt is reserved before the password is verified and
    /// the lock looked at again before a session starts, so concurrent guesses get at most
    /// `max_attempts` verifications between locks.
    pub async fn login(
        &self,
        email: &str,
        password: &SecretString,
    ) -> Result<Session, AccountError> {
        let password = password.expose_secret();
        let user = match Email::parse(email) {
            Ok(email) => self.users.find_by_email(&email).await?,
            Err(_) => None,
        };
        let Some(user) = user else {
            self.hasher.verify(password, &self.dummy_hash).await?;
            return Err(AccountError::InvalidCredentials);
        };
        let needs_rehash = self
            .check_password_within_lockout(&user, password)
            .await?
            .ok_or(AccountError::InvalidCredentials)?;
        if needs_rehash {
            let upgraded = self.hasher.hash(password).await?;
            self.users
                .set_password_hash(user.id, &upgraded, self.clock.now())
                .await?;
        }
        self.start_session(user).await
    }

    /// One password check under the lockout: reserve the attempt (or answer `Locked`),
    /// verify, then settle it. `Ok(None)` is a wrong password (already counted);
    /// `Ok(Some(needs_rehash))` a right one on an account that is not locked.
    async fn check_password_within_lockout(
        &self,
        user: &User,
        password: &str,
    ) -> Result<Option<bool>, AccountError> {
        let now = self.clock.now();
        let lock_until = now + self.lockout.lock_for;
        let max_attempts = self.lockout.max_attempts;
        if let LoginGate::Locked { until } = self
            .users
            .reserve_login_attempt(user.id, max_attempts, now, lock_until)
            .await?
        {
            return Err(AccountError::Locked { until });
        }
        // Accounts without a password (Google, phone) still pay for one verification, so
        // timing does not tell them apart from a wrong password.
        let hash = user.password_hash.as_deref().unwrap_or(&self.dummy_hash);
        let check = match self.hasher.verify(password, hash).await? {
            PasswordCheck::Match { .. } if user.password_hash.is_none() => PasswordCheck::Mismatch,
            check => check,
        };
        let PasswordCheck::Match { needs_rehash } = check else {
            self.users
                .record_failed_login(user.id, max_attempts, lock_until)
                .await?;
            return Ok(None);
        };
        match self
            .users
            .clear_failed_logins(user.id, self.clock.now())
            .await?
        {
            LoginGate::Open => Ok(Some(needs_rehash)),
            LoginGate::Locked { until } => Err(AccountError::Locked { until }),
        }
    }

    /// Rotates a refresh token. The same token presented again within [`REFRESH_GRACE`] of
    /// its rotation gets the same successor pair; any other reuse means it leaked (or a
    /// client misbehaves): the whole family is revoked and the user's access tokens end.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenPair, AccountError> {
        let presented = refresh_token.expose_secret();
        let now = self.clock.now();
        let hash = hash_refresh_token(presented);
        let mut stored = self
            .refresh_tokens
            .find_by_hash(&hash)
            .await?
            .ok_or(AccountError::InvalidToken)?;
        if stored.revoked_at.is_none() {
            if stored.expires_at <= now {
                return Err(AccountError::InvalidToken);
            }
            let user = self
                .users
                .find_by_id(stored.user_id)
                .await?
                .ok_or(AccountError::InvalidToken)?;
            let successor_token = self.access_tokens.successor_refresh_token(presented);
            let successor = RefreshToken {
                id: Uuid::new_v4(),
                user_id: user.id,
                family_id: stored.family_id,
                token_hash: hash_refresh_token(successor_token.expose_secret()),
                expires_at: now + REFRESH_TOKEN_TTL,
                created_at: now,
                revoked_at: None,
                replaced_by: None,
            };
            if self
                .refresh_tokens
                .rotate(stored.id, &successor, now)
                .await?
            {
                return self.token_pair(&user, successor_token, &successor, now);
            }
            // A concurrent refresh of the same token rotated it first: answer as its retry.
            stored = self
                .refresh_tokens
                .find_by_hash(&hash)
                .await?
                .ok_or(AccountError::InvalidToken)?;
        }
        self.replay_rotation(stored, presented, now).await
    }

    /// A revoked token came back. Within the grace window of its own rotation, and while its
    /// successor is still live, the successor pair is answered again; otherwise it is reuse.
    async fn replay_rotation(
        &self,
        stored: RefreshToken,
        presented: &str,
        now: Timestamp,
    ) -> Result<TokenPair, AccountError> {
        let in_grace = stored
            .revoked_at
            .is_some_and(|revoked| now - revoked <= REFRESH_GRACE);
        let successor_token = self.access_tokens.successor_refresh_token(presented);
        let successor = match stored.replaced_by {
            Some(successor_id) if in_grace => self
                .refresh_tokens
                .find_by_hash(&hash_refresh_token(successor_token.expose_secret()))
                .await?
                .filter(|s| s.id == successor_id && s.revoked_at.is_none() && s.expires_at > now),
            _ => None,
        };
        let Some(successor) = successor else {
            self.refresh_tokens
                .revoke_family(stored.family_id, now)
                .await?;
            self.end_access_tokens(stored.user_id).await?;
            return Err(AccountError::TokenReused);
        };
        let user = self
            .users
            .find_by_id(successor.user_id)
            .await?
            .ok_or(AccountError::InvalidToken)?;
        self.token_pair(&user, successor_token, &successor, now)
    }

    /// Ends the session the refresh token belongs to, and every access token of the user
    /// (there is one version per user; other sessions simply refresh). Unknown tokens are
    /// ignored: logging out twice is not an error.
    pub async fn logout(&self, refresh_token: &SecretString) -> Result<(), AccountError> {
        let found = self
            .refresh_tokens
            .find_by_hash(&hash_refresh_token(refresh_token.expose_secret()))
            .await?;
        if let Some(token) = found
            && self
                .refresh_tokens
                .revoke_family(token.family_id, self.clock.now())
                .await?
                > 0
        {
            self.end_access_tokens(token.user_id).await?;
        }
        Ok(())
    }

    /// Ends every session of the user: all refresh tokens and all access tokens.
    pub async fn logout_all(&self, id: UserId) -> Result<(), AccountError> {
        self.refresh_tokens
            .revoke_all_for_user(id, self.clock.now())
            .await?;
        self.end_access_tokens(id).await
    }

    /// A valid signature and expiry, and a token version that is still current. A token of a
    /// user who no longer exists passes here, as before versions existed: whatever the
    /// handler loads for it answers `UserNotFound`.
    pub async fn authenticate(&self, access_token: &str) -> Result<AccessClaims, AccountError> {
        let now = self.clock.now();
        let claims = self.access_tokens.decode(access_token, now)?;
        let current = match self.token_versions.get(claims.sub, now) {
            Some(version) => Some(version),
            None => {
                let version = self.users.token_version(claims.sub).await?;
                if let Some(version) = version {
                    self.token_versions.put(claims.sub, version, now);
                }
                version
            }
        };
        if current.is_some_and(|current| claims.ver != current) {
            return Err(AccountError::InvalidToken);
        }
        Ok(claims)
    }

    pub async fn get_user(&self, id: UserId) -> Result<User, AccountError> {
        self.users
            .find_by_id(id)
            .await?
            .ok_or(AccountError::UserNotFound)
    }

    pub async fn update_profile(
        &self,
        id: UserId,
        changes: ProfileChanges,
    ) -> Result<User, AccountError> {
        let update = validate_profile_changes(changes)?;
        self.users
            .update_profile(id, &update, self.clock.now())
            .await
    }

    /// Changing the password signs out every session: all refresh tokens are revoked and all
    /// access tokens end. A wrong current password counts towards the login lockout.
    pub async fn change_password(
        &self,
        id: UserId,
        current_password: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), AccountError> {
        let user = self.get_user(id).await?;
        if self
            .check_password_within_lockout(&user, current_password.expose_secret())
            .await?
            .is_none()
        {
            return Err(AccountError::invalid_field(
                "currentPassword",
                "is not correct",
            ));
        }
        let new_password = new_password.expose_secret();
        check_password_policy("newPassword", new_password)
            .map_err(|problem| AccountError::Validation(vec![problem]))?;
        let now = self.clock.now();
        let hash = self.hasher.hash(new_password).await?;
        self.users.set_password_hash(id, &hash, now).await?;
        self.refresh_tokens.revoke_all_for_user(id, now).await?;
        self.end_access_tokens(id).await
    }

    pub async fn set_role(&self, email: &str, role: Role) -> Result<User, AccountError> {
        let email = Email::parse(email).map_err(|e| AccountError::Validation(vec![e.into()]))?;
        self.users.set_role(&email, role).await
    }

    /// Bumps the user's token version; this process stops accepting older tokens at once.
    async fn end_access_tokens(&self, id: UserId) -> Result<(), AccountError> {
        match self.users.bump_token_version(id).await {
            Ok(version) => {
                self.token_versions.put(id, version, self.clock.now());
                Ok(())
            }
            // A deleted user has no tokens left to end.
            Err(AccountError::UserNotFound) => Ok(()),
            Err(error) => Err(error),
        }
    }

    async fn start_session(&self, user: User) -> Result<Session, AccountError> {
        let now = self.clock.now();
        let (refresh_token, token_hash) = generate_refresh_token();
        let record = RefreshToken {
            id: Uuid::new_v4(),
            user_id: user.id,
            family_id: Uuid::new_v4(),
            token_hash,
            expires_at: now + REFRESH_TOKEN_TTL,
            created_at: now,
            revoked_at: None,
            replaced_by: None,
        };
        self.refresh_tokens.insert(&record).await?;
        let tokens = self.token_pair(&user, refresh_token, &record, now)?;
        Ok(Session { user, tokens })
    }

    /// The pair for a stored refresh token. The access token is issued at the record's
    /// creation and named by its id, so the pair can be rebuilt identically for a retry.
    fn token_pair(
        &self,
        user: &User,
        refresh_token: SecretString,
        record: &RefreshToken,
        now: Timestamp,
    ) -> Result<TokenPair, AccountError> {
        let expires_at = record.created_at + ACCESS_TOKEN_TTL;
        Ok(TokenPair {
            access_token: self.access_tokens.issue(
                user.id,
                user.role,
                user.token_version,
                record.created_at,
                record.id,
            )?,
            refresh_token,
            token_type: "Bearer",
            expires_in: (expires_at - now).whole_seconds().max(0),
        })
    }
}

fn required_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if name.chars().count() > MAX_NAME_LENGTH {
        return Err(FieldError::new(
            field,
            format!("must be at most {MAX_NAME_LENGTH} characters"),
        ));
    }
    if forbidden_character(name, TextKind::SingleLine).is_some() {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(name.to_string())
}

/// Each list holds at most 20 entries, each a single line of up to 100 characters (trimmed);
/// the currency is an ISO 4217 code, kept upper-case.
fn validate_preferences(
    mut preferences: JobPreferences,
    problems: &mut Vec<FieldError>,
) -> JobPreferences {
    let lists = [
        (
            "jobPreferences.desiredTitles",
            &mut preferences.desired_titles,
        ),
        ("jobPreferences.locations", &mut preferences.locations),
        ("jobPreferences.jobTypes", &mut preferences.job_types),
    ];
    for (field, list) in lists {
        if list.len() > MAX_PREFERENCE_ENTRIES {
            problems.push(FieldError::new(
                field,
                format!("must have at most {MAX_PREFERENCE_ENTRIES} entries"),
            ));
            continue;
        }
        for item in list.iter_mut() {
            match SingleLine::parse(field, item, MAX_PREFERENCE_LENGTH) {
                Ok(entry) => *item = entry.into_string(),
                Err(problem) => {
                    problems.push(problem.into());
                    break;
                }
            }
        }
    }
    if preferences.min_salary.is_some_and(|salary| salary < 0) {
        problems.push(FieldError::new(
            "jobPreferences.minSalary",
            "must not be negative",
        ));
    }
    if let Some(raw) = &preferences.currency {
        match CurrencyCode::parse("jobPreferences.currency", raw) {
            Ok(code) => preferences.currency = Some(code.as_str().to_string()),
            Err(problem) => problems.push(problem.into()),
        }
    }
    preferences
}

/// Validates a profile change, trimming names the way registration does, and parsing the phone.
fn validate_profile_changes(changes: ProfileChanges) -> Result<ProfileUpdate, AccountError> {
    let mut problems = Vec::new();
    let mut name = |field: &str, raw: Option<String>| {
        raw.and_then(|raw| {
            required_name(field, &raw)
                .map_err(|p| problems.push(p))
                .ok()
        })
    };
    let first_name = name("firstName", changes.first_name);
    let last_name = name("lastName", changes.last_name);
    let phone = match changes.phone {
        Some(Some(raw)) => match Phone::parse(&raw) {
            Ok(phone) => Some(Some(phone)),
            Err(problem) => {
                problems.push(problem.into());
                None
            }
        },
        Some(None) => Some(None),
        None => None,
    };
    let location = match changes.location {
        Some(Some(raw)) if raw.trim().is_empty() => Some(None),
        Some(Some(raw)) => SingleLine::parse("location", &raw, MAX_LOCATION_LENGTH)
            .map(|location| Some(Some(location.into_string())))
            .unwrap_or_else(|problem| {
                problems.push(problem.into());
                None
            }),
        other => other,
    };
    let job_preferences = changes
        .job_preferences
        .map(|preferences| validate_preferences(preferences, &mut problems));
    let update = ProfileUpdate {
        first_name,
        last_name,
        phone,
        location,
        job_preferences,
    };
    if problems.is_empty() {
        Ok(update)
    } else {
        Err(AccountError::Validation(problems))
    }
}

#[cfg(test)]
mod validation_tests {
    use super::*;

    fn problems(changes: ProfileChanges) -> Vec<String> {
        match validate_profile_changes(changes) {
            Err(AccountError::Validation(problems)) => {
                problems.into_iter().map(|p| p.field).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn nul_in_any_profile_text_is_a_field_error_not_a_database_error() {
        let preferences = |f: fn(&mut JobPreferences)| {
            let mut preferences = JobPreferences::default();
            f(&mut preferences);
            ProfileChanges {
                job_preferences: Some(preferences),
                ..ProfileChanges::default()
            }
        };
        let cases = [
            (
                ProfileChanges {
                    location: Some(Some("Lon\0don".into())),
                    ..ProfileChanges::default()
                },
                "location",
            ),
            (
                ProfileChanges {
                    first_name: Some("A\0da".into()),
                    ..ProfileChanges::default()
                },
                "firstName",
            ),
            (
                preferences(|p| p.desired_titles = vec!["Rust\0".into()]),
                "jobPreferences.desiredTitles",
            ),
            (
                preferences(|p| p.job_types = vec!["full\u{1b}time".into()]),
                "jobPreferences.jobTypes",
            ),
            (
                preferences(|p| p.currency = Some("E\0R".into())),
                "jobPreferences.currency",
            ),
        ];
        for (changes, field) in cases {
            assert_eq!(problems(changes), [field]);
        }
    }

    #[test]
    fn preference_entries_are_trimmed_counted_in_characters_and_currency_is_iso() {
        let changes = ProfileChanges {
            job_preferences: Some(JobPreferences {
                desired_titles: vec![format!(" {} ", "ä".repeat(100))],
                currency: Some("eur".into()),
                ..JobPreferences::default()
            }),
            ..ProfileChanges::default()
        };
        let update = validate_profile_changes(changes).unwrap();
        let preferences = update.job_preferences.unwrap();
        assert_eq!(preferences.desired_titles, ["ä".repeat(100)]);
        assert_eq!(preferences.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn passwords_take_printable_unicode_but_no_control_characters() {
        assert!(check_password_policy("password", "pässwörd-über-✓").is_ok());
        let problem = check_password_policy("password", "violet\0canoe-42").unwrap_err();
        assert_eq!(problem.message, "must not contain control characters");
    }
}
