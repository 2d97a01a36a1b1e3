//! The CV orphan sweep, run at start-up and then periodically: it removes uploads that a crash
//! left pending, and deletes that were cut short (see `CvLibrary::sweep_abandoned`).

use jobr_cv::CvLibrary;
use std::{sync::Arc, time::Duration};
use tokio::{task::JoinHandle, time::MissedTickBehavior};

/// An upload writes its row, then its file, then marks the row stored, all within a request;
/// a row still pending after this long belongs to a process that died. The margin is wide so
/// that a slow disk never makes the sweep take a live upload (which would then fail cleanly).
pub const ABANDONED_AFTER: Duration = Duration::from_secs(15 * 60);
/// How often the sweep runs after the one at start-up.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);

/// Starts the sweep on the current Tokio runtime; the first run is immediate.
pub fn spawn(library: Arc<CvLibrary>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(SWEEP_EVERY);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match library.sweep_abandoned(ABANDONED_AFTER).await {
                Ok(report) if report.failed > 0 => tracing::warn!(
                    removed = report.removed,
                    failed = report.failed,
                    "CV sweep could not remove some files; it retries them next time"
                ),
                Ok(report) if report.removed > 0 => {
                    tracing::info!(removed = report.removed, "CV sweep removed abandoned CVs");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "CV sweep failed; it runs again later"),
            }
        }
    })
}
