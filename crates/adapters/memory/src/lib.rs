//! In-memory repositories. Each store is one mutex-guarded map: every operation is a single
//! critical section, which gives the same atomicity the PostgreSQL adapter gets from SQL.

mod applications;
mod cvs;
mod email_tokens;
mod files;
mod jobs;
mod outbox;
mod refresh_tokens;
mod subscriptions;
mod usage;
mod users;

pub use applications::MemoryApplicationRepository;
pub use cvs::MemoryCvRepository;
pub use email_tokens::MemoryEmailTokens;
pub use files::MemoryFileStore;
pub use jobs::MemoryJobRepository;
pub use outbox::{MemoryOutbox, MemorySuppressionList};
pub use refresh_tokens::MemoryRefreshTokenRepository;
pub use subscriptions::MemorySubscriptionRepository;
pub use usage::MemoryUsageRecorder;
pub use users::MemoryUserRepository;

use std::sync::{Mutex, MutexGuard};

/// A poisoned lock only means another thread panicked mid-operation; the maps are still
/// consistent because every write is a single insert or field assignment.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
