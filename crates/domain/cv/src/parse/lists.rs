//! List-like sections: skills, certifications, languages.

use crate::skills;

use super::dates::find_dates;
use super::text::Line;

/// Skills written as a list: each item canonicalised on its own first ("Golang" as a whole
/// item), then free-text matching for items like "Cloud: AWS, GCP".
pub(crate) fn skill_items(text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for item in text.split(['\n', ',', ';', '|', '•', '·']) {
        let item = item.trim();
        let found = match skills::canonical_skill(item) {
            Some(c) => vec![c],
            None => skills::find_skills(item.split_once(':').map_or(item, |(_, rest)| rest)),
        };
        for s in found {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
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
