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
/// raises them to what it now reaches, and they go down only with a reason written beside them. The target is [`GOAL`] for all.
const FLOORS: [(f64, f64); 6] = [
    (0.98, 1.00), // contact
    (0.97, 0.97), // experience title
    (0.97, 0.97), // experience company
    (1.00, 1.00), // experience dates
    (0.96, 0.98), // education
    // Precision was lowered from 0.97 once, when ESCO's field-of-study labels ("Computer
    // science", "Economics") matched degree subjects; the education and language sections
    // are no longer searched for skills, which brought it back over the goal.
    (0.97, 0.95), // skills
];

/// Floor for the share of true experience entries paired with a parsed one (goal: 1.0).
const JOBS_FOUND_FLOOR: f64 = 1.0;
/// Ceiling for parsed entries that match no true one: splits and text taken for a job (goal: 0).
const JOBS_EXTRA_CEILING: usize = 0;
/// Ceiling for corpus documents the extractor refuses (goal: 0, reached). The moderncv PDFs
/// made by XeLaTeX were refused until their icon font (MarVoSym, embedded CFF, no
/// ToUnicode, no /Encoding) got a fallback encoding (`extract/pdf_fonts.rs`).
const REJECTED_CEILING: usize = 0;

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
    // The ceiling is 0 today; the comparison stays written for the ratchet's sake.
    #[allow(clippy::absurd_extreme_comparisons)]
    let within = rejected.len() <= REJECTED_CEILING;
    assert!(within, "{rejected:#?}");
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

/// The counting itself: a split entry shows as one found and one extra, a wrong company costs
/// company recall and precision but not the title, and skills named another way still match.
#[test]
fn scoring_counts_a_split_entry_as_extra_and_a_wrong_company_once() {
    let truth: score::Truth = serde_json::from_value(serde_json::json!({
        "tool": "t", "layout": "l",
        "name": "Ana Conceição", "email": "ana@example.com", "phone": "+5521987654321",
        "location": ["Rio de Janeiro", "Rio de Janeiro, Brazil"],
        "experience": [
            {"title": "Teacher", "company": "Colégio São Bento", "start": "2019-02", "end": "present"},
            {"title": "Tutor", "company": "Escola Tia Ciata", "start": null, "end": null}
        ],
        "education": [{"degree": "B.Sc.", "field": "Physics", "institution": "UFRJ"}],
        "skills": ["JS", "Lesson Planning"],
        "skills_extra": ["Teaching"]
    }))
    .unwrap();
    let job = |title: Option<&str>, company: Option<&str>| jobr_cv::Experience {
        title: title.map(str::to_owned),
        company: company.map(str::to_owned),
        ..jobr_cv::Experience::default()
    };
    let cv = jobr_cv::ParsedCv {
        name: Some("ANA CONCEIÇÃO".into()),
        email: Some("ana@example.com".into()),
        phone: Some("(21) 98765-4321".into()),
        location: Some("Rio de Janeiro, Brazil".into()),
        experience: vec![
            jobr_cv::Experience {
                start: Some(jobr_cv::CvDate::year_month(2019, 2)),
                current: true,
                ..job(Some("Teacher"), Some("Rio de Janeiro"))
            },
            // "Tutor – Escola Tia Ciata" split over two entries.
            job(Some("Tutor"), None),
            job(None, Some("Escola Tia Ciata")),
        ],
        education: vec![jobr_cv::Education {
            degree: Some("B.Sc. in Physics".into()),
            institution: Some("UFRJ".into()),
            ..jobr_cv::Education::default()
        }],
        skills: vec!["JavaScript".into(), "Teaching".into(), "Python".into()],
        ..jobr_cv::ParsedCv::default()
    };
    let s = score::score(&truth, &cv);
    let [contact, title, company, dates, education, skills] = s.groups;
    assert_eq!(
        (contact.hit_truth, contact.truth, contact.parsed),
        (4, 4, 4)
    );
    assert_eq!(
        (s.jobs_true, s.jobs_found, s.jobs_extra, s.cvs_exact),
        (2, 2, 1, 0)
    );
    assert_eq!((title.hit_truth, title.truth, title.parsed), (2, 2, 2));
    // The teacher's company is wrong; the tutor's is in the extra entry, so not paired.
    assert_eq!(
        (company.hit_truth, company.truth, company.parsed),
        (0, 2, 2)
    );
    assert_eq!((dates.hit_truth, dates.truth, dates.parsed), (2, 2, 3));
    assert_eq!((education.hit_truth, education.truth), (2, 2));
    // JS is JavaScript in the taxonomy; Teaching is accepted; Python is wrong.
    assert_eq!((skills.hit_truth, skills.truth), (1, 2));
    assert_eq!((skills.hit_parsed, skills.parsed), (2, 3));
}
