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

#[test]
fn cv_parse_prints_the_structured_cv_as_json() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/lukas-becker-2pages.pdf"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_jobr"))
        .args(["cv", "parse", fixture])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run jobr");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(parsed["email"], "lukas.becker@web.de");
    assert_eq!(parsed["source"], "rules");
    assert!(parsed["skills"].as_array().is_some_and(|s| !s.is_empty()));
}

#[test]
fn cv_parse_of_a_legacy_doc_fails_with_a_clear_message() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/bad-legacy.doc"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_jobr"))
        .args(["cv", "parse", fixture])
        .output()
        .expect("run jobr");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("DOCX") || stderr.contains("PDF"),
        "{stderr}"
    );
}

/// Every file of the hostile corpus (crates/domain/cv/tests/hostile) is refused with an error
/// message and an ordinary failure exit: no signal (stack overflow, abort), no hang.
#[test]
fn cv_parse_refuses_every_hostile_file_without_crashing() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/hostile"
    );
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("the hostile corpus") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "py") {
            continue;
        }
        let output = Command::new(env!("CARGO_BIN_EXE_jobr"))
            .arg("cv")
            .arg("parse")
            .arg(&path)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run jobr");
        let name = path.display();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: {:?}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!output.stderr.is_empty(), "{name}: no message");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} hostile files found");
}

const DEMO_JOBS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/jobs/demo-jobs.json"
);
const CV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../crates/domain/cv/tests/fixtures/jane-doe-onecol.pdf"
);

fn matches_of(output: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn match_ranks_the_demo_jobs_for_a_cv_without_a_database() {
    let output = Command::new(env!("CARGO_BIN_EXE_jobr"))
        .args(["match", CV, "--jobs", DEMO_JOBS, "--limit", "5"])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run jobr");
    let matches = matches_of(&output);
    assert_eq!(matches.len(), 5);
    // A senior software engineer with Kubernetes, Go and AWS: engineering jobs, best first.
    let scores: Vec<f64> = matches
        .iter()
        .map(|m| m["matchScore"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let best = &matches[0];
    assert!(
        best["job"]["title"].as_str().unwrap().contains("Engineer"),
        "{best}"
    );
    assert_eq!(best["source"], "rules");
    assert!(
        !best["matchingSkills"].as_array().unwrap().is_empty(),
        "{best}"
    );
    assert!(best["band"].is_string());

    let refused = Command::new(env!("CARGO_BIN_EXE_jobr"))
        .args(["match", CV, "--limit", "0", "--jobs", DEMO_JOBS])
        .output()
        .expect("run jobr");
    assert!(!refused.status.success(), "a limit of 0 is refused");
}

#[tokio::test(flavor = "multi_thread")]
async fn import_file_then_match_from_the_database() {
    let db = TestDatabase::new().await;
    let output = jobr(&db, &["import", "file", DEMO_JOBS]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("demo: created 243, updated 0, unchanged 0, closed 0, skipped 0"),
        "{stdout}"
    );
    let again = jobr(&db, &["import", "file", DEMO_JOBS]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("created 0, updated 0, unchanged 243"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );

    let from_db = matches_of(&jobr(&db, &["match", CV, "--limit", "3"]));
    let from_file = matches_of(&jobr(
        &db,
        &["match", CV, "--jobs", DEMO_JOBS, "--limit", "3"],
    ));
    // Equal scores may come in either order (ties break by the random job ids), so the
    // scores are compared in order and the best job by name.
    let scores = |ms: &[serde_json::Value]| -> Vec<String> {
        ms.iter().map(|m| m["matchScore"].to_string()).collect()
    };
    assert_eq!(
        scores(&from_db),
        scores(&from_file),
        "the same jobs rank alike wherever they come from"
    );
    assert_eq!(
        from_db[0]["job"]["externalId"],
        from_file[0]["job"]["externalId"]
    );

    let missing = jobr(&db, &["import", "file", "/nonexistent/jobs.json"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/jobs.json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn import_greenhouse_reads_the_board_at_greenhouse_api_base() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let board = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/adapters/jobboards/tests/fixtures/greenhouse_board_v1.json"
    ))
    .unwrap();
    Mock::given(method("GET"))
        .and(path("/v1/boards/northwindlabs/jobs"))
        .and(query_param("content", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(board, "application/json"))
        .mount(&server)
        .await;
    let db = TestDatabase::new().await;
    let run = |token: &str| {
        Command::new(env!("CARGO_BIN_EXE_jobr"))
            .args(["import", "greenhouse", token])
            .env("DATABASE_URL", db.url())
            .env("GREENHOUSE_API_BASE", server.uri())
            .output()
            .expect("run jobr")
    };

    let output = run("northwindlabs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("greenhouse: created "), "{stdout}");
    assert!(!stdout.starts_with("greenhouse: created 0,"), "{stdout}");

    // An unknown board is an error, and nothing is closed.
    let unknown = run("nobody");
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("greenhouse"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn outbox_list_shows_failed_mail_and_retry_makes_it_pending_again() {
    use jobr_notifications::{MailKind, MessageId, Outbox, OutgoingMessage};
    let db = TestDatabase::new().await;
    let outbox = jobr_postgres::PgOutbox::new(db.database());
    let now = time::OffsetDateTime::now_utc();
    let mail = OutgoingMessage {
        id: MessageId::new(),
        kind: MailKind::PaymentReceipt,
        to: Email::parse("ada@example.com").unwrap(),
        subject: "Your receipt".into(),
        text: "t".into(),
        html: "h".into(),
    };
    outbox
        .enqueue(std::slice::from_ref(&mail), now)
        .await
        .unwrap();
    outbox.claim(10, now, now).await.unwrap();
    outbox
        .mark_failed(mail.id, now, "550 mailbox unavailable")
        .await
        .unwrap();

    let output = jobr(&db, &["outbox", "list", "--status", "failed"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(&mail.id.to_string()), "{stdout}");
    assert!(
        stdout.contains("payment_receipt\tada@example.com"),
        "{stdout}"
    );
    assert!(stdout.contains("550 mailbox unavailable"), "{stdout}");

    let id = mail.id.to_string();
    let output = jobr(&db, &["outbox", "retry", &id]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("pending again"));
    let output = jobr(&db, &["outbox", "list", "--status", "pending"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains(&id));

    let output = jobr(&db, &["outbox", "retry", &id]);
    assert!(!output.status.success(), "pending mail is not retried");
    assert!(String::from_utf8_lossy(&output.stderr).contains("is pending"));
    let output = jobr(&db, &["outbox", "retry", "not-a-uuid"]);
    assert!(!output.status.success());
}
