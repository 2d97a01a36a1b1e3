//! Phone numbers, normalised to E.164 where the country can be told (from a `+`, a `00`
//! prefix, or the calling code of the location).

use std::collections::HashMap;
use std::sync::LazyLock;

/// The first phone-like run of digits: 9 to 15 digits, or 8+ after a `+`, and not a pair of
/// years ("2019 - 2021" has eight digits too).
pub(crate) fn find_phone(lines: &[&str], country: Option<&str>) -> Option<String> {
    lines
        .iter()
        .find_map(|line| phone_in(line))
        .map(|raw| to_e164(&raw, country))
}

/// A line that says it holds a phone number, or starts with an international one.
pub(crate) fn phone_labelled(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('+') {
        return true;
    }
    let lower = t.to_lowercase();
    [
        "phone",
        "tel",
        "mobile",
        "mob",
        "cell",
        "telefon",
        "handy",
        "celular",
        "whatsapp",
        "contact no",
        "ph:",
        "ph.",
    ]
    .iter()
    .any(|label| lower.contains(label))
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
            let plus = candidate.trim_start_matches('(').starts_with('+');
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
    ("nigeria", "234"),
    ("lagos", "234"),
    ("abuja", "234"),
    ("ibadan", "234"),
    ("port harcourt", "234"),
    ("kano", "234"),
    ("enugu", "234"),
    ("brazil", "55"),
    ("brasil", "55"),
    ("são paulo", "55"),
    ("sao paulo", "55"),
    ("rio de janeiro", "55"),
    ("belo horizonte", "55"),
    ("brasília", "55"),
    ("brasilia", "55"),
    ("curitiba", "55"),
    ("porto alegre", "55"),
    ("recife", "55"),
    ("salvador", "55"),
    ("fortaleza", "55"),
    ("frankfurt", "49"),
    ("cologne", "49"),
    ("köln", "49"),
    ("stuttgart", "49"),
    ("düsseldorf", "49"),
    ("dusseldorf", "49"),
    ("leipzig", "49"),
    ("dresden", "49"),
    ("hannover", "49"),
    ("nuremberg", "49"),
    ("nürnberg", "49"),
    ("bremen", "49"),
    ("deutschland", "49"),
    ("birmingham", "44"),
    ("leeds", "44"),
    ("glasgow", "44"),
    ("bristol", "44"),
    ("liverpool", "44"),
    ("cardiff", "44"),
    ("belfast", "44"),
    ("wales", "44"),
    ("sheffield", "44"),
    ("nottingham", "44"),
    ("newcastle", "44"),
    ("brighton", "44"),
    ("oxford", "44"),
    ("cambridge", "44"),
    ("ahmedabad", "91"),
    ("jaipur", "91"),
    ("kochi", "91"),
    ("lucknow", "91"),
    ("chandigarh", "91"),
    ("indore", "91"),
    ("coimbatore", "91"),
    ("new delhi", "91"),
    ("bhubaneswar", "91"),
    ("thiruvananthapuram", "91"),
    ("nagpur", "91"),
    ("mysuru", "91"),
    ("mysore", "91"),
    ("kenya", "254"),
    ("nairobi", "254"),
    ("ghana", "233"),
    ("accra", "233"),
    ("south africa", "27"),
    ("johannesburg", "27"),
    ("cape town", "27"),
    ("mexico", "52"),
    ("portugal", "351"),
    ("lisbon", "351"),
    ("lisboa", "351"),
    ("italy", "39"),
    ("rome", "39"),
    ("milan", "39"),
    ("poland", "48"),
    ("warsaw", "48"),
    ("austria", "43"),
    ("vienna", "43"),
    ("switzerland", "41"),
    ("zurich", "41"),
    ("zürich", "41"),
    ("singapore", "65"),
    ("philippines", "63"),
    ("manila", "63"),
    ("pakistan", "92"),
    ("karachi", "92"),
    ("lahore", "92"),
    ("new zealand", "64"),
    ("auckland", "64"),
    ("belgium", "32"),
    ("brussels", "32"),
    ("sweden", "46"),
    ("stockholm", "46"),
    ("new york", "1"),
    ("san francisco", "1"),
    ("chicago", "1"),
    ("los angeles", "1"),
    ("seattle", "1"),
    ("boston", "1"),
    ("houston", "1"),
    ("dallas", "1"),
    ("atlanta", "1"),
    ("denver", "1"),
    ("montreal", "1"),
    ("ottawa", "1"),
    ("calgary", "1"),
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

/// Single-word hints with their place in the list and code; hints of several words.
type HintIndex = (
    HashMap<&'static str, (usize, &'static str)>,
    Vec<(usize, &'static str, &'static str)>,
);

/// The hints by word, with their place in [`COUNTRY_HINTS`] (the first hint listed wins), and
/// the hints of several words; looked up for many fields of every CV, so built once.
static HINT_INDEX: LazyLock<HintIndex> = LazyLock::new(|| {
    let mut words = HashMap::new();
    let mut phrases = Vec::new();
    for (i, (hint, code)) in COUNTRY_HINTS.iter().enumerate() {
        if hint.contains(' ') {
            phrases.push((i, *hint, *code));
        } else {
            words.entry(*hint).or_insert((i, *code));
        }
    }
    (words, phrases)
});

pub(crate) fn calling_code(location: &str) -> Option<&'static str> {
    let lower = location.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let (by_word, phrases) = &*HINT_INDEX;
    let mut best = words.iter().filter_map(|w| by_word.get(w)).copied().min();
    if words.len() > 1 {
        let joined = words.join(" ");
        for &(i, phrase, code) in phrases {
            if best.is_none_or(|(b, _)| i < b) && joined.contains(phrase) {
                best = Some((i, code));
            }
        }
    }
    if let Some((_, code)) = best {
        return Some(code);
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
    if cleaned
        .trim_start()
        .trim_start_matches('(')
        .starts_with('+')
    {
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
