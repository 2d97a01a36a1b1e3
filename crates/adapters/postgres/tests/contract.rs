//! The account repository contract, run against PostgreSQL (a fresh database per test).

use jobr_accounts::contract::AccountRepos;
use jobr_postgres::{
    PgEmailTokens, PgOutbox, PgRefreshTokenRepository, PgUserRepository, TestDatabase,
};
use std::sync::Arc;

async fn postgres_repos() -> (AccountRepos, TestDatabase) {
    let db = TestDatabase::new().await;
    let repos = AccountRepos {
        users: Arc::new(PgUserRepository::new(db.database())),
        refresh_tokens: Arc::new(PgRefreshTokenRepository::new(db.database())),
        email_tokens: Arc::new(PgEmailTokens::new(db.database())),
        outbox: Arc::new(PgOutbox::new(db.database())),
    };
    (repos, db)
}

mod outbox {
    use jobr_notifications::contract::OutboxRepos;
    use jobr_postgres::{PgOutbox, PgSuppressionList, TestDatabase};
    use std::sync::Arc;

    async fn postgres_outbox() -> (OutboxRepos, TestDatabase) {
        let db = TestDatabase::new().await;
        let repos = OutboxRepos {
            outbox: Arc::new(PgOutbox::new(db.database())),
            suppressions: Arc::new(PgSuppressionList::new(db.database())),
        };
        (repos, db)
    }

    jobr_notifications::outbox_contract!(postgres_outbox());
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

mod cvs {
    use jobr_accounts::{NewUser, UserRepository};
    use jobr_core::{Email, Role, UserId};
    use jobr_cv::contract::CvRepos;
    use jobr_postgres::{PgCvRepository, PgUserRepository, TestDatabase};
    use std::sync::Arc;

    async fn postgres_cvs() -> (CvRepos, TestDatabase) {
        let db = TestDatabase::new().await;
        let users = Arc::new(PgUserRepository::new(db.database()));
        let new_owner: jobr_cv::contract::NewOwner = Arc::new(move || {
            let users = Arc::clone(&users);
            Box::pin(async move {
                let id = UserId::new();
                let email =
                    Email::parse(&format!("{id}@example.com")).unwrap_or_else(|e| panic!("{e}"));
                let owner = NewUser {
                    id,
                    email,
                    password_hash: None,
                    first_name: "Owner".into(),
                    last_name: "Of CVs".into(),
                    role: Role::User,
                    created_at: time::OffsetDateTime::now_utc(),
                };
                users
                    .insert(&owner)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .id
            })
        });
        let repos = CvRepos {
            cvs: Arc::new(PgCvRepository::new(db.database())),
            new_owner,
        };
        (repos, db)
    }

    jobr_cv::cv_repository_contract!(postgres_cvs());
}

mod jobs {
    use jobr_matching::JobRepository;
    use jobr_postgres::{PgJobRepository, TestDatabase};
    use std::sync::Arc;

    async fn postgres_jobs() -> (Arc<dyn JobRepository>, TestDatabase) {
        let db = TestDatabase::new().await;
        (Arc::new(PgJobRepository::new(db.database())), db)
    }

    jobr_matching::job_repository_contract!(postgres_jobs());
}

mod applications {
    use jobr_accounts::{NewUser, UserRepository};
    use jobr_applications::contract::ApplicationRepos;
    use jobr_core::{Email, Role, UserId};
    use jobr_matching::{JobRepository, Upserted};
    use jobr_postgres::{PgApplicationRepository, PgJobRepository, PgUserRepository, TestDatabase};
    use std::sync::Arc;

    async fn postgres_applications() -> (ApplicationRepos, TestDatabase) {
        let db = TestDatabase::new().await;
        let users = Arc::new(PgUserRepository::new(db.database()));
        let jobs = Arc::new(PgJobRepository::new(db.database()));
        let repos = ApplicationRepos {
            applications: Arc::new(PgApplicationRepository::new(db.database())),
            outbox: Arc::new(jobr_postgres::PgOutbox::new(db.database())),
            new_owner: Arc::new(move || {
                let users = Arc::clone(&users);
                Box::pin(async move {
                    let id = UserId::new();
                    let email = Email::parse(&format!("{id}@example.com"))
                        .unwrap_or_else(|e| panic!("{e}"));
                    let owner = NewUser {
                        id,
                        email,
                        password_hash: None,
                        first_name: "Job".into(),
                        last_name: "Seeker".into(),
                        role: Role::User,
                        created_at: time::OffsetDateTime::now_utc(),
                    };
                    users
                        .insert(&owner)
                        .await
                        .unwrap_or_else(|e| panic!("{e}"))
                        .id
                })
            }),
            new_job: Arc::new(move || {
                let jobs = Arc::clone(&jobs);
                Box::pin(async move {
                    let external = uuid::Uuid::new_v4().to_string();
                    let job =
                        jobr_matching::contract::job(&external, "Analyst", &["SQL"], "Reports.");
                    match jobs.upsert(&job).await.unwrap_or_else(|e| panic!("{e}")) {
                        Upserted::Created(id) | Upserted::Updated(id) | Upserted::Unchanged(id) => {
                            id
                        }
                    }
                })
            }),
        };
        (repos, db)
    }

    jobr_applications::application_repository_contract!(postgres_applications());
}

mod subscriptions {
    use jobr_accounts::{NewUser, UserRepository};
    use jobr_core::{Email, Role, UserId};
    use jobr_postgres::{PgSubscriptionRepository, PgUserRepository, TestDatabase};
    use jobr_subscriptions::contract::{NewOwner, SubscriptionRepos};
    use std::sync::Arc;

    async fn postgres_subscriptions() -> (SubscriptionRepos, TestDatabase) {
        let db = TestDatabase::new().await;
        let users = Arc::new(PgUserRepository::new(db.database()));
        let new_owner: NewOwner = Arc::new(move || {
            let users = Arc::clone(&users);
            Box::pin(async move {
                let id = UserId::new();
                let email =
                    Email::parse(&format!("{id}@example.com")).unwrap_or_else(|e| panic!("{e}"));
                let owner = NewUser {
                    id,
                    email,
                    password_hash: None,
                    first_name: "Paying".into(),
                    last_name: "User".into(),
                    role: Role::User,
                    created_at: time::OffsetDateTime::now_utc(),
                };
                users
                    .insert(&owner)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .id
            })
        });
        let repos = SubscriptionRepos {
            repo: Arc::new(PgSubscriptionRepository::new(db.database())),
            new_owner,
            outbox: Arc::new(jobr_postgres::PgOutbox::new(db.database())),
        };
        (repos, db)
    }

    jobr_subscriptions::subscription_repository_contract!(postgres_subscriptions());
}
