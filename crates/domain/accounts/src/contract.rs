//! The one contract suite for the account repositories. Every adapter runs it against its
//! own implementation through [`account_repository_contract!`], so the in-memory default and
//! PostgreSQL are held to the same behaviour.

use crate::{
    AccountError, JobPreferences, NewUser, ProfileUpdate, RefreshToken, RefreshTokenRepository,
    UserRepository,
};
use jobr_core::{Email, Phone, Role, Timestamp, UserId};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// The repositories under test, sharing one store (refresh tokens belong to users).
pub struct AccountRepos {
    pub users: Arc<dyn UserRepository>,
    pub refresh_tokens: Arc<dyn RefreshTokenRepository>,
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
            clearing_failed_logins_unlocks,
            password_hash_and_role_can_be_changed,
            refresh_token_is_found_by_its_hash,
            rotation_replaces_a_token_only_once,
            no_rotation_outlives_a_concurrent_family_revocation,
            revoking_a_family_leaves_other_families_alone,
            revoking_all_of_a_users_tokens,
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

pub async fn failed_logins_lock_at_the_limit_and_restart_the_count(repos: &AccountRepos) {
    let user = insert(repos, "mallory@example.com").await;
    let lock_until = now() + Duration::minutes(15);
    for expected in 1..=2 {
        let failure = repos
            .users
            .record_failed_login(user.id, 3, lock_until)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((failure.attempts, failure.locked_until), (expected, None));
    }
    let third = repos
        .users
        .record_failed_login(user.id, 3, lock_until)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(third.locked_until, Some(lock_until));
    assert_eq!(third.attempts, 0, "the count restarts once the lock is set");
    let stored = repos.users.find_by_id(user.id).await.ok().flatten();
    assert_eq!(stored.and_then(|u| u.locked_until), Some(lock_until));
}

pub async fn clearing_failed_logins_unlocks(repos: &AccountRepos) {
    let user = insert(repos, "eve@example.com").await;
    let lock_until = now() + Duration::minutes(15);
    for _ in 0..2 {
        let _ = repos
            .users
            .record_failed_login(user.id, 2, lock_until)
            .await;
    }
    let _ = repos
        .users
        .record_failed_login(user.id, 2, lock_until)
        .await;
    repos
        .users
        .clear_failed_logins(user.id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
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
    assert_eq!(
        find("hash-original").await.and_then(|t| t.revoked_at),
        Some(at)
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
