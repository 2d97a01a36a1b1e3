use crate::MessageId;
use async_trait::async_trait;
use jobr_core::{Email, StorageError, Timestamp};
use std::{collections::HashSet, fmt, sync::Arc};

/// Why an address is undeliverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuppressionReason {
    Bounce,
    Dropped,
    SpamReport,
}

impl SuppressionReason {
    pub const ALL: [SuppressionReason; 3] = [Self::Bounce, Self::Dropped, Self::SpamReport];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bounce => "bounce",
            Self::Dropped => "dropped",
            Self::SpamReport => "spam_report",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

impl fmt::Display for SuppressionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Addresses mail must no longer go to. Each doc comment is the contract every adapter is held
/// to by `contract`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SuppressionList: Send + Sync {
    /// Records the address as undeliverable. MUST be idempotent: suppressing an address again
    /// keeps it suppressed (the first reason and time are kept).
    async fn suppress(
        &self,
        email: &Email,
        reason: SuppressionReason,
        at: Timestamp,
    ) -> Result<(), StorageError>;

    /// The addresses among `emails` that are suppressed.
    async fn suppressed_among(&self, emails: &[Email]) -> Result<HashSet<Email>, StorageError>;
}

/// What the mail provider reported about one mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryEventKind {
    /// The receiving server refused the address.
    Bounce,
    /// The provider would not send (an address it already knows to be bad).
    Dropped,
    /// The recipient marked the mail as spam.
    SpamReport,
    /// Anything else (processed, delivered, opened, deferred, …): nothing to do.
    Other,
}

impl DeliveryEventKind {
    /// The suppression this event calls for, if any.
    pub fn suppression(self) -> Option<SuppressionReason> {
        match self {
            Self::Bounce => Some(SuppressionReason::Bounce),
            Self::Dropped => Some(SuppressionReason::Dropped),
            Self::SpamReport => Some(SuppressionReason::SpamReport),
            Self::Other => None,
        }
    }
}

/// One provider event, already verified and parsed by the provider adapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryEvent {
    pub email: Email,
    pub kind: DeliveryEventKind,
    /// The outbox message it is about, when the provider echoed our id back.
    pub message_id: Option<MessageId>,
    pub occurred_at: Timestamp,
}

/// The use case behind the provider's event webhook: bounces, drops and spam reports put the
/// address on the suppression list; other events are ignored.
pub struct DeliveryEvents {
    suppressions: Arc<dyn SuppressionList>,
}

impl DeliveryEvents {
    pub fn new(suppressions: Arc<dyn SuppressionList>) -> Self {
        Self { suppressions }
    }

    /// Records the events; returns how many suppressed an address. A failure stops at the
    /// failing event: the provider retries the whole batch, and suppressing is idempotent.
    pub async fn record(&self, events: &[DeliveryEvent]) -> Result<usize, StorageError> {
        let mut suppressed = 0;
        for event in events {
            if let Some(reason) = event.kind.suppression() {
                self.suppressions
                    .suppress(&event.email, reason, event.occurred_at)
                    .await?;
                suppressed += 1;
            }
        }
        Ok(suppressed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mockall::predicate::eq;

    fn event(kind: DeliveryEventKind) -> DeliveryEvent {
        DeliveryEvent {
            email: Email::parse("ada@example.com").unwrap(),
            kind,
            message_id: None,
            occurred_at: time::macros::datetime!(2026-11-27 12:00 UTC),
        }
    }

    #[tokio::test]
    async fn bounces_drops_and_spam_reports_suppress_and_nothing_else_does() {
        let mut list = MockSuppressionList::new();
        for reason in SuppressionReason::ALL {
            list.expect_suppress()
                .with(
                    eq(Email::parse("ada@example.com").unwrap()),
                    eq(reason),
                    mockall::predicate::always(),
                )
                .times(1)
                .returning(|_, _, _| Ok(()));
        }
        let events = DeliveryEvents::new(Arc::new(list));
        let recorded = events
            .record(&[
                event(DeliveryEventKind::Bounce),
                event(DeliveryEventKind::Other),
                event(DeliveryEventKind::Dropped),
                event(DeliveryEventKind::SpamReport),
            ])
            .await
            .unwrap();
        assert_eq!(recorded, 3);
    }

    #[tokio::test]
    async fn delivered_and_opened_events_touch_nothing() {
        let mut list = MockSuppressionList::new();
        list.expect_suppress().times(0);
        let events = DeliveryEvents::new(Arc::new(list));
        assert_eq!(
            events
                .record(&[event(DeliveryEventKind::Other)])
                .await
                .unwrap(),
            0
        );
    }
}
