//! The one contract suite of [`CvRepository`], run by every adapter crate.

use crate::{CvFile, CvRecord, CvRepository, DocumentFormat, ParseSource, ParsedCv};
use jobr_core::{CvId, Page, UserId};
use std::{future::Future, pin::Pin, sync::Arc};
use time::{Duration, OffsetDateTime};

/// Makes users that may own CVs: stores with a users table need the row to exist.
pub type NewOwner = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = UserId> + Send>> + Send + Sync>;

/// The repository under test and how to make owners for it.
pub struct CvRepos {
    pub cvs: Arc<dyn CvRepository>,
    pub new_owner: NewOwner,
}

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(CvRepos, guard)`.
#[macro_export]
macro_rules! cv_repository_contract {
    ($make:expr) => {
        $crate::cv_repository_contract!(@cases $make;
            a_stored_cv_comes_back_whole_to_its_owner,
            another_users_cv_can_be_neither_read_nor_deleted,
            lists_are_newest_first_paginated_and_per_user,
            lists_show_summaries_of_the_stored_cvs,
            deleting_removes_the_cv_once,
            a_pending_cv_is_invisible_until_it_is_stored,
            a_stored_cv_is_never_removed_as_unfinished,
            the_sweep_claims_only_pending_cvs_older_than_the_cutoff,
            claims_come_oldest_first_up_to_the_limit);
    };
    (@cases $make:expr; $($case:ident),+) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (repos, _guard) = $make.await;
                $crate::contract::$case(&repos).await;
            }
        )+
    };
}

fn record(user: UserId, minutes_ago: i64) -> CvRecord {
    let now = OffsetDateTime::now_utc();
    let id = CvId::new();
    CvRecord {
        id,
        user_id: user,
        file_name: "Ada Lovelace CV.pdf".into(),
        format: DocumentFormat::Pdf,
        size_bytes: 12_345,
        sha256: "ab".repeat(32),
        file_key: format!("cvs/{user}/{id}"),
        text: "Ada Lovelace\nada@example.com\nSkills: Rust, PostgreSQL".into(),
        parsed: ParsedCv {
            name: Some("Ada Lovelace".into()),
            email: Some("ada@example.com".into()),
            skills: vec!["Rust".into(), "PostgreSQL".into()],
            source: ParseSource::Rules,
            ..ParsedCv::default()
        },
        // Whole seconds: PostgreSQL keeps microseconds, the memory store nanoseconds.
        created_at: (now - Duration::minutes(minutes_ago))
            .replace_nanosecond(0)
            .unwrap_or(now),
    }
}

/// Stores a CV the way an upload does: pending, then stored.
async fn insert(repos: &CvRepos, cv: &CvRecord) {
    insert_pending(repos, cv).await;
    assert!(matches!(repos.cvs.mark_stored(cv.id).await, Ok(true)));
}

async fn insert_pending(repos: &CvRepos, cv: &CvRecord) {
    if let Err(e) = repos.cvs.insert_pending(cv).await {
        panic!("insert_pending: {e:?}");
    }
}

fn file_of(cv: &CvRecord) -> CvFile {
    CvFile {
        id: cv.id,
        file_key: cv.file_key.clone(),
    }
}

async fn found(repos: &CvRepos, cv: &CvRecord) -> Option<CvRecord> {
    repos
        .cvs
        .find_for_user(cv.user_id, cv.id)
        .await
        .unwrap_or_else(|e| panic!("find_for_user: {e}"))
}

async fn listed_total(repos: &CvRepos, user: UserId) -> u64 {
    repos
        .cvs
        .list_for_user(user, Page::default())
        .await
        .unwrap_or_else(|e| panic!("list_for_user: {e}"))
        .total
}

async fn claim(repos: &CvRepos, created_before: OffsetDateTime, limit: u32) -> Vec<CvFile> {
    repos
        .cvs
        .claim_abandoned(created_before, limit)
        .await
        .unwrap_or_else(|e| panic!("claim_abandoned: {e}"))
}

pub async fn a_stored_cv_comes_back_whole_to_its_owner(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert(repos, &cv).await;
    let found = repos
        .cvs
        .find_for_user(cv.user_id, cv.id)
        .await
        .ok()
        .flatten();
    assert_eq!(found, Some(cv));
}

pub async fn another_users_cv_can_be_neither_read_nor_deleted(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert(repos, &cv).await;
    let stranger = (repos.new_owner)().await;
    assert!(matches!(
        repos.cvs.find_for_user(stranger, cv.id).await,
        Ok(None)
    ));
    assert!(matches!(
        repos.cvs.begin_delete_for_user(stranger, cv.id).await,
        Ok(None)
    ));
    let listed = repos
        .cvs
        .list_for_user(stranger, Page::default())
        .await
        .ok();
    assert_eq!(listed.map(|p| p.total), Some(0));
    let still_there = repos
        .cvs
        .find_for_user(cv.user_id, cv.id)
        .await
        .ok()
        .flatten();
    assert_eq!(
        still_there.map(|c| c.id),
        Some(cv.id),
        "the owner's CV survives"
    );
}

pub async fn lists_are_newest_first_paginated_and_per_user(repos: &CvRepos) {
    let user = (repos.new_owner)().await;
    let cvs: Vec<CvRecord> = (0..5)
        .map(|minutes_ago| record(user, minutes_ago))
        .collect();
    for cv in cvs.iter().rev() {
        insert(repos, cv).await;
    }
    insert(repos, &record((repos.new_owner)().await, 0)).await;

    let first = repos
        .cvs
        .list_for_user(user, Page::new(1, 2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.total, 5);
    assert_eq!(first.pages(), 3);
    let ids: Vec<CvId> = first.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [cvs[0].id, cvs[1].id], "newest first");
    let last = repos
        .cvs
        .list_for_user(user, Page::new(3, 2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        last.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [cvs[4].id]
    );
    let beyond = repos
        .cvs
        .list_for_user(user, Page::new(9, 2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 5);
}

pub async fn lists_show_summaries_of_the_stored_cvs(repos: &CvRepos) {
    let user = (repos.new_owner)().await;
    let stored = record(user, 1);
    insert(repos, &stored).await;
    let mut nameless = record(user, 0);
    nameless.parsed.name = None;
    nameless.parsed.source = ParseSource::Ai;
    insert(repos, &nameless).await;
    insert_pending(repos, &record(user, 2)).await;
    let deleted = record(user, 3);
    insert(repos, &deleted).await;
    assert!(matches!(
        repos.cvs.begin_delete_for_user(user, deleted.id).await,
        Ok(Some(_))
    ));

    let listed = repos
        .cvs
        .list_for_user(user, Page::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed.total, 2, "pending and deleting CVs are not listed");
    assert_eq!(listed.items, [nameless.summary(), stored.summary()]);
}

pub async fn deleting_removes_the_cv_once(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert(repos, &cv).await;
    let begun = repos
        .cvs
        .begin_delete_for_user(cv.user_id, cv.id)
        .await
        .ok()
        .flatten();
    assert_eq!(begun, Some(file_of(&cv)));
    assert_eq!(found(repos, &cv).await, None, "gone for the user at once");
    assert_eq!(listed_total(repos, cv.user_id).await, 0);
    assert!(matches!(
        repos.cvs.begin_delete_for_user(cv.user_id, cv.id).await,
        Ok(None)
    ));
    assert!(matches!(repos.cvs.remove_unfinished(cv.id).await, Ok(true)));
    assert!(matches!(
        repos.cvs.remove_unfinished(cv.id).await,
        Ok(false)
    ));
    assert!(matches!(repos.cvs.mark_stored(cv.id).await, Ok(false)));
}

pub async fn a_pending_cv_is_invisible_until_it_is_stored(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert_pending(repos, &cv).await;
    assert_eq!(found(repos, &cv).await, None);
    assert_eq!(listed_total(repos, cv.user_id).await, 0);
    assert!(matches!(
        repos.cvs.begin_delete_for_user(cv.user_id, cv.id).await,
        Ok(None)
    ));

    assert!(matches!(repos.cvs.mark_stored(cv.id).await, Ok(true)));
    assert_eq!(found(repos, &cv).await, Some(cv.clone()));
    assert_eq!(listed_total(repos, cv.user_id).await, 1);
    assert!(
        matches!(repos.cvs.mark_stored(cv.id).await, Ok(false)),
        "only a pending CV can be marked stored"
    );
}

pub async fn a_stored_cv_is_never_removed_as_unfinished(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert(repos, &cv).await;
    assert!(matches!(
        repos.cvs.remove_unfinished(cv.id).await,
        Ok(false)
    ));
    assert_eq!(found(repos, &cv).await, Some(cv.clone()));
    let far_future = OffsetDateTime::now_utc() + Duration::days(1);
    assert_eq!(claim(repos, far_future, 100).await, []);
}

pub async fn the_sweep_claims_only_pending_cvs_older_than_the_cutoff(repos: &CvRepos) {
    let user = (repos.new_owner)().await;
    let abandoned = record(user, 60);
    let in_flight = record(user, 1);
    let old_but_stored = record(user, 120);
    let being_deleted = record(user, 90);
    insert_pending(repos, &abandoned).await;
    insert_pending(repos, &in_flight).await;
    insert(repos, &old_but_stored).await;
    insert(repos, &being_deleted).await;
    assert!(matches!(
        repos
            .cvs
            .begin_delete_for_user(user, being_deleted.id)
            .await,
        Ok(Some(_))
    ));

    let cutoff = OffsetDateTime::now_utc() - Duration::minutes(30);
    assert_eq!(
        claim(repos, cutoff, 100).await,
        [file_of(&being_deleted), file_of(&abandoned)],
        "deleting CVs of any age and pending ones older than the cutoff, oldest first"
    );
    assert!(
        matches!(repos.cvs.mark_stored(abandoned.id).await, Ok(false)),
        "a claimed upload can no longer be stored"
    );
    assert!(matches!(
        repos.cvs.mark_stored(in_flight.id).await,
        Ok(true)
    ));
    assert_eq!(found(repos, &old_but_stored).await, Some(old_but_stored));

    for file in [file_of(&being_deleted), file_of(&abandoned)] {
        assert!(matches!(
            repos.cvs.remove_unfinished(file.id).await,
            Ok(true)
        ));
    }
    assert_eq!(claim(repos, cutoff, 100).await, []);
    assert_eq!(listed_total(repos, user).await, 2);
}

pub async fn claims_come_oldest_first_up_to_the_limit(repos: &CvRepos) {
    let user = (repos.new_owner)().await;
    let cvs: Vec<CvRecord> = (1..=3).map(|hours| record(user, hours * 60)).collect();
    for cv in &cvs {
        insert_pending(repos, cv).await;
    }
    let cutoff = OffsetDateTime::now_utc();
    assert_eq!(
        claim(repos, cutoff, 2).await,
        [file_of(&cvs[2]), file_of(&cvs[1])]
    );
    assert_eq!(
        claim(repos, cutoff, 5).await.len(),
        3,
        "claimed rows stay claimed"
    );
}
