//! Uploaded files in a local directory. Writes go to a temporary file that is then renamed,
//! so a crash or a concurrent reader never sees half a file.

use async_trait::async_trait;
use bytes::Bytes;
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
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), FileStoreError> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|e| io(parent, e))?;
        }
        let temporary = path.with_extension(format!("partial-{}", uuid::Uuid::new_v4().simple()));
        // tokio::fs::write would copy the buffer to move it to its thread; the shared
        // buffer itself goes there instead.
        let target = temporary.clone();
        let written = tokio::task::spawn_blocking(move || std::fs::write(&target, &bytes))
            .await
            .unwrap_or_else(|join| Err(std::io::Error::other(join)));
        if let Err(e) = written {
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

    /// Also removes what a put of this key left half-written when its process died (the
    /// temporary files beside it), so that deleting a key leaves none of its bytes on disk.
    async fn delete(&self, key: &str) -> Result<bool, FileStoreError> {
        let path = self.path(key)?;
        remove_partials(&path).await?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io(&path, e)),
        }
    }
}

/// Removes `<name>.partial-*` beside `path`: the temporary files of puts that never finished.
async fn remove_partials(path: &Path) -> Result<(), FileStoreError> {
    let (Some(parent), Some(prefix)) = (
        path.parent(),
        path.with_extension("partial-")
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
    ) else {
        return Ok(());
    };
    let mut entries = match tokio::fs::read_dir(parent).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(parent, e)),
    };
    while let Some(entry) = entries.next_entry().await.map_err(|e| io(parent, e))? {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let partial = entry.path();
            match tokio::fs::remove_file(&partial).await {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(io(&partial, e)),
            }
        }
    }
    Ok(())
}
