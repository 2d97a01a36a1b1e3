//! `CvLibrary`'s write and delete sequences over the memory adapters, with a repository or a
//! file store that fails where it matters: whatever fails, no file is left that no stored CV
//! points to, and nothing half-written is shown to the user.

use async_trait::async_trait;
use bytes::Bytes;
use jobr_core::{AiUse, Clock, FileStore, FileStoreError, Page, StorageError, Timestamp, UserId};
use jobr_cv::{
    CvLibrary, CvLibraryError, CvParsingService, CvRecord, CvRepository, Inline, MockCvRepository,
    SweepReport,
};
use jobr_memory::{MemoryCvRepository, MemoryFileStore};
use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};
use time::OffsetDateTime;

const CV: &[u8] = b"Ada Lovelace\nLondon, UK | ada@example.org\n\nSKILLS\nRust, PostgreSQL\n";
const GRACE: Duration = Duration::from_secs(15 * 60);

/// A clock the test moves by hand.
struct TestClock(Mutex<Timestamp>);

impl TestClock {
    fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(OffsetDateTime::now_utc())))
    }

    fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The memory store, with writes or deletes that fail on demand.
#[derive(Default)]
struct FlakyFiles {
    inner: MemoryFileStore,
    fail_puts: AtomicBool,
    fail_deletes: AtomicBool,
}

impl FlakyFiles {
    async fn holds(&self, key: &str) -> bool {
        matches!(self.inner.get(key).await, Ok(Some(_)))
    }
}

#[async_trait]
impl FileStore for FlakyFiles {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), FileStoreError> {
        // Fails *after* writing, the worst case: the library must still remove the file.
        self.inner.put(key, bytes).await?;
        if self.fail_puts.load(Ordering::SeqCst) {
            return Err(FileStoreError::Io {
                context: "put".into(),
                source: "disk full".into(),
            });
        }
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileStoreError> {
        self.inner.get(key).await
    }

    async fn delete(&self, key: &str) -> Result<bool, FileStoreError> {
        if self.fail_deletes.load(Ordering::SeqCst) {
            return Err(FileStoreError::Io {
                context: "delete".into(),
                source: "read-only file system".into(),
            });
        }
        self.inner.delete(key).await
    }
}

fn library(
    repository: Arc<dyn CvRepository>,
    files: Arc<FlakyFiles>,
    clock: Arc<TestClock>,
) -> CvLibrary {
    CvLibrary::new(
        CvParsingService::new(Arc::new(Inline), None),
        repository,
        files,
        clock,
    )
}

fn storage_error() -> CvLibraryError {
    CvLibraryError::Storage(StorageError::unavailable("connection reset"))
}

fn file_key_of(record: &CvRecord) -> String {
    format!("cvs/{}/{}", record.user_id, record.id)
}

#[tokio::test]
async fn if_the_record_cannot_be_stored_no_file_is_kept() {
    let mut repository = MockCvRepository::new();
    let written = Arc::new(Mutex::new(None::<CvRecord>));
    let seen = Arc::clone(&written);
    repository
        .expect_insert_pending()
        .times(1)
        .returning(move |cv| {
            *seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(cv.clone());
            Err(storage_error())
        });
    repository.expect_mark_stored().times(0);
    let files = Arc::new(FlakyFiles::default());
    let library = library(Arc::new(repository), Arc::clone(&files), TestClock::new());

    let result = library
        .upload(
            UserId::new(),
            "cv.txt",
            Bytes::from_static(CV),
            AiUse::NotInPlan,
        )
        .await;

    assert!(
        matches!(result, Err(CvLibraryError::Storage(_))),
        "{result:?}"
    );
    let record = written
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_else(|| panic!("the record was offered to the repository"));
    assert!(
        !files.holds(&record.file_key).await,
        "no file without its row"
    );
}

#[tokio::test]
async fn if_the_file_cannot_be_written_it_is_removed_again_and_so_is_the_row() {
    let repository = Arc::new(MemoryCvRepository::default());
    let files = Arc::new(FlakyFiles::default());
    files.fail_puts.store(true, Ordering::SeqCst);
    let clock = TestClock::new();
    let library = library(repository.clone(), Arc::clone(&files), Arc::clone(&clock));
    let user = UserId::new();

    let result = library
        .upload(user, "cv.txt", Bytes::from_static(CV), AiUse::NotInPlan)
        .await;

    assert!(
        matches!(result, Err(CvLibraryError::Storage(_))),
        "{result:?}"
    );
    let listed = library.list(user, Page::default()).await;
    assert_eq!(listed.map(|p| p.total).ok(), Some(0));
    clock.advance(GRACE * 2);
    assert!(
        repository
            .claim_abandoned(clock.now(), 10)
            .await
            .is_ok_and(|left| left.is_empty()),
        "the row went with the file: nothing is left for the sweep"
    );
}

#[tokio::test]
async fn an_upload_the_sweep_claimed_removes_its_own_file() {
    let mut repository = MockCvRepository::new();
    let written = Arc::new(Mutex::new(None::<CvRecord>));
    let seen = Arc::clone(&written);
    repository
        .expect_insert_pending()
        .times(1)
        .returning(move |cv| {
            *seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(cv.clone());
            Ok(())
        });
    // The sweep took the row between the file write and this call.
    repository
        .expect_mark_stored()
        .times(1)
        .returning(|_| Ok(false));
    let files = Arc::new(FlakyFiles::default());
    let library = library(Arc::new(repository), Arc::clone(&files), TestClock::new());

    let result = library
        .upload(
            UserId::new(),
            "cv.txt",
            Bytes::from_static(CV),
            AiUse::NotInPlan,
        )
        .await;

    assert!(
        matches!(result, Err(CvLibraryError::Storage(_))),
        "{result:?}"
    );
    let record = written.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let key = record.map(|r| file_key_of(&r)).unwrap_or_default();
    assert!(!files.holds(&key).await);
}

#[tokio::test]
async fn when_marking_stored_fails_nothing_is_undone_and_the_sweep_finishes_the_job() {
    let mut repository = MockCvRepository::new();
    repository.expect_insert_pending().returning(|_| Ok(()));
    repository
        .expect_mark_stored()
        .times(1)
        .returning(|_| Err(storage_error()));
    // The update may have committed before the error: a stored row must keep its file.
    repository.expect_remove_unfinished().times(0);
    let files = Arc::new(FlakyFiles::default());
    let library = library(Arc::new(repository), Arc::clone(&files), TestClock::new());

    let result = library
        .upload(
            UserId::new(),
            "cv.txt",
            Bytes::from_static(CV),
            AiUse::NotInPlan,
        )
        .await;

    assert!(
        matches!(result, Err(CvLibraryError::Storage(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_sweep_removes_abandoned_uploads_after_the_grace_age_only() {
    let repository = Arc::new(MemoryCvRepository::default());
    let files = Arc::new(FlakyFiles::default());
    let clock = TestClock::new();
    let library = library(repository.clone(), Arc::clone(&files), Arc::clone(&clock));
    let user = UserId::new();
    let kept = library
        .upload(user, "kept.txt", Bytes::from_static(CV), AiUse::NotInPlan)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .record;

    // An upload that died between its file and marking its row stored.
    let mut abandoned = kept.clone();
    abandoned.id = jobr_core::CvId::new();
    abandoned.file_key = file_key_of(&abandoned);
    abandoned.created_at = clock.now();
    assert!(repository.insert_pending(&abandoned).await.is_ok());
    assert!(
        files
            .put(&abandoned.file_key, Bytes::from_static(CV))
            .await
            .is_ok()
    );

    let early = library.sweep_abandoned(GRACE).await.ok();
    assert_eq!(
        early,
        Some(SweepReport::default()),
        "still in its grace age"
    );
    assert!(files.holds(&abandoned.file_key).await);

    clock.advance(GRACE + Duration::from_secs(1));
    let late = library.sweep_abandoned(GRACE).await.ok();
    assert_eq!(
        late,
        Some(SweepReport {
            removed: 1,
            failed: 0
        })
    );
    assert!(!files.holds(&abandoned.file_key).await);
    assert!(
        files.holds(&kept.file_key).await,
        "stored CVs are untouched"
    );
    assert!(library.get(user, kept.id).await.is_ok());
}

#[tokio::test]
async fn a_delete_whose_file_removal_fails_is_gone_for_the_user_and_finished_by_the_sweep() {
    let repository = Arc::new(MemoryCvRepository::default());
    let files = Arc::new(FlakyFiles::default());
    let library = library(repository, Arc::clone(&files), TestClock::new());
    let user = UserId::new();
    let cv = library
        .upload(user, "cv.txt", Bytes::from_static(CV), AiUse::NotInPlan)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .record;

    files.fail_deletes.store(true, Ordering::SeqCst);
    assert!(
        library.delete(user, cv.id).await.is_err(),
        "the failure is reported"
    );
    assert!(matches!(
        library.get(user, cv.id).await,
        Err(CvLibraryError::NotFound)
    ));
    assert!(matches!(
        library.delete(user, cv.id).await,
        Err(CvLibraryError::NotFound)
    ));
    let failing = library.sweep_abandoned(GRACE).await.ok();
    assert_eq!(
        failing,
        Some(SweepReport {
            removed: 0,
            failed: 1
        })
    );

    files.fail_deletes.store(false, Ordering::SeqCst);
    let report = library.sweep_abandoned(GRACE).await.ok();
    assert_eq!(
        report,
        Some(SweepReport {
            removed: 1,
            failed: 0
        })
    );
    assert!(!files.holds(&cv.file_key).await);
}

#[tokio::test]
async fn a_grace_age_beyond_the_calendar_takes_nothing() {
    let repository = Arc::new(MemoryCvRepository::default());
    let files = Arc::new(FlakyFiles::default());
    let clock = TestClock::new();
    let library = library(repository.clone(), Arc::clone(&files), Arc::clone(&clock));
    let mut pending = library
        .upload(
            UserId::new(),
            "cv.txt",
            Bytes::from_static(CV),
            AiUse::NotInPlan,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .record;
    pending.id = jobr_core::CvId::new();
    pending.file_key = file_key_of(&pending);
    assert!(repository.insert_pending(&pending).await.is_ok());
    assert!(
        files
            .put(&pending.file_key, Bytes::from_static(CV))
            .await
            .is_ok()
    );

    let report = library.sweep_abandoned(Duration::MAX).await.ok();

    assert_eq!(report, Some(SweepReport::default()));
    assert!(files.holds(&pending.file_key).await);
}
