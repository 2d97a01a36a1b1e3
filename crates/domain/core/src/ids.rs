use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Identifies a user. A newtype so a user id can never be passed where a CV or job id is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub Uuid);

impl UserId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for UserId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Identifies an uploaded CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CvId(pub Uuid);

impl CvId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for CvId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for CvId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
