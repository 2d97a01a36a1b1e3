//! Mail: what Jobr sends, and how it gets there without being lost or doubled.
//!
//! - [`templates::MailComposer`] renders every mail (subject, plain text, HTML) with user data
//!   escaped and links built from `BASE_URL`.
//! - Mail is **enqueued in the same transaction as the change that causes it**: a repository
//!   port whose change sends mail takes the [`OutgoingMessage`]s and stores them with its rows
//!   (the PostgreSQL adapter exposes one insert for that); [`EnqueueMail`] covers mail no stored
//!   change causes.
//! - [`worker::OutboxWorker`] drains the [`Outbox`] through a [`Mailer`]: claims with a lease,
//!   retries temporary failures with exponential backoff and jitter, marks permanent ones failed,
//!   and skips addresses on the [`SuppressionList`] (except password resets).
//! - [`DeliveryEvents`] records what the provider reports (bounces, drops, spam reports).

#[cfg(feature = "contract")]
pub mod contract;
pub mod mailer;
pub mod message;
pub mod outbox;
pub mod suppression;
pub mod templates;
pub mod worker;

pub use mailer::{Mailer, MailerError};
pub use message::{MailKind, MessageId, OutgoingMessage};
pub use outbox::{
    ClaimedMessage, EnqueueMail, Outbox, OutboxEntry, OutboxError, OutboxStatus, RetryOutcome,
};
pub use suppression::{
    DeliveryEvent, DeliveryEventKind, DeliveryEvents, SuppressionList, SuppressionReason,
};
pub use templates::{ApplicationMail, BaseUrl, MailComposer, PaymentMail};
pub use worker::{OutboxWorker, PassReport, RetryPolicy};
