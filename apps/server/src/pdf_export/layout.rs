//! Lays text out on A4 pages: lines wrapped at the measured width of the words, a new page
//! when the next line would run into the bottom margin, headings kept with what follows.
//!
//! Text is set in Helvetica and Helvetica-Bold with WinAnsiEncoding (Windows-1252), which
//! covers English and the Latin-1 languages (é, ñ, ü, ß, ø, å, ç...) plus the typographic
//! quotes, dashes, bullet and euro sign. A character outside it (Greek, Cyrillic, CJK, Polish
//! ł, Czech ř...) is printed as `?`: the standard fonts have no glyph for it, and embedding a
//! font that has would make every export carry one.

use super::metrics::{HELVETICA, HELVETICA_BOLD};

/// A4 in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
/// 2.5 cm on every side.
const MARGIN: f32 = 70.87;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Baseline to baseline, as a multiple of the font size.
const LEADING: f32 = 1.35;
/// Indent of a bullet's text (the bullet sits at the margin).
const BULLET_INDENT: f32 = 14.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The resource name the page's content uses.
    pub(super) fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }
}

/// One line of text placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub font: Font,
    pub size: f32,
    pub x: f32,
    /// Baseline, from the bottom of the page.
    pub y: f32,
    /// WinAnsiEncoding bytes.
    pub text: Vec<u8>,
}

/// A horizontal rule under a heading.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    pub x1: f32,
    pub x2: f32,
    pub y: f32,
}

#[derive(Debug, Default)]
pub(super) struct Page {
    pub lines: Vec<Placed>,
    pub rules: Vec<Rule>,
}

/// Pages being filled, top to bottom.
pub(super) struct Layout {
    pages: Vec<Page>,
    /// The baseline of the last line set (the top margin on a fresh page).
    y: f32,
}

impl Layout {
    pub(super) fn new() -> Self {
        Self {
            pages: vec![Page::default()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    pub(super) fn into_pages(self) -> Vec<Page> {
        self.pages
    }

    fn page(&mut self) -> &mut Page {
        // `pages` starts with one page and only grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = PAGE_HEIGHT - MARGIN;
    }

    /// Whether `height` more points fit above the bottom margin.
    fn fits(&self, height: f32) -> bool {
        self.y - height >= MARGIN
    }

    /// Vertical space, dropped at the top of a page (where it would only push text down).
    pub(super) fn gap(&mut self, points: f32) {
        if self.y < PAGE_HEIGHT - MARGIN {
            self.y -= points;
        }
    }

    fn line(&mut self, font: Font, size: f32, x: f32, text: Vec<u8>) {
        let height = size * LEADING;
        if !self.fits(height) {
            self.new_page();
        }
        self.y -= height;
        let y = self.y;
        self.page().lines.push(Placed {
            font,
            size,
            x,
            y,
            text,
        });
    }

    /// A paragraph wrapped to the text width; a `\n` inside starts a new line.
    pub(super) fn paragraph(&mut self, text: &str, font: Font, size: f32) {
        for line in wrap(text, font, size, TEXT_WIDTH) {
            self.line(font, size, MARGIN, line);
        }
        self.gap(size * 0.6);
    }

    /// A heading with a rule under it, moved to the next page when fewer than two body lines
    /// would follow it on this one.
    pub(super) fn heading(&mut self, text: &str, size: f32, body_size: f32) {
        if !self.fits(size * LEADING + 2.0 * body_size * LEADING + 8.0) {
            self.new_page();
        }
        self.gap(size * 0.5);
        self.line(Font::Bold, size, MARGIN, encode(text));
        let y = self.y - 4.0;
        self.page().rules.push(Rule {
            x1: MARGIN,
            x2: PAGE_WIDTH - MARGIN,
            y,
        });
        self.y -= 8.0;
    }

    /// A bullet at the margin and its text wrapped with a hanging indent.
    pub(super) fn bullet(&mut self, text: &str, size: f32) {
        let lines = wrap(text, Font::Regular, size, TEXT_WIDTH - BULLET_INDENT);
        for (i, line) in lines.into_iter().enumerate() {
            if i == 0 {
                let height = size * LEADING;
                if !self.fits(height) {
                    self.new_page();
                }
                // The bullet on the same baseline as the first line.
                let bullet_y = self.y - height;
                self.page().lines.push(Placed {
                    font: Font::Regular,
                    size,
                    x: MARGIN,
                    y: bullet_y,
                    text: vec![BULLET],
                });
            }
            self.line(Font::Regular, size, MARGIN + BULLET_INDENT, line);
        }
        self.gap(size * 0.25);
    }
}

/// `•` in WinAnsiEncoding.
const BULLET: u8 = 0x95;

/// Width of WinAnsi `bytes` in points.
pub(super) fn width(bytes: &[u8], font: Font, size: f32) -> f32 {
    let widths = font.widths();
    let units: u32 = bytes
        .iter()
        .map(|b| u32::from(widths[usize::from(*b)]))
        .sum();
    units as f32 * size / 1000.0
}

/// Lines of at most `max` points: whole words where they fit, a word longer than a line
/// (a URL) cut where it must be.
pub(super) fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<Vec<u8>> {
    let space = width(b" ", font, size);
    let mut lines = Vec::new();
    for source_line in text.lines() {
        let mut current: Vec<u8> = Vec::new();
        let mut current_width = 0.0;
        for word in source_line.split_whitespace() {
            let mut word = encode(word);
            let mut word_width = width(&word, font, size);
            if !current.is_empty() && current_width + space + word_width <= max {
                current.push(b' ');
                current.extend_from_slice(&word);
                current_width += space + word_width;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            while word_width > max {
                let mut cut = 0;
                let mut used = 0.0;
                for (i, b) in word.iter().enumerate() {
                    let w = width(&[*b], font, size);
                    if used + w > max && i > 0 {
                        break;
                    }
                    used += w;
                    cut = i + 1;
                }
                let rest = word.split_off(cut);
                lines.push(word);
                word = rest;
                word_width = width(&word, font, size);
            }
            current_width = word_width;
            current = word;
        }
        // An empty source line keeps its place (a blank line the writer meant).
        lines.push(current);
    }
    lines
}

/// Text as WinAnsiEncoding (Windows-1252) bytes; `?` for a character it does not have.
pub(super) fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi).collect()
}

fn win_ansi(c: char) -> u8 {
    let code = c as u32;
    match code {
        0x20..=0x7E | 0xA0..=0xFF => code as u8,
        _ => match c {
            '\u{20AC}' => 0x80,
            '\u{201A}' => 0x82,
            '\u{0192}' => 0x83,
            '\u{201E}' => 0x84,
            '\u{2026}' => 0x85,
            '\u{2020}' => 0x86,
            '\u{2021}' => 0x87,
            '\u{02C6}' => 0x88,
            '\u{2030}' => 0x89,
            '\u{0160}' => 0x8A,
            '\u{2039}' => 0x8B,
            '\u{0152}' => 0x8C,
            '\u{017D}' => 0x8E,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{02DC}' => 0x98,
            '\u{2122}' => 0x99,
            '\u{0161}' => 0x9A,
            '\u{203A}' => 0x9B,
            '\u{0153}' => 0x9C,
            '\u{017E}' => 0x9E,
            '\u{0178}' => 0x9F,
            '\t' => b' ',
            _ => b'?',
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_1_and_typographic_marks_encode_and_the_rest_is_a_question_mark() {
        assert_eq!(encode("José Núñez"), b"Jos\xe9 N\xfa\xf1ez".to_vec());
        assert_eq!(
            encode("\u{201c}a\u{201d} \u{2013} \u{20ac}"),
            b"\x93a\x94 \x96 \x80".to_vec()
        );
        assert_eq!(encode("Łódź"), b"?\xf3d?".to_vec());
    }

    #[test]
    fn widths_come_from_the_afm_metrics() {
        // Helvetica: H 722, e 556, l 222, o 556.
        assert_eq!(
            width(b"Hello", Font::Regular, 1000.0),
            722.0 + 556.0 + 222.0 * 2.0 + 556.0
        );
        assert!(width(b"Hello", Font::Bold, 10.0) > width(b"Hello", Font::Regular, 10.0));
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_word() {
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(20)
            + "https://example.com/a/very/long/path/that/cannot/fit/on/one/line/at/all/whatever/you/do/about/it";
        let lines = wrap(&text, Font::Regular, 11.0, 200.0);
        assert!(lines.len() > 10);
        for line in &lines {
            assert!(width(line, Font::Regular, 11.0) <= 200.0, "{line:?}");
        }
        let joined: Vec<u8> = lines.concat();
        let squeezed: Vec<u8> = encode(&text).into_iter().filter(|b| *b != b' ').collect();
        let joined: Vec<u8> = joined.into_iter().filter(|b| *b != b' ').collect();
        assert_eq!(joined, squeezed);
    }

    #[test]
    fn long_text_flows_onto_new_pages_within_the_margins() {
        let mut layout = Layout::new();
        for _ in 0..80 {
            layout.paragraph(&"Words on a line. ".repeat(12), Font::Regular, 11.0);
        }
        let pages = layout.into_pages();
        assert!(pages.len() > 1);
        for page in &pages {
            for line in &page.lines {
                assert!(
                    line.y >= MARGIN && line.y <= PAGE_HEIGHT - MARGIN,
                    "{}",
                    line.y
                );
            }
        }
    }
}
