//! PostgreSQL adapters over diesel-async with a deadpool pool. Rows stay in this crate:
//! every repository maps them into domain types, and driver errors into the port's errors.

mod applications;
mod cvs;
mod database;
mod email_tokens;
mod jobs;
mod mail_schema;
pub mod outbox;
mod refresh_tokens;
mod schema;
mod subscriptions;
#[cfg(feature = "test-support")]
mod test_database;
mod usage;
mod users;

pub use applications::PgApplicationRepository;
pub use cvs::PgCvRepository;
pub use database::{Database, DatabaseError, PoolSettings};
pub use email_tokens::PgEmailTokens;
pub use jobs::PgJobRepository;
pub use outbox::{PgOutbox, PgSuppressionList, insert_mail};
pub use refresh_tokens::PgRefreshTokenRepository;
pub use subscriptions::PgSubscriptionRepository;
#[cfg(feature = "test-support")]
pub use test_database::TestDatabase;
pub use usage::PgUsageRecorder;
pub use users::PgUserRepository;
