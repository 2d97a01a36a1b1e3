//! The one contract suite of [`CvRepository`], run by every adapter crate.

use crate::{CvRecord, CvRepository, DocumentFormat, ParseSource, ParsedCv};
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
            deleting_removes_the_cv_once);
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

async fn insert(repos: &CvRepos, cv: &CvRecord) {
    if let Err(e) = repos.cvs.insert(cv).await {
        panic!("insert: {e:?}");
    }
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
        repos.cvs.delete_for_user(stranger, cv.id).await,
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

pub async fn deleting_removes_the_cv_once(repos: &CvRepos) {
    let cv = record((repos.new_owner)().await, 0);
    insert(repos, &cv).await;
    let deleted = repos
        .cvs
        .delete_for_user(cv.user_id, cv.id)
        .await
        .ok()
        .flatten();
    assert_eq!(deleted.map(|c| c.file_key), Some(cv.file_key.clone()));
    assert!(matches!(
        repos.cvs.find_for_user(cv.user_id, cv.id).await,
        Ok(None)
    ));
    assert!(matches!(
        repos.cvs.delete_for_user(cv.user_id, cv.id).await,
        Ok(None)
    ));
}
