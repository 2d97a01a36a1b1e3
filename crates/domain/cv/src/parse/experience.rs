//! Work experience entries: each anchored on a line holding a date range; the company and
//! title are read from that line and the short lines just around it.

use crate::model::{CvDate, Experience, ExperienceLevel};

use super::contact::TITLE_WORDS;
use super::dates::{End, find_range, without_span};
use super::text::{Line, split_fields};

const COMPANY_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "llp",
    "gmbh",
    "ag",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "company",
    "technologies",
    "technology",
    "labs",
    "solutions",
    "systems",
    "group",
    "bank",
    "studio",
    "studios",
    "consulting",
    "partners",
    "services",
    "limited",
    "pvt",
    "plc",
    "sa",
    "bv",
    "holdings",
    "ventures",
    "agency",
    "media",
    "networks",
    "digital",
    "health",
    "university",
    "institute",
    "hospital",
    "foundation",
    "analytics",
    "capital",
    "energy",
];

/// At most this many lines above a date line are read as its heading.
const MAX_HEAD_LINES: usize = 2;

pub(crate) fn parse(lines: &[Line]) -> Vec<Experience> {
    let anchors: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.bullet && find_range(&l.text).is_some())
        .map(|(i, _)| i)
        .collect();
    let mut entries = Vec::new();
    // Where the previous entry's own lines end; heads never reach above it.
    let mut floor = 0;
    let mut heads: Vec<(usize, usize)> = Vec::new();
    for &a in &anchors {
        let mut first = a;
        while first > floor
            && a - first < MAX_HEAD_LINES
            && is_head_line(&lines[first - 1])
            && !anchors.contains(&(first - 1))
        {
            first -= 1;
        }
        heads.push((first, a));
        floor = a + 1;
    }
    for (k, &(first, a)) in heads.iter().enumerate() {
        let next_head = heads.get(k + 1).map_or(lines.len(), |h| h.0);
        let Some(range) = find_range(&lines[a].text) else {
            continue;
        };
        let mut fields: Vec<String> = Vec::new();
        for line in &lines[first..a] {
            fields.extend(split_fields(&line.text));
        }
        fields.extend(split_fields(&without_span(&lines[a].text, range.span)));
        let mut body_start = a + 1;
        // "Company | dates" then "Title" on the next line (or the other way round).
        while fields.len() < 2 && body_start < next_head && is_head_line(&lines[body_start]) {
            fields.extend(split_fields(&lines[body_start].text));
            body_start += 1;
        }
        let (title, company) = title_and_company(&fields);
        let description: Vec<&str> = lines[body_start.min(next_head)..next_head]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        let (end, current) = match range.end {
            End::Date(d) => (Some(d), false),
            End::Present => (None, true),
        };
        entries.push(Experience {
            company,
            title,
            start: Some(range.start),
            end,
            current,
            description: (!description.is_empty()).then(|| description.join("\n")),
        });
    }
    entries
}

/// A heading line of an entry is short, not a bullet, and not a sentence.
fn is_head_line(line: &Line) -> bool {
    !line.bullet && line.words() <= 10 && !line.text.ends_with('.') && line.text.len() < 90
}

fn title_score(field: &str) -> i32 {
    let lower = field.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // Title words weigh double: "Software Tester" and "Bank Teller" are still titles.
    words.iter().filter(|w| TITLE_WORDS.contains(w)).count() as i32 * 2
        - words.iter().filter(|w| COMPANY_WORDS.contains(w)).count() as i32
}

/// The title is the field with the most job-title words; the company is the first other
/// field that is not a place ("Berlin, Germany") when a better one exists.
fn title_and_company(fields: &[String]) -> (Option<String>, Option<String>) {
    let mut fields: Vec<String> = fields.iter().flat_map(|f| split_at_word(f)).collect();
    fields.retain(|f| f.chars().any(char::is_alphabetic));
    if fields.is_empty() {
        return (None, None);
    }
    let title_idx = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| title_score(f) > 0)
        .max_by_key(|(i, f)| (title_score(f), -(*i as i32)))
        .map(|(i, _)| i);
    let title = title_idx.map(|i| fields[i].clone());
    let company = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_idx)
        .map(|(_, f)| f)
        .find(|f| !is_place(f))
        .map(|f| strip_place_suffix(f));
    // With no title word anywhere, "Title, Company" order is the common convention.
    if title.is_none() && fields.len() >= 2 {
        return (
            Some(fields[0].clone()),
            Some(strip_place_suffix(&fields[1])),
        );
    }
    (title, company)
}

/// "Senior Engineer at Stripe" and "Engineer, Acme Corp" hold both fields in one.
fn split_at_word(field: &str) -> Vec<String> {
    for sep in [" at ", " @ ", ", "] {
        if let Some((a, b)) = field.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if sep == ", " && !(title_score(a) > 0 && title_score(b) <= 0) {
                continue;
            }
            if !a.is_empty() && !b.is_empty() {
                return vec![a.to_owned(), b.to_owned()];
            }
        }
    }
    vec![field.to_owned()]
}

fn is_place(field: &str) -> bool {
    super::contact::calling_code(field).is_some()
        && title_score(field) == 0
        && field.split_whitespace().count() <= 4
        || field.eq_ignore_ascii_case("remote")
}

/// "Acme Corp, Berlin" → "Acme Corp", but "Acme, Inc." stays whole.
fn strip_place_suffix(field: &str) -> String {
    match field.rsplit_once(", ") {
        Some((head, tail))
            if !COMPANY_WORDS.contains(&tail.to_lowercase().as_str()) && !head.is_empty() =>
        {
            head.trim().to_owned()
        }
        _ => field.trim().to_owned(),
    }
}

/// Years of experience: the union of the entries' intervals (overlapping jobs count once).
pub(crate) fn total_years(entries: &[Experience], today: CvDate) -> Option<f32> {
    let mut spans: Vec<(i32, i32)> = entries
        .iter()
        .filter_map(|e| {
            let start = e.start?.month_index();
            let end = if e.current { today } else { e.end? };
            // A bare year counts from its January, so "2015 – 2017" is two years, as readers
            // take it.
            let end = end.month_index();
            (end >= start).then_some((start, end.max(start + 1)))
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let mut months = 0;
    let mut current: Option<(i32, i32)> = None;
    for (s, e) in spans {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                months += ce - cs;
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        months += ce - cs;
    }
    Some((months as f32 / 12.0 * 10.0).round() / 10.0)
}

/// Lead when the latest title says so; otherwise by years, with "senior" in the title
/// counting as senior.
pub(crate) fn level(entries: &[Experience], years: Option<f32>) -> Option<ExperienceLevel> {
    let latest = entries
        .iter()
        .max_by_key(|e| (e.current, e.end.or(e.start)))
        .and_then(|e| e.title.as_deref())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let has = |w: &str| latest.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if [
        "lead",
        "principal",
        "head",
        "director",
        "vp",
        "chief",
        "cto",
        "manager",
        "staff",
    ]
    .iter()
    .any(|w| has(w))
    {
        return Some(ExperienceLevel::Lead);
    }
    let years = years?;
    Some(if has("senior") || has("sr") || years >= 5.0 {
        ExperienceLevel::Senior
    } else if years >= 2.0 {
        ExperienceLevel::Mid
    } else {
        ExperienceLevel::Junior
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter().map(|s| Line::new(s, None, None)).collect()
    }

    #[test]
    fn title_and_company_in_several_layouts() {
        let e = parse(&lines(&[
            "Senior Software Engineer — Stripe   Jan 2020 – Present",
            "• Built payments",
            "Acme Corp, Berlin",
            "Backend Developer",
            "03/2017 - 12/2019",
            "• Wrote Go services",
            "Globex Inc.   2015 – 2017",
            "Junior Developer",
            "Maintained PHP code.",
        ]));
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].title.as_deref(), Some("Senior Software Engineer"));
        assert_eq!(e[0].company.as_deref(), Some("Stripe"));
        assert!(e[0].current);
        assert_eq!(e[1].company.as_deref(), Some("Acme Corp"));
        assert_eq!(e[1].title.as_deref(), Some("Backend Developer"));
        assert_eq!(e[2].company.as_deref(), Some("Globex Inc."));
        assert_eq!(e[2].title.as_deref(), Some("Junior Developer"));
        assert_eq!(e[2].description.as_deref(), Some("Maintained PHP code."));
    }

    #[test]
    fn years_union_and_level() {
        let e = parse(&lines(&[
            "Dev, Acme   2015 - 2017",
            "Engineer, Beta   2016 - 2020",
        ]));
        let years = total_years(&e, CvDate::year_month(2026, 1));
        assert_eq!(years, Some(5.0));
        assert_eq!(level(&e, years), Some(ExperienceLevel::Senior));
    }
}
