use crate::InvalidValue;
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// An email address, trimmed, lower-cased and in Unicode NFC, so that one address has one
/// spelling everywhere: "ä" typed as one code point or as "a" plus a combining diaeresis is the
/// same mailbox, and must be the same account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        // Lower-casing can leave a composed character decomposed, so NFC comes last.
        let value: String = raw.trim().to_lowercase().nfc().collect();
        let invalid = |why: &str| Err(InvalidValue::new("email", why));
        if value.is_empty() {
            return invalid("is required");
        }
        if value.chars().any(char::is_control) {
            return invalid("must not contain control characters");
        }
        if value.chars().count() > 254 {
            return invalid("must be at most 254 characters");
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return invalid("must look like name@example.com");
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@');
        if !local_ok || !domain_ok {
            return invalid("must look like name@example.com");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn composed_and_decomposed_spellings_are_one_address() {
        let composed = Email::parse("J\u{e4}ger@example.com").unwrap();
        let decomposed = Email::parse("Ja\u{308}ger@example.com").unwrap();
        assert_eq!(composed, decomposed);
        assert_eq!(decomposed.as_str(), "j\u{e4}ger@example.com");
    }

    #[test]
    fn refuses_control_characters() {
        let error = Email::parse("ada\u{0}@example.com").unwrap_err();
        assert_eq!(error.message, "must not contain control characters");
    }

    #[test]
    fn length_limits_count_characters() {
        // 64 two-byte characters: 128 bytes, but within the 64-character local-part limit.
        let local = "\u{e4}".repeat(64);
        assert!(Email::parse(&format!("{local}@example.com")).is_ok());
        assert!(Email::parse(&format!("{local}x@example.com")).is_err());
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@exa..mple.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
