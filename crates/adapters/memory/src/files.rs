use crate::lock;
use async_trait::async_trait;
use bytes::Bytes;
use jobr_core::{FileStore, FileStoreError, files::check_key};
use std::{collections::HashMap, sync::Mutex};

/// Files in a map: for tests and for the no-configuration mode, where nothing is kept anyway.
#[derive(Default)]
pub struct MemoryFileStore {
    files: Mutex<HashMap<String, Bytes>>,
}

#[async_trait]
impl FileStore for MemoryFileStore {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), FileStoreError> {
        check_key(key)?;
        lock(&self.files).insert(key.to_string(), bytes);
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileStoreError> {
        check_key(key)?;
        Ok(lock(&self.files).get(key).map(|b| b.to_vec()))
    }

    async fn delete(&self, key: &str) -> Result<bool, FileStoreError> {
        check_key(key)?;
        Ok(lock(&self.files).remove(key).is_some())
    }
}
