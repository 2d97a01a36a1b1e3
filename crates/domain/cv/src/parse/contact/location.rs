//! The candidate's location: a "City, Region" field of the header, or a labelled one.

use super::phone::calling_code;
use crate::parse::text::{Line, find_ascii_ci, split_fields};

/// "City, Region" (or "City, Country"), an optional "Location:" label, no digits, no contact
/// details; the first such field of the header lines.
pub(crate) fn find_location(header: &[Line]) -> Option<String> {
    for line in header {
        let text = line.text.trim();
        for label in ["location:", "address:", "based in", "lives in"] {
            if let Some(pos) = find_ascii_ci(text, label) {
                let rest = text[pos + label.len()..].trim();
                let field = split_fields(rest).into_iter().next()?;
                return Some(field.trim_end_matches('.').to_owned());
            }
        }
        for field in split_fields(text) {
            if is_location(&field) {
                return Some(field);
            }
        }
    }
    None
}

fn is_location(field: &str) -> bool {
    let Some((city, region)) = field.split_once(", ") else {
        return calling_code(field).is_some()
            && field.split_whitespace().count() <= 3
            && starts_upper(field);
    };
    let words = field.split_whitespace().count();
    let clean = |s: &str| s.chars().all(|c| c.is_alphabetic() || " .'-,".contains(c));
    words <= 6
        && !field.contains('@')
        && clean(city)
        && clean(region)
        && starts_upper(city)
        && starts_upper(region)
        && !field.chars().any(|c| c.is_ascii_digit())
}

fn starts_upper(s: &str) -> bool {
    s.trim().chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let header: Vec<Line> = ["PRIYA RAMAN", "Bengaluru, India | priya@x.in"]
            .iter()
            .map(|s| Line::new(s, None, None))
            .collect();
        assert_eq!(find_location(&header), Some("Bengaluru, India".into()));
        let labelled = [Line::new("Location: Berlin, Germany.", None, None)];
        assert_eq!(find_location(&labelled), Some("Berlin, Germany".into()));
    }
}
