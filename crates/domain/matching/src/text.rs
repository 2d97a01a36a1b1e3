//! Word-level text handling shared by the engine and the baseline: whole words only.

/// Lower-case words: letters and digits, keeping `+` and `#` inside names (C++, C#). Hyphens and
/// slashes split ("back-end" → "back", "end"), so spellings meet.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Words a title uses for seniority or as filler; they say nothing about the occupation.
const TITLE_NOISE: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "lead",
    "principal",
    "staff",
    "head",
    "chief",
    "graduate",
    "trainee",
    "intern",
    "internship",
    "apprentice",
    "associate",
    "assistant",
    "i",
    "ii",
    "iii",
    "iv",
    "of",
    "and",
    "the",
    "a",
    "an",
    "for",
    "to",
    "in",
    "at",
    "with",
    "on",
    "m",
    "f",
    "w",
    "d",
    "x",
    "welcome",
    "ect",
    "remote",
    "hybrid",
    "new",
    "team",
    "level",
];

/// The occupation-bearing words of a title ("Senior Backend Engineer (Rust)" → backend, engineer,
/// rust).
pub fn title_terms(title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(title) {
        if !TITLE_NOISE.contains(&w.as_str()) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Natural-log inverse document frequency, smoothed so unseen terms get the highest weight and
/// a term in every document still counts a little.
pub fn idf(docs: usize, doc_freq: usize) -> f32 {
    ((docs as f32 + 1.0) / (doc_freq as f32 + 1.0)).ln() + 1.0
}

/// Sub-linear term frequency (1 + ln tf), so a word repeated ten times is not ten times the
/// evidence; common English words are dropped.
pub fn term_counts(text: &str) -> std::collections::HashMap<String, f32> {
    let mut counts: std::collections::HashMap<String, f32> = std::collections::HashMap::new();
    for w in words(text) {
        if w.len() > 1 && !STOP_WORDS.contains(&w.as_str()) {
            *counts.entry(w).or_default() += 1.0;
        }
    }
    for c in counts.values_mut() {
        *c = 1.0 + c.ln();
    }
    counts
}

const STOP_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "for", "with", "on", "at", "by", "an", "is", "are", "be", "as",
    "or", "you", "we", "our", "your", "will", "from", "that", "this", "it", "have", "has", "who",
    "what", "can", "all", "into", "their", "they", "us", "was", "were", "not", "but",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole_and_lower_case() {
        assert_eq!(
            words("Back-end C++/C# dev!"),
            ["back", "end", "c++", "c#", "dev"]
        );
        assert_eq!(
            title_terms("Senior Backend Engineer (Rust)"),
            ["backend", "engineer", "rust"]
        );
    }
}
