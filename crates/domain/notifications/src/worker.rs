//! One pass of the outbox worker: the rules, free of any runtime. The server runs passes in a
//! loop on a tokio task; tests and the benchmark run them directly.

use crate::{ClaimedMessage, Mailer, MailerError, MessageId, Outbox, OutboxError, SuppressionList};
use futures::{StreamExt as _, stream};
use jobr_core::{Clock, ErrorChain, Timestamp};
use std::{collections::HashSet, sync::Arc};
use time::Duration;

/// How the worker claims, retries and gives up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Claims before a temporarily failing mail is marked failed.
    pub max_attempts: i32,
    /// The wait after the first failure; it doubles with each further one.
    pub base_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
    /// How long a claimed mail stays hidden from other workers; a worker that dies mid-batch
    /// gives its mail back when the lease ends. Must exceed the time a batch takes to send.
    pub lease: Duration,
    /// Mails claimed per pass.
    pub batch_size: usize,
    /// Mails handed to the mailer at the same time within a pass.
    pub concurrency: usize,
}

impl Default for RetryPolicy {
    /// 8 attempts over about 4 hours (30 s doubling, capped at 1 h), 5-minute leases,
    /// batches of 100 sent 8 at a time.
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::seconds(30),
            max_delay: Duration::hours(1),
            lease: Duration::minutes(5),
            batch_size: 100,
            concurrency: 8,
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with "equal jitter": after the n-th failed attempt the mail waits a
    /// random time between half and all of `base_delay * 2^(n-1)` (capped at `max_delay`), so
    /// mail that failed together does not come back together.
    pub fn backoff(&self, attempts: i32, rng: &mut impl rand::Rng) -> Duration {
        let exponent = attempts.clamp(1, 31) - 1;
        let full = self
            .base_delay
            .checked_mul(1_i32 << exponent.min(30))
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let half: Duration = full / 2;
        let jitter_ms = rng.gen_range(0..=half.whole_milliseconds().max(0) as i64);
        half + Duration::milliseconds(jitter_ms)
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub suppressed: usize,
}

pub struct OutboxWorker {
    outbox: Arc<dyn Outbox>,
    mailer: Arc<dyn Mailer>,
    suppressions: Arc<dyn SuppressionList>,
    clock: Arc<dyn Clock>,
    policy: RetryPolicy,
}

enum Outcome {
    Sent(MessageId),
    Failed(ClaimedMessage, MailerError),
}

impl OutboxWorker {
    pub fn new(
        outbox: Arc<dyn Outbox>,
        mailer: Arc<dyn Mailer>,
        suppressions: Arc<dyn SuppressionList>,
        clock: Arc<dyn Clock>,
        policy: RetryPolicy,
    ) -> Self {
        Self {
            outbox,
            mailer,
            suppressions,
            clock,
            policy,
        }
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Claims one batch and settles every mail in it: sent, suppressed, due again later, or
    /// failed. A storage error stops the pass; the claimed mail comes back when its lease ends.
    pub async fn run_once(&self) -> Result<PassReport, OutboxError> {
        let now = self.clock.now();
        let claimed = self
            .outbox
            .claim(self.policy.batch_size, now, now + self.policy.lease)
            .await?;
        let mut report = PassReport {
            claimed: claimed.len(),
            ..PassReport::default()
        };
        if claimed.is_empty() {
            return Ok(report);
        }

        let checked: Vec<_> = claimed
            .iter()
            .filter(|c| !c.message.kind.ignores_suppression())
            .map(|c| c.message.to.clone())
            .collect();
        let suppressed = if checked.is_empty() {
            HashSet::new()
        } else {
            self.suppressions.suppressed_among(&checked).await?
        };
        let (skipped, to_send): (Vec<_>, Vec<_>) = claimed.into_iter().partition(|c| {
            !c.message.kind.ignores_suppression() && suppressed.contains(&c.message.to)
        });
        if !skipped.is_empty() {
            let ids: Vec<_> = skipped.iter().map(|c| c.message.id).collect();
            self.outbox.mark_suppressed(&ids, self.clock.now()).await?;
            report.suppressed = ids.len();
        }

        let outcomes: Vec<Outcome> = stream::iter(to_send)
            .map(|claimed| async move {
                match self.mailer.send(&claimed.message).await {
                    Ok(()) => Outcome::Sent(claimed.message.id),
                    Err(error) => Outcome::Failed(claimed, error),
                }
            })
            .buffer_unordered(self.policy.concurrency.max(1))
            .collect()
            .await;

        let mut sent = Vec::new();
        let mut failures = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Sent(id) => sent.push(id),
                Outcome::Failed(claimed, error) => failures.push((claimed, error)),
            }
        }
        // Sent mail is marked first: it is the one thing a crash here would repeat.
        if !sent.is_empty() {
            self.outbox.mark_sent(&sent, self.clock.now()).await?;
            report.sent = sent.len();
        }
        for (claimed, error) in failures {
            let at = self.clock.now();
            if self.settle_failure(&claimed, &error, at).await? {
                report.retried += 1;
            } else {
                report.failed += 1;
            }
        }
        Ok(report)
    }

    /// Due again later (`true`) or failed for good (`false`).
    async fn settle_failure(
        &self,
        claimed: &ClaimedMessage,
        error: &MailerError,
        at: Timestamp,
    ) -> Result<bool, OutboxError> {
        let id = claimed.message.id;
        let reason = ErrorChain(error).to_string();
        if error.is_retryable() && claimed.attempts < self.policy.max_attempts {
            let wait = self
                .policy
                .backoff(claimed.attempts, &mut rand::thread_rng());
            self.outbox.schedule_retry(id, at + wait, &reason).await?;
            Ok(true)
        } else {
            self.outbox.mark_failed(id, at, &reason).await?;
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        MailKind, OutgoingMessage, mailer::MockMailer, outbox::MockOutbox,
        suppression::MockSuppressionList,
    };
    use jobr_core::{Email, Timestamp};
    use mockall::predicate::{always, eq, function};
    use time::macros::datetime;

    const NOW: Timestamp = datetime!(2026-11-27 12:00 UTC);

    struct FixedClock;
    impl Clock for FixedClock {
        fn now(&self) -> Timestamp {
            NOW
        }
    }

    fn claimed(to: &str, kind: MailKind, attempts: i32) -> ClaimedMessage {
        ClaimedMessage {
            message: OutgoingMessage {
                id: MessageId::new(),
                kind,
                to: Email::parse(to).unwrap(),
                subject: "s".into(),
                text: "t".into(),
                html: "h".into(),
            },
            attempts,
        }
    }

    fn worker(
        outbox: MockOutbox,
        mailer: MockMailer,
        suppressions: MockSuppressionList,
    ) -> OutboxWorker {
        OutboxWorker::new(
            Arc::new(outbox),
            Arc::new(mailer),
            Arc::new(suppressions),
            Arc::new(FixedClock),
            RetryPolicy::default(),
        )
    }

    fn none_suppressed() -> MockSuppressionList {
        let mut list = MockSuppressionList::new();
        list.expect_suppressed_among()
            .returning(|_| Ok(HashSet::new()));
        list
    }

    fn outbox_claiming(batch: Vec<ClaimedMessage>) -> MockOutbox {
        let mut outbox = MockOutbox::new();
        let policy = RetryPolicy::default();
        outbox
            .expect_claim()
            .with(eq(policy.batch_size), eq(NOW), eq(NOW + policy.lease))
            .times(1)
            .return_once(move |_, _, _| Ok(batch));
        outbox
    }

    #[tokio::test]
    async fn a_temporary_failure_is_due_again_after_a_jittered_backoff() {
        let mail = claimed("ada@example.com", MailKind::Welcome, 3);
        let id = mail.message.id;
        let mut outbox = outbox_claiming(vec![mail]);
        // Third attempt: 30 s * 2^2 = 120 s, jittered into [60 s, 120 s].
        outbox
            .expect_schedule_retry()
            .with(
                eq(id),
                function(|due: &Timestamp| {
                    *due >= NOW + Duration::seconds(60) && *due <= NOW + Duration::seconds(120)
                }),
                function(|e: &str| e.contains("connection refused")),
            )
            .times(1)
            .returning(|_, _, _| Ok(()));
        outbox.expect_mark_failed().times(0);
        outbox.expect_mark_sent().times(0);
        let mut mailer = MockMailer::new();
        mailer.expect_send().times(1).returning(|_| {
            Err(MailerError::retryable(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                "connection refused",
            )))
        });
        let report = worker(outbox, mailer, none_suppressed())
            .run_once()
            .await
            .unwrap();
        assert_eq!(report.retried, 1);
    }

    #[tokio::test]
    async fn out_of_attempts_or_permanently_rejected_mail_is_failed_not_retried() {
        let last_try = claimed("ada@example.com", MailKind::Welcome, 8);
        let rejected = claimed("bob@example.com", MailKind::Welcome, 1);
        let failed_ids = [last_try.message.id, rejected.message.id];
        let mut outbox = outbox_claiming(vec![last_try, rejected]);
        outbox.expect_schedule_retry().times(0);
        outbox
            .expect_mark_failed()
            .with(
                function(move |id| failed_ids.contains(id)),
                eq(NOW),
                always(),
            )
            .times(2)
            .returning(|_, _, _| Ok(()));
        let mut mailer = MockMailer::new();
        mailer.expect_send().times(2).returning(|m| {
            if m.to.as_str() == "bob@example.com" {
                Err(MailerError::permanent("550 no such user"))
            } else {
                Err(MailerError::retryable("421 try later"))
            }
        });
        let report = worker(outbox, mailer, none_suppressed())
            .run_once()
            .await
            .unwrap();
        assert_eq!(report.failed, 2);
    }

    #[tokio::test]
    async fn suppressed_addresses_get_no_mail_except_a_password_reset() {
        let welcome = claimed("bounced@example.com", MailKind::Welcome, 1);
        let reset = claimed("bounced@example.com", MailKind::PasswordReset, 1);
        let (welcome_id, reset_id) = (welcome.message.id, reset.message.id);
        let mut outbox = outbox_claiming(vec![welcome, reset]);
        outbox
            .expect_mark_suppressed()
            .with(eq(vec![welcome_id]), eq(NOW))
            .times(1)
            .returning(|_, _| Ok(()));
        outbox
            .expect_mark_sent()
            .with(eq(vec![reset_id]), eq(NOW))
            .times(1)
            .returning(|_, _| Ok(()));
        let mut list = MockSuppressionList::new();
        list.expect_suppressed_among()
            .times(1)
            .returning(|emails| Ok(emails.iter().cloned().collect()));
        let mut mailer = MockMailer::new();
        mailer
            .expect_send()
            .withf(move |m| m.id == reset_id)
            .times(1)
            .returning(|_| Ok(()));
        let report = worker(outbox, mailer, list).run_once().await.unwrap();
        assert_eq!(
            report,
            PassReport {
                claimed: 2,
                sent: 1,
                suppressed: 1,
                ..PassReport::default()
            }
        );
    }

    #[tokio::test]
    async fn an_empty_outbox_sends_nothing() {
        let mut outbox = outbox_claiming(Vec::new());
        outbox.expect_mark_sent().times(0);
        let mut mailer = MockMailer::new();
        mailer.expect_send().times(0);
        let mut list = MockSuppressionList::new();
        list.expect_suppressed_among().times(0);
        let report = worker(outbox, mailer, list).run_once().await.unwrap();
        assert_eq!(report, PassReport::default());
    }

    #[test]
    fn backoff_doubles_stays_capped_and_is_jittered() {
        let policy = RetryPolicy::default();
        let mut rng = rand::thread_rng();
        for attempts in 1..=40 {
            let full = (Duration::seconds(30) * 2_i32.pow((attempts - 1).min(20) as u32))
                .min(policy.max_delay);
            for _ in 0..20 {
                let wait = policy.backoff(attempts, &mut rng);
                assert!(wait >= full / 2 && wait <= full, "{attempts}: {wait}");
            }
        }
        let waits: HashSet<_> = (0..50).map(|_| policy.backoff(5, &mut rng)).collect();
        assert!(waits.len() > 1, "jitter spreads retries");
    }
}
