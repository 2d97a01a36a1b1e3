//! The candidate's location: a "City, Region" field of the header, or a labelled one.

use super::name::TITLE_WORDS;
use super::phone::calling_code;
use crate::parse::text::{Line, find_ascii_ci, split_fields};

/// "City, Region" (or "City, Country"), an optional "Location:" label, no digits, no contact
/// details; the first such field of the header lines.
pub(crate) fn find_location(header: &[Line]) -> Option<String> {
    for line in header {
        let text = line.text.trim();
        for label in [
            "location:",
            "address:",
            "based in",
            "lives in",
            "anschrift:",
            "adresse:",
            "wohnort:",
            "city:",
        ] {
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
            // "12 High St, Springfield, IL 62704": the last two parts, without the postcode.
            let parts: Vec<&str> = field.split(", ").collect();
            if parts.len() >= 2 {
                let tail = without_postcode(&parts[parts.len() - 2..].join(", "));
                if is_location(&tail) {
                    return Some(tail);
                }
            }
            // "x@example.in +91 94140 77889 Jaipur, Rajasthan": contact details run together
            // with single spaces; the place is what follows the last of them.
            let words: Vec<&str> = field.split_whitespace().collect();
            if let Some(last) = words
                .iter()
                .rposition(|w| w.contains('@') || w.chars().any(|c| c.is_ascii_digit()))
                && last + 1 < words.len()
            {
                let tail = words[last + 1..].join(" ");
                if tail.contains(", ") && is_location(&tail) {
                    return Some(tail);
                }
            }
        }
    }
    None
}

/// Drops a trailing or leading all-digit postcode ("IL 62704", "10115 Berlin").
fn without_postcode(field: &str) -> String {
    let words: Vec<&str> = field.split_whitespace().collect();
    let digits = |w: &str| w.len() >= 4 && w.chars().all(|c| c.is_ascii_digit() || c == '-');
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| !(digits(w) && (*i == 0 || *i + 1 == words.len() || w.ends_with(','))))
        .map(|(_, w)| *w)
        .collect();
    kept.join(" ")
        .trim_matches(',')
        .replace(" ,", ",")
        .trim()
        .to_owned()
}

fn is_location(field: &str) -> bool {
    let lower = field.to_lowercase();
    if lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| TITLE_WORDS.contains(&w))
        || crate::parse::sections::heading_kind(&Line::new(field, None, None)).is_some()
    {
        return false;
    }
    let Some((city, region)) = field.split_once(", ") else {
        return calling_code(field).is_some()
            && !field.contains(['@', '/'])
            && !field.chars().any(|c| c.is_ascii_digit())
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
        let address = [Line::new("12 High St, Springfield, IL 62704", None, None)];
        assert_eq!(find_location(&address), Some("Springfield, IL".into()));
        let run_together = [Line::new(
            "v.r@example.in +91 94140 77889 Jaipur, Rajasthan",
            None,
            None,
        )];
        assert_eq!(
            find_location(&run_together),
            Some("Jaipur, Rajasthan".into())
        );
        let german = [Line::new("Anschrift: Hamburg, Germany", None, None)];
        assert_eq!(find_location(&german), Some("Hamburg, Germany".into()));
        let title = [Line::new("Registered Nurse, Critical Care", None, None)];
        assert_eq!(find_location(&title), None);
    }
}
