//! Turns positioned glyphs into reading-order lines, reading a two-column page one column
//! after the other so that sections (a sidebar of skills, a main column of experience) stay whole.

use super::TextLine;

/// One shown character, in PDF user space (points, origin bottom left, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub page: u32,
    pub x: f32,
    pub y: f32,
    /// Horizontal advance, so the next glyph's gap can be measured.
    pub advance: f32,
    pub size: f32,
    pub text: String,
}

/// A run of glyphs on one baseline with no wide gap inside: a line of one column.
#[derive(Debug, Clone)]
struct Fragment {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    /// Where each piece of `text` starts, so a line that overflows into the gutter (a long
    /// URL in a sidebar) can be cut back into its two columns.
    pieces: Vec<(f32, String)>,
}

/// A gap wider than this many ems splits a baseline into fragments (column gutter, or a date
/// pushed to the right margin); word spaces are about a quarter em.
const FRAGMENT_GAP_EMS: f32 = 2.0;
/// A gap wider than this many ems inside a fragment is a word break.
const WORD_GAP_EMS: f32 = 0.15;
/// Two columns are believed only if at most this share of fragments straddles the gutter.
const MAX_STRADDLING_SHARE: f32 = 0.08;
/// ... and each side holds at least this share of the fragments.
const MIN_COLUMN_SHARE: f32 = 0.2;

/// Groups glyphs into lines per page, in reading order (columns read in turn).
pub fn lines_from_glyphs(glyphs: &[Glyph]) -> Vec<TextLine> {
    let mut pages: Vec<u32> = glyphs.iter().map(|g| g.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let mut lines = Vec::new();
    for page in pages {
        let on_page: Vec<(usize, &Glyph)> = glyphs
            .iter()
            .enumerate()
            .filter(|(_, g)| g.page == page)
            .collect();
        lines.extend(page_lines(page, on_page));
    }
    lines
}

fn page_lines(page: u32, mut glyphs: Vec<(usize, &Glyph)>) -> Vec<TextLine> {
    glyphs.retain(|(_, g)| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    glyphs.sort_by(|(_, a), (_, b)| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let fragments = fragments(&glyphs);
    match find_gutter(&fragments) {
        None => merge_same_baseline(
            fragments
                .into_iter()
                .map(|f| to_line(page, 0, vec![f]))
                .collect(),
        ),
        Some(gutter) => two_column_lines(page, fragments, gutter),
    }
}

/// Baselines (within 40 % of the font size) sorted left to right, cut at wide gaps.
fn fragments(sorted: &[(usize, &Glyph)]) -> Vec<Fragment> {
    let mut rows: Vec<Vec<(usize, &Glyph)>> = Vec::new();
    for &(i, g) in sorted {
        match rows.last_mut() {
            Some(row) if (row[0].1.y - g.y).abs() <= 0.4 * row[0].1.size.max(g.size).max(1.0) => {
                row.push((i, g))
            }
            _ => rows.push(vec![(i, g)]),
        }
    }
    let mut out = Vec::new();
    for row in rows {
        let row = reading_order(row);
        let mut current: Option<Fragment> = None;
        for g in row {
            let em = g.size.max(1.0);
            let blank = g.text.trim().is_empty();
            if let Some(f) = current.as_mut() {
                let gap = g.x - f.x1;
                if gap > FRAGMENT_GAP_EMS * em && !blank {
                    out.extend(current.take().map(finish));
                } else {
                    let ends_with_space = f.pieces.last().is_some_and(|(_, t)| t == " ");
                    if (blank || gap > WORD_GAP_EMS * em) && !ends_with_space {
                        f.pieces.push((g.x, " ".to_owned()));
                    }
                    if !blank {
                        f.pieces.push((g.x, g.text.clone()));
                    }
                    f.x1 = f.x1.max(g.x + g.advance);
                    f.size = f.size.max(g.size);
                    continue;
                }
            }
            if blank {
                continue;
            }
            current = Some(Fragment {
                x0: g.x,
                x1: g.x + g.advance,
                y: g.y,
                size: g.size,
                text: String::new(),
                pieces: vec![(g.x, g.text.clone())],
            });
        }
        out.extend(current.map(finish));
    }
    out.retain(|f| !f.text.is_empty());
    out
}

/// A baseline's glyphs left to right. Runs the content stream draws rightwards keep the
/// stream's order: a kerned pair ("Aw", "va") can report its second glyph a hair left of the
/// first, and sorting by x alone would swap them ("wAolowo"). Runs are then placed by where
/// they start, so a stream that draws a right column first still reads left to right.
fn reading_order(mut row: Vec<(usize, &Glyph)>) -> Vec<&Glyph> {
    row.sort_by_key(|(i, _)| *i);
    let mut keyed: Vec<(f32, usize, &Glyph)> = Vec::with_capacity(row.len());
    let mut run_start = f32::NAN;
    let mut prev_x = f32::NEG_INFINITY;
    for (i, g) in row {
        if run_start.is_nan() || g.x < prev_x - 0.3 * g.size.max(1.0) {
            run_start = g.x;
        }
        prev_x = g.x;
        keyed.push((run_start, i, g));
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, _, g)| g).collect()
}

fn finish(mut f: Fragment) -> Fragment {
    f.text = f
        .pieces
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<String>()
        .trim()
        .to_owned();
    // A glyph the font gives no character for, set apart before the words (TeX's bullet in
    // a font without a Unicode map), is a list bullet: say so rather than lose it.
    let mut chars = f.text.chars();
    if chars.next().is_some_and(|c| c.is_control() && c != '\t') && chars.next() == Some(' ') {
        let first = f.text.chars().next().map_or(0, char::len_utf8);
        f.text.replace_range(..first, "•");
    }
    f
}

/// Cuts a fragment at the first word that starts at or right of the gutter.
fn split_at_gutter(f: &Fragment, gutter: f32) -> Option<(Fragment, Fragment)> {
    let k = f
        .pieces
        .iter()
        .position(|(x, t)| *x >= gutter - 0.5 && t != " ")?;
    if k == 0 || f.pieces[k - 1].1 != " " {
        return None;
    }
    let left = finish(Fragment {
        x1: f.pieces[k - 1].0,
        pieces: f.pieces[..k].to_vec(),
        ..f.clone()
    });
    let right = finish(Fragment {
        x0: f.pieces[k].0,
        pieces: f.pieces[k..].to_vec(),
        ..f.clone()
    });
    Some((left, right))
}

/// An x where the page splits into two columns: many fragments end left of it, many start at
/// or right of it, and almost none straddle it. One-column CVs with right-aligned dates fail
/// the straddling test because their description lines run across the whole width.
fn find_gutter(fragments: &[Fragment]) -> Option<f32> {
    if fragments.len() < 8 {
        return None;
    }
    let min_x = fragments.iter().map(|f| f.x0).fold(f32::INFINITY, f32::min);
    let max_x = fragments
        .iter()
        .map(|f| f.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let width = max_x - min_x;
    if width <= 0.0 {
        return None;
    }
    let total = fragments.len() as f32;
    let mut best: Option<(usize, f32)> = None;
    for candidate in fragments.iter().map(|f| f.x0) {
        let rel = (candidate - min_x) / width;
        if !(0.2..=0.8).contains(&rel) {
            continue;
        }
        let left = fragments.iter().filter(|f| f.x1 <= candidate).count();
        let right = fragments.iter().filter(|f| f.x0 >= candidate - 0.5).count();
        let straddling = fragments.len() - left - right;
        let ok = (straddling as f32) <= MAX_STRADDLING_SHARE * total
            && left as f32 >= MIN_COLUMN_SHARE * total
            && right as f32 >= MIN_COLUMN_SHARE * total;
        if ok && best.is_none_or(|(s, _)| straddling < s) {
            best = Some((straddling, candidate));
        }
    }
    let gutter = best.map(|(_, g)| g)?;
    // Dates and places pushed to the right margin ("June 2020 – Present", "Lagos") start
    // wherever their length puts them; a real column lines up on its left edge. (Right edges
    // cannot tell: some fonts report advances too small.)
    let right: Vec<f32> = fragments
        .iter()
        .filter(|f| f.x0 >= gutter - 0.5)
        .map(|f| f.x0)
        .collect();
    let aligned = right
        .iter()
        .map(|x| right.iter().filter(|y| (*y - x).abs() <= 2.0).count())
        .max()
        .unwrap_or(0);
    if (aligned as f32) < 0.4 * right.len() as f32 {
        return None;
    }
    Some(gutter)
}

/// Straddling lines above the columns (a name banner) come first, then the left column, the
/// right column, and any straddling lines below (a footer).
fn two_column_lines(page: u32, fragments: Vec<Fragment>, gutter: f32) -> Vec<TextLine> {
    let (mut left, mut right, mut wide) = (Vec::new(), Vec::new(), Vec::new());
    for f in fragments {
        if f.x1 <= gutter {
            left.push(f);
        } else if f.x0 >= gutter - 0.5 {
            right.push(f);
        } else if let Some((l, r)) = split_at_gutter(&f, gutter) {
            left.push(l);
            right.push(r);
        } else {
            wide.push(f);
        }
    }
    let column_top = left
        .iter()
        .chain(right.iter())
        .map(|f| f.y)
        .fold(f32::NEG_INFINITY, f32::max);
    let (above, below): (Vec<_>, Vec<_>) = wide.into_iter().partition(|f| f.y >= column_top);
    let mut lines = Vec::new();
    lines.extend(above.into_iter().map(|f| to_line(page, 0, vec![f])));
    lines.extend(left.into_iter().map(|f| to_line(page, 0, vec![f])));
    lines.extend(right.into_iter().map(|f| to_line(page, 1, vec![f])));
    lines.extend(below.into_iter().map(|f| to_line(page, 0, vec![f])));
    merge_same_baseline(lines)
}

/// Within one column, fragments on one baseline (a title and its right-aligned dates) become
/// one line, separated by three spaces, which the parser reads as a field break.
fn merge_same_baseline(lines: Vec<TextLine>) -> Vec<TextLine> {
    let mut out: Vec<TextLine> = Vec::new();
    for line in lines {
        if let Some(prev) = out.last_mut() {
            let same = prev.column == line.column
                && match (prev.y, line.y, prev.font_size) {
                    (Some(a), Some(b), Some(s)) => (a - b).abs() <= 0.4 * s.max(1.0),
                    _ => false,
                };
            if same {
                prev.text.push_str("   ");
                prev.text.push_str(&line.text);
                continue;
            }
        }
        out.push(line);
    }
    out
}

fn to_line(page: u32, column: u8, fragments: Vec<Fragment>) -> TextLine {
    let text = fragments
        .iter()
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("   ");
    TextLine {
        text,
        page,
        column,
        x: fragments.first().map(|f| f.x0),
        y: fragments.first().map(|f| f.y),
        font_size: fragments.iter().map(|f| f.size).reduce(f32::max),
        bold: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(page: u32, x: f32, y: f32, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                page,
                x: x + i as f32 * 5.0,
                y,
                advance: 5.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    #[test]
    fn one_column_keeps_right_aligned_dates_on_the_line() {
        let mut g = word(1, 50.0, 700.0, "Acme Corp");
        g.extend(word(1, 450.0, 700.0, "2019 - 2021"));
        for i in 0..10 {
            g.extend(word(
                1,
                50.0,
                680.0 - i as f32 * 14.0,
                "a long description line that crosses the whole page width ok",
            ));
        }
        let lines = lines_from_glyphs(&g);
        assert_eq!(lines[0].text, "Acme Corp   2019 - 2021");
        assert!(lines.iter().all(|l| l.column == 0));
    }

    #[test]
    fn two_columns_are_read_in_turn() {
        let mut g = Vec::new();
        for i in 0..6 {
            let y = 700.0 - i as f32 * 14.0;
            g.extend(word(1, 40.0, y, &format!("left{i}")));
            g.extend(word(1, 300.0, y, &format!("right column {i}")));
        }
        let texts: Vec<String> = lines_from_glyphs(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts[..6],
            ["left0", "left1", "left2", "left3", "left4", "left5"]
        );
        assert_eq!(texts[6], "right column 0");
    }
}
