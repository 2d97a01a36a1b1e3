//! Compares PDF text backends on the fixture PDFs: speed, and recall of the facts a parser
//! needs (name, email, companies, titles, schools) in reading order.
//! `cargo run --release -p jobr-cv --example compare_pdf_backends`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use pdf_extract::Document;
use serde_json::Value;

/// A fixed "today" for dating present jobs.
const TODAY: jobr_cv::CvDate = jobr_cv::CvDate {
    year: 2026,
    month: Some(11),
};

fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let start = Instant::now();
    for _ in 0..runs {
        out = f();
    }
    (start.elapsed() / runs, out)
}

/// Facts from the expected parse, with whitespace squeezed; recall is the share present.
fn facts(expected: &Value) -> Vec<String> {
    let mut f = vec![
        expected["name"].as_str().unwrap().to_owned(),
        expected["email"].as_str().unwrap().to_owned(),
    ];
    for e in expected["experience"].as_array().unwrap() {
        f.push(e["company"].as_str().unwrap().to_owned());
        f.push(e["title"].as_str().unwrap().to_owned());
    }
    for e in expected["education"].as_array().unwrap() {
        f.push(e["institution"].as_str().unwrap().to_owned());
    }
    f
}

/// Share of parse-relevant fields the rule-based parser gets right from a backend's text:
/// name, email, phone, and each job's company, title and start, each school.
fn parsed_score(cv: &jobr_cv::ParsedCv, expected: &Value) -> f64 {
    let eq = |a: Option<&str>, b: &Value| a.map(squeeze) == b.as_str().map(squeeze);
    let mut hits = 0;
    let mut total = 3;
    hits += usize::from(eq(cv.name.as_deref(), &expected["name"]));
    hits += usize::from(eq(cv.email.as_deref(), &expected["email"]));
    hits += usize::from(eq(cv.phone.as_deref(), &expected["phone"]));
    for (i, e) in expected["experience"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let got = cv.experience.get(i);
        total += 3;
        hits += usize::from(eq(got.and_then(|g| g.company.as_deref()), &e["company"]));
        hits += usize::from(eq(got.and_then(|g| g.title.as_deref()), &e["title"]));
        let start = got.and_then(|g| g.start).map(|d| d.to_string());
        hits += usize::from(eq(start.as_deref(), &e["start"]));
    }
    for (i, e) in expected["education"].as_array().unwrap().iter().enumerate() {
        total += 1;
        hits += usize::from(eq(
            cv.education.get(i).and_then(|g| g.institution.as_deref()),
            &e["institution"],
        ));
    }
    hits as f64 / total as f64
}

fn squeeze(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn recall(text: &str, facts: &[String]) -> f64 {
    let t = squeeze(text);
    facts.iter().filter(|f| t.contains(&squeeze(f))).count() as f64 / facts.len() as f64
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".pdf") && !n.starts_with("bad-"))
        .collect();
    names.sort();
    println!(
        "Each cell: mean time per extraction; recall of facts in the text; share of fields the rule parser gets right from it.\n"
    );
    println!(
        "| file | jobr-cv (pdf-extract + layout) | lopdf extract_text | pdftotext -layout (process) |"
    );
    println!("|---|---|---|---|");
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let expected: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{name}.expected.json"))).unwrap(),
        )
        .unwrap();
        let facts = facts(&expected);

        let (t1, ours) = time(20, || jobr_cv::extract(&bytes).unwrap());
        let ours_parsed = parsed_score(&jobr_cv::parse_lines_at(&ours.lines, TODAY), &expected);
        let ours = ours.text;
        let (t2, lopdf) = time(20, || {
            let doc = Document::load_mem(&bytes).unwrap();
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            doc.extract_text(&pages).unwrap_or_default()
        });
        let path = dir.join(&name);
        let (t3, poppler) = time(20, || {
            Command::new("pdftotext")
                .args(["-layout", path.to_str().unwrap(), "-"])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default()
        });
        let pct = |x: f64| x * 100.0;
        println!(
            "| {name} | {:.2} ms, {:.0} %, {:.0} % | {:.2} ms, {:.0} %, {:.0} % | {:.2} ms, {:.0} %, {:.0} % |",
            t1.as_secs_f64() * 1e3,
            pct(recall(&ours, &facts)),
            pct(ours_parsed),
            t2.as_secs_f64() * 1e3,
            pct(recall(&lopdf, &facts)),
            pct(parsed_score(
                &jobr_cv::parse_text_at(&lopdf, TODAY),
                &expected
            )),
            t3.as_secs_f64() * 1e3,
            pct(recall(&poppler, &facts)),
            pct(parsed_score(
                &jobr_cv::parse_text_at(&poppler, TODAY),
                &expected
            )),
        );
    }
}
