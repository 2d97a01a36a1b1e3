pub mod auth;
pub mod cv;
pub mod health;
pub mod users;
pub mod views;
