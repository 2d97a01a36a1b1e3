use crate::lock;
use async_trait::async_trait;
use jobr_core::{ApiUsage, Timestamp, UsageError, UsageRecorder, UsageTotals, UserId};
use std::sync::Mutex;

#[derive(Default)]
pub struct MemoryUsageRecorder {
    records: Mutex<Vec<ApiUsage>>,
}

#[async_trait]
impl UsageRecorder for MemoryUsageRecorder {
    async fn record(&self, usage: &ApiUsage) -> Result<(), UsageError> {
        lock(&self.records).push(usage.clone());
        Ok(())
    }

    async fn totals_for_user(
        &self,
        user: UserId,
        since: Timestamp,
    ) -> Result<UsageTotals, UsageError> {
        let mut totals = UsageTotals::default();
        for usage in lock(&self.records).iter() {
            if usage.user_id == Some(user) && usage.at >= since {
                totals.add(usage);
            }
        }
        Ok(totals)
    }
}
