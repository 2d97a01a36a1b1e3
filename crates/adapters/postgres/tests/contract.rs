//! The account repository contract, run against PostgreSQL (a fresh database per test).

use jobr_accounts::contract::AccountRepos;
use jobr_postgres::{PgRefreshTokenRepository, PgUserRepository, TestDatabase};
use std::sync::Arc;

async fn postgres_repos() -> (AccountRepos, TestDatabase) {
    let db = TestDatabase::new().await;
    let repos = AccountRepos {
        users: Arc::new(PgUserRepository::new(db.database())),
        refresh_tokens: Arc::new(PgRefreshTokenRepository::new(db.database())),
    };
    (repos, db)
}

jobr_accounts::account_repository_contract!(postgres_repos());

mod usage {
    use jobr_postgres::{PgUsageRecorder, TestDatabase};

    async fn postgres_recorder() -> (PgUsageRecorder, TestDatabase) {
        let db = TestDatabase::new().await;
        (PgUsageRecorder::new(db.database()), db)
    }

    jobr_core::usage_recorder_contract!(postgres_recorder());
}
