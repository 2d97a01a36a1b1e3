use crate::lock;
use async_trait::async_trait;
use jobr_core::{Email, StorageError, Timestamp};
use jobr_notifications::{
    ClaimedMessage, MessageId, Outbox, OutboxEntry, OutboxError, OutboxStatus, OutgoingMessage,
    RetryOutcome, SuppressionList, SuppressionReason,
};
use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
};

#[derive(Debug, Clone)]
pub(crate) struct StoredMail {
    message: OutgoingMessage,
    status: OutboxStatus,
    attempts: i32,
    next_attempt_at: Timestamp,
    last_error: Option<String>,
    created_at: Timestamp,
    sent_at: Option<Timestamp>,
    /// Insertion order, so "newest first" and "oldest due first" are stable among equals.
    seq: u64,
}

#[derive(Default)]
pub(crate) struct OutboxState {
    mail: HashMap<MessageId, StoredMail>,
    next_seq: u64,
}

impl OutboxState {
    /// Stores pending mail due at `at`; an id already stored is left alone.
    pub(crate) fn enqueue(&mut self, messages: &[OutgoingMessage], at: Timestamp) {
        for message in messages {
            if self.mail.contains_key(&message.id) {
                continue;
            }
            self.next_seq += 1;
            self.mail.insert(
                message.id,
                StoredMail {
                    message: message.clone(),
                    status: OutboxStatus::Pending,
                    attempts: 0,
                    next_attempt_at: at,
                    last_error: None,
                    created_at: at,
                    sent_at: None,
                    seq: self.next_seq,
                },
            );
        }
    }
}

/// The outbox in memory: one mutex, so a claim is one critical section.
#[derive(Default)]
pub struct MemoryOutbox {
    pub(crate) state: Mutex<OutboxState>,
}

impl MemoryOutbox {
    fn settle(&self, ids: &[MessageId], change: impl Fn(&mut StoredMail)) {
        let mut state = lock(&self.state);
        for id in ids {
            if let Some(mail) = state.mail.get_mut(id)
                && mail.status == OutboxStatus::Pending
            {
                change(mail);
            }
        }
    }
}

#[async_trait]
impl Outbox for MemoryOutbox {
    async fn enqueue(
        &self,
        messages: &[OutgoingMessage],
        at: Timestamp,
    ) -> Result<(), OutboxError> {
        lock(&self.state).enqueue(messages, at);
        Ok(())
    }

    async fn claim(
        &self,
        limit: usize,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Vec<ClaimedMessage>, OutboxError> {
        let mut state = lock(&self.state);
        let mut due: Vec<&mut StoredMail> = state
            .mail
            .values_mut()
            .filter(|m| m.status == OutboxStatus::Pending && m.next_attempt_at <= now)
            .collect();
        due.sort_by_key(|m| (m.next_attempt_at, m.seq));
        Ok(due
            .into_iter()
            .take(limit)
            .map(|mail| {
                mail.attempts += 1;
                mail.next_attempt_at = lease_until;
                ClaimedMessage {
                    message: mail.message.clone(),
                    attempts: mail.attempts,
                }
            })
            .collect())
    }

    async fn mark_sent(&self, ids: &[MessageId], at: Timestamp) -> Result<(), OutboxError> {
        self.settle(ids, |mail| {
            mail.status = OutboxStatus::Sent;
            mail.sent_at = Some(at);
        });
        Ok(())
    }

    async fn schedule_retry(
        &self,
        id: MessageId,
        due: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError> {
        self.settle(&[id], |mail| {
            mail.next_attempt_at = due;
            mail.last_error = Some(error.to_string());
        });
        Ok(())
    }

    async fn mark_failed(
        &self,
        id: MessageId,
        _at: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError> {
        self.settle(&[id], |mail| {
            mail.status = OutboxStatus::Failed;
            mail.last_error = Some(error.to_string());
        });
        Ok(())
    }

    async fn mark_suppressed(&self, ids: &[MessageId], _at: Timestamp) -> Result<(), OutboxError> {
        self.settle(ids, |mail| mail.status = OutboxStatus::Suppressed);
        Ok(())
    }

    async fn list(
        &self,
        status: Option<OutboxStatus>,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, OutboxError> {
        let state = lock(&self.state);
        let mut mail: Vec<&StoredMail> = state
            .mail
            .values()
            .filter(|m| status.is_none_or(|s| m.status == s))
            .collect();
        mail.sort_by_key(|m| std::cmp::Reverse((m.created_at, m.seq)));
        Ok(mail
            .into_iter()
            .take(limit)
            .map(|m| OutboxEntry {
                id: m.message.id,
                kind: m.message.kind,
                to: m.message.to.clone(),
                subject: m.message.subject.clone(),
                status: m.status,
                attempts: m.attempts,
                next_attempt_at: m.next_attempt_at,
                last_error: m.last_error.clone(),
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect())
    }

    async fn retry(&self, id: MessageId, now: Timestamp) -> Result<RetryOutcome, OutboxError> {
        let mut state = lock(&self.state);
        let Some(mail) = state.mail.get_mut(&id) else {
            return Ok(RetryOutcome::NotFound);
        };
        match mail.status {
            OutboxStatus::Failed | OutboxStatus::Suppressed => {
                mail.status = OutboxStatus::Pending;
                mail.attempts = 0;
                mail.next_attempt_at = now;
                Ok(RetryOutcome::Requeued)
            }
            other => Ok(RetryOutcome::NotRetryable(other)),
        }
    }
}

#[derive(Default)]
pub struct MemorySuppressionList {
    addresses: Mutex<HashMap<Email, (SuppressionReason, Timestamp)>>,
}

#[async_trait]
impl SuppressionList for MemorySuppressionList {
    async fn suppress(
        &self,
        email: &Email,
        reason: SuppressionReason,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        lock(&self.addresses)
            .entry(email.clone())
            .or_insert((reason, at));
        Ok(())
    }

    async fn suppressed_among(&self, emails: &[Email]) -> Result<HashSet<Email>, StorageError> {
        let addresses = lock(&self.addresses);
        Ok(emails
            .iter()
            .filter(|e| addresses.contains_key(*e))
            .cloned()
            .collect())
    }
}
