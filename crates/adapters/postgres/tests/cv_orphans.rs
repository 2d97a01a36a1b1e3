//! No orphaned CV files: a process killed between writing a CV's row and its file leaves
//! nothing that the user can see or delete, and nothing that the sweep does not remove.
//!
//! The test runs this very test binary again as a child (`child_upload_that_stops_after_its_file`
//! is a no-op unless told otherwise). The child uploads a CV through `CvLibrary` on PostgreSQL
//! and the local file store; its file store announces on stdout when the file is written and
//! then stalls, and the parent kills it there with SIGKILL.

use async_trait::async_trait;
use bytes::Bytes;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use jobr_accounts::{NewUser, UserRepository};
use jobr_core::{
    AiUse, Clock, CvId, Email, FileStore, FileStoreError, Page, Role, Timestamp, UserId,
};
use jobr_cv::{CvLibrary, CvLibraryError, CvParsingService, Inline, SweepReport};
use jobr_localfs::LocalFileStore;
use jobr_postgres::{Database, PgCvRepository, PgUserRepository, PoolSettings, TestDatabase};
use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::{Arc, mpsc},
    time::Duration,
};

/// Tells the child test what to do: `<database url> <upload dir> <user id>`.
const CHILD_ENV: &str = "JOBR_ORPHAN_TEST_CHILD";
const FILE_WRITTEN: &str = "orphan-test: file written";
const GRACE: Duration = Duration::from_secs(15 * 60);
const CV: &[u8] = b"Ada Lovelace\nLondon, UK | ada@example.org\n\nSKILLS\nRust, PostgreSQL\n";

/// The local store, stalled for good right after a file is written.
struct StallAfterPut(LocalFileStore);

#[async_trait]
impl FileStore for StallAfterPut {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), FileStoreError> {
        self.0.put(key, bytes).await?;
        println!("{FILE_WRITTEN}");
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileStoreError> {
        self.0.get(key).await
    }

    async fn delete(&self, key: &str) -> Result<bool, FileStoreError> {
        self.0.delete(key).await
    }
}

/// The system clock, moved forward by a fixed amount (to look past the grace age).
struct LaterClock(Duration);

impl Clock for LaterClock {
    fn now(&self) -> Timestamp {
        time::OffsetDateTime::now_utc() + self.0
    }
}

fn library(db: Database, files: Arc<dyn FileStore>, later_by: Duration) -> CvLibrary {
    CvLibrary::new(
        CvParsingService::new(Arc::new(Inline), None),
        Arc::new(PgCvRepository::new(db)),
        files,
        Arc::new(LaterClock(later_by)),
    )
}

#[tokio::test]
async fn child_upload_that_stops_after_its_file() {
    let Ok(args) = std::env::var(CHILD_ENV) else {
        return; // Run as an ordinary test: nothing to do.
    };
    let [url, dir, user]: [&str; 3] = args
        .split(' ')
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_else(|a| panic!("bad {CHILD_ENV}: {a:?}"));
    let db = Database::connect(url, PoolSettings::new(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let files = LocalFileStore::open(dir)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let user = UserId(user.parse().unwrap_or_else(|e| panic!("{e}")));
    let outcome = library(db, Arc::new(StallAfterPut(files)), Duration::ZERO)
        .upload(user, "cv.txt", Bytes::from_static(CV), AiUse::NotInPlan)
        .await;
    panic!("the upload should have stalled, not ended: {outcome:?}");
}

#[tokio::test]
async fn a_kill_between_row_and_file_leaves_nothing_after_the_sweep() {
    let test_db = TestDatabase::new().await;
    let user = new_user(&test_db).await;
    let dir = std::env::temp_dir().join(format!("jobr-orphan-test-{}", uuid::Uuid::new_v4()));

    kill_child_after_its_file_write(&test_db, &dir, user);

    // The child left a file, and a row that names it.
    let files = files_under(&dir);
    assert_eq!(files.len(), 1, "the child wrote its file: {files:?}");
    let id = files[0]
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.parse().ok())
        .map(CvId)
        .unwrap_or_else(|| panic!("a CV id as file name: {files:?}"));
    assert_eq!(cv_rows(&test_db).await, 1);

    // The user sees nothing, and cannot delete what is not theirs to see.
    let store: Arc<dyn FileStore> = Arc::new(open(&dir).await);
    let now = library(test_db.database(), Arc::clone(&store), Duration::ZERO);
    let listed = now.list(user, Page::default()).await;
    assert_eq!(listed.map(|p| p.total).ok(), Some(0));
    assert!(matches!(
        now.get(user, id).await,
        Err(CvLibraryError::NotFound)
    ));
    assert!(matches!(
        now.delete(user, id).await,
        Err(CvLibraryError::NotFound)
    ));

    // Within the grace age the sweep leaves it: it could be an upload still in flight.
    assert_eq!(
        now.sweep_abandoned(GRACE).await.ok(),
        Some(SweepReport::default())
    );
    assert_eq!(files_under(&dir).len(), 1);

    // After it, the sweep removes the file and the row.
    let later = library(test_db.database(), store, GRACE + Duration::from_secs(1));
    assert_eq!(
        later.sweep_abandoned(GRACE).await.ok(),
        Some(SweepReport {
            removed: 1,
            failed: 0
        })
    );
    assert_eq!(files_under(&dir), Vec::<PathBuf>::new(), "no file is left");
    assert_eq!(cv_rows(&test_db).await, 0, "no row is left");
    let _ = std::fs::remove_dir_all(&dir);
}

fn kill_child_after_its_file_write(test_db: &TestDatabase, dir: &Path, user: UserId) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(exe)
        .args([
            "child_upload_that_stops_after_its_file",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(
            CHILD_ENV,
            format!("{} {} {user}", test_db.url(), dir.display()),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn the child: {e}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("the child's stdout"));
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    loop {
        match received.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains(FILE_WRITTEN) => break,
            Ok(_) => {}
            Err(e) => {
                let _ = child.kill();
                panic!("the child never wrote its file ({e})");
            }
        }
    }
    child
        .kill()
        .unwrap_or_else(|e| panic!("kill the child: {e}"));
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(!status.success(), "the child was killed: {status}");
}

async fn new_user(test_db: &TestDatabase) -> UserId {
    let id = UserId::new();
    let email = Email::parse(&format!("{id}@example.com")).unwrap_or_else(|e| panic!("{e}"));
    PgUserRepository::new(test_db.database())
        .insert(&NewUser {
            id,
            email,
            password_hash: None,
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            role: Role::User,
            created_at: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id
}

async fn open(dir: &Path) -> LocalFileStore {
    LocalFileStore::open(dir)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows in `cvs` in any state, read past the repository.
async fn cv_rows(test_db: &TestDatabase) -> i64 {
    let mut conn = AsyncPgConnection::establish(test_db.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    diesel::sql_query("SELECT count(*) AS n FROM cvs")
        .get_result::<Count>(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .n
}
