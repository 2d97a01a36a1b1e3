//! The upload buffer is shared, not copied: the runner and the file store get the very bytes
//! the caller handed in (same address), one buffer for the whole upload.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use bytes::Bytes;
use jobr_core::{FileStore, FileStoreError, SystemClock, UserId};
use jobr_cv::MockCvRepository;
use jobr_cv::{
    CvDate, CvLibrary, CvParsingService, ExtractLimits, ExtractionOutcome, ExtractionRunner, Inline,
};

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

    block_on(library.upload(UserId::new(), "cv.txt", upload)).unwrap();

    assert_eq!(*seen.0.lock().unwrap(), [address, address]);
}
