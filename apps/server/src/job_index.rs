//! The matching index as the HTTP routes get it: built on a blocking thread, and refreshed in
//! the background when it has only aged, so that the periodic re-read of the open jobs (2–3 s
//! for 95,000 of them) never stalls a request.

use crate::api::ApiError;
use actix_web::web;
use jobr_matching::{JobsService, OpenJobs};
use std::sync::Arc;

/// The open jobs' index for one request. An index past its TTL is served while a background
/// task rebuilds it; one outdated by a write through the service, or none yet, is built here.
pub async fn open_jobs(jobs: &web::Data<JobsService>) -> Result<Arc<OpenJobs>, ApiError> {
    if let Some(aged) = jobs.aged_snapshot() {
        if !aged.refresh_running {
            let jobs = jobs.clone().into_inner();
            actix_web::rt::spawn(async move {
                if let Err(error) = rebuild(&jobs).await {
                    tracing::warn!(error = ?error, "refreshing the matching index failed; the old one stays in use");
                }
            });
        }
        return Ok(aged.open);
    }
    rebuild(jobs).await
}

async fn rebuild(jobs: &JobsService) -> Result<Arc<OpenJobs>, ApiError> {
    jobs.open_jobs_with(|all| async {
        web::block(move || OpenJobs::new(all))
            .await
            .map_err(|e| ApiError::internal(&e))
    })
    .await
}
