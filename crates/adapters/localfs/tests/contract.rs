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

/// A put killed before its rename leaves a temporary file; deleting the key removes it too,
/// and only it (another key's temporary file and the files beside it stay).
#[tokio::test]
async fn deleting_a_key_removes_what_an_unfinished_put_of_it_left() {
    use jobr_core::FileStore;

    let (store, dir) = local_store().await;
    let user_dir = dir.0.join("cvs").join("u1");
    std::fs::create_dir_all(&user_dir).unwrap_or_else(|e| panic!("{e}"));
    let partial = user_dir.join("cv1.partial-0123abcd");
    let others = [user_dir.join("cv10.partial-0123abcd"), user_dir.join("cv2")];
    for path in others.iter().chain([&partial]) {
        std::fs::write(path, b"Ada").unwrap_or_else(|e| panic!("{e}"));
    }

    assert!(matches!(store.delete("cvs/u1/cv1").await, Ok(false)));

    assert!(!partial.exists(), "the half-written file is gone");
    for other in &others {
        assert!(other.exists(), "{} stays", other.display());
    }
}
