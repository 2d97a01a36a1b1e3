//! ImportService against mock boards and a mock repository: what is written, what is closed,
//! and above all what is NOT touched when a fetch fails.

// Helpers outside #[test] functions panic on purpose too.
#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use jobr_matching::{
    BoardError, EmploymentType, ImportError, ImportService, JobError, JobId, JobLevel,
    MockJobBoard, MockJobRepository, NewJob, Posting, RemoteMode, SkippedJob, Upserted,
};
use mockall::predicate::eq;
use time::macros::date;

fn job(id: &str) -> NewJob {
    NewJob {
        source: "greenhouse".into(),
        external_id: id.into(),
        title: "Backend Engineer".into(),
        company: "Acme".into(),
        description: "You will build services in Rust on PostgreSQL and deploy with Kubernetes."
            .into(),
        required_skills: vec![],
        preferred_skills: vec![],
        location: "Berlin, Germany".into(),
        remote: RemoteMode::Hybrid,
        employment_type: EmploymentType::FullTime,
        experience_level: JobLevel::Mid,
        salary: None,
        posted_at: date!(2026 - 11 - 20),
        apply_url: "https://boards.example.com/acme/jobs/1".into(),
    }
}

fn board(result: Result<Vec<Posting>, BoardError>) -> MockJobBoard {
    let mut board = MockJobBoard::new();
    board.expect_source().return_const("greenhouse".to_owned());
    board.expect_fetch().times(1).return_once(move || result);
    board
}

async fn failed_fetch_touches_nothing(error: BoardError) -> ImportError {
    let mut repo = MockJobRepository::new();
    repo.expect_upsert().times(0);
    repo.expect_close_missing().times(0);
    repo.expect_close().times(0);
    let service = ImportService::new(Arc::new(repo));
    service
        .import(&board(Err(error)))
        .await
        .expect_err("a failed fetch is an error")
}

#[tokio::test]
async fn a_rate_limited_fetch_writes_and_closes_nothing() {
    let err = failed_fetch_touches_nothing(BoardError::RateLimited {
        retry_after: Some(Duration::from_secs(30)),
    })
    .await;
    assert!(matches!(
        err,
        ImportError::Fetch {
            cause: BoardError::RateLimited { .. },
            ..
        }
    ));
}

#[tokio::test]
async fn an_unreachable_or_incomplete_board_writes_and_closes_nothing() {
    let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "timed out");
    let err = failed_fetch_touches_nothing(BoardError::Unavailable(Box::new(timeout))).await;
    assert!(std::error::Error::source(&err).is_some(), "cause kept");
    failed_fetch_touches_nothing(BoardError::Incomplete("3 of 5 jobs".into())).await;
    failed_fetch_touches_nothing(BoardError::Malformed("not a list".into())).await;
}

#[tokio::test]
async fn upserts_counts_and_closes_what_the_board_no_longer_lists() {
    let mut repo = MockJobRepository::new();
    let mut outcomes = vec![
        Upserted::Created(JobId::new()),
        Upserted::Updated(JobId::new()),
        Upserted::Unchanged(JobId::new()),
    ]
    .into_iter();
    repo.expect_upsert()
        .times(3)
        .returning(move |_| Ok(outcomes.next().expect("three upserts")));
    // The unreadable posting "4" is still on the board: it is kept, not closed.
    let keep: Vec<String> = ["1", "2", "3", "4"].map(String::from).to_vec();
    repo.expect_close_missing()
        .with(eq("greenhouse"), eq(keep))
        .times(1)
        .returning(|_, _| Ok(2));
    let unreadable = SkippedJob {
        index: 3,
        external_id: Some("4".into()),
        reason: "title is missing".into(),
    };
    let postings = vec![Ok(job("1")), Ok(job("2")), Ok(job("3")), Err(unreadable)];
    let report = ImportService::new(Arc::new(repo))
        .import(&board(Ok(postings)))
        .await
        .expect("import");
    assert_eq!(
        (
            report.created,
            report.updated,
            report.unchanged,
            report.closed
        ),
        (1, 1, 1, 2)
    );
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].reason, "title is missing");
}

#[tokio::test]
async fn skills_come_from_the_shared_taxonomy_when_the_board_lists_none() {
    let mut repo = MockJobRepository::new();
    repo.expect_upsert()
        .withf(|job: &NewJob| job.required_skills == ["Rust", "PostgreSQL", "Kubernetes"])
        .times(1)
        .returning(|_| Ok(Upserted::Created(JobId::new())));
    repo.expect_close_missing().returning(|_, _| Ok(0));
    let report = ImportService::new(Arc::new(repo))
        .import(&board(Ok(vec![Ok(job("1"))])))
        .await
        .expect("import");
    assert_eq!(report.created, 1);
}

#[tokio::test]
async fn postings_breaking_limits_are_skipped_with_a_reason_and_never_stored() {
    let mut repo = MockJobRepository::new();
    repo.expect_upsert().times(0);
    repo.expect_close_missing()
        .withf(|_, keep: &[String]| keep == ["a", "b", "c", "d"])
        .times(1)
        .returning(|_, _| Ok(0));
    let mut long_title = job("a");
    long_title.title = "x".repeat(10_000);
    let mut no_company = job("b");
    no_company.company = "  ".into();
    let mut script_url = job("c");
    script_url.apply_url = "javascript:alert(1)".into();
    let mut other_source = job("d");
    other_source.source = "lever".into();
    let postings = [long_title, no_company, script_url, other_source]
        .into_iter()
        .map(Ok)
        .collect();
    let report = ImportService::new(Arc::new(repo))
        .import(&board(Ok(postings)))
        .await
        .expect("import");
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 4);
    assert!(reasons[0].contains("title is longer"), "{reasons:?}");
    assert!(reasons[1].contains("company is empty"), "{reasons:?}");
    assert!(reasons[2].contains("applyUrl"), "{reasons:?}");
    assert!(reasons[3].contains("source"), "{reasons:?}");
}

#[tokio::test]
async fn a_storage_failure_part_way_closes_nothing() {
    let mut repo = MockJobRepository::new();
    repo.expect_upsert().times(1).returning(|_| {
        Err(JobError::Storage(jobr_core::StorageError::unavailable(
            "connection reset",
        )))
    });
    repo.expect_close_missing().times(0);
    let err = ImportService::new(Arc::new(repo))
        .import(&board(Ok(vec![Ok(job("1")), Ok(job("2"))])))
        .await
        .expect_err("storage failure");
    assert!(matches!(err, ImportError::Storage { .. }));
}

#[tokio::test]
async fn a_job_the_repository_rejects_is_skipped_and_the_import_goes_on() {
    let mut repo = MockJobRepository::new();
    let mut first = true;
    repo.expect_upsert().times(2).returning(move |_| {
        if std::mem::take(&mut first) {
            Err(JobError::Invalid("salary currency unknown".into()))
        } else {
            Ok(Upserted::Created(JobId::new()))
        }
    });
    repo.expect_close_missing().times(1).returning(|_, _| Ok(0));
    let report = ImportService::new(Arc::new(repo))
        .import(&board(Ok(vec![Ok(job("1")), Ok(job("2"))])))
        .await
        .expect("import");
    assert_eq!(report.created, 1);
    assert_eq!(report.skipped[0].external_id.as_deref(), Some("1"));
}

#[tokio::test]
async fn an_id_listed_twice_is_stored_once_and_reported() {
    let mut repo = MockJobRepository::new();
    repo.expect_upsert()
        .withf(|job: &NewJob| job.title == "Backend Engineer")
        .times(1)
        .returning(|_| Ok(Upserted::Created(JobId::new())));
    repo.expect_close_missing()
        .withf(|_, keep: &[String]| keep == ["1"])
        .times(1)
        .returning(|_, _| Ok(0));
    let mut again = job("1");
    again.title = "Backend Engineer (copy)".into();
    let report = ImportService::new(Arc::new(repo))
        .import(&board(Ok(vec![Ok(job("1")), Ok(again)])))
        .await
        .expect("import");
    assert_eq!(report.created, 1);
    assert_eq!(report.skipped[0].index, 1);
    assert!(report.skipped[0].reason.contains("more than once"));
}
