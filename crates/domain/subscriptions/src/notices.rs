//! The mail a payment event owes the user: a receipt when it records a payment as succeeded,
//! a payment-failed mail when it records one as failed, nothing for a duplicate, a replay or a
//! stale event.
//!
//! [`crate::decide`] names the mail as a [`PaymentNotice`]. The service renders that notice
//! for its user before the event's transaction (a [`PreparedMail`], from a
//! [`BillingContacts`] lookup), and the repository stores the message in the transaction of the
//! event only when the decision taken there, on the locked rows, owes exactly that notice
//! ([`mail_to_store`]): the mail commits with the payment row or not at all.

use crate::apply::{Decision, decide};
use crate::event::{PaymentEvent, PaymentEventKind};
use crate::ports::{SubscriptionError, SubscriptionRepository};
use crate::service::ServiceError;
use async_trait::async_trait;
use jobr_core::{BoxError, Email, Money, Plan, Timestamp, UserId};
use jobr_notifications::{MailComposer, OutgoingMessage, PaymentMail};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Receipt,
    PaymentFailed,
}

/// What one payment event tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentNotice {
    pub kind: NoticeKind,
    pub user_id: UserId,
    pub plan: Plan,
    pub amount: Money,
    /// The provider's payment id (or, for a failed renewal named only by its subscription, the
    /// provider's subscription id), shown so support can find the payment.
    pub reference: String,
}

/// Where a user's payment mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingContact {
    pub email: Email,
    pub first_name: String,
}

/// Who pays: implemented over the accounts store.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait BillingContacts: Send + Sync {
    /// The user's address and first name; `None` when there is no such user.
    async fn contact_of(&self, user: UserId) -> Result<Option<BillingContact>, BoxError>;
}

/// What payment events need to mail the user: who the user is, and how mail is rendered.
#[derive(Clone)]
pub struct PaymentMailing {
    pub contacts: Arc<dyn BillingContacts>,
    pub composer: MailComposer,
}

impl PaymentMailing {
    /// The mail `event` would owe on the rows as they are now, rendered for its user. The
    /// repository decides again on the locked rows and stores it only if that still holds.
    /// `None` when the event owes nothing (or its user is gone).
    pub async fn prepare(
        &self,
        repo: &dyn SubscriptionRepository,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<Option<PreparedMail>, ServiceError> {
        if !matches!(
            event.kind,
            PaymentEventKind::PaymentSucceeded { .. } | PaymentEventKind::PaymentFailed { .. }
        ) {
            return Ok(None);
        }
        let (subscription, payment) = repo.targets_of(event).await?;
        // Without the user's other subscriptions: a late payment of an abandoned checkout is
        // then expected to owe its receipt; if the locked decision finds the money owed back
        // instead, it owes none and the prepared receipt is dropped.
        let Some(notice) = decide(event, subscription.as_ref(), payment.as_ref(), &[], now).notice
        else {
            return Ok(None);
        };
        let contact = self
            .contacts
            .contact_of(notice.user_id)
            .await
            .map_err(ServiceError::Contacts)?;
        Ok(contact.map(|contact| notice.prepare(&self.composer, &contact)))
    }
}

/// A notice rendered for its user, handed to [`crate::SubscriptionRepository::apply_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedMail {
    pub notice: PaymentNotice,
    pub message: OutgoingMessage,
}

fn plan_name(plan: Plan) -> &'static str {
    match plan {
        Plan::Free => "Free",
        Plan::Premium => "Premium",
        Plan::Pro => "Pro",
    }
}

impl PaymentNotice {
    pub fn render(&self, composer: &MailComposer, to: &BillingContact) -> OutgoingMessage {
        let payment = PaymentMail {
            amount: self.amount,
            plan: plan_name(self.plan).to_owned(),
            reference: self.reference.clone(),
        };
        match self.kind {
            NoticeKind::Receipt => composer.payment_receipt(&to.email, &to.first_name, &payment),
            NoticeKind::PaymentFailed => {
                composer.payment_failed(&to.email, &to.first_name, &payment)
            }
        }
    }

    pub fn prepare(self, composer: &MailComposer, to: &BillingContact) -> PreparedMail {
        PreparedMail {
            message: self.render(composer, to),
            notice: self,
        }
    }
}

/// The message to store with `decision`. A decision that owes no notice stores none (a
/// prepared one is dropped: a concurrent delivery stored it, or nothing happened). A decision
/// that owes a notice the caller did not prepare, or prepared differently (its rows changed
/// between the caller's read and the lock), is `MailNotPrepared`: the repository rolls back
/// and the provider's redelivery prepares it afresh, so a mail owed is never lost.
pub fn mail_to_store<'a>(
    decision: &Decision,
    prepared: Option<&'a PreparedMail>,
) -> Result<Option<&'a OutgoingMessage>, SubscriptionError> {
    match (&decision.notice, prepared) {
        (None, _) => Ok(None),
        (Some(owed), Some(prepared)) if prepared.notice == *owed => Ok(Some(&prepared.message)),
        (Some(_), _) => Err(SubscriptionError::MailNotPrepared),
    }
}
