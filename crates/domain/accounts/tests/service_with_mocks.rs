//! Unit tests of `AccountService` against mockall doubles of its ports: lockout, refresh-token
//! rotation and reuse detection, registration, password change and logout. The behaviour that
//! rests on the repositories' atomicity (bursts, grace window) is in the contract suite.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jobr_accounts::{
    AccessTokenCodec, AccountError, AccountMail, AccountService, EmailTokenPurpose, JobPreferences,
    LoginFailure, LoginGate, NewUser, PasswordCheck, RefreshToken, Registration, User,
    email_tokens::MockEmailTokenRepository,
    password::MockPasswordHasher,
    ports::{MockRefreshTokenRepository, MockUserRepository},
    tokens::hash_refresh_token,
};
use jobr_core::{Clock, Email, Role, Timestamp, UserId};
use jobr_notifications::{BaseUrl, MailComposer, MailKind};
use mockall::predicate::eq;
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use time::{Duration, macros::datetime};
use uuid::Uuid;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$dummy$dummy";
const STORED_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$salt$stored";
const PASSWORD: &str = "violet-canoe-42";

fn secret(value: &str) -> SecretString {
    SecretString::from(value)
}

fn t0() -> Timestamp {
    datetime!(2025-03-01 09:00 UTC)
}

/// A clock that stays where the test puts it.
struct TestClock(Mutex<Timestamp>);

impl TestClock {
    fn at(now: Timestamp) -> Arc<Self> {
        Arc::new(Self(Mutex::new(now)))
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

/// The three mocked ports; expectations are set on them, then `service` consumes them.
struct Mocks {
    users: MockUserRepository,
    tokens: MockRefreshTokenRepository,
    hasher: MockPasswordHasher,
    email_tokens: MockEmailTokenRepository,
}

impl Mocks {
    fn new() -> Self {
        Self {
            users: MockUserRepository::new(),
            tokens: MockRefreshTokenRepository::new(),
            hasher: MockPasswordHasher::new(),
            email_tokens: MockEmailTokenRepository::new(),
        }
    }

    fn service(self) -> AccountService {
        self.service_with_clock(TestClock::at(t0()))
    }

    fn service_with_clock(self, clock: Arc<TestClock>) -> AccountService {
        AccountService::new(
            Arc::new(self.users),
            Arc::new(self.tokens),
            Arc::new(self.hasher),
            AccessTokenCodec::new(SECRET),
            clock,
            DUMMY_HASH.to_string(),
            AccountMail {
                store: Arc::new(self.email_tokens),
                composer: MailComposer::new(BaseUrl::parse("https://jobr.example").unwrap()),
            },
        )
    }

    /// A session will be started: exactly one refresh token is stored, in a new family.
    fn expect_session_started(&mut self, user: UserId) {
        self.tokens
            .expect_insert()
            .withf(move |token| {
                token.user_id == user
                    && token.revoked_at.is_none()
                    && token.created_at == t0()
                    && token.expires_at == t0() + Duration::days(7)
            })
            .times(1)
            .returning(|_| Ok(()));
    }

    fn expect_no_session(&mut self) {
        self.tokens.expect_insert().times(0);
    }
}

fn user() -> User {
    User {
        id: UserId::new(),
        email: Email::parse("ada@example.com").unwrap(),
        password_hash: Some(STORED_HASH.to_string()),
        first_name: "Ada".to_string(),
        last_name: "Lovelace".to_string(),
        phone: None,
        location: None,
        job_preferences: JobPreferences::default(),
        role: Role::User,
        email_verified: true,
        failed_login_attempts: 0,
        locked_until: None,
        token_version: 0,
        created_at: t0() - Duration::days(30),
        updated_at: t0() - Duration::days(30),
    }
}

fn found_by_email(mocks: &mut Mocks, user: &User) {
    let found = user.clone();
    mocks
        .users
        .expect_find_by_email()
        .with(eq(user.email.clone()))
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
}

/// The attempt is reserved before the password check, and the gate is open.
fn reserves(mocks: &mut Mocks, user: UserId) {
    mocks
        .users
        .expect_reserve_login_attempt()
        .with(eq(user), eq(5), eq(t0()), eq(t0() + Duration::minutes(15)))
        .times(1)
        .returning(|_, _, _, _| Ok(LoginGate::Open));
}

/// A right password settles the reserved attempt, and no lock came in between.
fn clears(mocks: &mut Mocks, user: UserId) {
    mocks
        .users
        .expect_clear_failed_logins()
        .with(eq(user), eq(t0()))
        .times(1)
        .returning(|_, _| Ok(LoginGate::Open));
}

fn verifies(mocks: &mut Mocks, password: &'static str, hash: &'static str, check: PasswordCheck) {
    mocks
        .hasher
        .expect_verify()
        .with(eq(password), eq(hash))
        .times(1)
        .returning(move |_, _| Ok(check));
}

fn stored_token(user: UserId, raw: &str) -> RefreshToken {
    RefreshToken {
        id: Uuid::new_v4(),
        user_id: user,
        family_id: Uuid::new_v4(),
        token_hash: hash_refresh_token(raw),
        expires_at: t0() + Duration::days(6),
        created_at: t0() - Duration::days(1),
        revoked_at: None,
        replaced_by: None,
    }
}

fn token_found(mocks: &mut Mocks, raw: &str, stored: Option<RefreshToken>) {
    mocks
        .tokens
        .expect_find_by_hash()
        .with(eq(hash_refresh_token(raw)))
        .times(1)
        .returning(move |_| Ok(stored.clone()));
}

fn assert_access_token_for(token: &SecretString, user: UserId) {
    let claims = AccessTokenCodec::new(SECRET)
        .decode(token.expose_secret(), t0())
        .unwrap();
    assert_eq!(claims.sub, user);
}

fn field_names(error: &AccountError) -> Vec<&str> {
    match error {
        AccountError::Validation(problems) => problems.iter().map(|p| p.field.as_str()).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Login and lockout
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn wrong_password_records_a_failed_login_and_is_invalid_credentials() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        "wrong-password",
        STORED_HASH,
        PasswordCheck::Mismatch,
    );
    mocks
        .users
        .expect_record_failed_login()
        .with(eq(user.id), eq(5), eq(t0() + Duration::minutes(15)))
        .times(1)
        .returning(|_, _, _| {
            Ok(LoginFailure {
                attempts: 1,
                locked_until: None,
            })
        });
    mocks.users.expect_clear_failed_logins().times(0);
    mocks.users.expect_set_password_hash().times(0);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("ada@example.com", &secret("wrong-password"))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_failure_that_locks_the_account_still_answers_invalid_credentials() {
    let user = User {
        failed_login_attempts: 4,
        ..user()
    };
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        "wrong-password",
        STORED_HASH,
        PasswordCheck::Mismatch,
    );
    mocks
        .users
        .expect_record_failed_login()
        .with(eq(user.id), eq(5), eq(t0() + Duration::minutes(15)))
        .times(1)
        .returning(|_, _, lock_until| {
            Ok(LoginFailure {
                attempts: 0,
                locked_until: Some(lock_until),
            })
        });
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("ada@example.com", &secret("wrong-password"))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_locked_account_is_locked_even_with_the_right_password_and_the_hash_is_not_checked() {
    let until = t0() + Duration::minutes(10);
    let user = User {
        locked_until: Some(until),
        ..user()
    };
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    mocks
        .users
        .expect_reserve_login_attempt()
        .times(1)
        .returning(move |_, _, _, _| Ok(LoginGate::Locked { until }));
    mocks.hasher.expect_verify().times(0);
    mocks.users.expect_record_failed_login().times(0);
    mocks.users.expect_clear_failed_logins().times(0);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await;

    match result {
        Err(AccountError::Locked { until: reported }) => assert_eq!(reported, until),
        other => panic!("expected Locked, got {other:?}"),
    }
}

#[tokio::test]
async fn a_lock_set_while_the_password_was_verified_stops_the_session() {
    let user = user();
    let until = t0() + Duration::minutes(15);
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    // Concurrent wrong guesses locked the account during the verification.
    mocks
        .users
        .expect_clear_failed_logins()
        .times(1)
        .returning(move |_, _| Ok(LoginGate::Locked { until }));
    mocks.users.expect_set_password_hash().times(0);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await;

    assert!(
        matches!(result, Err(AccountError::Locked { until: u }) if u == until),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_successful_login_after_failures_clears_them_once() {
    let user = User {
        failed_login_attempts: 3,
        ..user()
    };
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    clears(&mut mocks, user.id);
    mocks.users.expect_record_failed_login().times(0);
    mocks.users.expect_set_password_hash().times(0);
    mocks.hasher.expect_hash().times(0);
    mocks.expect_session_started(user.id);

    let session = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await
        .unwrap();

    assert_eq!(session.user.id, user.id);
    assert_access_token_for(&session.tokens.access_token, user.id);
    assert_eq!(session.tokens.token_type, "Bearer");
    assert_eq!(session.tokens.expires_in, 15 * 60);
}

#[tokio::test]
async fn a_successful_login_settles_its_reserved_attempt_and_normalises_the_email() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    clears(&mut mocks, user.id);
    mocks.users.expect_record_failed_login().times(0);
    mocks.users.expect_set_password_hash().times(0);
    mocks.hasher.expect_hash().times(0);
    mocks.expect_session_started(user.id);

    let session = mocks
        .service()
        .login("  ADA@Example.com ", &secret(PASSWORD))
        .await
        .unwrap();

    assert_eq!(session.user, user);
    assert_access_token_for(&session.tokens.access_token, user.id);
    assert!(!session.tokens.refresh_token.expose_secret().is_empty());
}

#[tokio::test]
async fn an_unknown_email_still_verifies_once_against_the_dummy_hash() {
    let mut mocks = Mocks::new();
    mocks
        .users
        .expect_find_by_email()
        .with(eq(Email::parse("nobody@example.com").unwrap()))
        .times(1)
        .returning(|_| Ok(None));
    verifies(&mut mocks, PASSWORD, DUMMY_HASH, PasswordCheck::Mismatch);
    mocks.users.expect_reserve_login_attempt().times(0);
    mocks.users.expect_record_failed_login().times(0);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("nobody@example.com", &secret(PASSWORD))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_unknown_email_is_refused_even_if_the_password_matches_the_dummy_hash() {
    let mut mocks = Mocks::new();
    mocks
        .users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Ok(None));
    verifies(
        &mut mocks,
        "not-a-real-password",
        DUMMY_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("nobody@example.com", &secret("not-a-real-password"))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_malformed_email_answers_like_an_unknown_one() {
    let mut mocks = Mocks::new();
    mocks.users.expect_find_by_email().times(0);
    verifies(&mut mocks, PASSWORD, DUMMY_HASH, PasswordCheck::Mismatch);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("not an email", &secret(PASSWORD))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_account_without_a_password_cannot_log_in_with_one() {
    let user = User {
        password_hash: None,
        ..user()
    };
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    // Whether a dummy verify runs here is not pinned; it must not say Match though.
    mocks
        .hasher
        .expect_verify()
        .times(0..=1)
        .returning(|_, _| Ok(PasswordCheck::Mismatch));
    mocks
        .users
        .expect_record_failed_login()
        .with(eq(user.id), eq(5), eq(t0() + Duration::minutes(15)))
        .times(1)
        .returning(|_, _, _| {
            Ok(LoginFailure {
                attempts: 1,
                locked_until: None,
            })
        });
    mocks.expect_no_session();

    let result = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await;

    assert!(
        matches!(result, Err(AccountError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_outdated_hash_is_upgraded_on_login() {
    let user = User {
        password_hash: Some("$2b$12$legacybcrypthashlegacybcrypthashlegacybcrypthash".into()),
        ..user()
    };
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    mocks
        .hasher
        .expect_verify()
        .withf(|password, hash| password == PASSWORD && hash.starts_with("$2b$"))
        .times(1)
        .returning(|_, _| Ok(PasswordCheck::Match { needs_rehash: true }));
    mocks
        .hasher
        .expect_hash()
        .with(eq(PASSWORD))
        .times(1)
        .returning(|_| Ok("$argon2id$upgraded".to_string()));
    mocks
        .users
        .expect_set_password_hash()
        .with(eq(user.id), eq("$argon2id$upgraded"), eq(t0()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    clears(&mut mocks, user.id);
    mocks.expect_session_started(user.id);

    let session = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await
        .unwrap();

    assert_eq!(session.user.id, user.id);
}

// ---------------------------------------------------------------------------------------------
// Refresh-token rotation and reuse detection
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn refresh_rotates_the_token_within_its_family() {
    let user = user();
    let old = "old-refresh-token";
    let stored = stored_token(user.id, old);
    let mut mocks = Mocks::new();
    token_found(&mut mocks, old, Some(stored.clone()));
    let found = user.clone();
    mocks
        .users
        .expect_find_by_id()
        .with(eq(user.id))
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
    let inserted = Arc::new(Mutex::new(None::<RefreshToken>));
    let keep = inserted.clone();
    let (family, old_hash, old_id) = (stored.family_id, stored.token_hash.clone(), stored.id);
    mocks
        .tokens
        .expect_rotate()
        .withf(move |current, token, at| {
            *current == old_id
                && *at == t0()
                && token.family_id == family
                && token.token_hash != old_hash
                && token.user_id == user.id
                && token.revoked_at.is_none()
                && token.expires_at == t0() + Duration::days(7)
        })
        .times(1)
        .returning(move |_, token, _| {
            *keep.lock().unwrap() = Some(token.clone());
            Ok(true)
        });
    mocks.expect_no_session();
    mocks.tokens.expect_revoke_family().times(0);

    let pair = mocks.service().refresh(&secret(old)).await.unwrap();

    let inserted = inserted.lock().unwrap().clone().unwrap();
    let successor = pair.refresh_token.expose_secret();
    assert_ne!(successor, old);
    assert_eq!(
        successor,
        AccessTokenCodec::new(SECRET)
            .successor_refresh_token(old)
            .expose_secret(),
        "the successor is derived from the old token, so a retry can get it again"
    );
    assert_ne!(inserted.id, stored.id);
    assert_eq!(hash_refresh_token(successor), inserted.token_hash);
    assert_access_token_for(&pair.access_token, user.id);
}

#[tokio::test]
async fn an_expired_refresh_token_is_invalid_and_nothing_is_issued() {
    let user = user();
    for expires_at in [t0() - Duration::seconds(1), t0()] {
        let raw = "expired-refresh-token";
        let stored = RefreshToken {
            expires_at,
            ..stored_token(user.id, raw)
        };
        let mut mocks = Mocks::new();
        token_found(&mut mocks, raw, Some(stored));
        mocks.tokens.expect_rotate().times(0);
        mocks.tokens.expect_revoke_family().times(0);
        mocks.users.expect_find_by_id().times(0);
        mocks.expect_no_session();

        let result = mocks.service().refresh(&secret(raw)).await;

        assert!(
            matches!(result, Err(AccountError::InvalidToken)),
            "expires_at {expires_at}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_refresh_token_is_invalid() {
    let mut mocks = Mocks::new();
    token_found(&mut mocks, "never-issued", None);
    mocks.tokens.expect_rotate().times(0);
    mocks.tokens.expect_revoke_family().times(0);
    mocks.expect_no_session();

    let result = mocks.service().refresh(&secret("never-issued")).await;

    assert!(
        matches!(result, Err(AccountError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_its_whole_family() {
    let user = user();
    let raw = "already-rotated";
    let stored = RefreshToken {
        revoked_at: Some(t0() - Duration::hours(1)),
        ..stored_token(user.id, raw)
    };
    let mut mocks = Mocks::new();
    token_found(&mut mocks, raw, Some(stored.clone()));
    mocks
        .tokens
        .expect_revoke_family()
        .with(eq(stored.family_id), eq(t0()))
        .times(1)
        .returning(|_, _| Ok(2));
    mocks
        .users
        .expect_bump_token_version()
        .with(eq(user.id))
        .times(1)
        .returning(|_| Ok(1));
    mocks.tokens.expect_rotate().times(0);
    mocks.users.expect_find_by_id().times(0);
    mocks.expect_no_session();

    let result = mocks.service().refresh(&secret(raw)).await;

    assert!(
        matches!(result, Err(AccountError::TokenReused)),
        "{result:?}"
    );
}

#[tokio::test]
async fn losing_the_rotation_race_to_a_revocation_counts_as_reuse() {
    let user = user();
    let raw = "raced-refresh-token";
    let stored = stored_token(user.id, raw);
    let mut mocks = Mocks::new();
    // First read: active. After the lost rotation: revoked by a logout, so no successor.
    let reads = Arc::new(Mutex::new(0));
    let (first, revoked) = (
        stored.clone(),
        RefreshToken {
            revoked_at: Some(t0()),
            ..stored.clone()
        },
    );
    mocks
        .tokens
        .expect_find_by_hash()
        .with(eq(hash_refresh_token(raw)))
        .times(2)
        .returning(move |_| {
            let mut reads = reads.lock().unwrap();
            *reads += 1;
            Ok(Some(if *reads == 1 {
                first.clone()
            } else {
                revoked.clone()
            }))
        });
    let found = user.clone();
    mocks
        .users
        .expect_find_by_id()
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
    mocks
        .tokens
        .expect_rotate()
        .withf(move |current, _, at| *current == stored.id && *at == t0())
        .times(1)
        .returning(|_, _, _| Ok(false));
    mocks
        .tokens
        .expect_revoke_family()
        .with(eq(stored.family_id), eq(t0()))
        .times(1)
        .returning(|_, _| Ok(1));
    mocks
        .users
        .expect_bump_token_version()
        .times(1)
        .returning(|_| Ok(1));
    mocks.expect_no_session();

    let result = mocks.service().refresh(&secret(raw)).await;

    assert!(
        matches!(result, Err(AccountError::TokenReused)),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn registration_reports_every_problem_at_once_and_stores_nothing() {
    let mut mocks = Mocks::new();
    mocks.hasher.expect_hash().times(0);
    mocks.email_tokens.expect_register().times(0);
    mocks.expect_no_session();

    let result = mocks
        .service()
        .register(Registration {
            email: "not-an-email".into(),
            password: secret("short"),
            first_name: "   ".into(),
            last_name: String::new(),
        })
        .await;

    let error = result.unwrap_err();
    let mut fields = field_names(&error);
    fields.sort_unstable();
    assert_eq!(fields, ["email", "firstName", "lastName", "password"]);
}

#[tokio::test]
async fn registration_with_a_taken_email_is_email_taken() {
    let mut mocks = Mocks::new();
    mocks
        .hasher
        .expect_hash()
        .with(eq(PASSWORD))
        .times(0..=1)
        .returning(|_| Ok("$argon2id$new".to_string()));
    mocks
        .email_tokens
        .expect_register()
        .times(1)
        .returning(|_, _, _| Err(AccountError::EmailTaken));
    mocks.expect_no_session();

    let result = mocks
        .service()
        .register(Registration {
            email: "ada@example.com".into(),
            password: secret(PASSWORD),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
        })
        .await;

    assert!(
        matches!(result, Err(AccountError::EmailTaken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn registration_stores_a_normalised_user_with_a_hashed_password_and_signs_in() {
    let mut mocks = Mocks::new();
    mocks
        .hasher
        .expect_hash()
        .with(eq(PASSWORD))
        .times(1)
        .returning(|_| Ok("$argon2id$new".to_string()));
    let stored = Arc::new(Mutex::new(None::<NewUser>));
    let keep = stored.clone();
    mocks
        .email_tokens
        .expect_register()
        .withf(|new: &NewUser, token, mail| {
            new.email.as_str() == "ada@example.com"
                && new.password_hash.as_deref() == Some("$argon2id$new")
                && new.first_name == "Ada"
                && new.last_name == "Lovelace"
                && new.role == Role::User
                && new.created_at == t0()
                // The verification token and both mails go into the same transaction.
                && token.user_id == new.id
                && token.purpose == EmailTokenPurpose::VerifyEmail
                && token.expires_at > t0()
                && mail.iter().map(|m| m.kind).collect::<Vec<_>>()
                    == [MailKind::Welcome, MailKind::VerifyEmail]
                && mail.iter().all(|m| m.to == new.email)
                && !mail[1].text.contains(&token.token_hash)
        })
        .times(1)
        .returning(move |new, _, _| {
            *keep.lock().unwrap() = Some(new.clone());
            Ok(User {
                id: new.id,
                email: new.email.clone(),
                password_hash: new.password_hash.clone(),
                first_name: new.first_name.clone(),
                last_name: new.last_name.clone(),
                role: new.role,
                email_verified: false,
                created_at: new.created_at,
                updated_at: new.created_at,
                ..user()
            })
        });
    mocks.tokens.expect_insert().times(1).returning(|_| Ok(()));

    let session = mocks
        .service()
        .register(Registration {
            email: " Ada@Example.COM ".into(),
            password: secret(PASSWORD),
            first_name: "  Ada ".into(),
            last_name: "Lovelace".into(),
        })
        .await
        .unwrap();

    let new = stored.lock().unwrap().clone().unwrap();
    assert_eq!(session.user.id, new.id);
    assert_access_token_for(&session.tokens.access_token, new.id);
}

// ---------------------------------------------------------------------------------------------
// Password change
// ---------------------------------------------------------------------------------------------

fn found_by_id(mocks: &mut Mocks, user: &User) {
    let found = user.clone();
    mocks
        .users
        .expect_find_by_id()
        .with(eq(user.id))
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
}

#[tokio::test]
async fn changing_the_password_with_a_wrong_current_one_writes_nothing() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_id(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        "not-my-password",
        STORED_HASH,
        PasswordCheck::Mismatch,
    );
    // The wrong guess counts towards the same lockout as a login.
    mocks
        .users
        .expect_record_failed_login()
        .with(eq(user.id), eq(5), eq(t0() + Duration::minutes(15)))
        .times(1)
        .returning(|_, _, _| {
            Ok(LoginFailure {
                attempts: 1,
                locked_until: None,
            })
        });
    mocks.users.expect_bump_token_version().times(0);
    mocks.hasher.expect_hash().times(0);
    mocks.users.expect_set_password_hash().times(0);
    mocks.tokens.expect_revoke_all_for_user().times(0);

    let result = mocks
        .service()
        .change_password(
            user.id,
            &secret("not-my-password"),
            &secret("brand-new-secret-9"),
        )
        .await;

    assert_eq!(field_names(&result.unwrap_err()), ["currentPassword"]);
}

#[tokio::test]
async fn changing_the_password_to_a_weak_one_writes_nothing() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_id(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    clears(&mut mocks, user.id);
    mocks.hasher.expect_hash().times(0);
    mocks.users.expect_set_password_hash().times(0);
    mocks.tokens.expect_revoke_all_for_user().times(0);

    let result = mocks
        .service()
        .change_password(user.id, &secret(PASSWORD), &secret("short"))
        .await;

    assert_eq!(field_names(&result.unwrap_err()), ["newPassword"]);
}

#[tokio::test]
async fn changing_the_password_stores_the_new_hash_and_signs_out_everywhere() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_id(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    clears(&mut mocks, user.id);
    mocks
        .hasher
        .expect_hash()
        .with(eq("brand-new-secret-9"))
        .times(1)
        .returning(|_| Ok("$argon2id$changed".to_string()));
    mocks
        .users
        .expect_set_password_hash()
        .with(eq(user.id), eq("$argon2id$changed"), eq(t0()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    mocks
        .tokens
        .expect_revoke_all_for_user()
        .with(eq(user.id), eq(t0()))
        .times(1)
        .returning(|_, _| Ok(3));
    mocks
        .users
        .expect_bump_token_version()
        .with(eq(user.id))
        .times(1)
        .returning(|_| Ok(1));

    mocks
        .service()
        .change_password(user.id, &secret(PASSWORD), &secret("brand-new-secret-9"))
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Logout
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn logging_out_with_an_unknown_token_is_fine_and_revokes_nothing() {
    let mut mocks = Mocks::new();
    token_found(&mut mocks, "never-issued", None);
    mocks.tokens.expect_revoke_family().times(0);
    mocks.tokens.expect_rotate().times(0);
    mocks.tokens.expect_revoke_all_for_user().times(0);
    mocks.users.expect_bump_token_version().times(0);

    mocks
        .service()
        .logout(&secret("never-issued"))
        .await
        .unwrap();
}

#[tokio::test]
async fn logging_out_revokes_the_sessions_family() {
    let user = user();
    let raw = "current-refresh-token";
    let stored = stored_token(user.id, raw);
    let mut mocks = Mocks::new();
    token_found(&mut mocks, raw, Some(stored.clone()));
    mocks
        .tokens
        .expect_revoke_family()
        .with(eq(stored.family_id), eq(t0()))
        .times(1)
        .returning(|_, _| Ok(1));
    mocks
        .users
        .expect_bump_token_version()
        .with(eq(user.id))
        .times(1)
        .returning(|_| Ok(1));

    mocks.service().logout(&secret(raw)).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Secrets stay out of debug output
// ---------------------------------------------------------------------------------------------

#[test]
fn debug_output_of_a_registration_shows_no_password() {
    let registration = Registration {
        email: "ada@example.com".into(),
        password: secret("violet-canoe-42-secret"),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
    };
    let shown = format!("{registration:?} {registration:#?}");
    assert!(!shown.contains("violet-canoe-42-secret"), "{shown}");
    assert!(
        shown.contains("ada@example.com"),
        "the rest stays readable: {shown}"
    );
}

#[tokio::test]
async fn debug_output_of_a_session_shows_no_token() {
    let user = user();
    let mut mocks = Mocks::new();
    found_by_email(&mut mocks, &user);
    reserves(&mut mocks, user.id);
    verifies(
        &mut mocks,
        PASSWORD,
        STORED_HASH,
        PasswordCheck::Match {
            needs_rehash: false,
        },
    );
    clears(&mut mocks, user.id);
    mocks.expect_session_started(user.id);
    let session = mocks
        .service()
        .login("ada@example.com", &secret(PASSWORD))
        .await
        .unwrap();

    let shown = format!("{session:?}");
    assert!(
        !shown.contains(session.tokens.access_token.expose_secret()),
        "{shown}"
    );
    assert!(
        !shown.contains(session.tokens.refresh_token.expose_secret()),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Forgotten password and email verification
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn forgot_password_for_an_unknown_email_answers_alike_and_stores_nothing() {
    let mut mocks = Mocks::new();
    mocks
        .users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Ok(None));
    mocks.email_tokens.expect_issue().times(0);
    mocks
        .service()
        .forgot_password("nobody@example.com")
        .await
        .unwrap();
}

#[tokio::test]
async fn forgot_password_stores_a_hashed_one_hour_token_with_its_link_in_one_mail() {
    let mut mocks = Mocks::new();
    let found = user();
    let id = found.id;
    mocks
        .users
        .expect_find_by_email()
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
    mocks
        .email_tokens
        .expect_issue()
        .withf(move |token, mail, limit, since| {
            let link = mail[0].text.split("token=").nth(1).unwrap_or_default();
            let sent: String = link.chars().take_while(|c| !c.is_whitespace()).collect();
            token.user_id == id
                && token.purpose == EmailTokenPurpose::PasswordReset
                && token.expires_at == t0() + Duration::hours(1)
                && token.token_hash == hash_refresh_token(&sent)
                && !mail[0].text.contains(&token.token_hash)
                && mail.len() == 1
                && mail[0].kind == MailKind::PasswordReset
                && *limit == 3
                && *since == t0() - Duration::hours(1)
        })
        .times(1)
        .returning(|_, _, _, _| Ok(true));
    mocks
        .service()
        .forgot_password("Ada@Example.com")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_weak_new_password_is_refused_before_the_link_is_used() {
    let mut mocks = Mocks::new();
    mocks.hasher.expect_hash().times(0);
    mocks.email_tokens.expect_reset_password().times(0);
    let result = mocks
        .service()
        .reset_password(&secret("some-token"), &secret("short"))
        .await;
    assert_eq!(field_names(&result.unwrap_err()), ["newPassword"]);
}

#[tokio::test]
async fn an_unknown_or_used_reset_link_is_invalid() {
    let mut mocks = Mocks::new();
    mocks
        .hasher
        .expect_hash()
        .times(1)
        .returning(|_| Ok("$argon2id$new".to_string()));
    mocks
        .email_tokens
        .expect_reset_password()
        .with(
            eq(hash_refresh_token("some-token")),
            eq("$argon2id$new"),
            eq(t0()),
        )
        .times(1)
        .returning(|_, _, _| Ok(None));
    let result = mocks
        .service()
        .reset_password(&secret("some-token"), &secret(PASSWORD))
        .await;
    assert!(
        matches!(result, Err(AccountError::InvalidLink)),
        "{result:?}"
    );
}

#[tokio::test]
async fn resending_verification_over_the_limit_is_refused() {
    let mut mocks = Mocks::new();
    let unverified = User {
        email_verified: false,
        ..user()
    };
    found_by_id(&mut mocks, &unverified);
    mocks
        .email_tokens
        .expect_issue()
        .times(1)
        .returning(|_, _, _, _| Ok(false));
    let result = mocks.service().resend_verification(unverified.id).await;
    assert!(
        matches!(result, Err(AccountError::TooManyEmails)),
        "{result:?}"
    );
}
