//! Where uploaded files live. Keys are relative, slash-separated paths chosen by the domain
//! (e.g. `cvs/<user>/<cv>`), never by the user, and checked so no adapter can be led outside
//! its storage root.

use async_trait::async_trait;
use bytes::Bytes;

#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    #[error("invalid file key {0:?}")]
    InvalidKey(String),
    #[error("file store failed: {context}")]
    Io {
        /// What was being done, e.g. the path written.
        context: String,
        #[source]
        source: crate::BoxError,
    },
}

#[async_trait]
pub trait FileStore: Send + Sync {
    /// Stores the bytes under `key`, replacing what was there. A reader never sees a
    /// half-written file. MUST return `InvalidKey` for a key that fails [`check_key`].
    /// Takes the shared upload buffer, so an adapter that writes on another thread needs
    /// no copy of it.
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), FileStoreError>;

    /// `None` when nothing is stored under `key`.
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileStoreError>;

    /// Returns whether something was deleted; deleting a missing key is not an error.
    async fn delete(&self, key: &str) -> Result<bool, FileStoreError>;
}

/// A key is 1–200 characters of `[A-Za-z0-9._-]` segments joined by `/`, none empty, `.` or `..`.
pub fn check_key(key: &str) -> Result<(), FileStoreError> {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    if key.len() <= 200 && key.split('/').all(segment_ok) {
        Ok(())
    } else {
        Err(FileStoreError::InvalidKey(key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_store() {
        for good in ["cvs/u1/c1", "a", "x/y.pdf"] {
            assert!(check_key(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "a/./b",
            "a\\b",
            "a b",
            "a/",
        ] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
    }
}
