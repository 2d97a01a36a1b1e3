//! List-like sections: skills, certifications, languages.

use crate::skills;

use super::dates::find_dates;
use super::text::Line;

/// Skills written as a list: each item canonicalised on its own first ("Golang" as a whole
/// item), then free-text matching for items like "Cloud: AWS, GCP". An item the taxonomy
/// does not know is kept as written when it is shaped like a skill's name ("Stata",
/// "Dealer Management", "EICR Testing"): a list under a skills heading is the person's own
/// claim, and no taxonomy names every trade's tools.
pub(crate) fn skill_items(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |s: &str, out: &mut Vec<String>| {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_owned());
        }
    };
    let text = unwrap_list_lines(text);
    let items = text.lines().flat_map(|line| {
        let several = line.contains(LIST_SEPARATORS);
        line.split(LIST_SEPARATORS)
            .enumerate()
            .map(move |(k, item)| (k == 0 && several, item.trim()))
    });
    for (opens_list, item) in items {
        if let Some(c) = skills::canonical_skill(item) {
            push(c, &mut out);
            continue;
        }
        let mut unlabelled = item.split_once(':').map_or(item, |(_, rest)| rest).trim();
        if opens_list {
            unlabelled = without_group_label(unlabelled);
        }
        let found = skills::find_skills(unlabelled);
        // "Tally ERP", "Team Leadership": the taxonomy knows a part ("Tally", "Leadership");
        // the item as written is the skill, and the part is kept for matching.
        if is_skill_name(unlabelled) {
            push(unlabelled, &mut out);
        }
        for s in found {
            push(s, &mut out);
        }
    }
    out
}

/// "Systems   SAP EWM", "Tools Microsoft Office": a group's label opens the first item of
/// its line, set apart by a tab stop or, without a colon, known by the skill after it.
fn without_group_label(item: &str) -> &str {
    if let Some((label, rest)) = item.split_once("   ")
        && label.split_whitespace().count() <= 2
    {
        return rest.trim();
    }
    match item.split_once(' ') {
        // A known name of two words or more after one word: "Tools Microsoft Office". A
        // one-word tail is too weak a sign ("Tally ERP" is one skill).
        Some((label, rest))
            if rest.contains(' ')
                && skills::canonical_skill(rest).is_some()
                && skills::canonical_skill(label).is_none() =>
        {
            rest
        }
        _ => item,
    }
}

const LIST_SEPARATORS: &[char] = &[',', ';', '|', '•', '·'];

/// "…, Customer" over "Service, Excel": a list line that does not end on a separator
/// wrapped inside an item; the halves go back together. A line that is not a list, or a
/// next line opening with its own "Label:", keeps its break.
fn unwrap_list_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A line wraps because it is full: about as long as the longest of the list.
    let widest = text
        .lines()
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(next) = lines.peek() else { break };
        let first_item = next.split(LIST_SEPARATORS).next().unwrap_or_default();
        let last_item = line.rsplit(LIST_SEPARATORS).next().unwrap_or_default();
        // Only a one-word stub wraps ("Customer" / "Service"); "IV Cannulation" over
        // "Systems EPR" is two items.
        let wraps = line.chars().count() * 5 >= widest * 4
            && line.contains(LIST_SEPARATORS)
            && !line.ends_with(LIST_SEPARATORS)
            && !next.starts_with(LIST_SEPARATORS)
            && last_item.split_whitespace().count() == 1
            && !first_item.contains(':')
            && first_item.chars().any(char::is_alphabetic)
            && first_item.split_whitespace().count() <= 3;
        out.push(if wraps { ' ' } else { '\n' });
    }
    out
}

/// Short, every word capitalised (or a number, or a connector such as "and"), no sentence
/// punctuation, and not a spoken language: how lists name skills, not how prose runs.
fn is_skill_name(item: &str) -> bool {
    let words: Vec<&str> = item.split_whitespace().collect();
    let connector = |w: &str| matches!(w, "and" | "of" | "for" | "in" | "with" | "&" | "-" | "/");
    !words.is_empty()
        && words.len() <= 4
        && item.chars().count() <= 40
        && !item.ends_with('.')
        && !item.contains(['@', '(', ')', ':'])
        && !item.contains("http")
        && item.chars().any(char::is_alphabetic)
        && words.iter().all(|w| {
            connector(w)
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        && !LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(item))
        && super::sections::heading_kind(&Line::new(item, None, None)).is_none()
}

pub(crate) fn certifications<'a>(lines: impl Iterator<Item = &'a Line>) -> Vec<String> {
    lines
        .map(|l| {
            let mut text = l.text.clone();
            // "AWS Solutions Architect – Associate (2021)": drop the trailing year only.
            if !find_dates(&text).is_empty() {
                let trimmed: Vec<&str> = text.split("   ").collect();
                text = trimmed[0].to_owned();
                for sep in [" (", ", ", " – ", " - ", " | "] {
                    if let Some((head, tail)) = text.rsplit_once(sep)
                        && !find_dates(tail).is_empty()
                        && tail.len() < 20
                    {
                        text = head.to_owned();
                    }
                }
            }
            text.trim().to_owned()
        })
        .filter(|t| t.len() > 2)
        .collect()
}

const LANGUAGES: &[&str] = &[
    "English",
    "Spanish",
    "French",
    "German",
    "Hindi",
    "Mandarin",
    "Chinese",
    "Japanese",
    "Portuguese",
    "Italian",
    "Arabic",
    "Russian",
    "Dutch",
    "Korean",
    "Tamil",
    "Telugu",
    "Bengali",
    "Marathi",
    "Urdu",
    "Polish",
    "Turkish",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Greek",
    "Hebrew",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malay",
    "Swahili",
    "Ukrainian",
    "Czech",
    "Romanian",
    "Hungarian",
    "Catalan",
    "Punjabi",
    "Gujarati",
    "Kannada",
    "Malayalam",
    "Cantonese",
    "Filipino",
    "Tagalog",
    "Persian",
    "Farsi",
    "Yoruba",
    "Igbo",
    "Hausa",
    "Irish",
    "Welsh",
    "Gaelic",
    "Afrikaans",
    "Zulu",
    "Amharic",
    "Nepali",
    "Sinhala",
    "Serbian",
    "Croatian",
    "Slovak",
    "Bulgarian",
    "Lithuanian",
    "Latvian",
    "Estonian",
    "Icelandic",
    "Slovenian",
];

/// "English, Welsh": every item of the line is a language name.
pub(crate) fn names_languages(text: &str) -> bool {
    let mut items = text
        .split(LIST_SEPARATORS)
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .peekable();
    items.peek().is_some() && items.all(|i| LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(i)))
}

/// Known language names in the languages section, or failing that, in a "Languages:" line.
pub(crate) fn languages<'a>(lines: impl Iterator<Item = &'a Line>, full_text: &str) -> Vec<String> {
    let mut section: String = lines
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if section.is_empty() {
        section = full_text
            .lines()
            .filter_map(|l| {
                let label = "languages:";
                let head = l.get(..label.len())?;
                head.eq_ignore_ascii_case(label)
                    .then(|| l[label.len()..].to_owned())
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let mut out: Vec<String> = Vec::new();
    for word in section.split(|c: char| !c.is_alphabetic()) {
        if let Some(lang) = LANGUAGES.iter().find(|l| l.eq_ignore_ascii_case(word))
            && !out.iter().any(|o| o == lang)
        {
            out.push((*lang).to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_skills_unknown_to_the_taxonomy_are_kept_as_written() {
        let skills = skill_items(
            "Software: R, Python, Stata\nTools Microsoft Office, Tally ERP\n\
             Channel Sales, Dealer Management, Customer\nService, Bloomberg\n1/2\n\
             Strong communicator\nEnglish",
        );
        for want in [
            "R",
            "Python",
            "Stata",
            "Microsoft Office",
            "Tally ERP",
            "Channel Sales",
            "Customer Service",
        ] {
            assert!(
                skills.iter().any(|s| s.eq_ignore_ascii_case(want)),
                "{want} not in {skills:?}"
            );
        }
        // Labels, prose, page numbers and spoken languages are no skills.
        for not in [
            "Software",
            "Tools Microsoft Office",
            "Strong communicator",
            "English",
        ] {
            assert!(
                !skills.iter().any(|s| s.starts_with(not)),
                "{not} in {skills:?}"
            );
        }
        assert!(!skills.iter().any(|s| s.contains("1/2")), "{skills:?}");
    }

    #[test]
    fn bulleted_items_do_not_join_the_line_above() {
        let skills = skill_items("• Carpentry   • Reading Drawings\n• Joinery   • CSCS Card");
        assert!(skills.iter().any(|s| s == "CSCS Card"), "{skills:?}");
        assert!(skills.iter().any(|s| s == "Reading Drawings"), "{skills:?}");
    }
}
