//! How long loading the taxonomy takes: the skills (hand-tuned and ESCO) and the occupation
//! titles, parsed from the embedded data files once per process. Run in release:
//! `cargo run --release -p jobr-matching --example taxonomy_load` (docs/benchmarks.md).

use std::time::Instant;

fn main() {
    let started = Instant::now();
    jobr_matching::load_taxonomy();
    let loaded = started.elapsed();
    let started = Instant::now();
    let found = jobr_cv::skills::find_skills(
        "Registered nurse: wound care, phlebotomy, preventive medicine; Rust and Kubernetes.",
    );
    println!(
        "taxonomy load: {:.2} ms; then one find_skills: {:.1} µs ({} skills: {})",
        loaded.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e6,
        jobr_cv::skills::all_skills().count(),
        found.join(", ")
    );
}
