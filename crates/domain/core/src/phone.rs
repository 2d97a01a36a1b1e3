use crate::InvalidValue;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A phone number in E.164 form (`+` then 8 to 15 digits). Separators are dropped on parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim();
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let only_separators = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
        if !trimmed.starts_with('+') || !only_separators || !(8..=15).contains(&digits.len()) {
            return Err(InvalidValue::new(
                "phone",
                "must be in international format, e.g. +919876543210",
            ));
        }
        Ok(Self(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_digits_of_international_numbers() {
        assert_eq!(
            Phone::parse("+91 98765-43210").unwrap().as_str(),
            "+919876543210"
        );
    }

    #[test]
    fn rejects_local_or_garbage_numbers() {
        for bad in ["9876543210", "+12", "+1 555 CALL NOW", ""] {
            assert!(Phone::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
