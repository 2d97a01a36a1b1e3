//! The contract suite of the `UsageRecorder` port, shared by every adapter.

use crate::{ApiUsage, UsageRecorder, UsageTotals, UserId};
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
