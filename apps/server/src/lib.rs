//! The Jobr HTTP API. Handlers parse, call one domain service, and map the result; the
//! rules live in the domain crates.

pub mod ai_gate;
pub mod api;
pub mod application_ports;
pub mod auth;
pub mod config;
pub mod docx_export;
pub mod error_code;
pub mod extraction;
mod job_index;
pub mod json_body;
pub mod middleware;
pub mod outbox_config;
mod outbox_worker;
pub mod payments;
pub mod pdf_export;
pub mod routes;
pub mod startup;
mod sweep;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
