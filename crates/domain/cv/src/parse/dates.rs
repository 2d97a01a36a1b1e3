//! Dates and date ranges as CVs write them: "Jan 2019 – Present", "03/2018 - 11/2020",
//! "2019-01 to 2021-06", "2015 – 2017", "Sept. 2020 — now", "10.2016 – 02.2019".

use crate::model::CvDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Date(CvDate),
    Present,
}

/// A range found in a line, with the byte span it covered so the rest can be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub start: CvDate,
    pub end: End,
    pub span: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Date(CvDate),
    Present,
    RangeSep,
    Other,
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const PRESENT: &[&str] = &[
    "present",
    "current",
    "currently",
    "now",
    "today",
    "ongoing",
    "date",
];

fn month_of(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let known = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
    ];
    if !known.iter().any(|k| k.starts_with(&w)) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn plausible_year(n: u32) -> Option<u16> {
    (1950..=2100)
        .contains(&n)
        .then(|| u16::try_from(n).ok())
        .flatten()
}

/// Tokens with byte spans: dates, "present" words, range separators, anything else.
fn tokens(line: &str) -> Vec<(Tok, usize, usize)> {
    let mut raw: Vec<(&str, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let part_of_word = c.is_alphanumeric() || c == '/' || c == '.';
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                raw.push((&line[s..i], s));
                start = None;
            }
            _ => {}
        }
        if matches!(c, '-' | '–' | '—' | '~') {
            raw.push((&line[i..i + c.len_utf8()], i));
        }
    }
    if let Some(s) = start {
        raw.push((&line[s..], s));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (word, pos) = raw[i];
        let end = pos + word.len();
        let clean = word.trim_end_matches('.');
        // "Jan 2019", "January, 2019", "Sept. 2020"
        if let Some(m) = month_of(clean)
            && let Some((next, npos)) = raw.get(i + 1)
            && let Some(y) = next
                .trim_end_matches('.')
                .parse::<u32>()
                .ok()
                .and_then(plausible_year)
        {
            out.push((Tok::Date(CvDate::year_month(y, m)), pos, npos + next.len()));
            i += 2;
            continue;
        }
        if let Some(d) = numeric_date(clean) {
            out.push((Tok::Date(d), pos, end));
        } else if let Some((a, b)) = year_pair(clean) {
            // "2019-2021" arrives as one token only when written with '/'; '-' splits above.
            out.push((Tok::Date(a), pos, end));
            out.push((Tok::RangeSep, pos, end));
            out.push((Tok::Date(b), pos, end));
        } else if PRESENT.contains(&clean.to_lowercase().as_str()) {
            out.push((Tok::Present, pos, end));
        } else if matches!(clean, "-" | "–" | "—" | "~")
            || matches!(
                clean.to_lowercase().as_str(),
                "to" | "until" | "till" | "through"
            )
        {
            out.push((Tok::RangeSep, pos, end));
        } else {
            out.push((Tok::Other, pos, end));
        }
        i += 1;
    }
    out
}

/// "2019", "03/2019", "3.2019", "2019/03", "2019.03"; "2019-03" arrives split and is joined in
/// [`find_range`].
fn numeric_date(s: &str) -> Option<CvDate> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => num(y).and_then(plausible_year).map(CvDate::year),
        [m, y] if m.len() <= 2 && y.len() == 4 => month_date(num(y)?, num(m)?),
        [y, m] if y.len() == 4 && m.len() <= 2 => month_date(num(y)?, num(m)?),
        _ => None,
    }
}

fn year_pair(s: &str) -> Option<(CvDate, CvDate)> {
    let (a, b) = s.split_once('/')?;
    let a = (a.len() == 4)
        .then(|| a.parse::<u32>().ok().and_then(plausible_year))
        .flatten()?;
    let b = (b.len() == 4)
        .then(|| b.parse::<u32>().ok().and_then(plausible_year))
        .flatten()?;
    Some((CvDate::year(a), CvDate::year(b)))
}

fn month_date(year: u32, month: u32) -> Option<CvDate> {
    let y = plausible_year(year)?;
    let m = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    Some(CvDate::year_month(y, m))
}

/// Joins "2019", "-", "03" (how "2019-03" tokenises) into one year-month date.
fn join_iso_months(line: &str, toks: Vec<(Tok, usize, usize)>) -> Vec<(Tok, usize, usize)> {
    let mut out: Vec<(Tok, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let (Tok::Date(d), s, e) = toks[i]
            && d.month.is_none()
            && matches!(toks.get(i + 1), Some((Tok::RangeSep, ss, _)) if *ss == e)
            && let Some(&(Tok::Other, ms, me)) = toks.get(i + 2)
        {
            let month = &line[ms..me];
            if ms == e + 1
                && month.len() == 2
                && let Some(m) = month
                    .parse::<u32>()
                    .ok()
                    .and_then(|m| month_date(u32::from(d.year), m))
            {
                out.push((Tok::Date(m), s, me));
                i += 3;
                continue;
            }
        }
        out.push(toks[i]);
        i += 1;
    }
    out
}

/// The first "date separator date-or-present" in a line.
pub(crate) fn find_range(line: &str) -> Option<DateRange> {
    let toks = join_iso_months(line, tokens(line));
    for (i, &(tok, s, _)) in toks.iter().enumerate() {
        let Tok::Date(start) = tok else { continue };
        let mut j = i + 1;
        let mut saw_sep = false;
        while let Some((Tok::RangeSep, _, _)) = toks.get(j) {
            saw_sep = true;
            j += 1;
        }
        if !saw_sep {
            continue;
        }
        match toks.get(j) {
            Some(&(Tok::Date(end), _, e)) if end >= start => {
                return Some(DateRange {
                    start,
                    end: End::Date(end),
                    span: (s, e),
                });
            }
            Some(&(Tok::Present, _, e)) => {
                return Some(DateRange {
                    start,
                    end: End::Present,
                    span: (s, e),
                });
            }
            _ => {}
        }
    }
    None
}

/// Every date mentioned in a line, in order (for graduation years and certifications).
pub(crate) fn find_dates(line: &str) -> Vec<CvDate> {
    join_iso_months(line, tokens(line))
        .into_iter()
        .filter_map(|(t, _, _)| match t {
            Tok::Date(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// The line with a span cut out and the separators left dangling around it trimmed.
pub(crate) fn without_span(line: &str, span: (usize, usize)) -> String {
    let (a, b) = span;
    let left = line[..a]
        .trim_end()
        .trim_end_matches(['|', ',', '(', '-', '–', '—', '·', '•']);
    let right = line[b..]
        .trim_start()
        .trim_start_matches(['|', ',', ')', '-', '–', '—', '·', '•']);
    match (left.trim().is_empty(), right.trim().is_empty()) {
        (true, _) => right.trim().to_owned(),
        (_, true) => left.trim().to_owned(),
        _ => format!("{}   {}", left.trim(), right.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Option<(String, String)> {
        find_range(s).map(|r| {
            let end = match r.end {
                End::Date(d) => d.to_string(),
                End::Present => "present".into(),
            };
            (r.start.to_string(), end)
        })
    }

    fn p(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.into(), b.into()))
    }

    #[test]
    fn range_formats() {
        assert_eq!(r("Acme   Jan 2019 – Present"), p("2019-01", "present"));
        assert_eq!(r("03/2018 - 11/2020"), p("2018-03", "2020-11"));
        assert_eq!(r("2019-01 to 2021-06"), p("2019-01", "2021-06"));
        assert_eq!(r("2015 – 2017"), p("2015", "2017"));
        assert_eq!(r("2015-2017"), p("2015", "2017"));
        assert_eq!(r("Sept. 2020 — now"), p("2020-09", "present"));
        assert_eq!(r("10.2016 – 02.2019"), p("2016-10", "2019-02"));
        assert_eq!(r("September 2012 until June 2014"), p("2012-09", "2014-06"));
        assert_eq!(r("Managed 2000 servers - daily"), None);
    }

    #[test]
    fn span_removal() {
        let line = "Acme Corp | Jan 2019 – Present";
        let range = find_range(line).unwrap();
        assert_eq!(without_span(line, range.span), "Acme Corp");
    }
}
