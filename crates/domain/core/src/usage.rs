//! Metered use of paid outside services (AI tokens), recorded per user so cost can be
//! watched and plan limits enforced later.

use crate::{StorageError, Timestamp, UserId};
use async_trait::async_trait;

/// One call to a paid service. Costs are in millionths of a US dollar: integer, like all money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUsage {
    pub user_id: Option<UserId>,
    pub provider: String,
    pub operation: String,
    pub model: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub estimated_cost_micro_usd: i64,
    /// Served from the response cache: no tokens were spent.
    pub cached: bool,
    pub at: Timestamp,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageTotals {
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub estimated_cost_micro_usd: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("usage store failed")]
pub struct UsageError(#[from] pub StorageError);

#[async_trait]
pub trait UsageRecorder: Send + Sync {
    async fn record(&self, usage: &ApiUsage) -> Result<(), UsageError>;

    /// Sums the user's records at or after `since`.
    async fn totals_for_user(
        &self,
        user: UserId,
        since: Timestamp,
    ) -> Result<UsageTotals, UsageError>;
}

impl UsageTotals {
    pub fn add(&mut self, usage: &ApiUsage) {
        self.calls += 1;
        self.prompt_tokens += u64::from(usage.prompt_tokens);
        self.completion_tokens += u64::from(usage.completion_tokens);
        self.estimated_cost_micro_usd += usage.estimated_cost_micro_usd;
    }
}
