use crate::{Database, DatabaseError, schema::users};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, QueryResult, QueryableByName, SelectableHelper,
    result::{DatabaseErrorKind, Error as DieselError},
    sql_types::{Int4, Nullable, Timestamptz, Uuid as SqlUuid},
};
use diesel_async::RunQueryDsl;
use jobr_accounts::{
    AccountError, JobPreferences, LoginFailure, NewUser, ProfileUpdate, User, UserRepository,
};
use jobr_core::{Email, Phone, Role, Timestamp, UserId};
use uuid::Uuid;

#[derive(Clone)]
pub struct PgUserRepository {
    db: Database,
}

impl PgUserRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// The one user the query selects, mapped into the domain.
    async fn find_one(
        &self,
        query: users::BoxedQuery<'static, diesel::pg::Pg>,
    ) -> Result<Option<User>, AccountError> {
        let mut conn = self.db.connection().await?;
        query
            .select(UserRow::as_select())
            .first(&mut conn)
            .await
            .optional()
            .map_err(unexpected)?
            .map(User::try_from)
            .transpose()
    }
}

#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
struct UserRow {
    id: Uuid,
    email: String,
    password_hash: Option<String>,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    location: Option<String>,
    job_preferences: serde_json::Value,
    role: String,
    email_verified: bool,
    failed_login_attempts: i32,
    locked_until: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl TryFrom<UserRow> for User {
    type Error = AccountError;

    /// A row the domain cannot read (hand-edited data) is an internal error, not a crash.
    fn try_from(row: UserRow) -> Result<Self, AccountError> {
        let corrupt = |e: &dyn std::fmt::Display| {
            AccountError::Unexpected(format!("user {}: {e}", row.id).into())
        };
        Ok(User {
            id: UserId(row.id),
            email: Email::parse(&row.email).map_err(|e| corrupt(&e))?,
            password_hash: row.password_hash,
            first_name: row.first_name,
            last_name: row.last_name,
            phone: row
                .phone
                .as_deref()
                .map(Phone::parse)
                .transpose()
                .map_err(|e| corrupt(&e))?,
            location: row.location,
            job_preferences: serde_json::from_value::<JobPreferences>(row.job_preferences.clone())
                .map_err(|e| corrupt(&e))?,
            role: row.role.parse::<Role>().map_err(|e| corrupt(&e))?,
            email_verified: row.email_verified,
            failed_login_attempts: row.failed_login_attempts,
            locked_until: row.locked_until,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(diesel::AsChangeset)]
#[diesel(table_name = users)]
struct ProfileChangeset {
    first_name: Option<String>,
    last_name: Option<String>,
    // `Option<Option<_>>`: outer None skips the column, inner None writes NULL.
    phone: Option<Option<String>>,
    location: Option<Option<String>>,
    job_preferences: Option<serde_json::Value>,
    updated_at: Timestamp,
}

#[derive(QueryableByName)]
struct FailureRow {
    #[diesel(sql_type = Int4)]
    failed_login_attempts: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    locked_until: Option<Timestamp>,
}

/// The row an UPDATE … RETURNING changed, or `UserNotFound` when it matched none.
fn updated_user(result: QueryResult<UserRow>) -> Result<User, AccountError> {
    result
        .optional()
        .map_err(unexpected)?
        .ok_or(AccountError::UserNotFound)?
        .try_into()
}

/// A driver or pool error as the domain sees it: storage unavailable or failed, cause kept.
pub(crate) fn unexpected(error: impl Into<DatabaseError>) -> AccountError {
    AccountError::Storage(error.into().into())
}

impl From<DatabaseError> for AccountError {
    fn from(error: DatabaseError) -> Self {
        unexpected(error)
    }
}

#[async_trait]
impl UserRepository for PgUserRepository {
    async fn insert(&self, new: &NewUser) -> Result<User, AccountError> {
        let mut conn = self.db.connection().await?;
        let row = diesel::insert_into(users::table)
            .values((
                users::id.eq(new.id.0),
                users::email.eq(new.email.as_str()),
                users::password_hash.eq(new.password_hash.as_deref()),
                users::first_name.eq(&new.first_name),
                users::last_name.eq(&new.last_name),
                users::role.eq(new.role.as_str()),
                users::created_at.eq(new.created_at),
                users::updated_at.eq(new.created_at),
            ))
            .returning(UserRow::as_returning())
            .get_result(&mut conn)
            .await
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    AccountError::EmailTaken
                }
                other => unexpected(other),
            })?;
        row.try_into()
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountError> {
        self.find_one(users::table.filter(users::id.eq(id.0)).into_boxed())
            .await
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountError> {
        self.find_one(
            users::table
                .filter(users::email.eq(email.as_str().to_owned()))
                .into_boxed(),
        )
        .await
    }

    async fn update_profile(
        &self,
        id: UserId,
        update: &ProfileUpdate,
        at: Timestamp,
    ) -> Result<User, AccountError> {
        let job_preferences = update
            .job_preferences
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(AccountError::unexpected)?;
        let changes = ProfileChangeset {
            first_name: update.first_name.clone(),
            last_name: update.last_name.clone(),
            phone: update
                .phone
                .as_ref()
                .map(|p| p.as_ref().map(|p| p.as_str().to_string())),
            location: update.location.clone(),
            job_preferences,
            updated_at: at,
        };
        let mut conn = self.db.connection().await?;
        let updated = diesel::update(users::table.find(id.0))
            .set(&changes)
            .returning(UserRow::as_returning())
            .get_result(&mut conn)
            .await;
        updated_user(updated)
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        at: Timestamp,
    ) -> Result<(), AccountError> {
        let mut conn = self.db.connection().await?;
        let updated = diesel::update(users::table.find(id.0))
            .set((users::password_hash.eq(hash), users::updated_at.eq(at)))
            .execute(&mut conn)
            .await
            .map_err(unexpected)?;
        if updated == 0 {
            return Err(AccountError::UserNotFound);
        }
        Ok(())
    }

    async fn record_failed_login(
        &self,
        id: UserId,
        max_attempts: i32,
        lock_until: Timestamp,
    ) -> Result<LoginFailure, AccountError> {
        // One statement: every SET expression sees the old row, and the row lock serialises
        // concurrent failures, so none is lost and the lock cannot be skipped.
        let mut conn = self.db.connection().await?;
        let row: Option<FailureRow> = diesel::sql_query(
            "UPDATE users SET \
               failed_login_attempts = CASE WHEN failed_login_attempts + 1 >= $2 THEN 0 \
                                            ELSE failed_login_attempts + 1 END, \
               locked_until = CASE WHEN failed_login_attempts + 1 >= $2 THEN $3 ELSE locked_until END \
             WHERE id = $1 \
             RETURNING failed_login_attempts, locked_until",
        )
        .bind::<SqlUuid, _>(id.0)
        .bind::<Int4, _>(max_attempts)
        .bind::<Timestamptz, _>(lock_until)
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(unexpected)?;
        let row = row.ok_or(AccountError::UserNotFound)?;
        Ok(LoginFailure {
            attempts: row.failed_login_attempts,
            locked_until: row.locked_until,
        })
    }

    async fn clear_failed_logins(&self, id: UserId) -> Result<(), AccountError> {
        let mut conn = self.db.connection().await?;
        diesel::update(users::table.find(id.0))
            .set((
                users::failed_login_attempts.eq(0),
                users::locked_until.eq(None::<Timestamp>),
            ))
            .execute(&mut conn)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    async fn set_role(&self, email: &Email, role: Role) -> Result<User, AccountError> {
        let mut conn = self.db.connection().await?;
        let updated = diesel::update(users::table.filter(users::email.eq(email.as_str())))
            .set(users::role.eq(role.as_str()))
            .returning(UserRow::as_returning())
            .get_result(&mut conn)
            .await;
        updated_user(updated)
    }
}
