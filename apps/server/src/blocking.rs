//! CPU-bound domain work moved off the async workers onto tokio's blocking pool.

use async_trait::async_trait;
use jobr_cv::{ExtractError, ExtractionJob, ExtractionOutcome, ExtractionRunner};

/// Runs CV extraction on the blocking pool, so a long PDF does not stall every other request
/// sharing its worker.
pub struct BlockingExtraction;

#[async_trait]
impl ExtractionRunner for BlockingExtraction {
    async fn run(&self, job: ExtractionJob) -> ExtractionOutcome {
        tokio::task::spawn_blocking(job).await.unwrap_or_else(|_| {
            // The extractor catches its parsers' panics; reaching here means it missed one.
            Err(ExtractError::Corrupt(
                "the file could not be read".to_string(),
            ))
        })
    }
}
