//! The outbox worker: a tokio task that runs `OutboxWorker` passes until the server stops.
//! Every instance runs one; their claims never overlap (the outbox port's contract).

use jobr_core::ErrorChain;
use jobr_notifications::OutboxWorker;
use std::{sync::Arc, time::Duration};

/// Runs passes back to back while batches come back full, and waits `poll_interval` when the
/// outbox had less than a batch due or a pass failed (the database away, for instance).
pub fn spawn(worker: Arc<OutboxWorker>, poll_interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let batch = worker.policy().batch_size;
        loop {
            match worker.run_once().await {
                Ok(report) => {
                    if report.claimed > 0 {
                        tracing::info!(
                            claimed = report.claimed,
                            sent = report.sent,
                            retried = report.retried,
                            failed = report.failed,
                            suppressed = report.suppressed,
                            "outbox pass"
                        );
                    }
                    if report.failed > 0 {
                        tracing::warn!(
                            failed = report.failed,
                            "mail marked failed; `jobr outbox list --status failed` shows why"
                        );
                    }
                    if report.claimed >= batch {
                        continue;
                    }
                }
                Err(error) => {
                    tracing::error!(error = %ErrorChain(&error), "outbox pass failed");
                }
            }
            tokio::time::sleep(poll_interval).await;
        }
    })
}
