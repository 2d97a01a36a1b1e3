//! Dates and date ranges as CVs write them: "Jan 2019 – Present", "03/2018 - 11/2020",
//! "2019-01 to 2021-06", "2015 – 2017", "Sept. 2020 — now", "10.2016 – 02.2019".

use crate::model::CvDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Date(CvDate),
    Present,
    /// A placeholder ("20XX") or a date that could not be read: the entry has an end, but
    /// no one can say which.
    Unknown,
}

/// A range found in a line, with the byte span it covered so the rest can be read as text.
/// `start` is `None` for template placeholders ("Jan 20XX – Present").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub start: Option<CvDate>,
    pub end: End,
    pub span: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Date(CvDate),
    /// "20XX", "YYYY", "Month 20XX": a template's placeholder for a date.
    Placeholder,
    Present,
    RangeSep,
    /// "Since 2019", "Seit 2019", "From 2019": an open range follows.
    Since,
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
    "heute",
    "aktuell",
    "atual",
    "presente",
    "actualidad",
];

fn month_of(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    // Portuguese and German months CVs from Brazil and Germany keep ("Fev 2019", "Mai 2020").
    let other = [
        ("fev", 2),
        ("fevereiro", 2),
        ("janeiro", 1),
        ("março", 3),
        ("marco", 3),
        ("mär", 3),
        ("märz", 3),
        ("abr", 4),
        ("abril", 4),
        ("mai", 5),
        ("maio", 5),
        ("junho", 6),
        ("juni", 6),
        ("julho", 7),
        ("juli", 7),
        ("ago", 8),
        ("agosto", 8),
        ("set", 9),
        ("setembro", 9),
        ("out", 10),
        ("outubro", 10),
        ("okt", 10),
        ("oktober", 10),
        ("novembro", 11),
        ("dez", 12),
        ("dezembro", 12),
        ("dezember", 12),
        ("januar", 1),
        ("februar", 2),
    ];
    if let Some((_, m)) = other.iter().find(|(k, _)| *k == w) {
        return Some(*m);
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

/// "Summer 2019": a season stands for its year.
fn is_season(word: &str) -> bool {
    ["spring", "summer", "autumn", "fall", "winter"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(word))
}

/// "20XX", "19xx", "XXXX", "YYYY": the years templates ship with.
fn is_placeholder_year(word: &str) -> bool {
    let w = word.as_bytes();
    w.len() == 4
        && (((w.starts_with(b"20") || w.starts_with(b"19"))
            && w[2..].iter().all(|b| matches!(b, b'x' | b'X')))
            || w.iter().all(|b| matches!(b, b'x' | b'X'))
            || w.iter().all(|b| matches!(b, b'y' | b'Y')))
}

fn plausible_year(n: u32) -> Option<u16> {
    (1950..=2100)
        .contains(&n)
        .then(|| u16::try_from(n).ok())
        .flatten()
}

fn year_of(word: &str) -> Option<u16> {
    let w = word.trim_end_matches('.');
    if w.len() != 4 {
        return None;
    }
    w.parse::<u32>().ok().and_then(plausible_year)
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
        if matches!(c, '-' | '–' | '—' | '~' | '→' | '‒' | '−') {
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
        let lower = clean.to_lowercase();
        let month = month_of(clean);
        let month_like = month.is_some() || lower == "month" || lower == "mm";
        // "Jan-2020" writes month and year with a hyphen and no space.
        let (next, skip) = match (raw.get(i + 1), raw.get(i + 2)) {
            (Some(&(dash, dpos)), Some(&(y, ypos)))
                if month_like && dash == "-" && dpos == end && ypos == dpos + 1 =>
            {
                (Some((y, ypos)), 3)
            }
            (Some(&n), _) => (Some(n), 2),
            (None, _) => (None, 2),
        };
        if let Some((next, npos)) = next {
            // "Jan 2019", "January, 2019", "Sept. 2020", "Summer 2019", "Month 20XX"
            let next_end = npos + next.len();
            if let (Some(m), Some(y)) = (month, year_of(next)) {
                out.push((Tok::Date(CvDate::year_month(y, m)), pos, next_end));
                i += skip;
                continue;
            }
            if is_season(clean)
                && let Some(y) = year_of(next)
            {
                out.push((Tok::Date(CvDate::year(y)), pos, next_end));
                i += skip;
                continue;
            }
            if month_like && is_placeholder_year(next.trim_end_matches('.')) {
                out.push((Tok::Placeholder, pos, next_end));
                i += skip;
                continue;
            }
        }
        if let Some(d) = numeric_date(clean) {
            out.push((Tok::Date(d), pos, end));
        } else if is_placeholder_year(clean) {
            out.push((Tok::Placeholder, pos, end));
        } else if let Some((a, b)) = year_pair(clean) {
            // "2019-2021" arrives as one token only when written with '/'; '-' splits above.
            out.push((Tok::Date(a), pos, end));
            out.push((Tok::RangeSep, pos, end));
            out.push((Tok::Date(b), pos, end));
        } else if PRESENT.contains(&lower.as_str()) {
            out.push((Tok::Present, pos, end));
        } else if matches!(clean, "-" | "–" | "—" | "~" | "→" | "‒" | "−")
            || matches!(
                lower.as_str(),
                "to" | "until" | "till" | "through" | "thru" | "bis" | "até"
            )
        {
            out.push((Tok::RangeSep, pos, end));
        } else if matches!(
            lower.as_str(),
            "since" | "seit" | "from" | "desde" | "depuis"
        ) {
            out.push((Tok::Since, pos, end));
        } else {
            out.push((Tok::Other, pos, end));
        }
        i += 1;
    }
    out
}

/// "2019", "03/2019", "3.2019", "2019/03", "2019.03", "15.03.2019", "15/03/2019"; "2019-03"
/// arrives split and is joined in [`find_range`].
fn numeric_date(s: &str) -> Option<CvDate> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    let num = |p: &str| p.parse::<u32>().ok();
    let short = |p: &str| (1..=2).contains(&p.len());
    match parts.as_slice() {
        [y] if y.len() == 4 => num(y).and_then(plausible_year).map(CvDate::year),
        [m, y] if short(m) && y.len() == 4 => month_date(num(y)?, num(m)?),
        [y, m] if y.len() == 4 && short(m) => month_date(num(y)?, num(m)?),
        // Day first (dd.mm.yyyy, dd/mm/yyyy) unless the second part cannot be a month
        // (the US mm/dd/yyyy).
        [a, b, y] if short(a) && short(b) && y.len() == 4 => {
            let (a, b) = (num(a)?, num(b)?);
            if b > 12 {
                month_date(num(y)?, a)
            } else if a <= 31 {
                month_date(num(y)?, b)
            } else {
                None
            }
        }
        [y, m, d] if y.len() == 4 && short(m) && short(d) => month_date(num(y)?, num(m)?),
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

/// Joins "2019", "-", "03" (how "2019-03" tokenises) into one year-month date, and a
/// following "-", "15" (ISO "2019-03-15") into the same date.
fn join_iso_months(line: &str, toks: Vec<(Tok, usize, usize)>) -> Vec<(Tok, usize, usize)> {
    let mut out: Vec<(Tok, usize, usize)> = Vec::new();
    let mut i = 0;
    let two_digits =
        |s: usize, e: usize| e == s + 2 && line[s..e].bytes().all(|b| b.is_ascii_digit());
    while i < toks.len() {
        if let (Tok::Date(d), s, e) = toks[i]
            && d.month.is_none()
            && matches!(toks.get(i + 1), Some((Tok::RangeSep, ss, _)) if *ss == e)
            && let Some(&(Tok::Other, ms, me)) = toks.get(i + 2)
        {
            let month = &line[ms..me];
            if ms == e + 1
                && two_digits(ms, me)
                && let Some(m) = month
                    .parse::<u32>()
                    .ok()
                    .and_then(|m| month_date(u32::from(d.year), m))
            {
                let mut end = me;
                i += 3;
                if matches!(toks.get(i), Some((Tok::RangeSep, ss, _)) if *ss == me)
                    && let Some(&(Tok::Other, ds, de)) = toks.get(i + 1)
                    && ds == me + 1
                    && two_digits(ds, de)
                {
                    end = de;
                    i += 2;
                }
                out.push((Tok::Date(m), s, end));
                continue;
            }
        }
        out.push(toks[i]);
        i += 1;
    }
    out
}

fn is_datelike(t: Tok) -> bool {
    matches!(t, Tok::Date(_) | Tok::Placeholder)
}

/// The first "date separator date-or-present" in a line; also "Since 2019" and an open
/// "2019 –" at the end of a field, which both mean the job goes on.
pub(crate) fn find_range(line: &str) -> Option<DateRange> {
    let toks = join_iso_months(line, tokens(line));
    for (i, &(tok, s, e0)) in toks.iter().enumerate() {
        let start = match tok {
            Tok::Date(d) => Some(d),
            Tok::Placeholder => None,
            _ => continue,
        };
        if i > 0
            && let (Tok::Since, since_start, _) = toks[i - 1]
            && !matches!(toks.get(i + 1), Some((Tok::RangeSep, _, _)))
        {
            return Some(DateRange {
                start,
                end: End::Present,
                span: (since_start, e0),
            });
        }
        let mut j = i + 1;
        let mut saw_sep = false;
        let mut sep_end = e0;
        while let Some(&(Tok::RangeSep, _, se)) = toks.get(j) {
            saw_sep = true;
            sep_end = se;
            j += 1;
        }
        if !saw_sep {
            // "03/2021  Present", "2011  2016": the dash was a glyph the font could not map.
            match toks.get(j) {
                Some(&(Tok::Present, _, e)) => {
                    return Some(DateRange {
                        start,
                        end: End::Present,
                        span: (s, e),
                    });
                }
                Some(&(Tok::Date(end), _, e))
                    if start.is_some_and(|st| end > st) && line[e0..].len() < 40 =>
                {
                    return Some(DateRange {
                        start,
                        end: End::Date(end),
                        span: (s, e),
                    });
                }
                _ => {}
            }
            continue;
        }
        // "From 2019 to 2021": the "from" goes with the range.
        let s = match i.checked_sub(1).map(|k| toks[k]) {
            Some((Tok::Since, since_start, _)) => since_start,
            _ => s,
        };
        let range = |end, e| DateRange {
            start,
            end,
            span: (s, e),
        };
        match toks.get(j) {
            Some(&(Tok::Date(end), _, e)) if start.is_none_or(|st| end >= st) => {
                return Some(range(End::Date(end), e));
            }
            Some(&(Tok::Placeholder, _, e)) => return Some(range(End::Unknown, e)),
            Some(&(Tok::Present, _, e)) => return Some(range(End::Present, e)),
            // "2019 –" with nothing after it, or only another field ("2019 –   Berlin").
            None => return Some(range(End::Present, sep_end)),
            Some(&(_, next, _)) => {
                let gap = &line[sep_end..next];
                // "2015– Approved Electrician": a dash written against the year and a space
                // after it closes an open range (moderncv's "2015--"); a field dash has a
                // space on both sides.
                let attached = toks.get(i + 1).is_some_and(|t| t.1 == e0) && !gap.is_empty();
                if gap.contains("  ") || gap.contains('|') || attached {
                    return Some(range(End::Present, sep_end));
                }
            }
        }
    }
    None
}

/// "Jun 2017 – Senior Teacher, School": a start date and a dash opening the line, the end
/// having wrapped onto the next line (moderncv's date column). Returns the start's text and
/// the rest of the line after the dash.
pub(crate) fn leading_open_date(line: &str) -> Option<(&str, &str)> {
    let toks = join_iso_months(line, tokens(line));
    match toks.as_slice() {
        [(d, 0, de), (Tok::RangeSep, _, se), rest @ ..]
            if is_datelike(*d)
                && !rest
                    .first()
                    .is_some_and(|t| is_datelike(t.0) || t.0 == Tok::Present) =>
        {
            Some((&line[..*de], line[*se..].trim()))
        }
        _ => None,
    }
}

/// The byte length of a date or "Present" opening the line, if one does.
pub(crate) fn leading_end(line: &str) -> Option<usize> {
    let toks = join_iso_months(line, tokens(line));
    match toks.first() {
        Some(&(t, 0, e)) if is_datelike(t) || t == Tok::Present => Some(e),
        _ => None,
    }
}

/// A line's only date when it stands alone in its field ("June 2019", "Acme   2019"): a
/// one-date entry (a summer job, a placeholder "20XX"). Start and end are the same date.
pub(crate) fn find_lone_date(line: &str) -> Option<DateRange> {
    let toks = join_iso_months(line, tokens(line));
    let dates: Vec<&(Tok, usize, usize)> = toks.iter().filter(|t| is_datelike(t.0)).collect();
    let &[&(tok, s, e)] = dates.as_slice() else {
        return None;
    };
    let before = line[..s].trim_end();
    let after = line[e..].trim_start();
    let field_edge = |side: &str, at_end: bool| {
        side.is_empty()
            || if at_end {
                line[..s].ends_with("   ") || before.ends_with(['|', ',', '•', '·', '(', '–', '—'])
            } else {
                line[e..].starts_with("   ")
                    || after.starts_with(['|', ',', '•', '·', ')', '–', '—'])
            }
    };
    if !(field_edge(before, true) && field_edge(after, false)) {
        return None;
    }
    let date = match tok {
        Tok::Date(d) => Some(d),
        _ => None,
    };
    Some(DateRange {
        start: date,
        end: date.map_or(End::Unknown, End::Date),
        span: (s, e),
    })
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
                End::Unknown => "?".into(),
            };
            (r.start.map_or("?".into(), |d| d.to_string()), end)
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
    fn open_placeholder_and_day_first_ranges() {
        assert_eq!(r("Since 2019"), p("2019", "present"));
        assert_eq!(r("Acme Corp   2020 –"), p("2020", "present"));
        assert_eq!(r("2020 –   Berlin"), p("2020", "present"));
        assert_eq!(r("Jan 20XX – Present"), p("?", "present"));
        assert_eq!(r("MONTH 20XX - MONTH 20XX"), p("?", "?"));
        assert_eq!(r("01.03.2019 – 30.06.2021"), p("2019-03", "2021-06"));
        assert_eq!(r("Jun-2018 to Till Date"), p("2018-06", "present"));
        assert_eq!(r("2019-03-01 – 2021-06-30"), p("2019-03", "2021-06"));
        assert_eq!(r("Summer 2019 - Fall 2020"), p("2019", "2020"));
        assert_eq!(r("2019 - Graduated with honours"), None);
        // moderncv's open "2015--" sits against the year; a field dash has spaces round it.
        assert_eq!(r("2015– Electrician, Acme"), p("2015", "present"));
        assert_eq!(r("2015 – Electrician, Acme"), None);
        let lone = |s: &str| find_lone_date(s).map(|r| r.start.map(|d| d.to_string()));
        assert_eq!(lone("June 2019"), Some(Some("2019-06".into())));
        assert_eq!(
            lone("Barista | Café Nero | 2019"),
            Some(Some("2019".into()))
        );
        assert_eq!(lone("Won the 2019 sales award"), None);
    }

    #[test]
    fn span_removal() {
        let line = "Acme Corp | Jan 2019 – Present";
        let range = find_range(line).unwrap();
        assert_eq!(without_span(line, range.span), "Acme Corp");
    }
}
