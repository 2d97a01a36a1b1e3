//! Field-level accuracy of extraction + rule-based parsing over the generated fixture CVs,
//! and the error each bad fixture must produce.

// Test helpers outside #[test] fns panic on broken fixtures on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use jobr_cv::parse::parse_extracted_at;
use jobr_cv::{CvDate, ExtractError, ParsedCv, extract};
use serde_json::Value;

const REQUIRED_ACCURACY: f64 = 0.90;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (fixture path, expected JSON) for every fixture that has an expectation.
fn fixtures() -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(doc) = name.strip_suffix(".expected.json") {
            let expected: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
            out.push((fixtures_dir().join(doc), expected));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 12,
        "fixtures missing: run tests/fixtures/generate.py"
    );
    out
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn norm_link(s: &str) -> String {
    norm(s)
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_owned()
}

/// Compares an optional expected string with an optional parsed one.
fn same(expected: &Value, actual: Option<&str>, f: fn(&str) -> String) -> bool {
    match (expected.as_str(), actual) {
        (Some(e), Some(a)) => f(e) == f(a),
        (None, None) => true,
        (None, Some(_)) => false,
        (Some(_), None) => false,
    }
}

fn date_str(d: Option<CvDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

struct Score {
    points: f64,
    total: f64,
    misses: Vec<String>,
}

impl Score {
    fn check(&mut self, field: &str, ok: bool) {
        self.total += 1.0;
        if ok {
            self.points += 1.0;
        } else {
            self.misses.push(field.to_owned());
        }
    }
}

fn score(expected: &Value, cv: &ParsedCv) -> Score {
    let mut s = Score {
        points: 0.0,
        total: 0.0,
        misses: Vec::new(),
    };
    s.check("name", same(&expected["name"], cv.name.as_deref(), norm));
    s.check("email", same(&expected["email"], cv.email.as_deref(), norm));
    s.check("phone", same(&expected["phone"], cv.phone.as_deref(), norm));
    s.check(
        "location",
        same(&expected["location"], cv.location.as_deref(), norm),
    );
    for (key, actual) in [
        ("linkedin", &cv.links.linkedin),
        ("github", &cv.links.github),
        ("portfolio", &cv.links.portfolio),
    ] {
        s.check(
            key,
            same(&expected["links"][key], actual.as_deref(), norm_link),
        );
    }

    // Skills: F1 of the canonical sets, as fractional credit.
    let want: Vec<&str> = expected["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let hit = cv
        .skills
        .iter()
        .filter(|s| want.contains(&s.as_str()))
        .count() as f64;
    let (p, r) = (
        hit / cv.skills.len().max(1) as f64,
        hit / want.len().max(1) as f64,
    );
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    s.total += 1.0;
    s.points += f1;
    if f1 < 1.0 {
        let extra: Vec<&String> = cv
            .skills
            .iter()
            .filter(|x| !want.contains(&x.as_str()))
            .collect();
        let missing: Vec<&&str> = want
            .iter()
            .filter(|w| !cv.skills.iter().any(|x| x == **w))
            .collect();
        s.misses.push(format!(
            "skills f1={f1:.2} extra={extra:?} missing={missing:?}"
        ));
    }

    for (i, e) in expected["experience"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let got = cv.experience.get(i);
        s.check(
            &format!("exp[{i}].company"),
            same(&e["company"], got.and_then(|g| g.company.as_deref()), norm),
        );
        s.check(
            &format!("exp[{i}].title"),
            same(&e["title"], got.and_then(|g| g.title.as_deref()), norm),
        );
        s.check(
            &format!("exp[{i}].start"),
            same(
                &e["start"],
                got.and_then(|g| date_str(g.start)).as_deref(),
                norm,
            ),
        );
        let end_ok = match got {
            Some(g) if e["current"].as_bool() == Some(true) => g.current,
            Some(g) => !g.current && same(&e["end"], date_str(g.end).as_deref(), norm),
            None => false,
        };
        s.check(&format!("exp[{i}].end"), end_ok);
    }
    let extra_jobs = cv
        .experience
        .len()
        .saturating_sub(expected["experience"].as_array().unwrap().len());
    for i in 0..extra_jobs {
        s.check(&format!("spurious exp[{i}]"), false);
    }
    for (i, e) in expected["education"].as_array().unwrap().iter().enumerate() {
        let got = cv.education.get(i);
        s.check(
            &format!("edu[{i}].institution"),
            same(
                &e["institution"],
                got.and_then(|g| g.institution.as_deref()),
                norm,
            ),
        );
        s.check(
            &format!("edu[{i}].degree"),
            same(&e["degree"], got.and_then(|g| g.degree.as_deref()), norm),
        );
        s.check(
            &format!("edu[{i}].field"),
            same(&e["field"], got.and_then(|g| g.field.as_deref()), norm),
        );
        s.check(
            &format!("edu[{i}].graduation"),
            same(
                &e["graduation"],
                got.and_then(|g| g.graduation.map(|d| d.year.to_string()))
                    .as_deref(),
                norm,
            ),
        );
    }
    let langs: Vec<&str> = expected["languages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    s.check(
        "languages",
        cv.languages.iter().map(String::as_str).collect::<Vec<_>>() == langs,
    );
    s
}

/// Each fixture on its own must reach the threshold, not only all of them together: a sum
/// over 16 CVs would let one of them lose a third of its fields unnoticed.
#[test]
fn field_level_accuracy_is_at_least_90_percent_for_every_fixture() {
    let today = CvDate::year_month(2026, 11);
    let (mut points, mut total) = (0.0, 0.0);
    let mut below = Vec::new();
    let mut count = 0;
    for (path, expected) in fixtures() {
        if expected.get("error").is_some() {
            continue;
        }
        count += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let text = extract(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cv = parse_extracted_at(&text, today);
        let s = score(&expected, &cv);
        let accuracy = s.points / s.total;
        println!(
            "{name:<40} {:>5.1} / {:<3} {:>5.1} % {:?}",
            s.points,
            s.total,
            accuracy * 100.0,
            s.misses
        );
        if accuracy < REQUIRED_ACCURACY {
            below.push(format!(
                "{name}: {:.1} % (missed {:?})",
                accuracy * 100.0,
                s.misses
            ));
        }
        points += s.points;
        total += s.total;
    }
    println!(
        "CV fixture field accuracy: {:.1} % ({points:.1} / {total} fields over {count} CVs)",
        points / total * 100.0
    );
    assert!(count >= 16, "only {count} fixtures with expectations");
    assert!(
        below.is_empty(),
        "under {:.0} % field accuracy:\n{}",
        REQUIRED_ACCURACY * 100.0,
        below.join("\n")
    );
}

fn variant(e: &ExtractError) -> &'static str {
    match e {
        ExtractError::Empty => "Empty",
        ExtractError::UnsupportedType(_) => "UnsupportedType",
        ExtractError::NoTextLayer => "NoTextLayer",
        ExtractError::Encrypted => "Encrypted",
        ExtractError::Corrupt(_) => "Corrupt",
        ExtractError::TooLarge { .. } => "TooLarge",
        ExtractError::ZipBomb(_) => "ZipBomb",
        ExtractError::TooComplex(_) => "TooComplex",
    }
}

#[test]
fn each_bad_fixture_gives_its_error() {
    let mut checked = 0;
    for (path, expected) in fixtures() {
        let Some(want) = expected.get("error").and_then(Value::as_str) else {
            continue;
        };
        let bytes = fs::read(&path).unwrap();
        let got = extract(&bytes)
            .map(|_| ())
            .map_err(|e| (variant(&e), e.to_string()));
        assert!(
            matches!(&got, Err((v, _)) if *v == want),
            "{}: want {want}, got {got:?}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 7);
}

#[test]
fn legacy_doc_error_asks_for_docx_or_pdf() {
    let bytes = fs::read(fixtures_dir().join("bad-legacy.doc")).unwrap();
    let err = extract(&bytes).unwrap_err();
    assert!(err.to_string().contains("DOCX or PDF"), "{err}");
}

#[test]
fn utf16_text_fixture_decodes() {
    let bytes = fs::read(fixtures_dir().join("hannah-schmidt-utf16.txt")).unwrap();
    let text = extract(&bytes).unwrap();
    assert!(text.text.starts_with("Hannah Schmidt\n"));
}

#[test]
fn two_column_pdf_reads_sidebar_then_main_column() {
    let bytes = fs::read(fixtures_dir().join("priya-raman-twocol.pdf")).unwrap();
    let text = extract(&bytes).unwrap();
    assert!(
        text.lines.iter().any(|l| l.column == 1),
        "no right column found"
    );
    let skills = text.text.find("Technical Skills").unwrap();
    let scala = text.text.find("Scala").unwrap();
    let work = text.text.find("Work History").unwrap();
    // The sidebar's skills list stays whole, before the main column starts.
    assert!(skills < scala && scala < work, "{}", text.text);
}

#[test]
fn interleaved_two_column_stream_is_read_column_by_column() {
    // The content stream alternates sidebar and main lines; positions must win over order.
    let bytes = fs::read(fixtures_dir().join("nina-petrova-interleaved.pdf")).unwrap();
    let text = extract(&bytes).unwrap().text;
    let languages = text.find("Dutch (B1)").unwrap();
    let overview = text.find("Overview").unwrap();
    let skills = text.find("Skills").unwrap();
    let k8s = text.find("k8s").unwrap();
    assert!(
        skills < k8s && k8s < languages && languages < overview,
        "{text}"
    );
}

#[test]
fn annotated_links_come_from_link_annotations_only() {
    let bytes = fs::read(fixtures_dir().join("sam-carter-annotated-links.pdf")).unwrap();
    let text = extract(&bytes).unwrap();
    // The page shows the words, not the addresses.
    assert!(text.text.contains("LinkedIn | GitHub"), "{}", text.text);
    assert!(!text.text.to_lowercase().contains("linkedin.com"));
    assert!(!text.text.to_lowercase().contains("github.com"));
    assert_eq!(
        text.link_targets,
        [
            "https://www.linkedin.com/in/samcarter/",
            "https://github.com/samcarter"
        ]
    );
    let cv = parse_extracted_at(&text, CvDate::year_month(2026, 11));
    assert_eq!(
        cv.links.linkedin.as_deref(),
        Some("linkedin.com/in/samcarter")
    );
    assert_eq!(cv.links.github.as_deref(), Some("github.com/samcarter"));
    assert_eq!(cv.links.portfolio, None);
    // Without the targets, the links are lost, as before.
    let plain = jobr_cv::parse_lines_at(&text.lines, CvDate::year_month(2026, 11));
    assert_eq!(plain.links, jobr_cv::Links::default());
}

#[test]
fn documents_without_annotations_have_no_link_targets() {
    for name in ["jane-doe-onecol.pdf", "emily-clark.txt", "chen-wei.docx"] {
        let bytes = fs::read(fixtures_dir().join(name)).unwrap();
        assert_eq!(
            extract(&bytes).unwrap().link_targets,
            Vec::<String>::new(),
            "{name}"
        );
    }
}
