pub mod auth;
pub mod cv;
pub mod health;
pub mod job_views;
pub mod jobs;
pub mod sendgrid;
pub mod users;
pub mod views;
