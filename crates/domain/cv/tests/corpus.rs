//! The real-world CV corpus (`tests/corpus/`, issue 10): CVs made with the tools people use
//! (Word/LibreOffice templates, LaTeX classes, HTML/CSS to PDF, LinkedIn's profile PDF, DOCX
//! tables, plain text), each with a hand-written truth file. Extraction plus the rule-based
//! parse is scored per field group; the matching rules live in `corpus/score.rs` and
//! `docs/cv-extraction.md`. `cargo run -p jobr-cv --example corpus_report` prints the table.

// Test helpers panic on a broken corpus on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "corpus/score.rs"]
mod score;

use score::{GROUPS, Score, evaluate, load_corpus};

/// The goal of issue 10: every field group at 95 % recall and 95 % precision, every
/// experience entry found, none split.
const GOAL: f64 = 0.95;

/// FLOORS, not the goal: what the parser reached when the corpus was committed, per group
/// (recall, precision), indexed like `GROUPS`. They are a ratchet: whoever improves the parser
/// raises them to what it now reaches, and they never go down. The target is [`GOAL`] for all.
const FLOORS: [(f64, f64); 6] = [
    (0.82, 0.98), // contact
    (0.63, 0.90), // experience title
    (0.38, 0.59), // experience company
    (0.71, 1.00), // experience dates
    (0.56, 0.84), // education
    (0.63, 0.95), // skills
];

/// Floor for the share of true experience entries paired with a parsed one (goal: 1.0).
const JOBS_FOUND_FLOOR: f64 = 0.71;
/// Ceiling for parsed entries that match no true one: splits and text taken for a job (goal: 0).
const JOBS_EXTRA_CEILING: usize = 0;
/// Ceiling for corpus documents the extractor refuses (goal: 0). Two moderncv PDFs made by
/// XeLaTeX are refused today: their icon font (MarVoSym, Type 1C, no ToUnicode) makes
/// pdf-extract panic, and the extractor turns that into "corrupt" for the whole file.
const REJECTED_CEILING: usize = 2;

/// Fewer documents would make the percentages say little.
const MIN_CORPUS: usize = 40;

fn print(score: &Score, per_cv: &[(String, String, String, Score)]) {
    for (id, tool, layout, s) in per_cv {
        if !s.misses.is_empty() {
            println!("{id} ({tool}: {layout}):");
            for m in &s.misses {
                println!("    {m}");
            }
        }
    }
    for (g, t) in GROUPS.iter().zip(score.groups.iter()) {
        println!(
            "{g:<20} recall {:5.1} % ({}/{})  precision {:5.1} % ({}/{})",
            t.recall() * 100.0,
            t.hit_truth,
            t.truth,
            t.precision() * 100.0,
            t.hit_parsed,
            t.parsed
        );
    }
    println!(
        "experience entries found {}/{}, extra {}, CVs with every entry and none extra {}/{}",
        score.jobs_found, score.jobs_true, score.jobs_extra, score.cvs_exact, score.cvs
    );
}

#[test]
fn corpus_scores_at_least_the_floors_per_field_group() {
    let docs = load_corpus();
    assert!(
        docs.len() >= MIN_CORPUS,
        "only {} corpus CVs (want {MIN_CORPUS}): run tests/corpus/build.sh",
        docs.len()
    );
    let report = evaluate(&docs);
    let total = &report.total;
    print(total, &report.per_cv);
    println!("{}", score::table(&report));

    let short_of_goal: Vec<&str> = GROUPS
        .iter()
        .zip(total.groups.iter())
        .filter(|(_, t)| t.recall() < GOAL || t.precision() < GOAL)
        .map(|(g, _)| *g)
        .collect();
    println!("short of the {:.0} % goal: {short_of_goal:?}", GOAL * 100.0);

    let mut below = Vec::new();
    for ((g, t), (min_r, min_p)) in GROUPS.iter().zip(total.groups.iter()).zip(FLOORS) {
        if t.recall() < min_r {
            below.push(format!("{g}: recall {:.3} < floor {min_r}", t.recall()));
        }
        if t.precision() < min_p {
            below.push(format!(
                "{g}: precision {:.3} < floor {min_p}",
                t.precision()
            ));
        }
    }
    let found = total.jobs_found as f64 / total.jobs_true.max(1) as f64;
    if found < JOBS_FOUND_FLOOR {
        below.push(format!(
            "experience entries found {found:.3} < floor {JOBS_FOUND_FLOOR}"
        ));
    }
    if total.jobs_extra > JOBS_EXTRA_CEILING {
        below.push(format!(
            "{} extra experience entries > ceiling {JOBS_EXTRA_CEILING}",
            total.jobs_extra
        ));
    }
    if total.rejected > REJECTED_CEILING {
        below.push(format!(
            "{} documents rejected > ceiling {REJECTED_CEILING}",
            total.rejected
        ));
    }
    assert!(below.is_empty(), "under the floors:\n{}", below.join("\n"));
}

/// Every document goes through extraction and the parse without a panic escaping; a refusal
/// is a clean error (counted against `REJECTED_CEILING` above), never a crash.
#[test]
fn every_corpus_document_extracts_and_parses_without_panic() {
    let docs = load_corpus();
    let mut rejected = Vec::new();
    for doc in &docs {
        let bytes = std::fs::read(&doc.path).unwrap();
        let run = std::panic::catch_unwind(|| {
            jobr_cv::extract_and_parse(&bytes, &jobr_cv::ExtractLimits::default(), score::TODAY)
        });
        match run {
            Ok(Ok(extraction)) => assert!(
                !extraction.text.trim().is_empty(),
                "{}: no text extracted",
                doc.id
            ),
            Ok(Err(e)) => rejected.push(format!("{}: {e}", doc.id)),
            Err(_) => panic!("{}: the extraction or parse panicked", doc.id),
        }
    }
    println!("rejected: {rejected:#?}");
    assert!(rejected.len() <= REJECTED_CEILING, "{rejected:#?}");
}

#[test]
fn matching_rules_fold_case_dashes_and_punctuation_but_keep_accents() {
    assert_eq!(score::norm("  Senior  Accountant, "), "senior accountant");
    assert_eq!(score::norm("Jan 2020 – Present"), "jan 2020 - present");
    assert_eq!(
        score::norm("Hamburg-Eppendorf"),
        score::norm("Hamburg‐Eppendorf")
    );
    assert_eq!(score::norm("Sainsbury’s"), score::norm("Sainsbury's"));
    assert_ne!(score::norm("Müller"), score::norm("Muller"));
    assert!(score::phone_matches("+447700900461", "07700 900461"));
    assert!(score::phone_matches("+16145550187", "(614) 555-0187"));
    assert!(!score::phone_matches("+16145550187", "555-0187"));
    assert!(!score::phone_matches("+447700900461", "+447700900462"));
}
