//! Contact block: email, phone (normalised to E.164 where the country can be told), links,
//! location and the candidate's name.

use crate::model::Links;

use super::text::{Line, is_all_caps, split_fields, title_case};

pub(crate) fn find_email(text: &str) -> Option<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '<' | '>' | '(' | ')' | ',' | ';' | '•' | '·')
    })
    .map(|t| {
        t.trim_start_matches("mailto:")
            .trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '\''))
    })
    .find(|t| is_email(t))
    .map(str::to_owned)
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c))
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

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

/// Links in `text`. Bare domains ("jane.dev") count only when `allow_bare` (the contact
/// block): elsewhere they are as likely a company ("Booking.com") as a portfolio.
pub(crate) fn find_links(text: &str, allow_bare: bool) -> Links {
    let mut links = Links::default();
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '<' | '>' | ',' | ';' | '•' | '·'))
    {
        let t = token.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '"' | '\''));
        if t.contains('@') || !looks_like_url(t, allow_bare) {
            continue;
        }
        let lower = t.to_lowercase();
        if lower.contains("linkedin.com/") {
            links.linkedin.get_or_insert_with(|| t.to_owned());
        } else if lower.contains("github.com/") || lower.contains("gitlab.com/") {
            links.github.get_or_insert_with(|| t.to_owned());
        } else {
            links.portfolio.get_or_insert_with(|| t.to_owned());
        }
    }
    links
}

/// Links from the document's link targets (annotation URIs, hyperlinks), written as the text
/// usually writes them: no scheme, no "www.", no query, fragment or trailing slash
/// ("https://www.linkedin.com/in/jane/?trk=x" is "linkedin.com/in/jane").
///
/// Another site counts as the portfolio only when it sits next to a contact target (LinkedIn,
/// GitHub/GitLab, mailto): contact links cluster in the header, while a lone clickable site is
/// as likely an employer ("acme.com" in a job entry) as a portfolio.
pub(crate) fn links_from_targets(targets: &[String]) -> Links {
    /// What a target is; profiles carry their link, bare hosts ("linkedin.com/") do not.
    enum Kind {
        LinkedIn(Option<String>),
        Code(Option<String>),
        Mail,
        Site(String),
        Other,
    }
    let classify = |target: &String| {
        if target.to_ascii_lowercase().starts_with("mailto:") {
            return Kind::Mail;
        }
        let Some(link) = normalise_target(target) else {
            return Kind::Other;
        };
        let lower = link.to_lowercase();
        let host = lower.split('/').next().unwrap_or_default();
        let profile = lower.contains('/').then(|| link.clone());
        if host == "linkedin.com" || host.ends_with(".linkedin.com") {
            Kind::LinkedIn(profile)
        } else if ["github.com", "gitlab.com"].contains(&host) {
            Kind::Code(profile)
        } else if looks_like_url(&link, true) {
            Kind::Site(link)
        } else {
            Kind::Other
        }
    };
    let kinds: Vec<Kind> = targets.iter().map(classify).collect();
    let is_contact = |k: &Kind| matches!(k, Kind::LinkedIn(_) | Kind::Code(_) | Kind::Mail);
    let beside_contact = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| kinds.get(j));
        [before, kinds.get(i + 1)]
            .into_iter()
            .flatten()
            .any(is_contact)
    };

    // The first of each kind wins.
    let fill = |slot: &mut Option<String>, link: &String| {
        slot.get_or_insert_with(|| link.clone());
    };
    let mut links = Links::default();
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            Kind::LinkedIn(Some(link)) => fill(&mut links.linkedin, link),
            Kind::Code(Some(link)) => fill(&mut links.github, link),
            Kind::Site(link) if beside_contact(i) => fill(&mut links.portfolio, link),
            _ => {}
        }
    }
    links
}

fn normalise_target(target: &str) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &target["https://".len()..]
    } else if lower.starts_with("http://") {
        &target["http://".len()..]
    } else {
        return None;
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = if rest
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("www."))
    {
        &rest[4..]
    } else {
        rest
    };
    let rest = rest.trim_end_matches('/');
    (rest.contains('.') && !rest.contains('@')).then(|| rest.to_owned())
}

/// The first `mailto:` target that holds a valid address (query such as `?subject=` dropped).
pub(crate) fn email_from_targets(targets: &[String]) -> Option<String> {
    targets.iter().find_map(|t| {
        let rest = t.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:"))?;
        let address = t[rest.len()..].split('?').next()?.replace("%40", "@");
        is_email(&address).then_some(address)
    })
}

const TLDS: &[&str] = &[
    "com", "io", "dev", "me", "net", "org", "co", "app", "tech", "site", "xyz", "page", "ai", "in",
    "uk", "de", "fr", "nl", "eu", "info", "design", "codes", "us", "ca", "au",
];

fn looks_like_url(t: &str, allow_bare: bool) -> bool {
    let lower = t.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return lower.len() > 10;
    }
    // Bare "name.dev" or "site.com/path": a host with a known TLD. LinkedIn and GitHub
    // profiles are unmistakable anywhere.
    if !allow_bare && !lower.contains("linkedin.com/") && !lower.contains("github.com/") {
        return false;
    }
    let host = lower.split('/').next().unwrap_or_default();
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c))
        && TLDS.contains(&tld)
        && !name.chars().all(|c| c.is_ascii_digit() || c == '.')
}

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

/// Words that make a line a job title rather than a person's name.
pub(crate) const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "analyst",
    "designer",
    "consultant",
    "intern",
    "lead",
    "director",
    "architect",
    "scientist",
    "specialist",
    "coordinator",
    "administrator",
    "officer",
    "associate",
    "assistant",
    "head",
    "vp",
    "president",
    "founder",
    "cto",
    "ceo",
    "cfo",
    "programmer",
    "tester",
    "qa",
    "devops",
    "sre",
    "accountant",
    "teacher",
    "nurse",
    "writer",
    "editor",
    "marketer",
    "executive",
    "representative",
    "technician",
    "researcher",
    "owner",
    "advisor",
    "principal",
    "staff",
    "senior",
    "junior",
    "trainee",
    "apprentice",
    "fellow",
    "strategist",
    "recruiter",
    "partner",
    "supervisor",
    "agent",
    "operator",
    "producer",
    "copywriter",
    "freelance",
    "freelancer",
    "contractor",
    "chief",
    "professor",
    "lecturer",
    "tutor",
    "student",
];

/// Scores header lines as a person's name: 2 to 4 capitalised words of letters, near the top,
/// larger than the rest, no digits, no `@`, not a job title.
pub(crate) fn find_name(header: &[Line], all: &[Line]) -> Option<(String, f32)> {
    for line in all.iter().take(3) {
        if let Some(pos) = find_ascii_ci(&line.text, "name:").filter(|p| *p == 0) {
            let name = line.text[pos + "name:".len()..].trim();
            if !name.is_empty() {
                return Some((name.to_owned(), 0.95));
            }
        }
    }
    let max_size = header
        .iter()
        .filter_map(|l| l.font_size)
        .fold(0.0f32, f32::max);
    let mut best: Option<(String, f32)> = None;
    for (i, line) in header.iter().take(8).enumerate() {
        for field in split_fields(&line.text).into_iter().take(2) {
            let Some(score) = name_score(&field) else {
                continue;
            };
            let mut score = score - 0.08 * i as f32;
            if line
                .font_size
                .is_some_and(|s| s >= max_size && max_size > 0.0)
            {
                score += 0.15;
            }
            if best.as_ref().is_none_or(|(_, b)| score > *b) {
                let name = if is_all_caps(&field) {
                    title_case(&field)
                } else {
                    field
                };
                best = Some((name, score));
            }
        }
    }
    best.map(|(n, s)| (n, s.clamp(0.3, 0.95)))
}

fn name_score(field: &str) -> Option<f32> {
    let words: Vec<&str> = field.split_whitespace().collect();
    if !(2..=4).contains(&words.len())
        || field.contains('@')
        || field.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    if !field
        .chars()
        .all(|c| c.is_alphabetic() || " .'-".contains(c))
    {
        return None;
    }
    if !words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let lower = field.to_lowercase();
    if lower.split_whitespace().any(|w| TITLE_WORDS.contains(&w)) || calling_code(field).is_some() {
        return None;
    }
    if crate::parse::sections::heading_kind(&Line::new(field, None, None)).is_some() {
        return None;
    }
    Some(0.85)
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
    fn emails_and_links() {
        assert_eq!(
            find_email("Mail: <jane.doe+cv@example.co.uk>."),
            Some("jane.doe+cv@example.co.uk".into())
        );
        let links = find_links(
            "linkedin.com/in/jane | https://github.com/jane | jane.dev",
            true,
        );
        assert_eq!(links.linkedin.as_deref(), Some("linkedin.com/in/jane"));
        assert_eq!(links.github.as_deref(), Some("https://github.com/jane"));
        assert_eq!(links.portfolio.as_deref(), Some("jane.dev"));
    }

    #[test]
    fn links_and_email_from_targets() {
        let targets: Vec<String> = [
            "mailto:jane@example.com?subject=Hi",
            "https://www.linkedin.com/in/jane-doe/?trk=profile",
            "https://linkedin.com/",
            "HTTPS://GitHub.com/jane#readme",
            "https://jane.dev/",
            "https://other.dev/",
        ]
        .map(String::from)
        .to_vec();
        let links = links_from_targets(&targets);
        assert_eq!(links.linkedin.as_deref(), Some("linkedin.com/in/jane-doe"));
        assert_eq!(links.github.as_deref(), Some("GitHub.com/jane"));
        assert_eq!(links.portfolio.as_deref(), Some("jane.dev"));
        assert_eq!(
            email_from_targets(&targets).as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(email_from_targets(&["mailto:nobody".to_owned()]), None);
        assert_eq!(
            links_from_targets(&["ftp://x.com/a".to_owned()]),
            Links::default()
        );
    }

    #[test]
    fn a_lone_clickable_site_is_not_taken_for_a_portfolio() {
        let employer = ["https://www.acme.com/careers".to_owned()];
        assert_eq!(links_from_targets(&employer).portfolio, None);
        let spread: Vec<String> = [
            "https://www.linkedin.com/in/jane-doe/",
            "https://github.com/jane",
            "https://jane.dev/",
            "https://acme.com/",
        ]
        .map(String::from)
        .to_vec();
        let links = links_from_targets(&spread);
        assert_eq!(
            links.portfolio.as_deref(),
            Some("jane.dev"),
            "beside GitHub, not acme.com"
        );
    }

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

    #[test]
    fn names_and_locations() {
        let header: Vec<Line> = [
            "PRIYA RAMAN",
            "Senior Data Engineer",
            "Bengaluru, India | priya@x.in",
        ]
        .iter()
        .map(|s| Line::new(s, None, None))
        .collect();
        assert_eq!(
            find_name(&header, &header).map(|n| n.0),
            Some("Priya Raman".into())
        );
        assert_eq!(find_location(&header), Some("Bengaluru, India".into()));
    }
}
