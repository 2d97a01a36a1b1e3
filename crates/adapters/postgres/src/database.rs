use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{
    AsyncPgConnection, RunQueryDsl,
    pooled_connection::{
        AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
        deadpool::{Object, Pool, PoolError},
    },
};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use futures::FutureExt as _;
use jobr_core::{BoxError, StorageError};
use std::time::{Duration, Instant};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../../migrations");

/// Any lock id works as long as every Jobr instance uses the same one.
const MIGRATION_LOCK_ID: i64 = 0x006a_6f62_726d_6967; // "jobrmig"

/// TCP keepalive: a peer that vanished without a FIN is noticed in about a minute, not hours.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
const KEEPALIVE_RETRIES: u32 = 3;
/// Sent bytes left unacknowledged this long close the connection (a dead route, not a slow query).
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("cannot connect to the database")]
    Connect(#[source] BoxError),
    #[error("no database connection could be had")]
    Pool(#[from] PoolError),
    #[error("timed out after {0:?} waiting for a database connection")]
    AcquireTimeout(Duration),
    #[error("migrations failed")]
    Migrate(#[source] BoxError),
    #[error("database query failed")]
    Query(#[from] DieselError),
    #[error("database statement failed: {statement}")]
    Statement {
        statement: String,
        #[source]
        source: DieselError,
    },
}

impl DatabaseError {
    /// True when the database could not be reached or did not answer in time: a passing
    /// outage that a retry may get past, as opposed to a query that is wrong.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Connect(_) | Self::Pool(_) | Self::AcquireTimeout(_) => true,
            Self::Query(error) | Self::Statement { source: error, .. } => query_unavailable(error),
            Self::Migrate(_) => false,
        }
    }
}

fn query_unavailable(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        ) => true,
        // diesel-async maps these SQLSTATEs (57014 query_canceled, 57P01-57P03 shutdown and
        // start-up) to `Unknown`; only the server's message tells them apart.
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            [
                "statement timeout",
                "terminating connection",
                "the database system is",
            ]
            .iter()
            .any(|needle| message.contains(needle))
        }
        _ => false,
    }
}

/// The domain hears only "storage unavailable" or "storage failed"; the driver's error stays
/// the source, so the log shows the whole chain.
impl From<DatabaseError> for StorageError {
    fn from(error: DatabaseError) -> Self {
        if error.is_unavailable() {
            StorageError::unavailable(error)
        } else {
            StorageError::failed(error)
        }
    }
}

/// How the pool and its sessions are bounded in time.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    pub max_connections: usize,
    /// The longest a caller waits for a connection, checking or opening one included.
    pub acquire_timeout: Duration,
    /// `statement_timeout` of every session: the server cancels a statement running longer.
    pub statement_timeout: Duration,
}

impl PoolSettings {
    pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
    pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);

    pub fn new(max_connections: usize) -> Self {
        Self {
            max_connections,
            acquire_timeout: Self::DEFAULT_ACQUIRE_TIMEOUT,
            statement_timeout: Self::DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

/// The pooled connection to the system of record.
#[derive(Clone)]
pub struct Database {
    pool: Pool<AsyncPgConnection>,
    acquire_timeout: Duration,
}

impl Database {
    /// Builds the pool and checks one connection, so a wrong URL fails at start, not at the
    /// first request.
    pub async fn connect(url: &str, settings: PoolSettings) -> Result<Self, DatabaseError> {
        let mut manager_config = ManagerConfig::default();
        // A pooled connection is checked with a round trip before it is handed out, so a
        // connection that died while the database was away is dropped, never reused.
        manager_config.recycling_method = RecyclingMethod::Verified;
        manager_config.custom_setup =
            Box::new(move |url| establish(url.to_owned(), settings).boxed());
        let manager =
            AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, manager_config);
        let pool = Pool::builder(manager)
            .max_size(settings.max_connections)
            .wait_timeout(Some(settings.acquire_timeout))
            .create_timeout(Some(settings.acquire_timeout))
            .recycle_timeout(Some(settings.acquire_timeout))
            .runtime(deadpool::Runtime::Tokio1)
            .build()
            .map_err(|e| DatabaseError::Connect(Box::new(e)))?;
        let database = Self {
            pool,
            acquire_timeout: settings.acquire_timeout,
        };
        database.ping().await?;
        Ok(database)
    }

    /// Applies pending migrations under a session advisory lock, so several instances starting
    /// together do not race. Runs on a blocking thread: diesel's migration harness is synchronous.
    pub async fn migrate(url: &str) -> Result<Vec<String>, DatabaseError> {
        let url = url.to_string();
        tokio::task::spawn_blocking(move || run_migrations_blocking(&url))
            .await
            .map_err(|e| DatabaseError::Migrate(Box::new(e)))?
    }

    /// Round-trip time of a trivial query; bounded by the acquire timeout twice over (getting
    /// the connection, then the query), so a stalled database is reported, not waited for.
    pub async fn ping(&self) -> Result<Duration, DatabaseError> {
        let started = Instant::now();
        let mut conn = self.connection().await?;
        tokio::time::timeout(
            self.acquire_timeout,
            diesel::sql_query("SELECT 1").execute(&mut conn),
        )
        .await
        .map_err(|_| DatabaseError::AcquireTimeout(self.acquire_timeout))??;
        Ok(started.elapsed())
    }

    /// A pooled connection within the acquire timeout. deadpool bounds each step (waiting for a
    /// slot, checking an idle connection, opening one) but not their sum, which checking several
    /// stalled idle connections in turn could stretch: the outer timeout bounds the whole.
    pub(crate) async fn connection(&self) -> Result<Object<AsyncPgConnection>, DatabaseError> {
        tokio::time::timeout(self.acquire_timeout, self.pool.get())
            .await
            .map_err(|_| DatabaseError::AcquireTimeout(self.acquire_timeout))?
            .map_err(DatabaseError::Pool)
    }
}

/// Opens one session with TCP keepalive, a connect timeout and the statement timeout set in
/// the start-up packet (no extra round trip).
async fn establish(
    url: String,
    settings: PoolSettings,
) -> diesel::ConnectionResult<AsyncPgConnection> {
    use diesel::ConnectionError;

    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e: tokio_postgres::Error| ConnectionError::InvalidConnectionUrl(e.to_string()))?;
    let statement_timeout = format!(
        "-c statement_timeout={}",
        settings.statement_timeout.as_millis()
    );
    let options = match config.get_options() {
        Some(given) if !given.trim().is_empty() => format!("{given} {statement_timeout}"),
        _ => statement_timeout,
    };
    config
        .options(options)
        .connect_timeout(settings.acquire_timeout)
        .keepalives(true)
        .keepalives_idle(KEEPALIVE_IDLE)
        .keepalives_interval(KEEPALIVE_INTERVAL)
        .keepalives_retries(KEEPALIVE_RETRIES)
        .tcp_user_timeout(TCP_USER_TIMEOUT);
    let (client, connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
    AsyncPgConnection::try_from_client_and_connection(client, connection).await
}

/// Synchronous diesel (the migration harness) over the async driver, on a blocking thread.
fn run_migrations_blocking(url: &str) -> Result<Vec<String>, DatabaseError> {
    use diesel::connection::SimpleConnection as _;
    use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
    use diesel_migrations::MigrationHarness as _;

    let mut conn: AsyncConnectionWrapper<AsyncPgConnection> =
        diesel::Connection::establish(url).map_err(|e| DatabaseError::Connect(Box::new(e)))?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_ID})"))
        .map_err(|e| DatabaseError::Migrate(Box::new(e)))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(DatabaseError::Migrate);
    // Unlock even when a migration failed; closing the connection would release it too.
    let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})"));
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TestDatabase;

    fn chain(error: &(dyn std::error::Error + 'static)) -> String {
        jobr_core::ErrorChain(error).to_string()
    }

    async fn failing(db: &Database, sql: &str) -> StorageError {
        let mut conn = db.connection().await.expect("a connection");
        let error = diesel::sql_query(sql)
            .execute(&mut conn)
            .await
            .expect_err("the statement fails");
        DatabaseError::from(error).into()
    }

    #[tokio::test]
    async fn a_statement_past_the_session_timeout_is_unavailable_with_its_cause() {
        let test_db = TestDatabase::new().await;
        let settings = PoolSettings {
            statement_timeout: Duration::from_millis(100),
            ..PoolSettings::new(1)
        };
        let db = Database::connect(test_db.url(), settings)
            .await
            .expect("connects");
        let error = failing(&db, "SELECT pg_sleep(2)").await;
        assert!(error.is_unavailable(), "{}", chain(&error));
        assert!(
            chain(&error).contains("statement timeout"),
            "{}",
            chain(&error)
        );
    }

    #[tokio::test]
    async fn a_wrong_statement_is_a_failure_not_an_outage() {
        let test_db = TestDatabase::new().await;
        let error = failing(&test_db.database(), "SELECT 1 / 0").await;
        assert!(!error.is_unavailable(), "{}", chain(&error));
        assert!(
            chain(&error).contains("division by zero"),
            "{}",
            chain(&error)
        );
    }

    #[tokio::test]
    async fn a_refused_connection_is_unavailable_and_bounded() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let started = Instant::now();
        let error = Database::connect(
            "postgres://postgres@127.0.0.1:1/nothing",
            PoolSettings::new(1),
        )
        .await
        .err()
        .expect("refused");
        assert!(error.is_unavailable(), "{}", chain(&error));
        assert!(started.elapsed() < PoolSettings::DEFAULT_ACQUIRE_TIMEOUT * 2);
    }
}
