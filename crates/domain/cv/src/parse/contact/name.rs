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
}
