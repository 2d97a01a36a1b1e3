//! The vocabulary every Jobr domain crate shares. Pure: no I/O, no framework.

pub mod ai;
pub mod clock;
#[cfg(feature = "contract")]
pub mod contract;
pub mod email;
pub mod error_chain;
pub mod files;
pub mod ids;
pub mod money;
pub mod page;
pub mod phone;
pub mod role;
pub mod storage;
pub mod text;
pub mod usage;

pub use ai::AiUse;
pub use clock::{Clock, SystemClock, Timestamp};
pub use email::Email;
pub use error_chain::ErrorChain;
pub use files::{FileStore, FileStoreError};
pub use ids::{CvId, UserId};
pub use money::{Currency, CurrencyCode, Money, Plan};
pub use page::{Page, Paged};
pub use phone::Phone;
pub use role::Role;
pub use storage::{BoxError, StorageError, StorageFailure};
pub use text::{SingleLine, TextKind, check_characters, forbidden_character};
pub use usage::{ApiUsage, UsageError, UsageRecorder, UsageTotals};

/// A value failed to parse into a domain type; `field` names the input it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidValue {
    pub field: &'static str,
    pub message: String,
}

impl InvalidValue {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
