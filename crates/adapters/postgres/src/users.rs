use crate::{Database, DatabaseError, schema::users};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, QueryResult, QueryableByName, SelectableHelper,
    result::{DatabaseErrorKind, Error as DieselError},
    sql_types::{Int4, Nullable, Timestamptz, Uuid as SqlUuid},
};
use diesel::{
    pg::Pg,
    query_builder::{BoxedSqlQuery, SqlQuery},
};
use diesel_async::RunQueryDsl;
use jobr_accounts::{
    AccountError, JobPreferences, LoginFailure, LoginGate, NewUser, ProfileUpdate, User,
    UserRepository,
};
use jobr_core::{Email, Phone, Role, Timestamp, UserId};
use uuid::Uuid;

diesel::define_sql_function! {
    /// Postgres `lower(text)`: the unique index is on `lower(email)`, so lookups by email
    /// must compare `lower(email)` for the planner to use it.
    fn lower(value: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The login lookup: by `lower(email)`, the expression the unique index is built on.
fn by_email(email: &Email) -> users::BoxedQuery<'static, diesel::pg::Pg> {
    users::table
        .filter(lower(users::email).eq(lower(email.as_str().to_owned())))
        .into_boxed()
}

type CounterQuery = BoxedSqlQuery<'static, Pg, SqlQuery>;

#[derive(Clone)]
pub struct PgUserRepository {
    db: Database,
}

impl PgUserRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// Runs one of the lockout UPDATEs, which return the counter state; `UserNotFound` when
    /// no row matched.
    async fn counter_update(&self, query: CounterQuery) -> Result<FailureRow, AccountError> {
        let mut conn = self.db.connection().await?;
        query
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(unexpected)?
            .ok_or(AccountError::UserNotFound)
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
pub(crate) struct UserRow {
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
    token_version: i32,
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
            token_version: row.token_version,
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

/// Open unless a lock is still in force at `now`.
fn gate(locked_until: Option<Timestamp>, now: Timestamp) -> LoginGate {
    match locked_until {
        Some(until) if until > now => LoginGate::Locked { until },
        _ => LoginGate::Open,
    }
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

/// Inserts a new user on `conn` (also inside `PgEmailTokens::register`'s transaction).
pub(crate) async fn insert_user(
    conn: &mut diesel_async::AsyncPgConnection,
    new: &NewUser,
) -> QueryResult<UserRow> {
    diesel::insert_into(users::table)
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
        .get_result(conn)
        .await
}

/// The only unique key a new user can break is the email.
pub(crate) fn insert_error(error: DieselError) -> AccountError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            AccountError::EmailTaken
        }
        other => unexpected(other),
    }
}

#[async_trait]
impl UserRepository for PgUserRepository {
    async fn insert(&self, new: &NewUser) -> Result<User, AccountError> {
        let mut conn = self.db.connection().await?;
        let row = insert_user(&mut conn, new).await.map_err(insert_error)?;
        row.try_into()
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountError> {
        self.find_one(users::table.filter(users::id.eq(id.0)).into_boxed())
            .await
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountError> {
        self.find_one(by_email(email)).await
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

    async fn reserve_login_attempt(
        &self,
        id: UserId,
        max_attempts: i32,
        now: Timestamp,
        lock_until: Timestamp,
    ) -> Result<LoginGate, AccountError> {
        // One statement under the row lock: concurrent reservations queue on the row and each
        // sees the count the previous one left, so at most `max_attempts` get through.
        let query = diesel::sql_query(
            "UPDATE users SET \
               failed_login_attempts = CASE WHEN locked_until > $2 THEN failed_login_attempts \
                                            WHEN failed_login_attempts >= $3 THEN 0 \
                                            ELSE failed_login_attempts + 1 END, \
               locked_until = CASE WHEN locked_until > $2 THEN locked_until \
                                   WHEN failed_login_attempts >= $3 THEN $4 \
                                   ELSE locked_until END \
             WHERE id = $1 \
             RETURNING failed_login_attempts, locked_until",
        )
        .into_boxed()
        .bind::<SqlUuid, _>(id.0)
        .bind::<Timestamptz, _>(now)
        .bind::<Int4, _>(max_attempts)
        .bind::<Timestamptz, _>(lock_until);
        let row = self.counter_update(query).await?;
        Ok(gate(row.locked_until, now))
    }

    async fn record_failed_login(
        &self,
        id: UserId,
        max_attempts: i32,
        lock_until: Timestamp,
    ) -> Result<LoginFailure, AccountError> {
        // The attempt was counted when it was reserved; only the lock is decided here.
        let query = diesel::sql_query(
            "UPDATE users SET \
               failed_login_attempts = CASE WHEN failed_login_attempts >= $2 THEN 0 \
                                            ELSE failed_login_attempts END, \
               locked_until = CASE WHEN failed_login_attempts >= $2 THEN $3 \
                                   ELSE locked_until END \
             WHERE id = $1 \
             RETURNING failed_login_attempts, locked_until",
        )
        .into_boxed()
        .bind::<SqlUuid, _>(id.0)
        .bind::<Int4, _>(max_attempts)
        .bind::<Timestamptz, _>(lock_until);
        let row = self.counter_update(query).await?;
        Ok(LoginFailure {
            attempts: row.failed_login_attempts,
            locked_until: row.locked_until,
        })
    }

    async fn clear_failed_logins(
        &self,
        id: UserId,
        now: Timestamp,
    ) -> Result<LoginGate, AccountError> {
        // The last look at the lock and the reset are one statement, so a lock set by a
        // concurrent failure cannot slip in between.
        let query = diesel::sql_query(
            "UPDATE users SET \
               failed_login_attempts = CASE WHEN locked_until > $2 THEN failed_login_attempts \
                                            ELSE 0 END, \
               locked_until = CASE WHEN locked_until > $2 THEN locked_until ELSE NULL END \
             WHERE id = $1 \
             RETURNING failed_login_attempts, locked_until",
        )
        .into_boxed()
        .bind::<SqlUuid, _>(id.0)
        .bind::<Timestamptz, _>(now);
        let row = self.counter_update(query).await?;
        Ok(gate(row.locked_until, now))
    }

    async fn token_version(&self, id: UserId) -> Result<Option<i32>, AccountError> {
        let mut conn = self.db.connection().await?;
        users::table
            .find(id.0)
            .select(users::token_version)
            .first(&mut conn)
            .await
            .optional()
            .map_err(unexpected)
    }

    async fn bump_token_version(&self, id: UserId) -> Result<i32, AccountError> {
        let mut conn = self.db.connection().await?;
        diesel::update(users::table.find(id.0))
            .set(users::token_version.eq(users::token_version + 1))
            .returning(users::token_version)
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(unexpected)?
            .ok_or(AccountError::UserNotFound)
    }

    async fn set_role(&self, email: &Email, role: Role) -> Result<User, AccountError> {
        let mut conn = self.db.connection().await?;
        let updated = diesel::update(
            users::table.filter(lower(users::email).eq(lower(email.as_str().to_owned()))),
        )
        .set(users::role.eq(role.as_str()))
        .returning(UserRow::as_returning())
        .get_result(&mut conn)
        .await;
        updated_user(updated)
    }
}

#[cfg(all(test, feature = "test-support"))]
mod login_lookup_plan {
    //! The login lookup must use the email index: a sequential scan reads every user on
    //! every login, and grows with the table.

    use super::*;
    use crate::TestDatabase;
    use diesel::{
        query_builder::{AstPass, Query, QueryFragment, QueryId},
        sql_types::Text,
    };

    /// `EXPLAIN <query>`, so the plan of the very query the repository runs can be read.
    struct Explain<Q>(Q);

    impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Explain<Q> {
        fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
            out.push_sql("EXPLAIN ");
            self.0.walk_ast(out.reborrow())
        }
    }

    impl<Q> QueryId for Explain<Q> {
        type QueryId = ();
        const HAS_STATIC_QUERY_ID: bool = false;
    }

    impl<Q> Query for Explain<Q> {
        type SqlType = Text;
    }

    impl<Q> diesel::RunQueryDsl<diesel_async::AsyncPgConnection> for Explain<Q> {}

    #[tokio::test]
    async fn finding_a_user_by_email_uses_the_index_not_a_sequential_scan() {
        let db = TestDatabase::new().await;
        let database = db.database();
        let mut conn = database.connection().await.expect("a connection");
        // Enough rows, with fresh statistics, that the planner prefers a sequential scan
        // only when no index can answer the lookup.
        diesel::sql_query(
            "INSERT INTO users (id, email, first_name, last_name) \
             SELECT gen_random_uuid(), 'user' || n || '@example.com', 'Ada', 'Lovelace' \
             FROM generate_series(1, 5000) AS n",
        )
        .execute(&mut conn)
        .await
        .expect("seed users");
        diesel::sql_query("ANALYZE users")
            .execute(&mut conn)
            .await
            .expect("analyze");

        let email = Email::parse("User2500@Example.com").expect("an email");
        let plan: Vec<String> = Explain(by_email(&email).select(UserRow::as_select()))
            .load(&mut conn)
            .await
            .expect("explain");
        let plan = plan.join("\n");
        assert!(
            !plan.contains("Seq Scan on users"),
            "the login lookup scans the whole table:\n{plan}"
        );
        assert!(plan.contains("users_email_lower_key"), "{plan}");

        // And it finds the user whatever the case it was typed in.
        drop(conn);
        let found = PgUserRepository::new(database)
            .find_by_email(&email)
            .await
            .expect("lookup");
        assert_eq!(
            found.map(|u| u.email.as_str().to_owned()),
            Some("user2500@example.com".to_owned())
        );
    }
}
