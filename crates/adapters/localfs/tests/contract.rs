//! The FileStore contract on a real directory.

use jobr_localfs::LocalFileStore;

/// A fresh directory per test, removed when the guard drops.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn local_store() -> (LocalFileStore, TempDir) {
    let dir = std::env::temp_dir().join(format!("jobr-files-{}", uuid::Uuid::new_v4().simple()));
    let store = LocalFileStore::open(&dir)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (store, TempDir(dir))
}

jobr_core::file_store_contract!(local_store());
