//! Text as users type it. Every string a user sends is checked here before it is kept:
//! control characters never reach storage (PostgreSQL refuses NUL outright, and the rest
//! break logs, CSV exports and terminals), and lengths count characters, as the messages say.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a text may break lines. Free text (a cover letter, a summary) keeps newline and tab;
/// a single line (a name, a place, a title) keeps neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    SingleLine,
    FreeText,
}

/// The first character `kind` does not allow: any Unicode control character (`Cc`: NUL,
/// escape, DEL, the C1 range…), except newline and tab in free text.
pub fn forbidden_character(text: &str, kind: TextKind) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !(kind == TextKind::FreeText && matches!(c, '\n' | '\t')))
}

/// Refuses text that holds a character `kind` does not allow, naming the field.
pub fn check_characters(
    field: &'static str,
    text: &str,
    kind: TextKind,
) -> Result<(), InvalidValue> {
    match forbidden_character(text, kind) {
        None => Ok(()),
        Some(_) => Err(InvalidValue::new(
            field,
            "must not contain control characters",
        )),
    }
}

/// A trimmed, non-empty line of text with no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SingleLine(String);

impl SingleLine {
    /// Trims `raw` and checks it: required, at most `max_chars` characters (not bytes), no
    /// control characters. `field` names the input in the error.
    pub fn parse(field: &'static str, raw: &str, max_chars: usize) -> Result<Self, InvalidValue> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(InvalidValue::new(field, "is required"));
        }
        if text.chars().count() > max_chars {
            return Err(InvalidValue::new(
                field,
                format!("must be at most {max_chars} characters"),
            ));
        }
        check_characters(field, text, TextKind::SingleLine)?;
        Ok(Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for SingleLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_nul_and_other_control_characters_in_a_single_line() {
        for bad in [
            "Lon\0don",
            "a\u{1b}[31m",
            "tab\there",
            "new\nline",
            "del\u{7f}",
            "c1\u{85}x",
        ] {
            let error = SingleLine::parse("location", bad, 200).unwrap_err();
            assert_eq!(error.field, "location");
            assert!(error.message.contains("control characters"), "{bad:?}");
        }
    }

    #[test]
    fn free_text_keeps_newline_and_tab_but_not_nul() {
        assert_eq!(
            forbidden_character("line one\n\tline two", TextKind::FreeText),
            None
        );
        assert_eq!(forbidden_character("a\0b", TextKind::FreeText), Some('\0'));
        assert_eq!(forbidden_character("a\rb", TextKind::FreeText), Some('\r'));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let ten_umlauts = "ä".repeat(10); // 20 bytes
        assert!(SingleLine::parse("title", &ten_umlauts, 10).is_ok());
        let error = SingleLine::parse("title", &"ä".repeat(11), 10).unwrap_err();
        assert_eq!(error.message, "must be at most 10 characters");
    }

    #[test]
    fn trims_and_requires_text() {
        assert_eq!(
            SingleLine::parse("t", "  Berlin ", 10).unwrap().as_str(),
            "Berlin"
        );
        assert_eq!(
            SingleLine::parse("t", "   ", 10).unwrap_err().message,
            "is required"
        );
    }
}
