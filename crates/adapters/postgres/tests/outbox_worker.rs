#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The outbox worker on real PostgreSQL: racing workers, temporary and permanent failures, and
//! a worker killed mid-batch.

use async_trait::async_trait;
use jobr_core::{Clock, Email, Timestamp};
use jobr_notifications::{
    MailKind, Mailer, MailerError, MessageId, Outbox, OutboxStatus, OutboxWorker, OutgoingMessage,
    RetryPolicy, SuppressionList,
};
use jobr_postgres::{PgOutbox, PgSuppressionList, TestDatabase};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use time::{Duration, OffsetDateTime};

/// A clock the test moves by hand.
struct TestClock(Mutex<Timestamp>);

impl TestClock {
    fn new() -> Arc<Self> {
        let now = OffsetDateTime::now_utc();
        Arc::new(Self(Mutex::new(now.replace_nanosecond(0).unwrap())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

/// Records every delivery; fails each message's first `fail_first` sends the given way.
#[derive(Default)]
struct RecordingMailer {
    deliveries: Mutex<HashMap<MessageId, usize>>,
    attempts: Mutex<HashMap<MessageId, usize>>,
    fail_first: usize,
    permanent: bool,
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap();
            let n = attempts.entry(message.id).or_default();
            *n += 1;
            *n
        };
        if attempt <= self.fail_first {
            return Err(if self.permanent {
                MailerError::permanent("550 5.1.1 no such mailbox")
            } else {
                MailerError::retryable("421 4.3.2 try again later")
            });
        }
        tokio::task::yield_now().await;
        *self
            .deliveries
            .lock()
            .unwrap()
            .entry(message.id)
            .or_default() += 1;
        Ok(())
    }
}

fn messages(n: usize) -> Vec<OutgoingMessage> {
    (0..n)
        .map(|i| OutgoingMessage {
            id: MessageId::new(),
            kind: MailKind::Welcome,
            to: Email::parse(&format!("user{i}@example.com")).unwrap(),
            subject: "Welcome".into(),
            text: "text".into(),
            html: "<p>html</p>".into(),
        })
        .collect()
}

struct Setup {
    _db: TestDatabase,
    outbox: Arc<PgOutbox>,
    suppressions: Arc<PgSuppressionList>,
    clock: Arc<TestClock>,
}

async fn setup(mail: &[OutgoingMessage]) -> Setup {
    let db = TestDatabase::new().await;
    let outbox = Arc::new(PgOutbox::new(db.database()));
    let clock = TestClock::new();
    outbox.enqueue(mail, clock.now()).await.unwrap();
    Setup {
        suppressions: Arc::new(PgSuppressionList::new(db.database())),
        _db: db,
        outbox,
        clock,
    }
}

fn worker(setup: &Setup, mailer: Arc<dyn Mailer>, policy: RetryPolicy) -> OutboxWorker {
    OutboxWorker::new(
        setup.outbox.clone(),
        mailer,
        setup.suppressions.clone(),
        setup.clock.clone(),
        policy,
    )
}

async fn statuses(outbox: &PgOutbox) -> HashMap<OutboxStatus, usize> {
    let mut counts = HashMap::new();
    for entry in outbox.list(None, 100_000).await.unwrap() {
        *counts.entry(entry.status).or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_racing_over_500_messages_send_each_exactly_once() {
    let mail = messages(500);
    let setup = setup(&mail).await;
    let mailer = Arc::new(RecordingMailer::default());
    let policy = RetryPolicy {
        batch_size: 25,
        ..RetryPolicy::default()
    };
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let worker = worker(&setup, mailer.clone(), policy);
            tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let report = worker.run_once().await.unwrap();
                    if report.claimed == 0 {
                        return sent;
                    }
                    sent += report.sent;
                }
            })
        })
        .collect();
    let mut per_worker = Vec::new();
    for racer in racers {
        per_worker.push(racer.await.unwrap());
    }
    let deliveries = mailer.deliveries.lock().unwrap().clone();
    assert_eq!(deliveries.len(), 500, "every message delivered");
    assert!(deliveries.values().all(|n| *n == 1), "none twice");
    assert_eq!(per_worker.iter().sum::<usize>(), 500);
    assert!(
        per_worker.iter().all(|n| *n > 0),
        "both workers took a share: {per_worker:?}"
    );
    assert_eq!(statuses(&setup.outbox).await[&OutboxStatus::Sent], 500);
}

#[tokio::test]
async fn a_mailer_failing_three_times_then_succeeding_delivers_once() {
    let mail = messages(1);
    let setup = setup(&mail).await;
    let mailer = Arc::new(RecordingMailer {
        fail_first: 3,
        ..RecordingMailer::default()
    });
    let worker = worker(&setup, mailer.clone(), RetryPolicy::default());
    let mut reports = Vec::new();
    for _ in 0..6 {
        reports.push(worker.run_once().await.unwrap());
        let entry = &setup.outbox.list(None, 1).await.unwrap()[0];
        if entry.status == OutboxStatus::Pending {
            // Not due before its backoff: a pass now claims nothing.
            assert_eq!(worker.run_once().await.unwrap().claimed, 0);
            assert!(entry.next_attempt_at > setup.clock.now());
            assert!(entry.last_error.as_deref().unwrap().contains("421"));
        }
        setup.clock.advance(Duration::hours(1));
    }
    assert_eq!(
        reports.iter().map(|r| r.retried).sum::<usize>(),
        3,
        "{reports:?}"
    );
    assert_eq!(mailer.deliveries.lock().unwrap()[&mail[0].id], 1);
    let entry = &setup.outbox.list(None, 1).await.unwrap()[0];
    assert_eq!(entry.status, OutboxStatus::Sent);
    assert_eq!(entry.attempts, 4);
}

#[tokio::test]
async fn a_permanent_failure_is_marked_failed_and_not_retried() {
    let mail = messages(1);
    let setup = setup(&mail).await;
    let mailer = Arc::new(RecordingMailer {
        fail_first: usize::MAX,
        permanent: true,
        ..RecordingMailer::default()
    });
    let worker = worker(&setup, mailer.clone(), RetryPolicy::default());
    assert_eq!(worker.run_once().await.unwrap().failed, 1);
    setup.clock.advance(Duration::days(2));
    assert_eq!(worker.run_once().await.unwrap().claimed, 0);
    let failed = setup
        .outbox
        .list(Some(OutboxStatus::Failed), 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].last_error.as_deref().unwrap().contains("550"));
    assert_eq!(mailer.attempts.lock().unwrap()[&mail[0].id], 1);
}

#[tokio::test]
async fn temporary_failures_past_the_attempt_limit_end_failed() {
    let mail = messages(1);
    let setup = setup(&mail).await;
    let mailer = Arc::new(RecordingMailer {
        fail_first: usize::MAX,
        ..RecordingMailer::default()
    });
    let policy = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    };
    let worker = worker(&setup, mailer.clone(), policy);
    for _ in 0..5 {
        worker.run_once().await.unwrap();
        setup.clock.advance(Duration::hours(2));
    }
    assert_eq!(mailer.attempts.lock().unwrap()[&mail[0].id], 3);
    let entry = &setup.outbox.list(None, 1).await.unwrap()[0];
    assert_eq!(entry.status, OutboxStatus::Failed);
}

/// Delivers `before_hang` messages, then never answers again.
struct HangingMailer {
    inner: RecordingMailer,
    before_hang: usize,
    started: Mutex<usize>,
}

#[async_trait]
impl Mailer for HangingMailer {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), MailerError> {
        let n = {
            let mut started = self.started.lock().unwrap();
            *started += 1;
            *started
        };
        if n > self.before_hang {
            std::future::pending::<()>().await;
        }
        self.inner.send(message).await
    }
}

#[tokio::test]
async fn killing_the_worker_mid_batch_loses_nothing() {
    let mail = messages(40);
    let setup = setup(&mail).await;
    let policy = RetryPolicy {
        batch_size: 20,
        concurrency: 4,
        ..RetryPolicy::default()
    };
    let hanging = Arc::new(HangingMailer {
        inner: RecordingMailer::default(),
        before_hang: 10,
        started: Mutex::new(0),
    });
    let doomed = worker(&setup, hanging.clone(), policy);
    let task = tokio::spawn(async move { doomed.run_once().await });
    while hanging.inner.deliveries.lock().unwrap().len() < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let pending = statuses(&setup.outbox).await;
    assert_eq!(
        pending[&OutboxStatus::Pending],
        40,
        "nothing lost, nothing marked"
    );

    // A new worker (another instance, or this one restarted) after the lease ends.
    setup.clock.advance(policy.lease + Duration::seconds(1));
    let survivor = Arc::new(RecordingMailer::default());
    let worker = worker(&setup, survivor.clone(), policy);
    while worker.run_once().await.unwrap().claimed > 0 {}
    assert_eq!(statuses(&setup.outbox).await[&OutboxStatus::Sent], 40);
    let before = hanging.inner.deliveries.lock().unwrap().clone();
    let after = survivor.deliveries.lock().unwrap().clone();
    for message in &mail {
        let total = before.get(&message.id).unwrap_or(&0) + after.get(&message.id).unwrap_or(&0);
        assert!(
            (1..=2).contains(&total),
            "{}: delivered {total} times",
            message.id
        );
    }
    assert_eq!(
        after.len(),
        40,
        "the claimed batch came back whole after the lease"
    );
}

#[tokio::test]
async fn suppressed_addresses_are_skipped_but_still_get_a_password_reset() {
    let mut mail = messages(2);
    mail[1].kind = MailKind::PasswordReset;
    mail[1].to = mail[0].to.clone();
    let setup = setup(&mail).await;
    setup
        .suppressions
        .suppress(
            &mail[0].to,
            jobr_notifications::SuppressionReason::Bounce,
            setup.clock.now(),
        )
        .await
        .unwrap();
    let mailer = Arc::new(RecordingMailer::default());
    let report = worker(&setup, mailer.clone(), RetryPolicy::default())
        .run_once()
        .await
        .unwrap();
    assert_eq!((report.sent, report.suppressed), (1, 1));
    let deliveries = mailer.deliveries.lock().unwrap().clone();
    assert_eq!(deliveries.keys().copied().collect::<Vec<_>>(), [mail[1].id]);
}
