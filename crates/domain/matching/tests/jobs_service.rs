//! JobsService's index cache against a mock repository: how often the open jobs are read.

#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use jobr_core::{AiUse, UserId};
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

#[tokio::test]
async fn an_index_outdated_only_by_age_is_offered_for_serving_while_it_is_refreshed() {
    let mut repo = MockJobRepository::new();
    repo.expect_list_open().times(2).returning(|| Ok(vec![]));
    let stored = Job::open(JobId::new(), job("b"));
    let id = stored.id;
    repo.expect_upsert()
        .times(1)
        .returning(move |_| Ok(Upserted::Created(id)));
    repo.expect_find_by_id()
        .times(1)
        .returning(move |_| Ok(Some(stored.clone())));
    let service = JobsService::new(Arc::new(repo), Duration::ZERO);
    assert!(service.aged_snapshot().is_none(), "nothing built yet");

    let built = service.open_jobs().await.expect("built");
    let aged = service.aged_snapshot().expect("past the TTL");
    assert!(
        Arc::ptr_eq(&built, &aged.open),
        "the snapshot is the last build"
    );
    assert!(!aged.refresh_running);

    service.open_jobs().await.expect("refreshed");
    service.create(&job("b")).await.expect("written");
    assert!(
        service.aged_snapshot().is_none(),
        "after a write through the service, the old index is not offered: it lacks that write"
    );
}

#[tokio::test]
async fn a_current_index_is_not_aged() {
    let mut repo = MockJobRepository::new();
    repo.expect_list_open().times(1).returning(|| Ok(vec![]));
    let service = JobsService::new(Arc::new(repo), Duration::from_secs(3600));
    service.open_jobs().await.expect("built");
    assert!(service.aged_snapshot().is_none());
}

// ---------------------------------------------------------------------------------------------
// Re-ranking: what the service does with the semantic matcher's answer.

mod rerank {
    use super::*;
    use jobr_cv::ParsedCv;
    use jobr_matching::{
        CandidateProfile, JobMatch, MatchSource, MockSemanticMatcher, OpenJobs, Preferences,
        SemanticError, rerank_notices as notices,
    };

    fn service(matcher: MockSemanticMatcher, top_n: usize) -> JobsService {
        JobsService::new(Arc::new(MockJobRepository::new()), Duration::from_secs(60))
            .with_semantic_matcher(Arc::new(matcher), top_n)
    }

    /// Three jobs in the engine's order.
    fn ranked() -> Vec<(JobMatch, Job)> {
        let jobs = ["a", "b", "c"].map(|id| Job::open(JobId::new(), job(id)));
        let cv = ParsedCv {
            skills: vec!["Rust".into()],
            ..ParsedCv::default()
        };
        let profile = CandidateProfile::new(&cv, "Rust backend engineer");
        let ranked = OpenJobs::new(jobs.to_vec()).rank(
            &profile,
            &Preferences::default(),
            date!(2026 - 11 - 27),
            10,
        );
        assert_eq!(ranked.len(), 3);
        ranked
    }

    #[tokio::test]
    async fn an_answer_that_drops_a_job_leaves_the_rules_order() {
        let sent = ranked();
        let mut matcher = MockSemanticMatcher::new();
        matcher.expect_rerank().times(1).returning(|_, _, top| {
            Ok(top[1..]
                .iter()
                .map(|m| JobMatch {
                    source: MatchSource::Ai,
                    ..m.result.clone()
                })
                .collect())
        });

        let result = service(matcher, 20)
            .rerank(
                UserId::new(),
                &ParsedCv::default(),
                sent.clone(),
                AiUse::Allowed,
            )
            .await;

        assert_eq!(result.matches, sent);
        assert_eq!(result.notice.as_deref(), Some(notices::AI_FAILED));
    }

    #[tokio::test]
    async fn a_failing_matcher_leaves_the_rules_order() {
        let sent = ranked();
        let mut matcher = MockSemanticMatcher::new();
        matcher
            .expect_rerank()
            .times(1)
            .returning(|_, _, _| Err(SemanticError::Malformed("no".into())));

        let result = service(matcher, 20)
            .rerank(
                UserId::new(),
                &ParsedCv::default(),
                sent.clone(),
                AiUse::Allowed,
            )
            .await;

        assert_eq!(result.matches, sent);
        assert!(
            result
                .matches
                .iter()
                .all(|(m, _)| m.source == MatchSource::Rules)
        );
        assert_eq!(result.notice.as_deref(), Some(notices::AI_FAILED));
    }

    #[tokio::test]
    async fn only_the_top_n_are_sent() {
        let sent = ranked();
        let first = sent[0].1.id;
        let mut matcher = MockSemanticMatcher::new();
        matcher
            .expect_rerank()
            .withf(move |_, _, top| top.len() == 1 && top[0].job.id == first)
            .times(1)
            .returning(|_, _, top| {
                Ok(vec![JobMatch {
                    source: MatchSource::Ai,
                    ..top[0].result.clone()
                }])
            });

        let result = service(matcher, 1)
            .rerank(
                UserId::new(),
                &ParsedCv::default(),
                sent.clone(),
                AiUse::Allowed,
            )
            .await;

        assert_eq!(result.matches[0].0.source, MatchSource::Ai);
        assert_eq!(result.matches[1..], sent[1..]);
        assert_eq!(result.notice, None);
    }

    #[tokio::test]
    async fn no_matches_make_no_call() {
        let mut matcher = MockSemanticMatcher::new();
        matcher.expect_rerank().times(0);

        let result = service(matcher, 20)
            .rerank(UserId::new(), &ParsedCv::default(), vec![], AiUse::Allowed)
            .await;

        assert!(result.matches.is_empty());
        assert_eq!(result.notice, None);
    }

    #[tokio::test]
    async fn a_plan_without_ai_never_reaches_the_matcher_and_the_answer_says_why() {
        let sent = ranked();
        let mut matcher = MockSemanticMatcher::new();
        matcher.expect_rerank().times(0);

        let result = service(matcher, 20)
            .rerank(
                UserId::new(),
                &ParsedCv::default(),
                sent.clone(),
                AiUse::NotInPlan,
            )
            .await;

        assert_eq!(result.matches, sent);
        assert_eq!(result.notice.as_deref(), Some(notices::NOT_IN_PLAN));
        assert!(notices::NOT_IN_PLAN.contains("Premium and Pro"));
    }

    #[tokio::test]
    async fn without_a_matcher_the_notice_says_it_is_not_configured() {
        let sent = ranked();
        let service = JobsService::new(Arc::new(MockJobRepository::new()), Duration::from_secs(60));

        let result = service
            .rerank(
                UserId::new(),
                &ParsedCv::default(),
                sent.clone(),
                AiUse::Allowed,
            )
            .await;

        assert_eq!(result.matches, sent);
        assert_eq!(result.notice.as_deref(), Some(notices::NOT_CONFIGURED));
    }
}

#[tokio::test]
async fn concurrent_first_requests_share_one_build() {
    let mut repo = MockJobRepository::new();
    repo.expect_list_open()
        .times(1)
        .returning(|| Ok(vec![Job::open(JobId::new(), job("a"))]));
    let service = JobsService::new(Arc::new(repo), Duration::from_secs(3600));
    let builds = std::sync::atomic::AtomicUsize::new(0);

    let opened = futures::future::join_all((0..8).map(|_| {
        service.open_jobs_with(|jobs| async {
            builds.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // A slow build, so every request arrives while it runs.
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok::<_, jobr_matching::JobError>(jobr_matching::OpenJobs::new(jobs))
        })
    }))
    .await;

    assert_eq!(builds.load(std::sync::atomic::Ordering::SeqCst), 1);
    let first = opened[0].as_ref().expect("built");
    assert!(
        opened
            .iter()
            .all(|o| Arc::ptr_eq(o.as_ref().expect("built"), first))
    );
}
