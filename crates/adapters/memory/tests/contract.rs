//! The account repository contract, run against the in-memory adapter.

use jobr_accounts::contract::AccountRepos;
use jobr_memory::{
    MemoryEmailTokens, MemoryOutbox, MemoryRefreshTokenRepository, MemoryUserRepository,
};
use std::sync::Arc;

async fn memory_repos() -> (AccountRepos, ()) {
    let users = Arc::new(MemoryUserRepository::default());
    let refresh_tokens = Arc::new(MemoryRefreshTokenRepository::default());
    let outbox = Arc::new(MemoryOutbox::default());
    let repos = AccountRepos {
        users: users.clone(),
        refresh_tokens: refresh_tokens.clone(),
        email_tokens: Arc::new(MemoryEmailTokens::new(
            users,
            refresh_tokens,
            outbox.clone(),
        )),
        outbox,
    };
    (repos, ())
}

mod outbox {
    use jobr_notifications::contract::OutboxRepos;
    use std::sync::Arc;

    async fn memory_outbox() -> (OutboxRepos, ()) {
        let repos = OutboxRepos {
            outbox: Arc::new(jobr_memory::MemoryOutbox::default()),
            suppressions: Arc::new(jobr_memory::MemorySuppressionList::default()),
        };
        (repos, ())
    }

    jobr_notifications::outbox_contract!(memory_outbox());
}

jobr_accounts::account_repository_contract!(memory_repos());

mod usage {
    async fn memory_recorder() -> (jobr_memory::MemoryUsageRecorder, ()) {
        (jobr_memory::MemoryUsageRecorder::default(), ())
    }

    jobr_core::usage_recorder_contract!(memory_recorder());
}

mod files {
    async fn memory_files() -> (jobr_memory::MemoryFileStore, ()) {
        (jobr_memory::MemoryFileStore::default(), ())
    }

    jobr_core::file_store_contract!(memory_files());
}

mod cvs {
    use jobr_core::UserId;
    use jobr_cv::contract::CvRepos;
    use std::sync::Arc;

    async fn memory_cvs() -> (CvRepos, ()) {
        let repos = CvRepos {
            cvs: Arc::new(jobr_memory::MemoryCvRepository::default()),
            new_owner: Arc::new(|| Box::pin(async { UserId::new() })),
        };
        (repos, ())
    }

    jobr_cv::cv_repository_contract!(memory_cvs());
}

mod jobs {
    use jobr_matching::JobRepository;
    use std::sync::Arc;

    async fn memory_jobs() -> (Arc<dyn JobRepository>, ()) {
        (Arc::new(jobr_memory::MemoryJobRepository::default()), ())
    }

    jobr_matching::job_repository_contract!(memory_jobs());
}

mod applications {
    use jobr_applications::contract::ApplicationRepos;
    use jobr_core::UserId;
    use jobr_matching::JobId;
    use std::sync::Arc;

    async fn memory_applications() -> (ApplicationRepos, ()) {
        let outbox = Arc::new(jobr_memory::MemoryOutbox::default());
        let repos = ApplicationRepos {
            applications: Arc::new(jobr_memory::MemoryApplicationRepository::new(
                outbox.clone(),
            )),
            new_owner: Arc::new(|| Box::pin(async { UserId::new() })),
            new_job: Arc::new(|| Box::pin(async { JobId::new() })),
            outbox,
        };
        (repos, ())
    }

    jobr_applications::application_repository_contract!(memory_applications());
}

mod subscriptions {
    use jobr_core::UserId;
    use jobr_subscriptions::contract::{NewOwner, SubscriptionRepos};
    use std::sync::Arc;

    async fn memory_subscriptions() -> (SubscriptionRepos, ()) {
        let new_owner: NewOwner = Arc::new(|| Box::pin(async { UserId::new() }));
        let outbox = Arc::new(jobr_memory::MemoryOutbox::default());
        let repos = SubscriptionRepos {
            repo: Arc::new(jobr_memory::MemorySubscriptionRepository::new(
                outbox.clone(),
            )),
            new_owner,
            outbox,
        };
        (repos, ())
    }

    jobr_subscriptions::subscription_repository_contract!(memory_subscriptions());
}
