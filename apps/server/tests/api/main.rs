//! End-to-end tests: the real server on a free port, a fresh PostgreSQL database per test
//! (or the in-memory store), driven over HTTP with reqwest. One binary, so it links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod applications;
mod applications_ai;
mod applications_export;
mod auth;
mod cross_cutting;
mod cv;
mod cv_corpus;
mod database_faults;
mod edge;
mod extraction;
mod health;
mod helpers;
mod jobs;
mod mail;
mod openai;
mod pg_proxy;
mod slow_clients;
mod storage;
mod subscription;
mod users;
