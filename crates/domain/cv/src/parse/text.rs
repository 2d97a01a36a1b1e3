//! Small text helpers shared by the parsers.

/// Characters CVs put in front of list items.
const BULLETS: &[char] = &[
    '•', '●', '▪', '■', '◦', '‣', '∙', '·', '-', '*', '–', '—', '►', '➢', '✓', 'o', '◆', '♦', '❖',
    '➤', '→', '⦁', '○', '□', '✔', '➔', '»', '{',
];

/// Symbol and Wingdings bullets arrive as private-use characters ("\u{f0b7}").
fn is_bullet_char(c: char) -> bool {
    BULLETS.contains(&c)
        || ('\u{f000}'..='\u{f0ff}').contains(&c)
        || ('\u{e000}'..='\u{e0ff}').contains(&c)
}

/// A line as the parsers see it: trimmed, bullet removed, with what layout told us.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    pub bullet: bool,
    pub font_size: Option<f32>,
    pub bold: Option<bool>,
}

impl Line {
    pub fn new(raw: &str, font_size: Option<f32>, bold: Option<bool>) -> Self {
        let trimmed = raw.trim();
        let (text, bullet) = strip_bullet(trimmed);
        Self {
            text: collapse_spaces(text),
            bullet,
            font_size,
            bold,
        }
    }

    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

fn strip_bullet(s: &str) -> (&str, bool) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let rest = chars.as_str();
        // "o" and "-" only count when followed by a space ("o Built..." vs "oracle").
        if is_bullet_char(first)
            && (rest.starts_with(' ') || !matches!(first, 'o' | '-' | '*' | '{'))
        {
            let rest = rest.trim_start();
            // "— Experience —" is a dressed heading, not a list item.
            if rest.ends_with(first) && !first.is_alphanumeric() {
                return (s, false);
            }
            if !rest.is_empty() && !rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                return (rest, true);
            }
        }
    }
    // "Grew sales 22%•": some HTML-to-PDF writers draw the list marker after its text in
    // the content stream, so it lands at the end of the line.
    if let Some(head) = s.strip_suffix(['•', '●', '▪', '■'])
        && head.chars().any(char::is_alphanumeric)
        && !head.contains(['•', '●', '▪', '■'])
    {
        return (head.trim_end(), true);
    }
    (s, false)
}

/// Collapses runs of single spaces but keeps a field break (3+ spaces, a tab stop or a gap
/// between a title and its right-aligned dates) as exactly three spaces.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for c in s.chars() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            run += if c == '\t' { 3 } else { 1 };
            continue;
        }
        if run > 0 && !out.is_empty() {
            out.push_str(if run >= 3 { "   " } else { " " });
        }
        run = 0;
        out.push(c);
    }
    out
}

/// Splits a line into fields at the separators CVs use between them.
pub(crate) fn split_fields(s: &str) -> Vec<String> {
    let mut parts = vec![s.to_owned()];
    for sep in ["   ", " | ", "|", " • ", " · ", " — ", " – ", " - ", " @ "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_owned).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| matches!(c, ',' | ';' | '|'))
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Lower case, `&` as "and", punctuation dropped, letter-spaced words joined
/// ("W O R K  E X P E R I E N C E" happens in designed CVs).
pub(crate) fn heading_key(s: &str) -> String {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let spaced = tokens.len() > 3 && tokens.iter().all(|t| t.chars().count() == 1);
    let joined = if spaced {
        tokens.concat()
    } else {
        s.to_owned()
    };
    let mut out = String::new();
    for c in joined.to_lowercase().replace('&', " and ").chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c.is_whitespace() || matches!(c, '/' | '-') {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when every letter is upper case and there is at least one.
pub(crate) fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// "JANE DOE-SMITH" → "Jane Doe-Smith".
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic() && c != '\'';
    }
    out
}

/// Byte offset of an ASCII label, ignoring ASCII case. Lower-casing the whole text instead
/// would shift offsets for letters whose lower case is longer ("İ"), and slicing would panic.
pub(crate) fn find_ascii_ci(text: &str, label: &str) -> Option<usize> {
    text.as_bytes()
        .windows(label.len())
        .position(|w| w.eq_ignore_ascii_case(label.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_spacing() {
        let l = Line::new("  •  Built   the\tthing ", None, None);
        assert!(l.bullet);
        assert_eq!(l.text, "Built   the   thing");
        assert!(!Line::new("oracle dba", None, None).bullet);
        assert!(!Line::new("- 2019", None, None).bullet);
        let trailing = Line::new("Grew merchant sales 22%•", None, None);
        assert!(trailing.bullet);
        assert_eq!(trailing.text, "Grew merchant sales 22%");
        // A list whose items are parted by bullets keeps its last one as written.
        assert!(!Line::new("Modeling • Credit Analysis •", None, None).bullet);
    }

    #[test]
    fn fields_and_keys() {
        assert_eq!(
            split_fields("Acme Corp | Berlin   Engineer – Ops"),
            ["Acme Corp", "Berlin", "Engineer", "Ops"]
        );
        assert_eq!(
            heading_key("W O R K  E X P E R I E N C E"),
            "workexperience"
        );
        assert_eq!(heading_key("Skills & Tools:"), "skills and tools");
        assert_eq!(title_case("JANE O'NEIL-SMITH"), "Jane O'neil-Smith");
    }
}
