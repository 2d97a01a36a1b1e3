//! Throwaway databases for tests: the migrations run once into a template database, then
//! every test gets `CREATE DATABASE t_<random> TEMPLATE <template>` (fast, isolated, real
//! PostgreSQL) and drops it `WITH (FORCE)` when done.

use crate::{Database, DatabaseError, PoolSettings};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use tokio::sync::OnceCell;

/// Where the tests find a server they may create databases on.
const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const TEMPLATE_LOCK_ID: i64 = 0x6a6f_6272_746d_706c; // "jobrtmpl"

pub struct TestDatabase {
    name: String,
    url: String,
    database: Database,
}

impl TestDatabase {
    /// A fresh, migrated database. Panics when PostgreSQL is unreachable: tests need it.
    pub async fn new() -> Self {
        match Self::try_new().await {
            Ok(db) => db,
            Err(e) => panic!(
                "test database: {e:?} (is PostgreSQL running? TEST_DATABASE_URL={})",
                admin_url()
            ),
        }
    }

    async fn try_new() -> Result<Self, DatabaseError> {
        let template = template().await?;
        let name = format!("jobr_t_{}", uuid::Uuid::new_v4().simple());
        let mut admin = connect_once(&admin_url()).await?;
        execute(
            &mut admin,
            &format!("CREATE DATABASE {name} TEMPLATE {template}"),
        )
        .await?;
        let url = database_url(&name);
        let database = Database::connect(&url, PoolSettings::new(4)).await?;
        Ok(Self {
            name,
            url,
            database,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn database(&self) -> Database {
        self.database.clone()
    }
}

impl Drop for TestDatabase {
    /// Drop cannot await, and the test's runtime may be shutting down; a short-lived thread
    /// with its own runtime does the cleanup.
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        let cleanup = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(mut admin) = connect_once(&admin_url()).await {
                    let _ = execute(
                        &mut admin,
                        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    )
                    .await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string())
}

/// The admin URL with its database name replaced.
fn database_url(name: &str) -> String {
    let admin = admin_url();
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base.to_string(), format!("?{query}")),
        None => (admin.clone(), String::new()),
    };
    let server = base
        .rsplit_once('/')
        .map_or(base.as_str(), |(server, _)| server);
    format!("{server}/{name}{query}")
}

/// A single unpooled connection for administrative statements.
async fn connect_once(url: &str) -> Result<AsyncPgConnection, DatabaseError> {
    AsyncPgConnection::establish(url)
        .await
        .map_err(|e| DatabaseError::Connect(Box::new(e)))
}

async fn execute(conn: &mut AsyncPgConnection, sql: &str) -> Result<(), DatabaseError> {
    diesel::sql_query(sql)
        .execute(conn)
        .await
        .map(drop)
        .map_err(|source| DatabaseError::Statement {
            statement: sql.to_string(),
            source,
        })
}

/// The migrated template's name, created on first use. Its name carries a digest of the
/// migrations (see build.rs), so a changed migration gets a new template, not a stale one.
async fn template() -> Result<&'static str, DatabaseError> {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| async {
            let name = format!("jobr_template_{}", env!("JOBR_MIGRATIONS_DIGEST"));
            let mut admin = connect_once(&admin_url()).await?;
            // Test binaries run in parallel: one builds the template, the others wait.
            execute(
                &mut admin,
                &format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_ID})"),
            )
            .await?;
            let built = build_template_if_missing(&mut admin, &name).await;
            execute(
                &mut admin,
                &format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_ID})"),
            )
            .await?;
            built.map(|()| name)
        })
        .await
        .map(String::as_str)
}

async fn build_template_if_missing(
    admin: &mut AsyncPgConnection,
    name: &str,
) -> Result<(), DatabaseError> {
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let found: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(name)
            .get_result(admin)
            .await
            .map_err(DatabaseError::Query)?;
    if found.exists {
        return Ok(());
    }
    // Build under another name and rename when complete: a half-built template left by a
    // crashed run is never mistaken for a finished one.
    let building = format!("{name}_building");
    execute(
        admin,
        &format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
    )
    .await?;
    execute(admin, &format!("CREATE DATABASE {building}")).await?;
    Database::migrate(&database_url(&building)).await?;
    execute(
        admin,
        &format!("ALTER DATABASE {building} RENAME TO {name}"),
    )
    .await
}
