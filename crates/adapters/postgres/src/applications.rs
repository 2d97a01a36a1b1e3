//! Applications in PostgreSQL. Every write of a user's applications runs in a transaction
//! that first takes that user's advisory lock: the one-application-per-job rule and the
//! monthly limit (a count of `application_submissions`) are then settled in SQL, one writer
//! at a time per user, whatever the number of servers. A submission's confirmation mail goes
//! into the outbox in the same transaction, so it commits with the submission or not at all.

use crate::{
    Database, DatabaseError,
    outbox::insert_mail,
    schema::{application_events, application_submissions, applications},
};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper, result::Error as DieselError,
    sql_types::BigInt,
};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use jobr_applications::{
    Application, ApplicationError, ApplicationId, ApplicationRepository, ApplicationStatus,
    MonthlyQuota, NewApplication, StatusChange, StatusMove,
};
use jobr_core::{CvId, Page, Paged, StorageError, Timestamp, UserId};
use jobr_matching::JobId;
use jobr_notifications::OutgoingMessage;
use std::collections::HashMap;
use uuid::Uuid;

/// Mixed into the user's advisory-lock key so it differs from other lock spaces (refresh
/// token families); a collision would only make two writers wait for each other.
const LOCK_SPACE: u64 = 0x6170_706c_6963_6174; // "applicat"

#[derive(Clone)]
pub struct PgApplicationRepository {
    db: Database,
}

impl PgApplicationRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = applications, check_for_backend(diesel::pg::Pg))]
struct ApplicationRow {
    id: Uuid,
    user_id: Uuid,
    job_id: Uuid,
    cv_id: Uuid,
    status: String,
    applied_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = application_events, check_for_backend(diesel::pg::Pg))]
struct EventRow {
    application_id: Uuid,
    from_status: Option<String>,
    to_status: String,
    at: Timestamp,
    note: Option<String>,
}

/// A transaction's failure: a rule of the domain, or the database.
enum Tx {
    Refused(ApplicationError),
    Db(DieselError),
}

impl From<DieselError> for Tx {
    fn from(error: DieselError) -> Self {
        Tx::Db(error)
    }
}

fn failed(error: impl Into<DatabaseError>) -> ApplicationError {
    ApplicationError::Storage(error.into().into())
}

fn settled(error: Tx) -> ApplicationError {
    match error {
        Tx::Refused(error) => error,
        Tx::Db(error) => failed(error),
    }
}

/// A stored status outside the domain's names (the CHECKs make it impossible).
fn status(name: &str) -> Result<ApplicationStatus, ApplicationError> {
    name.parse()
        .map_err(|e| ApplicationError::Storage(StorageError::failed(e)))
}

fn assemble(row: ApplicationRow, events: Vec<EventRow>) -> Result<Application, ApplicationError> {
    let history = events
        .into_iter()
        .map(|e| {
            Ok(StatusChange {
                from: e.from_status.as_deref().map(status).transpose()?,
                to: status(&e.to_status)?,
                at: e.at,
                note: e.note,
            })
        })
        .collect::<Result<Vec<_>, ApplicationError>>()?;
    Ok(Application {
        id: ApplicationId(row.id),
        user_id: UserId(row.user_id),
        job_id: JobId(row.job_id),
        cv_id: CvId(row.cv_id),
        status: status(&row.status)?,
        applied_at: row.applied_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        history,
    })
}

/// Serialises this user's application writes until the transaction ends.
async fn lock_user(conn: &mut AsyncPgConnection, user: UserId) -> Result<(), DieselError> {
    let (high, low) = user.0.as_u64_pair();
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<BigInt, _>((high ^ low ^ LOCK_SPACE) as i64)
        .execute(conn)
        .await
        .map(|_| ())
}

async fn used(
    conn: &mut AsyncPgConnection,
    user: UserId,
    start: Timestamp,
    end: Timestamp,
) -> Result<u32, DieselError> {
    let count: i64 = application_submissions::table
        .filter(application_submissions::user_id.eq(user.0))
        .filter(application_submissions::submitted_at.ge(start))
        .filter(application_submissions::submitted_at.lt(end))
        .count()
        .get_result(conn)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Counts a submission if the month has room; call with the user's lock held.
async fn submit(
    conn: &mut AsyncPgConnection,
    user: UserId,
    application: ApplicationId,
    at: Timestamp,
    quota: &MonthlyQuota,
) -> Result<(), Tx> {
    let used = used(conn, user, quota.month_start, quota.month_end).await?;
    if let Some(limit) = quota.limit
        && used >= limit
    {
        return Err(Tx::Refused(ApplicationError::PlanLimitReached {
            limit,
            used,
            resets_at: quota.month_end,
        }));
    }
    diesel::insert_into(application_submissions::table)
        .values((
            application_submissions::user_id.eq(user.0),
            application_submissions::application_id.eq(application.0),
            application_submissions::submitted_at.eq(at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

async fn add_event(
    conn: &mut AsyncPgConnection,
    id: ApplicationId,
    change: &StatusChange,
) -> Result<(), DieselError> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(id.0),
            application_events::from_status.eq(change.from.map(|s| s.as_str())),
            application_events::to_status.eq(change.to.as_str()),
            application_events::at.eq(change.at),
            application_events::note.eq(change.note.as_deref()),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

impl PgApplicationRepository {
    /// The rows with their histories, in the rows' order.
    async fn with_history(
        conn: &mut AsyncPgConnection,
        rows: Vec<ApplicationRow>,
    ) -> Result<Vec<Application>, ApplicationError> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let events: Vec<EventRow> = application_events::table
            .filter(application_events::application_id.eq_any(&ids))
            .order(application_events::id)
            .select(EventRow::as_select())
            .load(conn)
            .await
            .map_err(failed)?;
        let mut by_application: HashMap<Uuid, Vec<EventRow>> = HashMap::new();
        for event in events {
            by_application
                .entry(event.application_id)
                .or_default()
                .push(event);
        }
        rows.into_iter()
            .map(|row| {
                let events = by_application.remove(&row.id).unwrap_or_default();
                assemble(row, events)
            })
            .collect()
    }

    async fn find(
        conn: &mut AsyncPgConnection,
        user: UserId,
        id: ApplicationId,
    ) -> Result<Option<Application>, ApplicationError> {
        let row = applications::table
            .find(id.0)
            .filter(applications::user_id.eq(user.0))
            .select(ApplicationRow::as_select())
            .first(conn)
            .await
            .optional()
            .map_err(failed)?;
        match row {
            Some(row) => Ok(Self::with_history(conn, vec![row]).await?.pop()),
            None => Ok(None),
        }
    }
}

#[async_trait]
impl ApplicationRepository for PgApplicationRepository {
    async fn create(
        &self,
        new: &NewApplication,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        conn.transaction(async |conn| -> Result<(), Tx> {
            lock_user(conn, new.user_id).await?;
            let existing: Option<Uuid> = applications::table
                .filter(applications::user_id.eq(new.user_id.0))
                .filter(applications::job_id.eq(new.job_id.0))
                .select(applications::id)
                .first(conn)
                .await
                .optional()?;
            if let Some(existing) = existing {
                return Err(Tx::Refused(ApplicationError::AlreadyApplied {
                    existing: ApplicationId(existing),
                }));
            }
            let submitted = new.status.is_submitted();
            if submitted {
                submit(conn, new.user_id, new.id, new.at, quota).await?;
                insert_mail(conn, confirmation, new.at).await?;
            }
            diesel::insert_into(applications::table)
                .values((
                    applications::id.eq(new.id.0),
                    applications::user_id.eq(new.user_id.0),
                    applications::job_id.eq(new.job_id.0),
                    applications::cv_id.eq(new.cv_id.0),
                    applications::status.eq(new.status.as_str()),
                    applications::applied_at.eq(submitted.then_some(new.at)),
                    applications::created_at.eq(new.at),
                    applications::updated_at.eq(new.at),
                ))
                .execute(conn)
                .await?;
            let first = StatusChange {
                from: None,
                to: new.status,
                at: new.at,
                note: new.note.clone(),
            };
            add_event(conn, new.id, &first).await?;
            Ok(())
        })
        .await
        .map_err(settled)?;
        Self::find(&mut conn, new.user_id, new.id)
            .await?
            .ok_or(ApplicationError::NotFound)
    }

    async fn find_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<Option<Application>, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        Self::find(&mut conn, user, id).await
    }

    async fn list_for_user(
        &self,
        user: UserId,
        status: Option<ApplicationStatus>,
        page: Page,
    ) -> Result<Paged<Application>, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let mine = || {
            let query = applications::table
                .filter(applications::user_id.eq(user.0))
                .into_boxed();
            match status {
                Some(s) => query.filter(applications::status.eq(s.as_str())),
                None => query,
            }
        };
        let total: i64 = mine().count().get_result(&mut conn).await.map_err(failed)?;
        let rows: Vec<ApplicationRow> = mine()
            .order((applications::created_at.desc(), applications::id.desc()))
            .offset(i64::try_from(page.offset()).unwrap_or(i64::MAX))
            .limit(i64::from(page.size()))
            .select(ApplicationRow::as_select())
            .load(&mut conn)
            .await
            .map_err(failed)?;
        let items = Self::with_history(&mut conn, rows).await?;
        Ok(Paged {
            items,
            page,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn all_for_user(&self, user: UserId) -> Result<Vec<Application>, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let rows: Vec<ApplicationRow> = applications::table
            .filter(applications::user_id.eq(user.0))
            .order((applications::created_at.desc(), applications::id.desc()))
            .select(ApplicationRow::as_select())
            .load(&mut conn)
            .await
            .map_err(failed)?;
        Self::with_history(&mut conn, rows).await
    }

    async fn move_status(
        &self,
        user: UserId,
        id: ApplicationId,
        step: &StatusMove,
        quota: &MonthlyQuota,
        confirmation: &[OutgoingMessage],
    ) -> Result<Application, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        conn.transaction(async |conn| -> Result<(), Tx> {
            lock_user(conn, user).await?;
            let row = applications::table
                .find(id.0)
                .filter(applications::user_id.eq(user.0))
                .select(ApplicationRow::as_select())
                .for_update()
                .first(conn)
                .await
                .optional()?;
            let Some(row) = row else {
                return Err(Tx::Refused(ApplicationError::NotFound));
            };
            let from = status(&row.status).map_err(Tx::Refused)?;
            if !from.can_move_to(step.to) {
                return Err(Tx::Refused(ApplicationError::InvalidTransition {
                    from,
                    to: step.to,
                }));
            }
            let first_submission = row.applied_at.is_none() && step.to.is_submitted();
            if first_submission {
                submit(conn, user, id, step.at, quota).await?;
                insert_mail(conn, confirmation, step.at).await?;
            }
            let applied_at = if first_submission {
                Some(step.at)
            } else {
                row.applied_at
            };
            diesel::update(applications::table.find(id.0))
                .set((
                    applications::status.eq(step.to.as_str()),
                    applications::applied_at.eq(applied_at),
                    applications::updated_at.eq(step.at),
                ))
                .execute(conn)
                .await?;
            let change = StatusChange {
                from: Some(from),
                to: step.to,
                at: step.at,
                note: step.note.clone(),
            };
            add_event(conn, id, &change).await?;
            Ok(())
        })
        .await
        .map_err(settled)?;
        Self::find(&mut conn, user, id)
            .await?
            .ok_or(ApplicationError::NotFound)
    }

    async fn delete_for_user(
        &self,
        user: UserId,
        id: ApplicationId,
    ) -> Result<bool, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let deleted = diesel::delete(
            applications::table
                .find(id.0)
                .filter(applications::user_id.eq(user.0)),
        )
        .execute(&mut conn)
        .await
        .map_err(failed)?;
        Ok(deleted > 0)
    }

    async fn submissions_between(
        &self,
        user: UserId,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<u32, ApplicationError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        used(&mut conn, user, start, end).await.map_err(failed)
    }
}
