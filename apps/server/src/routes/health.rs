//! Liveness (`/health`: the process answers) and readiness (`/health/deep`: the database too).

use crate::api::ErrorChain;
use actix_web::{HttpResponse, web};
use jobr_postgres::Database;
use serde_json::json;
use std::time::Instant;

pub struct HealthState {
    pub started: Instant,
    /// `None` when running on the in-memory store.
    pub database: Option<Database>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/health").get(health))
        .service(web::resource("/health/deep").get(deep));
}

async fn health(state: web::Data<HealthState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "uptimeSeconds": state.started.elapsed().as_secs(),
    }))
}

async fn deep(state: web::Data<HealthState>) -> HttpResponse {
    let Some(database) = &state.database else {
        return HttpResponse::Ok().json(json!({
            "status": "ok",
            "checks": { "database": { "status": "up", "adapter": "memory", "persistent": false } },
        }));
    };
    match database.ping().await {
        Ok(latency) => HttpResponse::Ok().json(json!({
            "status": "ok",
            "checks": { "database": {
                "status": "up", "adapter": "postgres", "latencyMs": latency.as_secs_f64() * 1000.0,
            } },
        })),
        Err(error) => {
            tracing::warn!(error = %ErrorChain(&error), "database health check failed");
            HttpResponse::ServiceUnavailable().json(json!({
                "status": "unavailable",
                "checks": { "database": { "status": "down", "adapter": "postgres" } },
            }))
        }
    }
}
