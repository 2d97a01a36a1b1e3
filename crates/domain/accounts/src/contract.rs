//! The one contract suite for the account repositories. Every adapter runs it against its
//! own implementation through [`account_repository_contract!`], so the in-memory default and
//! PostgreSQL are held to the same behaviour.

use crate::{
    AccessTokenCodec, AccountError, AccountMail, AccountService, Argon2PasswordHasher, EmailToken,
    EmailTokenPurpose, EmailTokenRepository, JobPreferences, LoginGate, NewUser, PasswordCheck,
    PasswordHasher, ProfileUpdate, RefreshToken, RefreshTokenRepository, Registration, TokenPair,
    UserRepository,
};
use async_trait::async_trait;
use jobr_core::{Clock, Email, Phone, Role, Timestamp, UserId};
use jobr_notifications::{BaseUrl, MailComposer, MailKind, Outbox, OutboxEntry};
use secrecy::{ExposeSecret, SecretString};
use std::{
    future::Future,
    pin::Pin,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    task::{Context, Poll},
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// The repositories under test, sharing one store (refresh tokens belong to users).
pub struct AccountRepos {
    pub users: Arc<dyn UserRepository>,
    pub refresh_tokens: Arc<dyn RefreshTokenRepository>,
    /// Stores its changes with the users, the refresh tokens and `outbox` above.
    pub email_tokens: Arc<dyn EmailTokenRepository>,
    /// Where `email_tokens` puts the mail, read back to follow the links.
    pub outbox: Arc<dyn Outbox>,
}

/// Generates one `#[tokio::test]` per contract case. `$make` is an expression giving a future
/// of `(AccountRepos, guard)`; the guard (e.g. a throwaway database) lives for the test.
#[macro_export]
macro_rules! account_repository_contract {
    ($make:expr) => {
        $crate::account_repository_contract!(@cases $make;
            insert_then_find_by_id_and_email,
            email_is_unique_whatever_its_case,
            unknown_users_are_absent,
            update_profile_touches_only_given_fields,
            updating_an_unknown_user_is_not_found,
            failed_logins_lock_at_the_limit_and_restart_the_count,
            login_attempts_are_reserved_up_to_the_limit,
            concurrent_reservations_never_pass_the_limit,
            clearing_failed_logins_unlocks,
            clearing_is_refused_while_a_lock_is_in_force,
            token_versions_start_at_zero_and_only_grow,
            password_hash_and_role_can_be_changed,
            refresh_token_is_found_by_its_hash,
            rotation_replaces_a_token_only_once,
            no_rotation_outlives_a_concurrent_family_revocation,
            revoking_a_family_leaves_other_families_alone,
            revoking_all_of_a_users_tokens,
            service_a_burst_of_guesses_gets_at_most_the_limit_of_verifications,
            service_a_wrong_current_password_counts_towards_the_lockout,
            service_concurrent_refreshes_of_one_token_get_the_same_pair,
            service_a_refresh_retried_within_the_grace_window_gets_the_same_pair,
            service_reuse_after_the_grace_window_revokes_the_family_and_access,
            service_registration_enqueues_welcome_and_a_verification_link_that_works_once,
            service_a_taken_email_enqueues_no_mail,
            service_a_reset_link_sets_the_password_ends_sessions_and_clears_the_lockout,
            service_a_reset_link_expires_after_an_hour,
            service_reset_mails_are_limited_and_unknown_emails_send_nothing,
            concurrent_issues_never_pass_the_limit,
        );
    };
    (@cases $make:expr; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (repos, _guard) = $make.await;
                $crate::contract::$case(&repos).await;
            }
        )+
    };
}

/// Postgres keeps microseconds; contract timestamps are whole seconds so both stores agree.
fn now() -> Timestamp {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        id: UserId::new(),
        email: Email::parse(email).unwrap_or_else(|e| panic!("test email {email}: {e}")),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into()),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        role: Role::User,
        created_at: now(),
    }
}

async fn insert(repos: &AccountRepos, email: &str) -> crate::User {
    match repos.users.insert(&new_user(email)).await {
        Ok(user) => user,
        Err(e) => panic!("insert {email}: {e}"),
    }
}

fn token(user: UserId, family_id: Uuid, hash: &str) -> RefreshToken {
    let now = now();
    RefreshToken {
        id: Uuid::new_v4(),
        user_id: user,
        family_id,
        token_hash: hash.into(),
        expires_at: now + Duration::days(7),
        created_at: now,
        revoked_at: None,
        replaced_by: None,
    }
}

pub async fn insert_then_find_by_id_and_email(repos: &AccountRepos) {
    let new = new_user("ada@example.com");
    let stored = repos
        .users
        .insert(&new)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.id, new.id);
    assert_eq!(stored.email, new.email);
    assert_eq!(stored.password_hash, new.password_hash);
    assert_eq!(
        (stored.first_name.as_str(), stored.last_name.as_str()),
        ("Ada", "Lovelace")
    );
    assert_eq!(stored.role, Role::User);
    assert_eq!(stored.failed_login_attempts, 0);
    assert_eq!(stored.locked_until, None);
    assert_eq!(stored.job_preferences, JobPreferences::default());

    let by_id = repos.users.find_by_id(new.id).await.ok().flatten();
    let by_email = repos.users.find_by_email(&new.email).await.ok().flatten();
    assert_eq!(by_id.as_ref(), Some(&stored));
    assert_eq!(by_email.as_ref(), Some(&stored));
}

pub async fn email_is_unique_whatever_its_case(repos: &AccountRepos) {
    insert(repos, "grace@example.com").await;
    let again = repos.users.insert(&new_user("GRACE@Example.com")).await;
    assert!(matches!(again, Err(AccountError::EmailTaken)), "{again:?}");
}

pub async fn unknown_users_are_absent(repos: &AccountRepos) {
    assert!(matches!(
        repos.users.find_by_id(UserId::new()).await,
        Ok(None)
    ));
    let email = Email::parse("nobody@example.com").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(repos.users.find_by_email(&email).await, Ok(None)));
}

pub async fn update_profile_touches_only_given_fields(repos: &AccountRepos) {
    let user = insert(repos, "linus@example.com").await;
    let preferences = JobPreferences {
        desired_titles: vec!["Backend Engineer".into()],
        locations: vec!["Berlin".into()],
        remote: Some(true),
        min_salary: Some(80_000),
        currency: Some("EUR".into()),
        ..JobPreferences::default()
    };
    let phone = Phone::parse("+49 30 1234567").unwrap_or_else(|e| panic!("{e}"));
    let later = now() + Duration::minutes(1);
    let update = ProfileUpdate {
        first_name: Some("Linus".into()),
        phone: Some(Some(phone.clone())),
        location: Some(Some("Berlin, DE".into())),
        job_preferences: Some(preferences.clone()),
        ..ProfileUpdate::default()
    };
    let updated = repos
        .users
        .update_profile(user.id, &update, later)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.first_name, "Linus");
    assert_eq!(
        updated.last_name, "Lovelace",
        "an absent field is left alone"
    );
    assert_eq!(updated.phone, Some(phone));
    assert_eq!(updated.location.as_deref(), Some("Berlin, DE"));
    assert_eq!(updated.job_preferences, preferences);
    assert_eq!(updated.updated_at, later);

    let cleared = ProfileUpdate {
        location: Some(None),
        ..ProfileUpdate::default()
    };
    let updated = repos
        .users
        .update_profile(user.id, &cleared, later)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.location, None, "an explicit null clears the field");
    assert!(updated.phone.is_some());
    let reread = repos.users.find_by_id(user.id).await.ok().flatten();
    assert_eq!(reread, Some(updated));
}

pub async fn updating_an_unknown_user_is_not_found(repos: &AccountRepos) {
    let update = ProfileUpdate {
        first_name: Some("Nobody".into()),
        ..ProfileUpdate::default()
    };
    let result = repos
        .users
        .update_profile(UserId::new(), &update, now())
        .await;
    assert!(
        matches!(result, Err(AccountError::UserNotFound)),
        "{result:?}"
    );
    let result = repos
        .users
        .set_password_hash(UserId::new(), "x", now())
        .await;
    assert!(
        matches!(result, Err(AccountError::UserNotFound)),
        "{result:?}"
    );
    let result = repos
        .users
        .record_failed_login(UserId::new(), 5, now())
        .await;
    assert!(
        matches!(result, Err(AccountError::UserNotFound)),
        "{result:?}"
    );
}

async fn reserve(repos: &AccountRepos, user: UserId, max: i32, at: Timestamp) -> LoginGate {
    repos
        .users
        .reserve_login_attempt(user, max, at, at + Duration::minutes(15))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

pub async fn failed_logins_lock_at_the_limit_and_restart_the_count(repos: &AccountRepos) {
    let user = insert(repos, "mallory@example.com").await;
    let at = now();
    let lock_until = at + Duration::minutes(15);
    for expected in 1..=2 {
        assert_eq!(reserve(repos, user.id, 3, at).await, LoginGate::Open);
        let failure = repos
            .users
            .record_failed_login(user.id, 3, lock_until)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((failure.attempts, failure.locked_until), (expected, None));
    }
    assert_eq!(reserve(repos, user.id, 3, at).await, LoginGate::Open);
    let third = repos
        .users
        .record_failed_login(user.id, 3, lock_until)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(third.locked_until, Some(lock_until));
    assert_eq!(third.attempts, 0, "the count restarts once the lock is set");
    let stored = repos.users.find_by_id(user.id).await.ok().flatten();
    assert_eq!(stored.and_then(|u| u.locked_until), Some(lock_until));
    assert_eq!(
        reserve(repos, user.id, 3, at + Duration::minutes(1)).await,
        LoginGate::Locked { until: lock_until },
        "a locked account reserves nothing"
    );
}

pub async fn login_attempts_are_reserved_up_to_the_limit(repos: &AccountRepos) {
    let user = insert(repos, "burst@example.com").await;
    let at = now();
    for _ in 0..3 {
        assert_eq!(reserve(repos, user.id, 3, at).await, LoginGate::Open);
    }
    // Three attempts are counted and none settled: the fourth locks the account.
    let lock_until = at + Duration::minutes(15);
    assert_eq!(
        reserve(repos, user.id, 3, at).await,
        LoginGate::Locked { until: lock_until }
    );
    let stored = repos.users.find_by_id(user.id).await.ok().flatten();
    assert_eq!(
        stored.map(|u| (u.failed_login_attempts, u.locked_until)),
        Some((0, Some(lock_until)))
    );
    assert_eq!(
        reserve(repos, user.id, 3, lock_until).await,
        LoginGate::Open,
        "the lock ends when its time is up"
    );
    let unknown = repos
        .users
        .reserve_login_attempt(UserId::new(), 3, at, lock_until)
        .await;
    assert!(
        matches!(unknown, Err(AccountError::UserNotFound)),
        "{unknown:?}"
    );
}

pub async fn concurrent_reservations_never_pass_the_limit(repos: &AccountRepos) {
    let user = insert(repos, "swarm@example.com").await;
    let at = now();
    let gates = futures::future::join_all((0..40).map(|_| reserve(repos, user.id, 5, at))).await;
    let open = gates.iter().filter(|g| **g == LoginGate::Open).count();
    assert_eq!(open, 5, "{gates:?}");
}

pub async fn clearing_failed_logins_unlocks(repos: &AccountRepos) {
    let user = insert(repos, "eve@example.com").await;
    let at = now();
    for _ in 0..2 {
        reserve(repos, user.id, 5, at).await;
    }
    let gate = repos
        .users
        .clear_failed_logins(user.id, at)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(gate, LoginGate::Open);
    let stored = repos
        .users
        .find_by_id(user.id)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("user gone"));
    assert_eq!(
        (stored.failed_login_attempts, stored.locked_until),
        (0, None)
    );
}

pub async fn clearing_is_refused_while_a_lock_is_in_force(repos: &AccountRepos) {
    let user = insert(repos, "late@example.com").await;
    let at = now();
    for _ in 0..3 {
        reserve(repos, user.id, 2, at).await;
    }
    let lock_until = at + Duration::minutes(15);
    let gate = repos.users.clear_failed_logins(user.id, at).await;
    assert!(
        matches!(gate, Ok(LoginGate::Locked { until }) if until == lock_until),
        "a right password verified while the lock was set starts no session: {gate:?}"
    );
    let stored = repos.users.find_by_id(user.id).await.ok().flatten();
    assert_eq!(stored.and_then(|u| u.locked_until), Some(lock_until));
    let gate = repos.users.clear_failed_logins(user.id, lock_until).await;
    assert!(matches!(gate, Ok(LoginGate::Open)), "{gate:?}");
}

pub async fn token_versions_start_at_zero_and_only_grow(repos: &AccountRepos) {
    let user = insert(repos, "version@example.com").await;
    assert_eq!(user.token_version, 0);
    assert!(matches!(
        repos.users.token_version(user.id).await,
        Ok(Some(0))
    ));
    for expected in 1..=2 {
        let bumped = repos.users.bump_token_version(user.id).await;
        assert!(matches!(bumped, Ok(v) if v == expected), "{bumped:?}");
    }
    assert!(matches!(
        repos.users.token_version(user.id).await,
        Ok(Some(2))
    ));
    assert!(matches!(
        repos.users.token_version(UserId::new()).await,
        Ok(None)
    ));
    let unknown = repos.users.bump_token_version(UserId::new()).await;
    assert!(
        matches!(unknown, Err(AccountError::UserNotFound)),
        "{unknown:?}"
    );
}

pub async fn password_hash_and_role_can_be_changed(repos: &AccountRepos) {
    let user = insert(repos, "root@example.com").await;
    repos
        .users
        .set_password_hash(user.id, "$2b$12$new", now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let promoted = repos
        .users
        .set_role(&user.email, Role::Admin)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(promoted.role, Role::Admin);
    assert_eq!(promoted.password_hash.as_deref(), Some("$2b$12$new"));
    let nobody = Email::parse("nobody@example.com").unwrap_or_else(|e| panic!("{e}"));
    let result = repos.users.set_role(&nobody, Role::Admin).await;
    assert!(
        matches!(result, Err(AccountError::UserNotFound)),
        "{result:?}"
    );
}

pub async fn refresh_token_is_found_by_its_hash(repos: &AccountRepos) {
    let user = insert(repos, "tok@example.com").await;
    let stored = token(user.id, Uuid::new_v4(), "hash-a");
    repos
        .refresh_tokens
        .insert(&stored)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let found = repos
        .refresh_tokens
        .find_by_hash("hash-a")
        .await
        .ok()
        .flatten();
    assert_eq!(found, Some(stored));
    assert!(matches!(
        repos.refresh_tokens.find_by_hash("hash-b").await,
        Ok(None)
    ));
}

pub async fn rotation_replaces_a_token_only_once(repos: &AccountRepos) {
    let user = insert(repos, "once@example.com").await;
    let family = Uuid::new_v4();
    let original = token(user.id, family, "hash-original");
    repos
        .refresh_tokens
        .insert(&original)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let at = now();
    let first = token(user.id, family, "hash-first");
    let second = token(user.id, family, "hash-second");
    let rotated = repos.refresh_tokens.rotate(original.id, &first, at).await;
    assert!(matches!(rotated, Ok(true)), "{rotated:?}");
    let again = repos.refresh_tokens.rotate(original.id, &second, at).await;
    assert!(
        matches!(again, Ok(false)),
        "a spent token rotates no more: {again:?}"
    );

    let find = |hash: &'static str| async move {
        repos.refresh_tokens.find_by_hash(hash).await.ok().flatten()
    };
    let spent = find("hash-original").await;
    assert_eq!(spent.as_ref().and_then(|t| t.revoked_at), Some(at));
    assert_eq!(
        spent.and_then(|t| t.replaced_by),
        Some(first.id),
        "a rotated token names its successor"
    );
    assert_eq!(find("hash-first").await, Some(first));
    assert_eq!(
        find("hash-second").await,
        None,
        "a losing rotation stores nothing"
    );
}

/// Races rotations against a revocation of their family many times: whatever the
/// interleaving, once both are done no token of the family may still be active.
pub async fn no_rotation_outlives_a_concurrent_family_revocation(repos: &AccountRepos) {
    let user = insert(repos, "race@example.com").await;
    for round in 0..20 {
        let family = Uuid::new_v4();
        let original = token(user.id, family, &format!("race-{round}"));
        repos
            .refresh_tokens
            .insert(&original)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let replacement = token(user.id, family, &format!("race-{round}-next"));
        let at = now();
        let (rotated, revoked) = futures::join!(
            repos.refresh_tokens.rotate(original.id, &replacement, at),
            repos.refresh_tokens.revoke_family(family, at),
        );
        assert!(
            rotated.is_ok() && revoked.is_ok(),
            "{rotated:?} {revoked:?}"
        );
        let survivor = repos
            .refresh_tokens
            .find_by_hash(&replacement.token_hash)
            .await
            .ok()
            .flatten()
            .filter(|t| t.revoked_at.is_none());
        assert_eq!(
            survivor, None,
            "round {round}: a replacement escaped the revocation"
        );
    }
}

pub async fn revoking_a_family_leaves_other_families_alone(repos: &AccountRepos) {
    let user = insert(repos, "family@example.com").await;
    let (family, other) = (Uuid::new_v4(), Uuid::new_v4());
    for (family_id, hash) in [(family, "f1"), (family, "f2"), (other, "o1")] {
        repos
            .refresh_tokens
            .insert(&token(user.id, family_id, hash))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(matches!(
        repos.refresh_tokens.revoke_family(family, now()).await,
        Ok(2)
    ));
    let revoked = repos.refresh_tokens.find_by_hash("f1").await.ok().flatten();
    assert_eq!(
        revoked.and_then(|t| t.replaced_by),
        None,
        "a revoked token has no successor"
    );
    for (hash, revoked) in [("f1", true), ("f2", true), ("o1", false)] {
        let found = repos.refresh_tokens.find_by_hash(hash).await.ok().flatten();
        assert_eq!(
            found.map(|t| t.revoked_at.is_some()),
            Some(revoked),
            "{hash}"
        );
    }
}

pub async fn revoking_all_of_a_users_tokens(repos: &AccountRepos) {
    let alice = insert(repos, "alice@example.com").await;
    let bob = insert(repos, "bob@example.com").await;
    for (user, hash) in [(alice.id, "a1"), (alice.id, "a2"), (bob.id, "b1")] {
        repos
            .refresh_tokens
            .insert(&token(user, Uuid::new_v4(), hash))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(matches!(
        repos
            .refresh_tokens
            .revoke_all_for_user(alice.id, now())
            .await,
        Ok(2)
    ));
    let bobs = repos.refresh_tokens.find_by_hash("b1").await.ok().flatten();
    assert_eq!(
        bobs.map(|t| t.revoked_at),
        Some(None),
        "another user's tokens stay valid"
    );
}

// ---------------------------------------------------------------------------------------------
// The account service on these repositories: the guarantees that rest on their atomicity.
// ---------------------------------------------------------------------------------------------

const SECRET: &[u8] = b"contract-suite-secret-0123456789";
const PASSWORD: &str = "violet-canoe-42";

/// A clock that stays where the test puts it (whole seconds, as Postgres keeps them).
struct TestClock(Mutex<Timestamp>);

impl TestClock {
    fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Returns `Pending` once, so every concurrent login reaches its password check before any
/// check finishes: the worst interleaving for a lockout.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Real (fast-parameter) argon2 that counts verifications.
struct CountingHasher {
    inner: Argon2PasswordHasher,
    verifications: AtomicUsize,
}

#[async_trait]
impl PasswordHasher for CountingHasher {
    async fn hash(&self, password: &str) -> Result<String, AccountError> {
        self.inner.hash_blocking(password)
    }

    async fn verify(&self, password: &str, hash: &str) -> Result<PasswordCheck, AccountError> {
        YieldOnce(false).await;
        self.verifications.fetch_add(1, Ordering::SeqCst);
        Ok(self.inner.verify_blocking(password, hash))
    }
}

struct Harness {
    service: AccountService,
    hasher: Arc<CountingHasher>,
    clock: Arc<TestClock>,
}

fn harness(repos: &AccountRepos) -> Harness {
    let inner = Argon2PasswordHasher::insecure_fast_for_tests();
    let dummy_hash = inner
        .hash_blocking("not-a-real-password")
        .unwrap_or_else(|e| panic!("{e}"));
    let hasher = Arc::new(CountingHasher {
        inner,
        verifications: AtomicUsize::new(0),
    });
    let clock = Arc::new(TestClock(Mutex::new(now())));
    let service = AccountService::new(
        Arc::clone(&repos.users),
        Arc::clone(&repos.refresh_tokens),
        hasher.clone(),
        AccessTokenCodec::new(SECRET),
        clock.clone(),
        dummy_hash,
        AccountMail {
            store: Arc::clone(&repos.email_tokens),
            composer: MailComposer::new(
                BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")),
            ),
        },
    );
    Harness {
        service,
        hasher,
        clock,
    }
}

async fn register(harness: &Harness, email: &str) -> TokenPair {
    harness
        .service
        .register(Registration {
            email: email.into(),
            password: SecretString::from(PASSWORD),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
        })
        .await
        .unwrap_or_else(|e| panic!("register {email}: {e}"))
        .tokens
}

fn same_pair(a: &TokenPair, b: &TokenPair) -> bool {
    a.access_token.expose_secret() == b.access_token.expose_secret()
        && a.refresh_token.expose_secret() == b.refresh_token.expose_secret()
}

/// 40 wrong guesses and then the right password, all at once: at most 5 verifications, and
/// the right one, arriving once the others have locked the account, starts no session.
pub async fn service_a_burst_of_guesses_gets_at_most_the_limit_of_verifications(
    repos: &AccountRepos,
) {
    let harness = harness(repos);
    register(&harness, "target@example.com").await;
    let right = SecretString::from(PASSWORD);
    let wrong: Vec<SecretString> = (0..40)
        .map(|i| SecretString::from(format!("wrong-guess-{i}")))
        .collect();
    let guesses = wrong.iter().chain(std::iter::once(&right));
    let results = futures::future::join_all(
        guesses.map(|password| harness.service.login("target@example.com", password)),
    )
    .await;

    let verifications = harness.hasher.verifications.load(Ordering::SeqCst);
    assert!(
        verifications <= 5,
        "{verifications} passwords were verified"
    );
    assert!(
        matches!(results[40], Err(AccountError::Locked { .. })),
        "the right password must not sign in once the burst locked the account: {:?}",
        results[40]
    );
    assert!(results.iter().all(Result::is_err));
    let after = harness.service.login("target@example.com", &right).await;
    assert!(
        matches!(after, Err(AccountError::Locked { .. })),
        "{after:?}"
    );
}

pub async fn service_a_wrong_current_password_counts_towards_the_lockout(repos: &AccountRepos) {
    let harness = harness(repos);
    register(&harness, "changer@example.com").await;
    let user = repos
        .users
        .find_by_email(&Email::parse("changer@example.com").unwrap_or_else(|e| panic!("{e}")))
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("user gone"));
    let new_password = SecretString::from("amber-kettle-97");
    for i in 0..5 {
        let wrong = SecretString::from(format!("wrong-current-{i}"));
        let result = harness
            .service
            .change_password(user.id, &wrong, &new_password)
            .await;
        assert!(
            matches!(result, Err(AccountError::Validation(_))),
            "{result:?}"
        );
    }
    let right = SecretString::from(PASSWORD);
    let result = harness
        .service
        .change_password(user.id, &right, &new_password)
        .await;
    assert!(
        matches!(result, Err(AccountError::Locked { .. })),
        "{result:?}"
    );
    let login = harness.service.login("changer@example.com", &right).await;
    assert!(
        matches!(login, Err(AccountError::Locked { .. })),
        "{login:?}"
    );
}

pub async fn service_concurrent_refreshes_of_one_token_get_the_same_pair(repos: &AccountRepos) {
    let harness = harness(repos);
    let first = register(&harness, "tabs@example.com").await;
    let (a, b) = futures::join!(
        harness.service.refresh(&first.refresh_token),
        harness.service.refresh(&first.refresh_token),
    );
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        other => panic!("both refreshes must succeed: {other:?}"),
    };
    assert!(same_pair(&a, &b), "both get the same successor pair");
    assert_ne!(
        a.refresh_token.expose_secret(),
        first.refresh_token.expose_secret()
    );
    let next = harness.service.refresh(&a.refresh_token).await;
    assert!(next.is_ok(), "the successor is live: {next:?}");
}

pub async fn service_a_refresh_retried_within_the_grace_window_gets_the_same_pair(
    repos: &AccountRepos,
) {
    let harness = harness(repos);
    let first = register(&harness, "retry@example.com").await;
    let pair = harness
        .service
        .refresh(&first.refresh_token)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    harness.clock.advance(Duration::seconds(10));
    let retried = harness
        .service
        .refresh(&first.refresh_token)
        .await
        .unwrap_or_else(|e| panic!("a retry 10 s later must succeed: {e}"));
    assert!(same_pair(&pair, &retried));
    assert_eq!(
        retried.expires_in,
        15 * 60 - 10,
        "the same access token, 10 s older"
    );
    let claims = harness
        .service
        .authenticate(retried.access_token.expose_secret())
        .await;
    assert!(claims.is_ok(), "{claims:?}");
}

pub async fn service_reuse_after_the_grace_window_revokes_the_family_and_access(
    repos: &AccountRepos,
) {
    let harness = harness(repos);
    let first = register(&harness, "late-reuse@example.com").await;
    let pair = harness
        .service
        .refresh(&first.refresh_token)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    harness.clock.advance(Duration::seconds(31));
    let reused = harness.service.refresh(&first.refresh_token).await;
    assert!(
        matches!(reused, Err(AccountError::TokenReused)),
        "{reused:?}"
    );
    let successor = harness.service.refresh(&pair.refresh_token).await;
    assert!(
        successor.is_err(),
        "the family is revoked, successor included: {successor:?}"
    );
    let access = harness
        .service
        .authenticate(pair.access_token.expose_secret())
        .await;
    assert!(
        matches!(access, Err(AccountError::InvalidToken)),
        "access tokens end with the family revocation: {access:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Mail-backed flows: verification and password reset
// ---------------------------------------------------------------------------------------------

async fn mail(repos: &AccountRepos, kind: MailKind) -> Vec<OutboxEntry> {
    let mut all = repos
        .outbox
        .list(None, 1000)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    all.retain(|m| m.kind == kind);
    all
}

/// The token in the newest mail of `kind`, read from its text body the way a user follows it.
async fn link_token(repos: &AccountRepos, kind: MailKind) -> SecretString {
    let t = now() + Duration::days(365);
    let claimed = repos
        .outbox
        .claim(1000, t, t)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let message = claimed
        .into_iter()
        .map(|c| c.message)
        .rfind(|m| m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} mail"));
    let start = message
        .text
        .find("token=")
        .unwrap_or_else(|| panic!("no link in {}", message.text))
        + "token=".len();
    let token: String = message.text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    SecretString::from(token)
}

pub async fn service_registration_enqueues_welcome_and_a_verification_link_that_works_once(
    repos: &AccountRepos,
) {
    let harness = harness(repos);
    register(&harness, "ada@example.com").await;
    let welcome = mail(repos, MailKind::Welcome).await;
    let verify = mail(repos, MailKind::VerifyEmail).await;
    assert_eq!((welcome.len(), verify.len()), (1, 1));
    assert_eq!(verify[0].to.as_str(), "ada@example.com");
    let email = Email::parse("ada@example.com").unwrap_or_else(|e| panic!("{e}"));
    let user = repos.users.find_by_email(&email).await.ok().flatten();
    assert!(user.as_ref().is_some_and(|u| !u.email_verified));

    let token = link_token(repos, MailKind::VerifyEmail).await;
    let verified = harness.service.verify_email(&token).await;
    assert!(matches!(verified, Ok(id) if Some(id) == user.as_ref().map(|u| u.id)));
    let user = repos.users.find_by_email(&email).await.ok().flatten();
    assert!(user.is_some_and(|u| u.email_verified));
    let again = harness.service.verify_email(&token).await;
    assert!(matches!(again, Err(AccountError::InvalidLink)), "{again:?}");
    let resend = harness
        .service
        .resend_verification(verified.unwrap_or_else(|e| panic!("{e}")))
        .await;
    assert!(matches!(resend, Err(AccountError::EmailAlreadyVerified)));
}

pub async fn service_a_taken_email_enqueues_no_mail(repos: &AccountRepos) {
    let harness = harness(repos);
    register(&harness, "ada@example.com").await;
    let again = harness
        .service
        .register(Registration {
            email: "ADA@example.com".into(),
            password: SecretString::from(PASSWORD),
            first_name: "Other".into(),
            last_name: "Person".into(),
        })
        .await;
    assert!(matches!(again, Err(AccountError::EmailTaken)), "{again:?}");
    assert_eq!(mail(repos, MailKind::Welcome).await.len(), 1);
    assert_eq!(mail(repos, MailKind::VerifyEmail).await.len(), 1);
}

pub async fn service_a_reset_link_sets_the_password_ends_sessions_and_clears_the_lockout(
    repos: &AccountRepos,
) {
    let harness = harness(repos);
    let old = register(&harness, "ada@example.com").await;
    for _ in 0..5 {
        let _ = harness
            .service
            .login("ada@example.com", &SecretString::from("wrong-password-1"))
            .await;
    }
    let locked = harness
        .service
        .login("ada@example.com", &SecretString::from(PASSWORD))
        .await;
    assert!(
        matches!(locked, Err(AccountError::Locked { .. })),
        "{locked:?}"
    );

    harness
        .service
        .forgot_password("Ada@Example.com")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mail(repos, MailKind::PasswordReset).await.len(), 1);
    let token = link_token(repos, MailKind::PasswordReset).await;
    let new_password = SecretString::from("a-brand-new-secret-9");
    harness
        .service
        .reset_password(&token, &new_password)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let refreshed = harness.service.refresh(&old.refresh_token).await;
    assert!(refreshed.is_err(), "the old session is over");
    let access = harness
        .service
        .authenticate(old.access_token.expose_secret())
        .await;
    assert!(
        matches!(access, Err(AccountError::InvalidToken)),
        "{access:?}"
    );
    let old_login = harness
        .service
        .login("ada@example.com", &SecretString::from(PASSWORD))
        .await;
    assert!(matches!(old_login, Err(AccountError::InvalidCredentials)));
    harness
        .service
        .login("ada@example.com", &new_password)
        .await
        .unwrap_or_else(|e| panic!("the new password and no lock: {e}"));
    let reused = harness.service.reset_password(&token, &new_password).await;
    assert!(
        matches!(reused, Err(AccountError::InvalidLink)),
        "{reused:?}"
    );
}

pub async fn service_a_reset_link_expires_after_an_hour(repos: &AccountRepos) {
    let harness = harness(repos);
    register(&harness, "ada@example.com").await;
    harness
        .service
        .forgot_password("ada@example.com")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let token = link_token(repos, MailKind::PasswordReset).await;
    harness.clock.advance(Duration::minutes(61));
    let late = harness
        .service
        .reset_password(&token, &SecretString::from("a-brand-new-secret-9"))
        .await;
    assert!(matches!(late, Err(AccountError::InvalidLink)), "{late:?}");
}

pub async fn service_reset_mails_are_limited_and_unknown_emails_send_nothing(repos: &AccountRepos) {
    let harness = harness(repos);
    register(&harness, "ada@example.com").await;
    for _ in 0..5 {
        harness
            .service
            .forgot_password("ada@example.com")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    harness
        .service
        .forgot_password("nobody@example.com")
        .await
        .unwrap_or_else(|e| panic!("an unknown email answers alike: {e}"));
    assert_eq!(mail(repos, MailKind::PasswordReset).await.len(), 3);
    harness.clock.advance(Duration::minutes(61));
    harness
        .service
        .forgot_password("ada@example.com")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mail(repos, MailKind::PasswordReset).await.len(), 4);
}

pub async fn concurrent_issues_never_pass_the_limit(repos: &AccountRepos) {
    let user = insert(repos, "ada@example.com").await;
    let t = now();
    let composer =
        MailComposer::new(BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")));
    let attempts = (0..12).map(|i| {
        let store = Arc::clone(&repos.email_tokens);
        let message = composer.password_reset(
            &user.email,
            "Ada",
            &SecretString::from(format!("token-{i}")),
        );
        let token = EmailToken {
            id: Uuid::new_v4(),
            user_id: user.id,
            purpose: EmailTokenPurpose::PasswordReset,
            token_hash: format!("hash-{i}"),
            expires_at: t + Duration::hours(1),
            created_at: t,
        };
        async move {
            store
                .issue(&token, &[message], 3, t - Duration::hours(1))
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    });
    let issued = futures::future::join_all(attempts)
        .await
        .into_iter()
        .filter(|issued| *issued)
        .count();
    assert_eq!(issued, 3);
    assert_eq!(mail(repos, MailKind::PasswordReset).await.len(), 3);
}
