//! JobsService's index cache against a mock repository: how often the open jobs are read.

#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use jobr_matching::{
    EmploymentType, Job, JobId, JobLevel, JobsService, MockJobRepository, NewJob, RemoteMode,
    Upserted,
};
use time::macros::date;

fn job(id: &str) -> NewJob {
    NewJob {
        source: "admin".into(),
        external_id: id.into(),
        title: "Backend Engineer".into(),
        company: "Acme".into(),
        description: "Rust services on PostgreSQL.".into(),
        required_skills: vec!["Rust".into()],
        preferred_skills: vec![],
        location: "Berlin, Germany".into(),
        remote: RemoteMode::Hybrid,
        employment_type: EmploymentType::FullTime,
        experience_level: JobLevel::Mid,
        salary: None,
        posted_at: date!(2026 - 11 - 20),
        apply_url: "https://jobs.example.com/1".into(),
    }
}

#[tokio::test]
async fn the_index_is_read_once_until_a_write_through_the_service() {
    let stored = Job::open(JobId::new(), job("a"));
    let mut repo = MockJobRepository::new();
    let listed = stored.clone();
    repo.expect_list_open()
        .times(2)
        .returning(move || Ok(vec![listed.clone()]));
    let id = stored.id;
    repo.expect_upsert()
        .times(1)
        .returning(move |_| Ok(Upserted::Updated(id)));
    let found = stored.clone();
    repo.expect_find_by_id()
        .times(1)
        .returning(move |_| Ok(Some(found.clone())));
    let service = JobsService::new(Arc::new(repo), Duration::from_secs(3600));

    let first = service.open_jobs().await.expect("built");
    let second = service.open_jobs().await.expect("cached");
    assert!(
        Arc::ptr_eq(&first, &second),
        "the second request reuses the index"
    );
    assert_eq!(first.index.len(), 1);

    service.create(&job("a")).await.expect("written");
    let third = service.open_jobs().await.expect("rebuilt");
    assert!(
        !Arc::ptr_eq(&first, &third),
        "a write makes the index stale"
    );
}

#[tokio::test]
async fn an_old_index_is_rebuilt_after_the_ttl() {
    let mut repo = MockJobRepository::new();
    repo.expect_list_open().times(2).returning(|| Ok(vec![]));
    let service = JobsService::new(Arc::new(repo), Duration::ZERO);
    service.open_jobs().await.expect("built");
    service.open_jobs().await.expect("rebuilt");
}
