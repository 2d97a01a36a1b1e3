//! The mail outbox and the suppression list. [`insert_mail`] is the one way mail is stored:
//! any repository whose change causes mail calls it on its own transaction's connection.

use crate::{
    Database, DatabaseError,
    mail_schema::{email_outbox, email_suppressions},
};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, QueryResult, QueryableByName,
    sql_types::{Int4, Int8, Text, Timestamptz, Uuid as SqlUuid},
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use jobr_core::{Email, StorageError, Timestamp};
use jobr_notifications::{
    ClaimedMessage, MailKind, MessageId, Outbox, OutboxEntry, OutboxError, OutboxStatus,
    OutgoingMessage, RetryOutcome, SuppressionList, SuppressionReason,
};
use std::collections::HashSet;
use uuid::Uuid;

/// Rows per INSERT: 7 binds a row, well under PostgreSQL's 65,535 binds per statement.
const INSERT_CHUNK: usize = 1000;

fn storage(error: impl Into<DatabaseError>) -> StorageError {
    error.into().into()
}

fn outbox_error(error: impl Into<DatabaseError>) -> OutboxError {
    OutboxError::Storage(storage(error))
}

/// A row the domain cannot read (hand-edited data) is a storage failure naming the row.
fn corrupt(id: Uuid, what: impl std::fmt::Display) -> StorageError {
    StorageError::failed(format!("email_outbox {id}: {what}"))
}

/// Stores `messages` as pending mail due at `at`, on `conn`: call it inside the transaction of
/// the change that causes the mail, so both commit or neither does. An id already stored is
/// left alone.
pub async fn insert_mail(
    conn: &mut AsyncPgConnection,
    messages: &[OutgoingMessage],
    at: Timestamp,
) -> QueryResult<()> {
    for chunk in messages.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|m| {
                (
                    email_outbox::id.eq(m.id.0),
                    email_outbox::kind.eq(m.kind.as_str()),
                    email_outbox::recipient.eq(m.to.as_str()),
                    email_outbox::subject.eq(&m.subject),
                    email_outbox::text_body.eq(&m.text),
                    email_outbox::html_body.eq(&m.html),
                    email_outbox::next_attempt_at.eq(at),
                    email_outbox::created_at.eq(at),
                )
            })
            .collect();
        diesel::insert_into(email_outbox::table)
            .values(rows)
            .on_conflict(email_outbox::id)
            .do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(())
}

#[derive(Clone)]
pub struct PgOutbox {
    db: Database,
}

impl PgOutbox {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

/// Applies the changes to the rows among `ids` that are still pending.
macro_rules! settle {
    ($self:expr, $ids:expr, $changes:expr) => {{
        let mut conn = $self.db.connection().await.map_err(outbox_error)?;
        let ids: Vec<Uuid> = $ids.iter().map(|id: &MessageId| id.0).collect();
        diesel::update(
            email_outbox::table
                .filter(email_outbox::id.eq_any(ids))
                .filter(email_outbox::status.eq(OutboxStatus::Pending.as_str())),
        )
        .set($changes)
        .execute(&mut conn)
        .await
        .map_err(outbox_error)?;
        Ok(())
    }};
}

#[derive(QueryableByName)]
struct ClaimedRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient: String,
    #[diesel(sql_type = Text)]
    subject: String,
    #[diesel(sql_type = Text)]
    text_body: String,
    #[diesel(sql_type = Text)]
    html_body: String,
    #[diesel(sql_type = Int4)]
    attempts: i32,
    #[diesel(sql_type = Timestamptz)]
    due_at: Timestamp,
}

impl TryFrom<ClaimedRow> for ClaimedMessage {
    type Error = StorageError;

    fn try_from(row: ClaimedRow) -> Result<Self, StorageError> {
        Ok(ClaimedMessage {
            message: OutgoingMessage {
                id: MessageId(row.id),
                kind: MailKind::parse(&row.kind).map_err(|e| corrupt(row.id, e))?,
                to: Email::parse(&row.recipient).map_err(|e| corrupt(row.id, e))?,
                subject: row.subject,
                text: row.text_body,
                html: row.html_body,
            },
            attempts: row.attempts,
        })
    }
}

type EntryColumns = (
    email_outbox::id,
    email_outbox::kind,
    email_outbox::recipient,
    email_outbox::subject,
    email_outbox::status,
    email_outbox::attempts,
    email_outbox::next_attempt_at,
    email_outbox::last_error,
    email_outbox::created_at,
    email_outbox::sent_at,
);

const ENTRY_COLUMNS: EntryColumns = (
    email_outbox::id,
    email_outbox::kind,
    email_outbox::recipient,
    email_outbox::subject,
    email_outbox::status,
    email_outbox::attempts,
    email_outbox::next_attempt_at,
    email_outbox::last_error,
    email_outbox::created_at,
    email_outbox::sent_at,
);

type EntryRow = (
    Uuid,
    String,
    String,
    String,
    String,
    i32,
    Timestamp,
    Option<String>,
    Timestamp,
    Option<Timestamp>,
);

fn entry(row: EntryRow) -> Result<OutboxEntry, StorageError> {
    let (id, kind, to, subject, status, attempts, next_attempt_at, last_error, created_at, sent_at) =
        row;
    Ok(OutboxEntry {
        id: MessageId(id),
        kind: MailKind::parse(&kind).map_err(|e| corrupt(id, e))?,
        to: Email::parse(&to).map_err(|e| corrupt(id, e))?,
        subject,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| corrupt(id, format!("unknown status {status:?}")))?,
        attempts,
        next_attempt_at,
        last_error,
        created_at,
        sent_at,
    })
}

#[async_trait]
impl Outbox for PgOutbox {
    async fn enqueue(
        &self,
        messages: &[OutgoingMessage],
        at: Timestamp,
    ) -> Result<(), OutboxError> {
        use diesel_async::AsyncConnection as _;
        let mut conn = self.db.connection().await.map_err(outbox_error)?;
        conn.transaction(async |conn| insert_mail(conn, messages, at).await)
            .await
            .map_err(outbox_error)
    }

    async fn claim(
        &self,
        limit: usize,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Vec<ClaimedMessage>, OutboxError> {
        let mut conn = self.db.connection().await.map_err(outbox_error)?;
        // One statement: the due rows are locked as they are picked, and rows another claim
        // holds are skipped rather than waited for, so concurrent claims split the work.
        let mut rows: Vec<ClaimedRow> = diesel::sql_query(
            "WITH due AS ( \
                 SELECT id, next_attempt_at FROM email_outbox \
                 WHERE status = 'pending' AND next_attempt_at <= $2 \
                 ORDER BY next_attempt_at \
                 LIMIT $1 \
                 FOR UPDATE SKIP LOCKED) \
             UPDATE email_outbox o \
             SET attempts = o.attempts + 1, next_attempt_at = $3 \
             FROM due WHERE o.id = due.id \
             RETURNING o.id, o.kind, o.recipient, o.subject, o.text_body, o.html_body, \
                       o.attempts, due.next_attempt_at AS due_at",
        )
        .bind::<Int8, _>(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind::<Timestamptz, _>(now)
        .bind::<Timestamptz, _>(lease_until)
        .load(&mut conn)
        .await
        .map_err(outbox_error)?;
        rows.sort_by_key(|row| (row.due_at, row.id));
        rows.into_iter()
            .map(|row| ClaimedMessage::try_from(row).map_err(OutboxError::from))
            .collect()
    }

    async fn mark_sent(&self, ids: &[MessageId], at: Timestamp) -> Result<(), OutboxError> {
        settle!(
            self,
            ids,
            (
                email_outbox::status.eq(OutboxStatus::Sent.as_str()),
                email_outbox::sent_at.eq(at),
            )
        )
    }

    async fn schedule_retry(
        &self,
        id: MessageId,
        due: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError> {
        settle!(
            self,
            &[id],
            (
                email_outbox::next_attempt_at.eq(due),
                email_outbox::last_error.eq(error.to_string()),
            )
        )
    }

    async fn mark_failed(
        &self,
        id: MessageId,
        _at: Timestamp,
        error: &str,
    ) -> Result<(), OutboxError> {
        settle!(
            self,
            &[id],
            (
                email_outbox::status.eq(OutboxStatus::Failed.as_str()),
                email_outbox::last_error.eq(error.to_string()),
            )
        )
    }

    async fn mark_suppressed(&self, ids: &[MessageId], _at: Timestamp) -> Result<(), OutboxError> {
        settle!(
            self,
            ids,
            email_outbox::status.eq(OutboxStatus::Suppressed.as_str())
        )
    }

    async fn list(
        &self,
        status: Option<OutboxStatus>,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, OutboxError> {
        let mut conn = self.db.connection().await.map_err(outbox_error)?;
        let mut query = email_outbox::table
            .select(ENTRY_COLUMNS)
            .order((email_outbox::created_at.desc(), email_outbox::id.desc()))
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(email_outbox::status.eq(status.as_str()));
        }
        let rows: Vec<EntryRow> = query.load(&mut conn).await.map_err(outbox_error)?;
        rows.into_iter()
            .map(|row| entry(row).map_err(OutboxError::from))
            .collect()
    }

    async fn retry(&self, id: MessageId, now: Timestamp) -> Result<RetryOutcome, OutboxError> {
        let mut conn = self.db.connection().await.map_err(outbox_error)?;
        let requeued = diesel::update(email_outbox::table.find(id.0).filter(
            email_outbox::status.eq_any([
                OutboxStatus::Failed.as_str(),
                OutboxStatus::Suppressed.as_str(),
            ]),
        ))
        .set((
            email_outbox::status.eq(OutboxStatus::Pending.as_str()),
            email_outbox::attempts.eq(0),
            email_outbox::next_attempt_at.eq(now),
        ))
        .execute(&mut conn)
        .await
        .map_err(outbox_error)?;
        if requeued > 0 {
            return Ok(RetryOutcome::Requeued);
        }
        let status: Option<String> = email_outbox::table
            .find(id.0)
            .select(email_outbox::status)
            .first(&mut conn)
            .await
            .optional()
            .map_err(outbox_error)?;
        Ok(match status {
            None => RetryOutcome::NotFound,
            Some(status) => RetryOutcome::NotRetryable(
                OutboxStatus::parse(&status)
                    .ok_or_else(|| corrupt(id.0, format!("unknown status {status:?}")))?,
            ),
        })
    }
}

#[derive(Clone)]
pub struct PgSuppressionList {
    db: Database,
}

impl PgSuppressionList {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SuppressionList for PgSuppressionList {
    async fn suppress(
        &self,
        email: &Email,
        reason: SuppressionReason,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        diesel::insert_into(email_suppressions::table)
            .values((
                email_suppressions::email.eq(email.as_str()),
                email_suppressions::reason.eq(reason.as_str()),
                email_suppressions::created_at.eq(at),
            ))
            .on_conflict(email_suppressions::email)
            .do_nothing()
            .execute(&mut conn)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn suppressed_among(&self, emails: &[Email]) -> Result<HashSet<Email>, StorageError> {
        if emails.is_empty() {
            return Ok(HashSet::new());
        }
        let mut conn = self.db.connection().await.map_err(storage)?;
        let wanted: Vec<&str> = emails.iter().map(Email::as_str).collect();
        let found: Vec<String> = email_suppressions::table
            .filter(email_suppressions::email.eq_any(wanted))
            .select(email_suppressions::email)
            .load(&mut conn)
            .await
            .map_err(storage)?;
        Ok(emails
            .iter()
            .filter(|e| found.iter().any(|f| f == e.as_str()))
            .cloned()
            .collect())
    }
}
