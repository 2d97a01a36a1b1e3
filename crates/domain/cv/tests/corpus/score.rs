//! Scoring of the real-world corpus: the truth file format, the matching rules that decide
//! whether a parsed value equals a true one, and the per-field recall/precision tallies.
//!
//! Shared by the corpus test (`tests/corpus.rs`) and the report
//! (`examples/corpus_report.rs`), so both count the same way. The rules are documented in
//! `docs/cv-extraction.md`; change them here and there together.

// A broken corpus (unreadable file, bad truth JSON) is a bug in the corpus: fail loudly.
#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jobr_cv::{
    CvDate, ExtractError, ExtractLimits, ParsedCv, extract_and_parse, skills::canonical_skill,
};
use serde::Deserialize;

/// The date the corpus is read on: "Present" is dated by it, and it stays fixed so the scores
/// do not move with the calendar.
pub const TODAY: CvDate = CvDate {
    year: 2026,
    month: Some(11),
};

/// One value, or several a reader would equally accept ("Pune" / "Pune, India").
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Accepts {
    One(String),
    Any(Vec<String>),
}

impl Accepts {
    fn values(&self) -> Vec<&str> {
        match self {
            Accepts::One(s) => vec![s.as_str()],
            Accepts::Any(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// What a careful reader takes from one corpus document (`<id>.truth.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    /// The tool that made the document (moderncv, weasyprint, libreoffice-docx...).
    pub tool: String,
    pub layout: String,
    pub name: Option<Accepts>,
    pub email: Option<Accepts>,
    pub phone: Option<Accepts>,
    pub location: Option<Accepts>,
    pub experience: Vec<TrueJob>,
    pub education: Vec<TrueSchool>,
    /// Every skill the CV claims; recall is counted on these.
    pub skills: Vec<String>,
    /// Skills the CV mentions in passing: not required, but not wrong if found.
    #[serde(default)]
    pub skills_extra: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrueJob {
    pub title: Option<Accepts>,
    pub company: Option<Accepts>,
    /// "YYYY" or "YYYY-MM" at the precision the CV gives; null when the CV gives none (or a
    /// placeholder such as 20XX).
    pub start: Option<String>,
    /// As `start`, or "present".
    pub end: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrueSchool {
    pub degree: Option<Accepts>,
    /// The subject, when the degree line names one ("B.Sc. in Accounting").
    pub field: Option<String>,
    pub institution: Option<Accepts>,
}

/// One corpus document with its truth.
pub struct Doc {
    pub id: String,
    pub path: PathBuf,
    pub truth: Truth,
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every `<id>.<ext>` that has an `<id>.truth.json` beside it, sorted by id.
pub fn load_corpus() -> Vec<Doc> {
    let dir = corpus_dir();
    let mut docs = Vec::new();
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("corpus dir entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(id) = name.strip_suffix(".truth.json") else {
            continue;
        };
        let truth: Truth = serde_json::from_slice(&fs::read(&path).expect("read truth"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = ["pdf", "docx", "txt"]
            .iter()
            .map(|ext| dir.join(format!("{id}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{name} has no document beside it"));
        docs.push(Doc {
            id: id.to_owned(),
            path: doc,
            truth,
        });
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// Extraction and the rule-based parse, exactly as an upload goes through them; the error is
/// what the user would be told.
pub fn parse_doc(doc: &Doc) -> Result<ParsedCv, ExtractError> {
    let bytes = fs::read(&doc.path).expect("read corpus document");
    extract_and_parse(&bytes, &ExtractLimits::default(), TODAY).map(|e| e.rules)
}

// ------------------------------------------------------------------ matching rules

/// The text comparison every field uses: case folded, runs of white space made one space,
/// every dash (‐ ‑ ‒ – — −) made "-", curly apostrophes (’ ‘) made "'", and leading/trailing punctuation and white space
/// (`, . ; : | · • *` and brackets) dropped. Accents are kept: "Müller" is not "Muller".
pub fn norm(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let joined = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '|' | '·' | '•' | '*')
        })
        .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']'))
        .to_owned()
}

fn text_matches(truth: &Accepts, parsed: &str) -> bool {
    let p = norm(parsed);
    truth.values().iter().any(|t| norm(t) == p)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Phones compare by digits. A number written without its country code ("07700 900461",
/// "(614) 555-0187") still matches the international truth (+44 7700 900461, +1 614 555 0187):
/// after dropping one leading trunk 0, the shorter must be at least 9 digits and end the
/// longer one, which may add at most a 3-digit country code.
pub fn phone_matches(truth: &str, parsed: &str) -> bool {
    let (t, p) = (digits(truth), digits(parsed));
    if t.is_empty() || p.is_empty() {
        return false;
    }
    if t == p {
        return true;
    }
    let (short, long) = if t.len() < p.len() { (t, p) } else { (p, t) };
    let short = short.strip_prefix('0').unwrap_or(&short);
    short.len() >= 9 && long.len() - short.len() <= 3 && long.ends_with(short)
}

/// A degree matches when the parse gives it alone ("B.Sc.") or with the subject the CV wrote
/// after it ("B.Sc. in Accounting", "B.Sc., Accounting", "B.Sc. Accounting").
pub fn degree_matches(truth: &Accepts, field: Option<&str>, parsed: &str) -> bool {
    let p = norm(parsed);
    truth.values().iter().any(|d| {
        if norm(d) == p {
            return true;
        }
        field.is_some_and(|f| {
            [" in ", ", ", " ", " - ", " of "]
                .iter()
                .any(|sep| norm(&format!("{d}{sep}{f}")) == p)
        })
    })
}

/// A skill matches when the names are equal after [`norm`], or when the taxonomy gives the
/// truth's name as the canonical name parsed ("MS Excel" → "Excel").
pub fn skill_matches(truth: &str, parsed: &str) -> bool {
    norm(truth) == norm(parsed) || canonical_skill(truth).is_some_and(|c| c == parsed)
}

/// Dates compare at the precision the CV gives: "2020-01" needs year and month, "2020" the
/// year alone. A null truth wants no date; "present" wants `current` and no end date.
pub fn start_matches(truth: Option<&str>, parsed: Option<CvDate>) -> bool {
    match truth {
        None => parsed.is_none(),
        Some(t) => parsed.is_some_and(|d| d.to_string() == t),
    }
}

pub fn end_matches(truth: Option<&str>, parsed: Option<CvDate>, current: bool) -> bool {
    match truth {
        Some("present") => current && parsed.is_none(),
        None => !current && parsed.is_none(),
        Some(t) => !current && parsed.is_some_and(|d| d.to_string() == t),
    }
}

// ------------------------------------------------------------------ tallies

/// Recall is `hit_truth / truth`, precision `hit_parsed / parsed`. The two hit counts only
/// differ for skills, where one parsed name may match several written ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub truth: usize,
    pub parsed: usize,
    pub hit_truth: usize,
    pub hit_parsed: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.truth += o.truth;
        self.parsed += o.parsed;
        self.hit_truth += o.hit_truth;
        self.hit_parsed += o.hit_parsed;
    }

    /// 1.0 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.hit_truth, self.truth)
    }

    /// 1.0 when nothing was claimed.
    pub fn precision(&self) -> f64 {
        ratio(self.hit_parsed, self.parsed)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

pub const GROUPS: [&str; 6] = [
    "contact",
    "experience title",
    "experience company",
    "experience dates",
    "education",
    "skills",
];

/// The score of one CV, or of many added up.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Indexed like [`GROUPS`].
    pub groups: [Tally; 6],
    pub jobs_true: usize,
    /// True experience entries paired with a parsed one.
    pub jobs_found: usize,
    /// Parsed entries paired with none: a split entry, or text taken for a job.
    pub jobs_extra: usize,
    /// CVs whose entries were all found with none extra.
    pub cvs_exact: usize,
    pub cvs: usize,
    /// CVs whose extraction failed (the upload would be refused).
    pub rejected: usize,
    /// What went wrong, for the report.
    pub misses: Vec<String>,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        for (a, b) in self.groups.iter_mut().zip(o.groups.iter()) {
            a.add(b);
        }
        self.jobs_true += o.jobs_true;
        self.jobs_found += o.jobs_found;
        self.jobs_extra += o.jobs_extra;
        self.cvs_exact += o.cvs_exact;
        self.cvs += o.cvs;
        self.rejected += o.rejected;
    }
}

fn contact_field(
    t: &mut Tally,
    misses: &mut Vec<String>,
    what: &str,
    truth: Option<&Accepts>,
    parsed: Option<&str>,
    same: impl Fn(&Accepts, &str) -> bool,
) {
    t.truth += usize::from(truth.is_some());
    t.parsed += usize::from(parsed.is_some());
    match (truth, parsed) {
        (Some(tv), Some(p)) if same(tv, p) => {
            t.hit_truth += 1;
            t.hit_parsed += 1;
        }
        (None, None) => {}
        _ => misses.push(format!("{what}: want {truth:?}, got {parsed:?}")),
    }
}

/// Pairs true and parsed entries one to one, best pairs first: `weight(i, j)` scores a pair
/// (0 = cannot be the same entry); ties go to the earlier entries.
fn align(n: usize, m: usize, weight: impl Fn(usize, usize) -> u32) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(u32, usize, usize)> = (0..n)
        .flat_map(|i| (0..m).map(move |j| (i, j)))
        .map(|(i, j)| (weight(i, j), i, j))
        .filter(|p| p.0 > 0)
        .collect();
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_t, mut used_p) = (vec![false; n], vec![false; m]);
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !used_t[i] && !used_p[j] {
            used_t[i] = true;
            used_p[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out
}

fn opt_matches(truth: Option<&Accepts>, parsed: Option<&str>) -> bool {
    matches!((truth, parsed), (Some(t), Some(p)) if text_matches(t, p))
}

pub fn score(truth: &Truth, cv: &ParsedCv) -> Score {
    let mut s = Score {
        cvs: 1,
        ..Score::default()
    };
    let misses = &mut s.misses;

    // Contact.
    let c = &mut s.groups[0];
    contact_field(
        c,
        misses,
        "name",
        truth.name.as_ref(),
        cv.name.as_deref(),
        text_matches,
    );
    contact_field(
        c,
        misses,
        "email",
        truth.email.as_ref(),
        cv.email.as_deref(),
        text_matches,
    );
    contact_field(
        c,
        misses,
        "phone",
        truth.phone.as_ref(),
        cv.phone.as_deref(),
        |t, p| t.values().iter().any(|t| phone_matches(t, p)),
    );
    contact_field(
        c,
        misses,
        "location",
        truth.location.as_ref(),
        cv.location.as_deref(),
        text_matches,
    );

    // Experience: pair entries by title and company (2 points each) and start date (1).
    let tj = &truth.experience;
    let pj = &cv.experience;
    let title_ok = |i: usize, j: usize| opt_matches(tj[i].title.as_ref(), pj[j].title.as_deref());
    let company_ok =
        |i: usize, j: usize| opt_matches(tj[i].company.as_ref(), pj[j].company.as_deref());
    let start_ok = |i: usize, j: usize| {
        tj[i].start.is_some() && start_matches(tj[i].start.as_deref(), pj[j].start)
    };
    let pairs = align(tj.len(), pj.len(), |i, j| {
        2 * u32::from(title_ok(i, j)) + 2 * u32::from(company_ok(i, j)) + u32::from(start_ok(i, j))
    });
    s.jobs_true = tj.len();
    s.jobs_found = pairs.len();
    s.jobs_extra = pj.len() - pairs.len();
    s.cvs_exact = usize::from(s.jobs_found == tj.len() && s.jobs_extra == 0);
    let [title, company, dates] = [1, 2, 3];
    s.groups[title].truth = tj.iter().filter(|j| j.title.is_some()).count();
    s.groups[title].parsed = pj.iter().filter(|j| j.title.is_some()).count();
    s.groups[company].truth = tj.iter().filter(|j| j.company.is_some()).count();
    s.groups[company].parsed = pj.iter().filter(|j| j.company.is_some()).count();
    s.groups[dates].truth = tj.len();
    s.groups[dates].parsed = pj.len();
    for &(i, j) in &pairs {
        let (t, p) = (&tj[i], &pj[j]);
        for (g, ok, what, want, got) in [
            (title, title_ok(i, j), "title", &t.title, &p.title),
            (company, company_ok(i, j), "company", &t.company, &p.company),
        ] {
            if ok {
                s.groups[g].hit_truth += 1;
                s.groups[g].hit_parsed += 1;
            } else if want.is_some() || got.is_some() {
                misses.push(format!("job {i} {what}: want {want:?}, got {got:?}"));
            }
        }
        if start_matches(t.start.as_deref(), p.start)
            && end_matches(t.end.as_deref(), p.end, p.current)
        {
            s.groups[dates].hit_truth += 1;
            s.groups[dates].hit_parsed += 1;
        } else {
            let got = |d: Option<CvDate>| d.map(|d| d.to_string());
            misses.push(format!(
                "job {i} dates: want {:?}–{:?}, got {:?}–{:?}{}",
                t.start,
                t.end,
                got(p.start),
                got(p.end),
                if p.current { " (current)" } else { "" }
            ));
        }
    }
    for (i, t) in tj.iter().enumerate() {
        if !pairs.iter().any(|&(a, _)| a == i) {
            misses.push(format!(
                "job {i} not found: {:?} at {:?}",
                t.title, t.company
            ));
        }
    }
    for (j, p) in pj.iter().enumerate() {
        if !pairs.iter().any(|&(_, b)| b == j) {
            misses.push(format!(
                "extra job: {:?} at {:?}",
                p.title.as_deref(),
                p.company.as_deref()
            ));
        }
    }

    // Education: degree and institution each count once.
    let te = &truth.education;
    let pe = &cv.education;
    let degree_ok = |i: usize, j: usize| match (&te[i].degree, &pe[j].degree) {
        (Some(t), Some(p)) => degree_matches(t, te[i].field.as_deref(), p),
        _ => false,
    };
    let school_ok =
        |i: usize, j: usize| opt_matches(te[i].institution.as_ref(), pe[j].institution.as_deref());
    let pairs = align(te.len(), pe.len(), |i, j| {
        u32::from(degree_ok(i, j)) + u32::from(school_ok(i, j))
    });
    let e = &mut s.groups[4];
    e.truth = te
        .iter()
        .map(|x| usize::from(x.degree.is_some()) + usize::from(x.institution.is_some()))
        .sum();
    e.parsed = pe
        .iter()
        .map(|x| usize::from(x.degree.is_some()) + usize::from(x.institution.is_some()))
        .sum();
    for &(i, j) in &pairs {
        let hits = usize::from(degree_ok(i, j)) + usize::from(school_ok(i, j));
        e.hit_truth += hits;
        e.hit_parsed += hits;
    }
    for (i, t) in te.iter().enumerate() {
        let paired = pairs.iter().find(|&&(a, _)| a == i);
        let ok = paired.is_some_and(|&(i, j)| {
            (t.degree.is_none() || degree_ok(i, j)) && (t.institution.is_none() || school_ok(i, j))
        });
        if !ok {
            let got = paired.map(|&(_, j)| (pe[j].degree.clone(), pe[j].institution.clone()));
            misses.push(format!(
                "school {i}: want {:?} at {:?}, got {got:?}",
                t.degree, t.institution
            ));
        }
    }
    for (j, p) in pe.iter().enumerate() {
        if !pairs.iter().any(|&(_, b)| b == j) {
            misses.push(format!(
                "extra school: {:?} at {:?}",
                p.degree, p.institution
            ));
        }
    }

    // Skills.
    let k = &mut s.groups[5];
    k.truth = truth.skills.len();
    k.parsed = cv.skills.len();
    let mut missing = Vec::new();
    for t in &truth.skills {
        if cv.skills.iter().any(|p| skill_matches(t, p)) {
            k.hit_truth += 1;
        } else {
            missing.push(t.as_str());
        }
    }
    let mut extra = Vec::new();
    for p in &cv.skills {
        if truth
            .skills
            .iter()
            .chain(&truth.skills_extra)
            .any(|t| skill_matches(t, p))
        {
            k.hit_parsed += 1;
        } else {
            extra.push(p.as_str());
        }
    }
    if !missing.is_empty() {
        misses.push(format!("skills missing: {missing:?}"));
    }
    if !extra.is_empty() {
        misses.push(format!("skills extra: {extra:?}"));
    }
    s
}

/// The corpus scored: per CV (id, tool, score), per tool, and overall.
pub struct Report {
    /// (id, tool, layout, score)
    pub per_cv: Vec<(String, String, String, Score)>,
    pub per_tool: BTreeMap<String, Score>,
    pub total: Score,
}

pub fn evaluate(docs: &[Doc]) -> Report {
    let mut per_cv = Vec::new();
    let mut per_tool: BTreeMap<String, Score> = BTreeMap::new();
    let mut total = Score::default();
    for doc in docs {
        // A document the product rejects scores as an empty parse: every field missed.
        let (cv, error) = match parse_doc(doc) {
            Ok(cv) => (cv, None),
            Err(e) => (ParsedCv::default(), Some(e.to_string())),
        };
        let mut s = score(&doc.truth, &cv);
        if let Some(e) = error {
            s.misses.insert(0, format!("rejected: {e}"));
            s.rejected = 1;
        }
        per_tool.entry(doc.truth.tool.clone()).or_default().add(&s);
        total.add(&s);
        per_cv.push((
            doc.id.clone(),
            doc.truth.tool.clone(),
            doc.truth.layout.clone(),
            s,
        ));
    }
    Report {
        per_cv,
        per_tool,
        total,
    }
}

fn pct(x: f64) -> String {
    format!("{:5.1}", x * 100.0)
}

/// The report as a Markdown table: one row per tool and one for all, recall/precision per
/// group, then the entry counts.
pub fn table(report: &Report) -> String {
    let mut out = String::from("| tool | CVs |");
    for g in GROUPS {
        out.push_str(&format!(" {g} R / P |"));
    }
    out.push_str(" jobs found | jobs extra | CVs exact | rejected |\n|---|---:|");
    for _ in GROUPS {
        out.push_str("---:|");
    }
    out.push_str("---:|---:|---:|---:|\n");
    let mut row = |name: &str, s: &Score| {
        out.push_str(&format!("| {name} | {} |", s.cvs));
        for t in &s.groups {
            out.push_str(&format!(" {} / {} |", pct(t.recall()), pct(t.precision())));
        }
        out.push_str(&format!(
            " {}/{} | {} | {}/{} | {} |\n",
            s.jobs_found, s.jobs_true, s.jobs_extra, s.cvs_exact, s.cvs, s.rejected
        ));
    };
    for (tool, s) in &report.per_tool {
        row(tool, s);
    }
    row("**all**", &report.total);
    out
}
