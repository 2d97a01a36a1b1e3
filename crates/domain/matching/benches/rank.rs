//! Ranking 100,000 generated open jobs for one CV (top 20), and the TF-IDF baseline on the
//! same jobs. Run: `cargo bench -p jobr-matching --bench rank`.
//!
//! The jobs are the 50 evaluation jobs varied deterministically (title seniority, a shuffled
//! subset of their skills plus one random taxonomy skill, city, level, posting date and a
//! few description sentences from other jobs), so vocabulary and posting-list lengths look
//! like a real board's, not like 100,000 copies.

// A benchmark with a broken fixture should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jobr_cv::CvDate;
use jobr_matching::baseline::{TfIdfBaseline, job_text};
use jobr_matching::{
    CandidateProfile, Job, JobId, JobIndex, JobLevel, NewJob, Preferences, load_jobs,
};
use time::macros::date;

const JOBS: usize = 100_000;
const TOP: usize = 20;

/// A small deterministic generator (64-bit LCG, Knuth's constants): no dependency, same jobs
/// on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn eval_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

fn generated_jobs() -> Vec<Job> {
    let templates = load_jobs(&fs::read(eval_dir().join("jobs.json")).unwrap())
        .unwrap()
        .jobs;
    let sentences: Vec<String> = templates
        .iter()
        .flat_map(|t| {
            t.description
                .split(". ")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let all_skills: Vec<&str> = jobr_cv::skills::all_skills().collect();
    let cities = [
        "London, United Kingdom",
        "Manchester, United Kingdom",
        "Berlin, Germany",
        "Hamburg, Germany",
        "Bengaluru, India",
        "Lagos, Nigeria",
        "São Paulo, Brazil",
        "Austin, United States",
        "Chicago, United States",
        "Amsterdam, Netherlands",
        "Toronto, Canada",
        "Remote",
    ];
    let prefixes = [
        "",
        "Senior ",
        "Junior ",
        "Lead ",
        "Principal ",
        "Associate ",
    ];
    let levels = [
        JobLevel::Entry,
        JobLevel::Junior,
        JobLevel::Mid,
        JobLevel::Senior,
        JobLevel::Lead,
    ];
    let mut rng = Lcg(42);
    (0..JOBS)
        .map(|i| {
            let t: &NewJob = &templates[rng.next(templates.len())];
            let mut required = t.required_skills.clone();
            let first = rng.next(required.len());
            required.swap(0, first);
            required.truncate(3 + rng.next(required.len().saturating_sub(2)));
            required.push(all_skills[rng.next(all_skills.len())].to_owned());
            let mut description = t.description.clone();
            for _ in 0..3 {
                description.push(' ');
                description.push_str(&sentences[rng.next(sentences.len())]);
            }
            Job::open(
                JobId::new(),
                NewJob {
                    external_id: format!("gen-{i}"),
                    title: format!("{}{}", prefixes[rng.next(prefixes.len())], t.title),
                    description,
                    required_skills: required,
                    location: cities[rng.next(cities.len())].to_owned(),
                    experience_level: levels[rng.next(levels.len())],
                    posted_at: date!(2026 - 11 - 27) - time::Duration::days(rng.next(90) as i64),
                    ..t.clone()
                },
            )
        })
        .collect()
}

fn rank(c: &mut Criterion) {
    let jobs = generated_jobs();
    let cv_text = fs::read(eval_dir().join("cvs/backend-engineer-senior-uk.txt")).unwrap();
    let extracted = jobr_cv::extract(&cv_text).unwrap();
    let parsed = jobr_cv::parse_extracted_at(&extracted, CvDate::year_month(2026, 11));
    let started = std::time::Instant::now();
    let index = JobIndex::build(jobs.clone());
    eprintln!(
        "index of {} jobs built in {:?}",
        index.len(),
        started.elapsed()
    );
    let texts: Vec<String> = jobs.iter().map(|j| job_text(&j.details)).collect();
    let baseline = TfIdfBaseline::build(texts.iter().map(String::as_str));
    let prefs = Preferences::default();
    let today = date!(2026 - 11 - 27);

    let mut group = c.benchmark_group("rank_100k_jobs_top20");
    group.sample_size(20);
    group.bench_function("engine (profile + rank)", |b| {
        b.iter(|| {
            let profile = CandidateProfile::new(black_box(&parsed), &extracted.text);
            index.rank(&profile, &prefs, today, TOP)
        });
    });
    group.bench_function("tf-idf baseline", |b| {
        b.iter(|| baseline.rank(black_box(&extracted.text), TOP));
    });
    group.finish();
}

criterion_group!(benches, rank);
criterion_main!(benches);
