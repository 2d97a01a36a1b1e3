#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Runs the real `jobr` binary against a throwaway database.

use jobr_accounts::{NewUser, UserRepository};
use jobr_core::{Email, Role, UserId};
use jobr_postgres::{PgUserRepository, TestDatabase};
use std::process::Command;

fn jobr(db: &TestDatabase, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jobr"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .output()
        .expect("run jobr")
}

#[tokio::test(flavor = "multi_thread")]
async fn set_role_promotes_an_existing_user_and_refuses_unknown_ones() {
    let db = TestDatabase::new().await;
    let users = PgUserRepository::new(db.database());
    let email = Email::parse("ops@example.com").unwrap();
    users
        .insert(&NewUser {
            id: UserId::new(),
            email: email.clone(),
            password_hash: None,
            first_name: "Op".into(),
            last_name: "Erator".into(),
            role: Role::User,
            created_at: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();

    let output = jobr(&db, &["users", "set-role", "OPS@example.com", "admin"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("ops@example.com is now admin"));
    assert_eq!(
        users.find_by_email(&email).await.unwrap().unwrap().role,
        Role::Admin
    );

    let output = jobr(&db, &["users", "set-role", "ghost@example.com", "admin"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no user with email ghost@example.com")
    );

    let output = jobr(&db, &["users", "set-role", "ops@example.com", "superuser"]);
    assert!(!output.status.success(), "an unknown role is refused");
}

#[tokio::test(flavor = "multi_thread")]
async fn migrate_is_idempotent() {
    let db = TestDatabase::new().await;
    let output = jobr(&db, &["migrate"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("already up to date"));
}
