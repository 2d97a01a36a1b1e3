use diesel_async::{
    AsyncPgConnection, RunQueryDsl,
    pooled_connection::{
        AsyncDieselConnectionManager,
        deadpool::{Object, Pool},
    },
};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use std::time::{Duration, Instant};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../../migrations");

/// Any lock id works as long as every Jobr instance uses the same one.
const MIGRATION_LOCK_ID: i64 = 0x006a_6f62_726d_6967; // "jobrmig"

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("migrations failed: {0}")]
    Migrate(String),
    #[error("database query failed: {0}")]
    Query(String),
}

/// The pooled connection to the system of record.
#[derive(Clone)]
pub struct Database {
    pool: Pool<AsyncPgConnection>,
}

impl Database {
    /// Builds the pool and checks one connection, so a wrong URL fails at start, not at the
    /// first request.
    pub async fn connect(url: &str, max_connections: usize) -> Result<Self, DatabaseError> {
        let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url);
        let pool = Pool::builder(manager)
            .max_size(max_connections)
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(5)))
            .runtime(deadpool::Runtime::Tokio1)
            .build()
            .map_err(|e| DatabaseError::Connect(e.to_string()))?;
        let database = Self { pool };
        database
            .ping()
            .await
            .map_err(|e| DatabaseError::Connect(e.to_string()))?;
        Ok(database)
    }

    /// Applies pending migrations under a session advisory lock, so several instances starting
    /// together do not race. Runs on a blocking thread: diesel's migration harness is synchronous.
    pub async fn migrate(url: &str) -> Result<Vec<String>, DatabaseError> {
        let url = url.to_string();
        tokio::task::spawn_blocking(move || run_migrations_blocking(&url))
            .await
            .map_err(|e| DatabaseError::Migrate(e.to_string()))?
    }

    /// Round-trip time of a trivial query.
    pub async fn ping(&self) -> Result<Duration, DatabaseError> {
        let started = Instant::now();
        let mut conn = self.connection().await?;
        diesel::sql_query("SELECT 1")
            .execute(&mut conn)
            .await
            .map_err(|e| DatabaseError::Query(e.to_string()))?;
        Ok(started.elapsed())
    }

    pub(crate) async fn connection(&self) -> Result<Object<AsyncPgConnection>, DatabaseError> {
        self.pool
            .get()
            .await
            .map_err(|e| DatabaseError::Connect(e.to_string()))
    }
}

/// Synchronous diesel (the migration harness) over the async driver, on a blocking thread.
fn run_migrations_blocking(url: &str) -> Result<Vec<String>, DatabaseError> {
    use diesel::connection::SimpleConnection as _;
    use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
    use diesel_migrations::MigrationHarness as _;

    let mut conn: AsyncConnectionWrapper<AsyncPgConnection> =
        diesel::Connection::establish(url).map_err(|e| DatabaseError::Connect(e.to_string()))?;
    let migrate = |e: &dyn std::fmt::Display| DatabaseError::Migrate(e.to_string());
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_ID})"))
        .map_err(|e| migrate(&e))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|e| migrate(&e));
    // Unlock even when a migration failed; closing the connection would release it too.
    let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})"));
    applied
}
