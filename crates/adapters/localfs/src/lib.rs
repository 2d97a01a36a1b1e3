//! Uploaded files in a local directory. Writes go to a temporary file that is then renamed,
//! so a crash or a concurrent reader never sees half a file.

use async_trait::async_trait;
use jobr_core::{FileStore, FileStoreError, files::check_key};
use std::{
    io::ErrorKind,
    path::{Path, PathBuf},
};

pub struct LocalFileStore {
    root: PathBuf,
}

impl LocalFileStore {
    /// Creates the directory when missing, so a wrong path fails at start, not at upload.
    pub async fn open(root: impl Into<PathBuf>) -> Result<Self, FileStoreError> {
        let root = root.into();
        tokio::fs::create_dir_all(&root)
            .await
            .map_err(|e| io(&root, e))?;
        Ok(Self { root })
    }

    fn path(&self, key: &str) -> Result<PathBuf, FileStoreError> {
        check_key(key)?;
        Ok(self.root.join(key))
    }
}

fn io(path: &Path, error: std::io::Error) -> FileStoreError {
    FileStoreError::Io {
        context: path.display().to_string(),
        source: Box::new(error),
    }
}

#[async_trait]
impl FileStore for LocalFileStore {
    async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), FileStoreError> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|e| io(parent, e))?;
        }
        let temporary = path.with_extension(format!("partial-{}", uuid::Uuid::new_v4().simple()));
        if let Err(e) = tokio::fs::write(&temporary, bytes).await {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(io(&temporary, e));
        }
        tokio::fs::rename(&temporary, &path)
            .await
            .map_err(|e| io(&path, e))
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileStoreError> {
        let path = self.path(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path, e)),
        }
    }

    async fn delete(&self, key: &str) -> Result<bool, FileStoreError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io(&path, e)),
        }
    }
}
