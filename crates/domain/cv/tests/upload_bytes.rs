//! The upload buffer is shared, not copied: the runner and the file store get the very bytes
//! the caller handed in (same address), one buffer for the whole upload. And the upload
//! passes the user's AI gate on: a plan without AI never reaches the analyzer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use bytes::Bytes;
use jobr_core::{AiUse, FileStore, FileStoreError, SystemClock, UserId};
use jobr_cv::service::notices;
use jobr_cv::{
    CvDate, CvLibrary, CvParsingService, ExtractLimits, ExtractionOutcome, ExtractionRunner, Inline,
};
use jobr_cv::{MockCvAnalyzer, MockCvRepository, ParseSource};

/// Every future here completes without waiting, so a no-op waker drives it.
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// Where each stage saw the buffer.
#[derive(Default)]
struct Seen(Mutex<Vec<usize>>);

struct RecordingRunner(Arc<Seen>);

#[async_trait]
impl ExtractionRunner for RecordingRunner {
    async fn run(&self, bytes: Bytes, limits: ExtractLimits, today: CvDate) -> ExtractionOutcome {
        self.0.0.lock().unwrap().push(bytes.as_ptr() as usize);
        Inline.run(bytes, limits, today).await
    }
}

struct RecordingStore(Arc<Seen>);

#[async_trait]
impl FileStore for RecordingStore {
    async fn put(&self, _key: &str, bytes: Bytes) -> Result<(), FileStoreError> {
        self.0.0.lock().unwrap().push(bytes.as_ptr() as usize);
        Ok(())
    }

    async fn get(&self, _key: &str) -> Result<Option<Vec<u8>>, FileStoreError> {
        Ok(None)
    }

    async fn delete(&self, _key: &str) -> Result<bool, FileStoreError> {
        Ok(false)
    }
}

#[test]
fn the_runner_and_the_file_store_get_the_callers_buffer_itself() {
    let seen = Arc::new(Seen::default());
    let mut repository = MockCvRepository::new();
    repository
        .expect_insert_pending()
        .times(1)
        .returning(|_| Ok(()));
    repository
        .expect_mark_stored()
        .times(1)
        .returning(|_| Ok(true));
    let library = CvLibrary::new(
        CvParsingService::new(Arc::new(RecordingRunner(seen.clone())), None),
        Arc::new(repository),
        Arc::new(RecordingStore(seen.clone())),
        Arc::new(SystemClock),
    );
    let upload = Bytes::from(b"Ada Lovelace\nada@example.org\nLondon\n".to_vec());
    let address = upload.as_ptr() as usize;

    block_on(library.upload(UserId::new(), "cv.txt", upload, AiUse::NotInPlan)).unwrap();

    assert_eq!(*seen.0.lock().unwrap(), [address, address]);
}

fn stored_once() -> MockCvRepository {
    let mut repository = MockCvRepository::new();
    repository
        .expect_insert_pending()
        .times(1)
        .returning(|_| Ok(()));
    repository
        .expect_mark_stored()
        .times(1)
        .returning(|_| Ok(true));
    repository
}

#[test]
fn a_free_upload_is_parsed_by_the_rules_without_asking_the_ai_and_says_so() {
    let mut analyzer = MockCvAnalyzer::new();
    analyzer.expect_analyze().times(0);
    let seen = Arc::new(Seen::default());
    let library = CvLibrary::new(
        CvParsingService::new(Arc::new(Inline), Some(Arc::new(analyzer))),
        Arc::new(stored_once()),
        Arc::new(RecordingStore(seen)),
        Arc::new(SystemClock),
    );
    let upload = Bytes::from_static(b"Ada Lovelace\nada@example.org\nLondon\n");

    let uploaded =
        block_on(library.upload(UserId::new(), "cv.txt", upload, AiUse::NotInPlan)).unwrap();

    assert_eq!(uploaded.record.parsed.source, ParseSource::Rules);
    assert_eq!(
        uploaded.record.parsed.email.as_deref(),
        Some("ada@example.org")
    );
    assert_eq!(uploaded.notice.as_deref(), Some(notices::NOT_IN_PLAN));
}

#[test]
fn a_paid_upload_is_structured_by_the_ai_with_no_notice() {
    let user = UserId::new();
    let mut analyzer = MockCvAnalyzer::new();
    analyzer
        .expect_analyze()
        .times(1)
        .withf(move |_, requested_by| *requested_by == Some(user))
        .returning(|_, _| {
            Ok(jobr_cv::ParsedCv {
                name: Some("Ada Lovelace".into()),
                ..jobr_cv::ParsedCv::default()
            })
        });
    let seen = Arc::new(Seen::default());
    let library = CvLibrary::new(
        CvParsingService::new(Arc::new(Inline), Some(Arc::new(analyzer))),
        Arc::new(stored_once()),
        Arc::new(RecordingStore(seen)),
        Arc::new(SystemClock),
    );
    let upload = Bytes::from_static(b"Ada Lovelace\nada@example.org\nLondon\n");

    let uploaded = block_on(library.upload(user, "cv.txt", upload, AiUse::Allowed)).unwrap();

    assert_eq!(uploaded.record.parsed.source, ParseSource::Ai);
    assert_eq!(uploaded.notice, None);
}
