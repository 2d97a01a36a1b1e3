use crate::{Database, DatabaseError, schema::api_usage};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, QueryableByName,
    sql_types::{Int8, Timestamptz, Uuid as SqlUuid},
};
use diesel_async::RunQueryDsl;
use jobr_core::{ApiUsage, Timestamp, UsageError, UsageRecorder, UsageTotals, UserId};

#[derive(Clone)]
pub struct PgUsageRecorder {
    db: Database,
}

impl PgUsageRecorder {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn failed(error: impl Into<DatabaseError>) -> UsageError {
    UsageError(error.into().into())
}

/// Token counts are u32 in the domain and int4 in the table; clamp rather than wrap.
fn int4(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[async_trait]
impl UsageRecorder for PgUsageRecorder {
    async fn record(&self, usage: &ApiUsage) -> Result<(), UsageError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        diesel::insert_into(api_usage::table)
            .values((
                api_usage::user_id.eq(usage.user_id.map(|u| u.0)),
                api_usage::provider.eq(&usage.provider),
                api_usage::operation.eq(&usage.operation),
                api_usage::model.eq(&usage.model),
                api_usage::prompt_tokens.eq(int4(usage.prompt_tokens)),
                api_usage::completion_tokens.eq(int4(usage.completion_tokens)),
                api_usage::estimated_cost_micro_usd.eq(usage.estimated_cost_micro_usd.max(0)),
                api_usage::cached.eq(usage.cached),
                api_usage::created_at.eq(usage.at),
            ))
            .execute(&mut conn)
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn totals_for_user(
        &self,
        user: UserId,
        since: Timestamp,
    ) -> Result<UsageTotals, UsageError> {
        // SUM(bigint) is numeric in PostgreSQL; casting back to bigint keeps diesel off bigdecimal.
        let mut conn = self.db.connection().await.map_err(failed)?;
        let row: TotalsRow = diesel::sql_query(
            "SELECT count(*)::int8 AS calls, \
                    coalesce(sum(prompt_tokens), 0)::int8 AS prompt_tokens, \
                    coalesce(sum(completion_tokens), 0)::int8 AS completion_tokens, \
                    coalesce(sum(estimated_cost_micro_usd), 0)::int8 AS cost \
             FROM api_usage WHERE user_id = $1 AND created_at >= $2",
        )
        .bind::<SqlUuid, _>(user.0)
        .bind::<Timestamptz, _>(since)
        .get_result(&mut conn)
        .await
        .map_err(failed)?;
        Ok(UsageTotals {
            calls: u64::try_from(row.calls).unwrap_or(0),
            prompt_tokens: u64::try_from(row.prompt_tokens).unwrap_or(0),
            completion_tokens: u64::try_from(row.completion_tokens).unwrap_or(0),
            estimated_cost_micro_usd: row.cost,
        })
    }
}

#[derive(QueryableByName)]
struct TotalsRow {
    #[diesel(sql_type = Int8)]
    calls: i64,
    #[diesel(sql_type = Int8)]
    prompt_tokens: i64,
    #[diesel(sql_type = Int8)]
    completion_tokens: i64,
    #[diesel(sql_type = Int8)]
    cost: i64,
}
