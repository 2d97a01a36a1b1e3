//! Phone numbers, normalised to E.164 where the country can be told (from a `+`, a `00`
//! prefix, or the calling code of the location).

/// The first phone-like run of digits: 9 to 15 digits, or 8+ after a `+`, and not a pair of
/// years ("2019 - 2021" has eight digits too).
pub(crate) fn find_phone(lines: &[&str], country: Option<&str>) -> Option<String> {
    lines
        .iter()
        .find_map(|line| phone_in(line))
        .map(|raw| to_e164(&raw, country))
}

fn phone_in(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '+' || chars[i].is_ascii_digit() || chars[i] == '(' {
            let start = i;
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || " +-().".contains(chars[j])) {
                // Two spaces end the run: that is a field break, not digit grouping.
                if chars[j] == ' ' && chars.get(j + 1) == Some(&' ') {
                    break;
                }
                j += 1;
            }
            let candidate: String = chars[start..j].iter().collect();
            let candidate = candidate
                .trim()
                .trim_end_matches(['-', '.', '('])
                .trim()
                .to_owned();
            let digits = candidate.chars().filter(char::is_ascii_digit).count();
            let plus = candidate.starts_with('+');
            let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
            if before_ok
                && ((9..=15).contains(&digits) || (plus && digits >= 8))
                && !looks_like_years(&candidate)
            {
                return Some(candidate);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

fn looks_like_years(s: &str) -> bool {
    let groups: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    groups.len() == 2
        && groups
            .iter()
            .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")))
}

/// Country calling codes guessed from the location line, for numbers written nationally.
const COUNTRY_HINTS: &[(&str, &str)] = &[
    ("united kingdom", "44"),
    ("uk", "44"),
    ("england", "44"),
    ("london", "44"),
    ("manchester", "44"),
    ("edinburgh", "44"),
    ("scotland", "44"),
    ("india", "91"),
    ("bengaluru", "91"),
    ("bangalore", "91"),
    ("mumbai", "91"),
    ("delhi", "91"),
    ("hyderabad", "91"),
    ("pune", "91"),
    ("chennai", "91"),
    ("kolkata", "91"),
    ("noida", "91"),
    ("gurgaon", "91"),
    ("gurugram", "91"),
    ("germany", "49"),
    ("berlin", "49"),
    ("munich", "49"),
    ("hamburg", "49"),
    ("france", "33"),
    ("paris", "33"),
    ("australia", "61"),
    ("sydney", "61"),
    ("melbourne", "61"),
    ("netherlands", "31"),
    ("amsterdam", "31"),
    ("spain", "34"),
    ("madrid", "34"),
    ("barcelona", "34"),
    ("ireland", "353"),
    ("dublin", "353"),
    ("usa", "1"),
    ("united states", "1"),
    ("canada", "1"),
    ("toronto", "1"),
    ("vancouver", "1"),
];

const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
];

pub(crate) fn calling_code(location: &str) -> Option<&'static str> {
    let lower = location.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    for (hint, code) in COUNTRY_HINTS {
        let hit = if hint.contains(' ') {
            joined.contains(hint)
        } else {
            words.contains(hint)
        };
        if hit {
            return Some(code);
        }
    }
    let upper_words = location.split(|c: char| !c.is_alphanumeric());
    upper_words
        .filter(|w| w.len() == 2)
        .any(|w| US_STATES.contains(&w))
        .then_some("1")
}

/// E.164 when we can tell the country: explicit `+`, `00` prefix, a national number with a
/// trunk 0 and a known country, or a 10-digit North American number.
pub(crate) fn to_e164(raw: &str, country: Option<&str>) -> String {
    // "+44 (0)20 ..." writes the trunk prefix in brackets; it is not dialled from abroad.
    let cleaned = raw.replace("(0)", "");
    let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    if cleaned.trim_start().starts_with('+') {
        return format!("+{digits}");
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return format!("+{rest}");
    }
    match country {
        Some("1") | None
            if digits.len() == 10 && !digits.starts_with('0') && country != Some("91") =>
        {
            format!("+1{digits}")
        }
        Some("1") | None if digits.len() == 11 && digits.starts_with('1') => format!("+{digits}"),
        Some(code) if digits.starts_with('0') && digits.len() >= 9 => {
            format!("+{code}{}", &digits[1..])
        }
        Some("91") if digits.len() == 10 => format!("+91{digits}"),
        Some(code)
            if code != "1"
                && digits.len() >= 8
                && digits.len() <= 11
                && !digits.starts_with('0') =>
        {
            format!("+{code}{digits}")
        }
        _ => raw.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164() {
        assert_eq!(
            find_phone(&["Tel: (415) 555-0132"], None),
            Some("+14155550132".into())
        );
        assert_eq!(
            find_phone(&["+44 (0)20 7946 0958"], None),
            Some("+442079460958".into())
        );
        assert_eq!(
            find_phone(&["07700 900123"], Some("44")),
            Some("+447700900123".into())
        );
        assert_eq!(
            find_phone(&["98450 12345"], Some("91")),
            Some("+919845012345".into())
        );
        assert_eq!(find_phone(&["2019 - 2021"], None), None);
    }
}
