//! Extraction + rule-based parsing of the fixture CVs, of a ~5 MB PDF (a CV with a large
//! photo) and of a 41-page text PDF (the 40-page extraction cap is reached).
//! Run: `cargo bench -p jobr-cv --bench parse`. The large PDF comes from
//! `tests/fixtures/generate.py` into `tests/fixtures/large/` (git-ignored); missing ones are skipped.

// A benchmark with a missing fixture should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jobr_cv::{CvDate, extract, parse_lines_at};

/// A fixed "today" for dating present jobs.
const TODAY: CvDate = CvDate {
    year: 2026,
    month: Some(11),
};

const FILES: &[&str] = &[
    "jane-doe-onecol.pdf",
    "lukas-becker-2pages.pdf",
    "oliver-bennett-twocol-2pages.pdf",
    "maria-garcia-3pages.pdf",
    "chen-wei.docx",
    "aisha-bello-table.docx",
    "emily-clark.txt",
];

fn fixture(name: &str) -> Option<Vec<u8>> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .ok()
}

fn extract_and_parse(bytes: &[u8]) -> usize {
    let text = extract(bytes).unwrap();
    let cv = parse_lines_at(&text.lines, TODAY);
    cv.experience.len() + cv.skills.len()
}

fn fixtures(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract_parse");
    for name in FILES {
        let bytes = fixture(name).unwrap();
        group.bench_function(*name, |b| b.iter(|| extract_and_parse(black_box(&bytes))));
    }
    group.finish();

    let mut group = c.benchmark_group("parse_only");
    let bytes = fixture("lukas-becker-2pages.pdf").unwrap();
    let lines = extract(&bytes).unwrap().lines;
    group.bench_function("lukas-becker-2pages.pdf", |b| {
        b.iter(|| parse_lines_at(black_box(&lines), TODAY))
    });
    group.finish();
}

fn large(c: &mut Criterion) {
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    for name in ["large/large-5mb.pdf", "large/long-text-41pages.pdf"] {
        let Some(bytes) = fixture(name) else {
            eprintln!("{name} missing: run tests/fixtures/generate.py");
            continue;
        };
        group.bench_function(name, |b| b.iter(|| extract_and_parse(black_box(&bytes))));
    }
    group.finish();
}

criterion_group!(benches, fixtures, large);
criterion_main!(benches);
