//! Outbox throughput on PostgreSQL with a no-op mailer: how many messages per second the
//! worker claims (FOR UPDATE SKIP LOCKED), "sends" and marks sent, and a check that none was
//! sent twice. Needs TEST_DATABASE_URL (a throwaway database is created and dropped).
//!
//! `cargo bench -p jobr-postgres --bench outbox_throughput [-- MESSAGES WORKERS BATCH]`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use jobr_core::{Email, SystemClock};
use jobr_notifications::{
    MailKind, Mailer, MailerError, MessageId, Outbox, OutboxStatus, OutboxWorker, OutgoingMessage,
    RetryPolicy,
};
use jobr_postgres::{PgOutbox, PgSuppressionList, TestDatabase};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Instant,
};
use time::OffsetDateTime;

/// Accepts everything at once; counts what it was handed.
#[derive(Default)]
struct NoopMailer {
    sent: Mutex<HashMap<MessageId, u32>>,
}

#[async_trait]
impl Mailer for NoopMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        *self.sent.lock().unwrap().entry(message.id).or_default() += 1;
        Ok(())
    }
}

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .filter(|a| !a.starts_with("--"))
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let messages = arg(1, 20_000);
    let workers = arg(2, 4);
    let batch = arg(3, 200);
    let db = TestDatabase::new().await;
    let outbox = Arc::new(PgOutbox::new(db.database()));
    let mail: Vec<OutgoingMessage> = (0..messages)
        .map(|i| OutgoingMessage {
            id: MessageId::new(),
            kind: MailKind::Welcome,
            to: Email::parse(&format!("user{i}@example.com")).unwrap(),
            subject: "Welcome to Jobr".into(),
            text: "Hello Ada,\n\nWelcome to Jobr.\n".repeat(4),
            html: "<p>Hello Ada,</p><p>Welcome to Jobr.</p>".repeat(4),
        })
        .collect();
    outbox
        .enqueue(&mail, OffsetDateTime::now_utc())
        .await
        .unwrap();

    let mailer = Arc::new(NoopMailer::default());
    let policy = RetryPolicy {
        batch_size: batch,
        concurrency: 32,
        ..RetryPolicy::default()
    };
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let worker = OutboxWorker::new(
                outbox.clone(),
                mailer.clone(),
                Arc::new(PgSuppressionList::new(db.database())),
                Arc::new(SystemClock),
                policy,
            );
            tokio::spawn(async move { while worker.run_once().await.unwrap().claimed > 0 {} })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();

    let sent = mailer.sent.lock().unwrap().clone();
    let duplicates = sent.values().filter(|n| **n > 1).count();
    let marked = outbox
        .list(Some(OutboxStatus::Sent), messages + 1)
        .await
        .unwrap()
        .len();
    println!(
        "outbox: {messages} messages, {workers} workers, batch {batch}: {:.2} s, {:.0} messages/s; \
         handed to the mailer {} distinct, {duplicates} duplicates; marked sent {marked}",
        elapsed.as_secs_f64(),
        messages as f64 / elapsed.as_secs_f64(),
        sent.len(),
    );
    assert_eq!(sent.len(), messages, "every message sent");
    assert_eq!(duplicates, 0, "none twice");
    assert_eq!(marked, messages, "every message marked sent");
}
