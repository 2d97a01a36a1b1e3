//! The contract suites of the ports declared here, shared by every adapter.

use crate::{ApiUsage, FileStore, FileStoreError, UsageRecorder, UsageTotals, UserId};
use bytes::Bytes;
use time::{Duration, OffsetDateTime};

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(recorder, guard)`.
#[macro_export]
macro_rules! usage_recorder_contract {
    ($make:expr) => {
        $crate::usage_recorder_contract!(@cases $make; totals_sum_only_that_users_recent_calls, a_user_without_calls_has_zero_totals);
    };
    (@cases $make:expr; $($case:ident),+) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (recorder, _guard) = $make.await;
                $crate::contract::$case(&recorder).await;
            }
        )+
    };
}

fn usage(user: Option<UserId>, tokens: (u32, u32), cost: i64, at: OffsetDateTime) -> ApiUsage {
    ApiUsage {
        user_id: user,
        provider: "openai".into(),
        operation: "cv_analysis".into(),
        model: "gpt-4-turbo".into(),
        prompt_tokens: tokens.0,
        completion_tokens: tokens.1,
        estimated_cost_micro_usd: cost,
        cached: false,
        at,
    }
}

pub async fn totals_sum_only_that_users_recent_calls<R: UsageRecorder + ?Sized>(recorder: &R) {
    let now = OffsetDateTime::now_utc();
    let (alice, bob) = (UserId::new(), UserId::new());
    let records = [
        usage(Some(alice), (100, 50), 2_500, now),
        usage(Some(alice), (10, 5), 250, now - Duration::minutes(5)),
        usage(Some(alice), (999, 999), 99_999, now - Duration::days(40)),
        usage(Some(bob), (7, 7), 70, now),
        usage(None, (1, 1), 10, now),
    ];
    for record in &records {
        if let Err(e) = recorder.record(record).await {
            panic!("record: {e}");
        }
    }
    let totals = recorder
        .totals_for_user(alice, now - Duration::days(30))
        .await;
    let expected = UsageTotals {
        calls: 2,
        prompt_tokens: 110,
        completion_tokens: 55,
        estimated_cost_micro_usd: 2_750,
    };
    assert_eq!(totals.ok(), Some(expected));
}

pub async fn a_user_without_calls_has_zero_totals<R: UsageRecorder + ?Sized>(recorder: &R) {
    let totals = recorder
        .totals_for_user(UserId::new(), OffsetDateTime::UNIX_EPOCH)
        .await;
    assert_eq!(totals.ok(), Some(UsageTotals::default()));
}

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(store, guard)`.
#[macro_export]
macro_rules! file_store_contract {
    ($make:expr) => {
        $crate::file_store_contract!(@cases $make;
            stored_bytes_come_back_and_can_be_replaced,
            missing_files_are_none_and_deleting_them_is_harmless,
            keys_that_could_escape_the_store_are_refused);
    };
    (@cases $make:expr; $($case:ident),+) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $make.await;
                $crate::contract::$case(&store).await;
            }
        )+
    };
}

pub async fn stored_bytes_come_back_and_can_be_replaced<S: FileStore + ?Sized>(store: &S) {
    let bytes: Vec<u8> = (0..=255).cycle().take(70_000).collect();
    assert!(store.put("cvs/u1/c1", bytes.clone().into()).await.is_ok());
    assert_eq!(store.get("cvs/u1/c1").await.ok().flatten(), Some(bytes));
    assert!(
        store
            .put("cvs/u1/c1", Bytes::from_static(b"second"))
            .await
            .is_ok()
    );
    assert_eq!(
        store.get("cvs/u1/c1").await.ok().flatten().as_deref(),
        Some(&b"second"[..])
    );
    assert!(matches!(store.delete("cvs/u1/c1").await, Ok(true)));
    assert!(matches!(store.get("cvs/u1/c1").await, Ok(None)));
}

pub async fn missing_files_are_none_and_deleting_them_is_harmless<S: FileStore + ?Sized>(
    store: &S,
) {
    assert!(matches!(store.get("cvs/nobody/nothing").await, Ok(None)));
    assert!(matches!(
        store.delete("cvs/nobody/nothing").await,
        Ok(false)
    ));
}

pub async fn keys_that_could_escape_the_store_are_refused<S: FileStore + ?Sized>(store: &S) {
    for key in ["../outside", "/etc/passwd", "a/../../b", ""] {
        let put = store.put(key, Bytes::from_static(b"x")).await;
        assert!(
            matches!(put, Err(FileStoreError::InvalidKey(_))),
            "{key}: {put:?}"
        );
        assert!(
            matches!(store.get(key).await, Err(FileStoreError::InvalidKey(_))),
            "{key}"
        );
        assert!(
            matches!(store.delete(key).await, Err(FileStoreError::InvalidKey(_))),
            "{key}"
        );
    }
}
