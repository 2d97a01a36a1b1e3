use crate::{MailKind, MessageId, OutgoingMessage};
use async_trait::async_trait;
use jobr_core::{Clock, Email, StorageError, Timestamp};
use std::{fmt, sync::Arc};

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The outbox store failed; says whether it is a passing outage.
    #[error("outbox storage failed")]
    Storage(#[from] StorageError),
}

/// Where a stored mail is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    /// Waiting to be sent, or claimed by a worker and being sent.
    Pending,
    Sent,
    /// Permanently rejected, or out of attempts: an operator may `retry` it.
    Failed,
    /// Not sent: the address is on the suppression list.
    Suppressed,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 4] = [Self::Pending, Self::Sent, Self::Failed, Self::Suppressed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Suppressed => "suppressed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mail a worker claimed: the message and how many times it has been claimed, this time
/// included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMessage {
    pub message: OutgoingMessage,
    pub attempts: i32,
}

/// What an operator sees of a stored mail (bodies left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: MessageId,
    pub kind: MailKind,
    pub to: Email,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    /// When a pending mail is next due (a claimed one: when its lease ends).
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

/// What `Outbox::retry` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOutcome {
    /// The mail is pending again, due now, with its attempts reset.
    Requeued,
    /// The mail is not failed (or suppressed): nothing was changed.
    NotRetryable(OutboxStatus),
    NotFound,
}

/// The durable queue of mail. Each doc comment is the contract every adapter is held to by
/// `contract`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Outbox: Send + Sync {
    /// Stores the messages as pending, due at `at`, with no attempts. Used for mail that no
    /// stored change causes; a change that causes mail MUST store it in its own transaction
    /// instead. MUST store all or none; an id already stored MUST NOT be stored twice.
    async fn enqueue(&self, messages: &[OutgoingMessage], at: Timestamp)
    -> Result<(), OutboxError>;

    /// Claims up to `limit` pending messages due at `now`, oldest due first, adds one to each
    /// one's attempts and makes it due again at `lease_until` (so a worker that dies mid-send
    /// loses nothing: the mail comes back when the lease ends). MUST be atomic: two concurrent
    /// claims never return the same message (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
    async fn claim(
        &self,
        limit: usize,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Vec<ClaimedMessage>, OutboxError>;

    /// Marks the messages sent at `at`. A message that is no longer pending is left alone.
    async fn mark_sent(&self, ids: &[MessageId], at: Timestamp) -> Result<(), OutboxError>;

    /// Leaves the message pending, due again at `due`, with the error that made it wait.
    async fn schedule_retry(
        &self,
        id: MessageId,
        due: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError>;

    /// Marks the message failed with its error; it is never claimed again unless retried.
    async fn mark_failed(
        &self,
        id: MessageId,
        at: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError>;

    /// Marks the messages suppressed: their addresses are undeliverable.
    async fn mark_suppressed(&self, ids: &[MessageId], at: Timestamp) -> Result<(), OutboxError>;

    /// Newest first, up to `limit`, optionally only one status.
    async fn list(
        &self,
        status: Option<OutboxStatus>,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, OutboxError>;

    /// A failed or suppressed message becomes pending again, due at `now`, attempts reset to 0,
    /// its last error kept until the next attempt. Pending and sent messages are not changed.
    async fn retry(&self, id: MessageId, now: Timestamp) -> Result<RetryOutcome, OutboxError>;
}

/// Enqueues mail that no stored change causes (for example a resend asked for by an operator).
/// Mail caused by a change goes into that change's transaction instead: see the crate docs.
pub struct EnqueueMail {
    outbox: Arc<dyn Outbox>,
    clock: Arc<dyn Clock>,
}

impl EnqueueMail {
    pub fn new(outbox: Arc<dyn Outbox>, clock: Arc<dyn Clock>) -> Self {
        Self { outbox, clock }
    }

    pub async fn enqueue(&self, messages: &[OutgoingMessage]) -> Result<(), OutboxError> {
        self.outbox.enqueue(messages, self.clock.now()).await
    }
}
