//! The Jobr HTTP API. Handlers parse, call one domain service, and map the result; the
//! rules live in the domain crates.

pub mod api;
pub mod auth;
mod blocking;
pub mod config;
pub mod error_code;
mod hashing;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
