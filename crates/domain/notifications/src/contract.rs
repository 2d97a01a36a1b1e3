//! The one contract suite for the outbox and the suppression list. Every adapter runs it
//! against its own implementation through [`outbox_contract!`].

// Test support: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::{
    MailKind, MessageId, Outbox, OutboxStatus, OutgoingMessage, RetryOutcome, SuppressionList,
    SuppressionReason,
};
use jobr_core::{Email, Timestamp};
use std::{collections::HashSet, sync::Arc};
use time::{Duration, OffsetDateTime};

/// The stores under test.
pub struct OutboxRepos {
    pub outbox: Arc<dyn Outbox>,
    pub suppressions: Arc<dyn SuppressionList>,
}

/// Generates one `#[tokio::test]` per contract case. `$make` is an expression giving a future
/// of `(OutboxRepos, guard)`; the guard (e.g. a throwaway database) lives for the test.
#[macro_export]
macro_rules! outbox_contract {
    ($make:expr) => {
        $crate::outbox_contract!(@cases $make;
            a_claim_takes_due_mail_once_until_its_lease_ends,
            mail_not_yet_due_is_not_claimed,
            concurrent_claims_never_share_a_message,
            sent_mail_is_never_claimed_again,
            a_retry_waits_until_it_is_due,
            failed_mail_stays_visible_until_an_operator_retries_it,
            an_id_is_stored_once,
            suppressed_mail_is_listed_as_such,
            suppression_is_idempotent_and_answers_only_listed_addresses,
        );
    };
    (@cases $make:expr; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (repos, _guard) = $make.await;
                $crate::contract::$case(&repos).await;
            }
        )+
    };
}

/// Postgres keeps microseconds; contract timestamps are whole seconds so both stores agree.
fn now() -> Timestamp {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

fn email(raw: &str) -> Email {
    Email::parse(raw).expect("a valid email")
}

pub fn message(to: &str, kind: MailKind) -> OutgoingMessage {
    OutgoingMessage {
        id: MessageId::new(),
        kind,
        to: email(to),
        subject: format!("subject for {to}"),
        text: "text body".into(),
        html: "<p>html body</p>".into(),
    }
}

fn ids(claimed: &[crate::ClaimedMessage]) -> Vec<MessageId> {
    claimed.iter().map(|c| c.message.id).collect()
}

pub async fn a_claim_takes_due_mail_once_until_its_lease_ends(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    let lease = t + Duration::minutes(5);
    let claimed = repos.outbox.claim(10, t, lease).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].message, mail, "the whole message comes back");
    assert_eq!(claimed[0].attempts, 1);
    assert!(
        repos.outbox.claim(10, t, lease).await.unwrap().is_empty(),
        "a claimed mail is hidden while leased"
    );
    let again = repos
        .outbox
        .claim(10, lease, lease + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        ids(&again),
        [mail.id],
        "an unsettled lease gives the mail back"
    );
    assert_eq!(again[0].attempts, 2);
}

pub async fn mail_not_yet_due_is_not_claimed(repos: &OutboxRepos) {
    let t = now();
    let later = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&later), t + Duration::minutes(1))
        .await
        .unwrap();
    assert!(repos.outbox.claim(10, t, t).await.unwrap().is_empty());
    let first = message("bob@example.com", MailKind::Welcome);
    let second = message("cy@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&first), t - Duration::seconds(2))
        .await
        .unwrap();
    repos
        .outbox
        .enqueue(std::slice::from_ref(&second), t - Duration::seconds(1))
        .await
        .unwrap();
    let claimed = repos
        .outbox
        .claim(1, t, t + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        ids(&claimed),
        [first.id],
        "oldest due first, up to the limit"
    );
}

pub async fn concurrent_claims_never_share_a_message(repos: &OutboxRepos) {
    let t = now();
    let messages: Vec<_> = (0..200)
        .map(|i| message(&format!("user{i}@example.com"), MailKind::Welcome))
        .collect();
    repos.outbox.enqueue(&messages, t).await.unwrap();
    let lease = t + Duration::minutes(5);
    let claims = (0..8).map(|_| {
        let outbox = repos.outbox.clone();
        async move {
            let mut mine = Vec::new();
            loop {
                let batch = outbox.claim(7, t, lease).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(ids(&batch));
            }
        }
    });
    let all: Vec<MessageId> = futures::future::join_all(claims)
        .await
        .into_iter()
        .flatten()
        .collect();
    let distinct: HashSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), 200, "every message claimed");
    assert_eq!(distinct.len(), 200, "no message claimed twice");
}

pub async fn sent_mail_is_never_claimed_again(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    repos
        .outbox
        .claim(10, t, t + Duration::seconds(1))
        .await
        .unwrap();
    repos.outbox.mark_sent(&[mail.id], t).await.unwrap();
    assert!(
        repos
            .outbox
            .claim(10, t + Duration::days(1), t + Duration::days(2))
            .await
            .unwrap()
            .is_empty()
    );
    let listed = repos
        .outbox
        .list(Some(OutboxStatus::Sent), 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, mail.id);
    assert_eq!(listed[0].sent_at, Some(t));
    assert_eq!(listed[0].attempts, 1);
    assert_eq!(listed[0].kind, MailKind::Welcome);
    assert_eq!(listed[0].to, mail.to);
    assert_eq!(listed[0].subject, mail.subject);
}

pub async fn a_retry_waits_until_it_is_due(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    repos
        .outbox
        .claim(10, t, t + Duration::minutes(5))
        .await
        .unwrap();
    let due = t + Duration::seconds(30);
    repos
        .outbox
        .schedule_retry(mail.id, due, "connection refused")
        .await
        .unwrap();
    assert!(
        repos
            .outbox
            .claim(10, due - Duration::seconds(1), due + Duration::minutes(5))
            .await
            .unwrap()
            .is_empty()
    );
    let listed = repos
        .outbox
        .list(Some(OutboxStatus::Pending), 10)
        .await
        .unwrap();
    assert_eq!(listed[0].last_error.as_deref(), Some("connection refused"));
    assert_eq!(listed[0].next_attempt_at, due);
    let claimed = repos
        .outbox
        .claim(10, due, due + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(ids(&claimed), [mail.id]);
    assert_eq!(claimed[0].attempts, 2);
}

pub async fn failed_mail_stays_visible_until_an_operator_retries_it(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::PaymentReceipt);
    let other = message("bob@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(&[mail.clone(), other.clone()], t)
        .await
        .unwrap();
    repos
        .outbox
        .claim(10, t, t + Duration::minutes(5))
        .await
        .unwrap();
    repos
        .outbox
        .mark_failed(mail.id, t, "550 no such user")
        .await
        .unwrap();
    let failed = repos
        .outbox
        .list(Some(OutboxStatus::Failed), 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].id, mail.id);
    assert_eq!(failed[0].last_error.as_deref(), Some("550 no such user"));
    assert_eq!(repos.outbox.list(None, 10).await.unwrap().len(), 2);
    let later = t + Duration::days(1);
    let claimed = repos
        .outbox
        .claim(10, later, later + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(ids(&claimed), [other.id], "failed mail is not claimed");

    assert_eq!(
        repos.outbox.retry(other.id, later).await.unwrap(),
        RetryOutcome::NotRetryable(OutboxStatus::Pending)
    );
    assert_eq!(
        repos.outbox.retry(MessageId::new(), later).await.unwrap(),
        RetryOutcome::NotFound
    );
    assert_eq!(
        repos.outbox.retry(mail.id, later).await.unwrap(),
        RetryOutcome::Requeued
    );
    let claimed = repos
        .outbox
        .claim(10, later, later + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(ids(&claimed), [mail.id]);
    assert_eq!(
        claimed[0].attempts, 1,
        "an operator's retry starts the count again"
    );
}

pub async fn an_id_is_stored_once(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    assert_eq!(repos.outbox.list(None, 10).await.unwrap().len(), 1);
}

pub async fn suppressed_mail_is_listed_as_such(repos: &OutboxRepos) {
    let t = now();
    let mail = message("ada@example.com", MailKind::Welcome);
    repos
        .outbox
        .enqueue(std::slice::from_ref(&mail), t)
        .await
        .unwrap();
    repos
        .outbox
        .claim(10, t, t + Duration::minutes(5))
        .await
        .unwrap();
    repos.outbox.mark_suppressed(&[mail.id], t).await.unwrap();
    let listed = repos
        .outbox
        .list(Some(OutboxStatus::Suppressed), 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        repos
            .outbox
            .claim(10, t + Duration::days(1), t + Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn suppression_is_idempotent_and_answers_only_listed_addresses(repos: &OutboxRepos) {
    let t = now();
    let bounced = email("bounced@example.com");
    let fine = email("fine@example.com");
    let list = &repos.suppressions;
    assert!(
        list.suppressed_among(std::slice::from_ref(&bounced))
            .await
            .unwrap()
            .is_empty()
    );
    list.suppress(&bounced, SuppressionReason::Bounce, t)
        .await
        .unwrap();
    list.suppress(&bounced, SuppressionReason::SpamReport, t)
        .await
        .unwrap();
    let found = list
        .suppressed_among(&[bounced.clone(), fine.clone(), bounced.clone()])
        .await
        .unwrap();
    assert_eq!(found, HashSet::from([bounced]));
    assert!(list.suppressed_among(&[]).await.unwrap().is_empty());
}
