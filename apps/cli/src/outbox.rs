//! `jobr outbox list|retry ID`: what the mail outbox holds, and a second chance for mail that
//! failed or was suppressed.

use clap::{Subcommand, ValueEnum};
use jobr_core::{Clock, SystemClock};
use jobr_notifications::{MessageId, Outbox, OutboxStatus, RetryOutcome};
use jobr_postgres::{Database, PgOutbox, PoolSettings};
use uuid::Uuid;

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// The newest mail, one line each: id, status, attempts, kind, recipient, created, error.
    List {
        /// Only mail in this state.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// How many lines at most.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
    /// Make a failed or suppressed mail pending again, due now, its attempts counted afresh.
    Retry { id: Uuid },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Pending,
    Sent,
    Failed,
    Suppressed,
}

impl From<StatusArg> for OutboxStatus {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Pending => OutboxStatus::Pending,
            StatusArg::Sent => OutboxStatus::Sent,
            StatusArg::Failed => OutboxStatus::Failed,
            StatusArg::Suppressed => OutboxStatus::Suppressed,
        }
    }
}

pub async fn run(
    command: OutboxCommand,
    database_url: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    Database::migrate(database_url).await?;
    let outbox = PgOutbox::new(Database::connect(database_url, PoolSettings::new(1)).await?);
    match command {
        OutboxCommand::List { status, limit } => {
            let entries = outbox.list(status.map(Into::into), limit.into()).await?;
            if entries.is_empty() {
                return Ok("the outbox is empty".to_string());
            }
            let lines: Vec<String> = entries
                .iter()
                .map(|e| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        e.id,
                        e.status,
                        e.attempts,
                        e.kind,
                        e.to,
                        e.created_at,
                        e.last_error.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            Ok(lines.join("\n"))
        }
        OutboxCommand::Retry { id } => {
            match outbox.retry(MessageId(id), SystemClock.now()).await? {
                RetryOutcome::Requeued => Ok(format!("mail {id} is pending again")),
                RetryOutcome::NotRetryable(status) => Err(format!(
                    "mail {id} is {status}: only failed or suppressed mail can be retried"
                )
                .into()),
                RetryOutcome::NotFound => Err(format!("no mail with id {id}").into()),
            }
        }
    }
}
