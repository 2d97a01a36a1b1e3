//! What isolating extraction costs per upload: the same file through the in-process runner
//! and through `jobr-extract` in a child process. The difference is the overhead recorded in
//! docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

/// Time between two uploads: enough for a spare worker to start and warm up.
const PAUSE: Duration = Duration::from_millis(200);

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use jobr_cv::{CvDate, ExtractLimits, ExtractionRunner, Inline};
use jobr_server::extraction::{ProcessExtraction, WorkerSettings};

fn fixture(name: &str) -> Bytes {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/domain/cv/tests/fixtures")
        .join(name);
    Bytes::from(std::fs::read(path).expect("fixture"))
}

fn runners(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let process: Arc<dyn ExtractionRunner> = Arc::new(ProcessExtraction::new(WorkerSettings {
        program: env!("CARGO_BIN_EXE_jobr-extract").into(),
        memory_limit_bytes: 256 * 1024 * 1024,
        timeout: Duration::from_secs(10),
        max_concurrent: 1,
    }));
    let inline: Arc<dyn ExtractionRunner> = Arc::new(Inline);
    for name in ["emily-clark.txt", "lukas-becker-2pages.pdf"] {
        let bytes = fixture(name);
        let mut group = c.benchmark_group(name);
        group.sample_size(30);
        for (label, runner) in [("inline", &inline), ("child process", &process)] {
            // Uploads arrive spaced, not back to back: each timed run follows an untimed pause
            // in which the spare worker can start and warm up, as it would between uploads.
            group.bench_function(label, |b| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        std::thread::sleep(PAUSE);
                        let started = Instant::now();
                        runtime
                            .block_on(runner.run(
                                bytes.clone(),
                                ExtractLimits::default(),
                                CvDate::year_month(2026, 11),
                            ))
                            .expect("the fixture parses");
                        total += started.elapsed();
                    }
                    total
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, runners);
criterion_main!(benches);
