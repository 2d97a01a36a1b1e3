//! The candidate's name: a labelled "Name:" line, or the best-scoring header field.

use super::phone::calling_code;
use crate::parse::text::{Line, find_ascii_ci, is_all_caps, split_fields, title_case};

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

/// Lower-case particles inside names: "Ana de la Cruz", "Ludwig van Beethoven".
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der",
    "den", "ter", "ten", "bin", "binti", "al", "el", "y", "e",
];

/// Scores header lines as a person's name: 2 to 5 capitalised words of letters, near the top,
/// larger than the rest, no digits, no `@`, not a job title. A name split over two lines
/// ("JANE" / "DOE", as office templates set it) is joined; a single word (a mononym) counts,
/// with a lower score. When the top block has no name (a sidebar read first), the largest
/// line of the first page is tried.
pub(crate) fn find_name(header: &[Line], all: &[Line]) -> Option<(String, f32)> {
    for line in all.iter().take(3) {
        if let Some(pos) = find_ascii_ci(&line.text, "name:").filter(|p| *p == 0) {
            let name = line.text[pos + "name:".len()..].trim();
            if !name.is_empty() {
                return Some((name.to_owned(), 0.95));
            }
        }
    }
    let best = best_in(header, header);
    if best.as_ref().is_some_and(|(_, s)| *s >= 0.6) {
        return best.map(|(n, s)| (n, s.clamp(0.3, 0.95)));
    }
    // The largest text of the document: a name in a banner read after a sidebar.
    let max_size = all
        .iter()
        .filter_map(|l| l.font_size)
        .fold(0.0f32, f32::max);
    let largest: Vec<Line> = all
        .iter()
        .filter(|l| {
            l.font_size
                .is_some_and(|s| s >= max_size - 0.1 && max_size > 0.0)
        })
        .take(3)
        .cloned()
        .collect();
    let fallback = best_in(&largest, all).map(|(n, s)| (n, s - 0.1));
    match (best, fallback) {
        (Some(b), Some(f)) => Some(if f.1 > b.1 { f } else { b }),
        (b, f) => b.or(f),
    }
    .map(|(n, s)| (n, s.clamp(0.3, 0.95)))
}

/// The best name among `lines`; `context` gives the font sizes to compare with.
fn best_in(lines: &[Line], context: &[Line]) -> Option<(String, f32)> {
    let max_size = context
        .iter()
        .filter_map(|l| l.font_size)
        .fold(0.0f32, f32::max);
    let largest = |l: &Line| l.font_size.is_some_and(|s| s >= max_size && max_size > 0.0);
    let mut best: Option<(String, f32)> = None;
    let mut consider = |name: String, score: f32| {
        if best.as_ref().is_none_or(|(_, b)| score > *b) {
            best = Some((name, score));
        }
    };
    let top: Vec<&Line> = lines.iter().take(8).collect();
    for (i, line) in top.iter().enumerate() {
        let text = despace(&line.text);
        for field in split_fields(&text).into_iter().take(2) {
            let field = without_postnominals(&field);
            let bonus = if largest(line) { 0.15 } else { 0.0 };
            if let Some(score) = name_score(&field) {
                consider(pretty(&field), score - 0.08 * i as f32 + bonus);
            } else if i <= 1
                && let Some(next) = top.get(i + 1)
                && one_name_word(&field)
                && one_name_word(&next.text)
                && next.font_size == line.font_size
            {
                // "JANE" over "DOE".
                let joined = format!("{} {}", field, next.text.trim());
                if let Some(score) = name_score(&joined) {
                    consider(pretty(&joined), score - 0.08 * i as f32 + bonus);
                }
            } else if i == 0 && one_name_word(&field) {
                // A mononym: only on the first line, and never sure.
                let alone = lines.get(1).is_none_or(|n| !one_name_word(&n.text));
                if alone {
                    consider(pretty(&field), 0.45 + bonus);
                }
            }
        }
    }
    best
}

fn pretty(field: &str) -> String {
    if is_all_caps(field) {
        title_case(field)
    } else {
        field.to_owned()
    }
}

/// "J A N E   D O E" → "JANE DOE" (letter-spaced banners keep a wider gap between words).
fn despace(text: &str) -> String {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() < 3 || !tokens.iter().all(|t| t.chars().count() == 1) {
        return text.to_owned();
    }
    text.split("   ")
        .map(|w| w.split_whitespace().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Sarah Jones, RN, BSN" → "Sarah Jones".
fn without_postnominals(field: &str) -> String {
    let mut parts = field.split(", ");
    let head = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let letters = |p: &str| {
        p.chars().filter(|c| c.is_alphabetic()).count() <= 6
            && p.chars().any(char::is_uppercase)
            && p.chars().all(|c| c.is_alphabetic() || c == '.')
            && p.chars().filter(|c| c.is_uppercase()).count() >= 2
    };
    if !rest.is_empty() && rest.iter().all(|p| letters(p.trim())) {
        head.trim().to_owned()
    } else {
        field.to_owned()
    }
}

/// One capitalised word of letters that is not a heading or a job word.
fn one_name_word(text: &str) -> bool {
    let t = text.trim();
    !t.contains(char::is_whitespace)
        && t.chars().count() >= 2
        && t.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c))
        && t.chars().next().is_some_and(char::is_uppercase)
        && !TITLE_WORDS.contains(&t.to_lowercase().as_str())
        && crate::parse::sections::heading_kind(&Line::new(t, None, None)).is_none()
        && calling_code(t).is_none()
        && !matches!(
            t.to_lowercase().as_str(),
            "resume" | "résumé" | "cv" | "curriculum" | "vitae" | "lebenslauf" | "currículo"
        )
}

fn name_score(field: &str) -> Option<f32> {
    let words: Vec<&str> = field.split_whitespace().collect();
    let named: Vec<&&str> = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .collect();
    if !(2..=5).contains(&words.len())
        || named.len() < 2
        || named.len() > 4
        || field.contains('@')
        || field.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    if !field
        .chars()
        .all(|c| c.is_alphabetic() || " .'’-".contains(c))
    {
        return None;
    }
    if !words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || PARTICLES.contains(&w.to_lowercase().as_str())
    }) {
        return None;
    }
    let lower = field.to_lowercase();
    if lower.split_whitespace().any(|w| TITLE_WORDS.contains(&w))
        || lower
            .split_whitespace()
            .any(|w| matches!(w, "resume" | "résumé" | "cv" | "curriculum" | "vitae"))
        || is_place_name(field)
    {
        return None;
    }
    if crate::parse::sections::heading_kind(&Line::new(field, None, None)).is_some() {
        return None;
    }
    Some(0.85)
}

/// "New Delhi", "United Kingdom": every word of the field belongs to a place we know.
fn is_place_name(field: &str) -> bool {
    calling_code(field).is_some()
        && field.split_whitespace().all(|w| {
            calling_code(w).is_some() || matches!(w, "New" | "San" | "Los" | "Saint" | "St.")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
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
    }

    fn name_of(src: &[&str]) -> Option<String> {
        let lines: Vec<Line> = src.iter().map(|s| Line::new(s, None, None)).collect();
        find_name(&lines, &lines).map(|n| n.0)
    }

    #[test]
    fn split_accented_particle_and_single_names() {
        assert_eq!(
            name_of(&["JANE", "DOE", "Office Manager"]).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            name_of(&["José Álvarez-Núñez"]).as_deref(),
            Some("José Álvarez-Núñez")
        );
        assert_eq!(
            name_of(&["Ana de la Cruz"]).as_deref(),
            Some("Ana de la Cruz")
        );
        assert_eq!(name_of(&["Zoë D’Souza"]).as_deref(), Some("Zoë D’Souza"));
        assert_eq!(
            name_of(&["Sarah Jones, RN, BSN"]).as_deref(),
            Some("Sarah Jones")
        );
        assert_eq!(name_of(&["J A N E   D O E"]).as_deref(), Some("Jane Doe"));
        assert_eq!(name_of(&["Paris Hilton"]).as_deref(), Some("Paris Hilton"));
        let mono = {
            let lines: Vec<Line> = ["Anitta", "Singer and songwriter"]
                .iter()
                .map(|s| Line::new(s, None, None))
                .collect();
            find_name(&lines, &lines)
        };
        assert_eq!(mono.as_ref().map(|m| m.0.as_str()), Some("Anitta"));
        assert!(mono.is_some_and(|m| m.1 < 0.6), "a mononym is never sure");
    }
}
