//! A database that does not answer in time is an outage (503, retry later), not a bug (500),
//! for every job operation; the driver's error stays in the chain.

use diesel_async::{AsyncConnection as _, AsyncPgConnection, SimpleAsyncConnection as _};
use jobr_core::ErrorChain;
use jobr_matching::contract::job;
use jobr_matching::{JobError, JobId, JobRepository, JobSearch};
use jobr_postgres::{Database, PgJobRepository, PoolSettings, TestDatabase};
use std::time::Duration;

fn chain(error: &JobError) -> String {
    ErrorChain(error).to_string()
}

fn assert_outage(result: Result<impl std::fmt::Debug, JobError>) {
    let error = match result {
        Err(error) => error,
        Ok(value) => panic!("expected an outage, got {value:?}"),
    };
    let JobError::Storage(storage) = &error else {
        panic!("expected a storage error, got {error:?}");
    };
    assert!(storage.is_unavailable(), "{}", chain(&error));
    assert!(
        chain(&error).contains("statement timeout"),
        "{}",
        chain(&error)
    );
}

#[tokio::test]
async fn a_locked_jobs_table_is_an_outage_for_every_operation() {
    let test_db = TestDatabase::new().await;
    let settings = PoolSettings {
        statement_timeout: Duration::from_millis(200),
        ..PoolSettings::new(2)
    };
    let db = Database::connect(test_db.url(), settings)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let repo = PgJobRepository::new(db);
    // Another session holds the table, as a long migration or a stuck transaction would.
    let mut holder = AsyncPgConnection::establish(test_db.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    holder
        .batch_execute("BEGIN; LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let search = JobSearch {
        query: Some("rust".into()),
        limit: 10,
        ..JobSearch::default()
    };
    assert_outage(repo.upsert(&job("1", "Rust Engineer", &[], "")).await);
    assert_outage(repo.search(&search).await);
    assert_outage(repo.find_by_id(JobId::new()).await);
    assert_outage(repo.close(JobId::new()).await);
    assert_outage(repo.close_missing("contract", &[]).await);
    assert_outage(repo.list_open().await);
    holder
        .batch_execute("ROLLBACK")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        repo.search(&search).await.is_ok(),
        "recovers once the lock is gone"
    );
}
