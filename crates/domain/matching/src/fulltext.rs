//! Full-text search semantics, the same in every job store: PostgreSQL's `english` text-search
//! configuration and `websearch_to_tsquery` syntax, redone in Rust for the stores that have no
//! PostgreSQL (the in-memory adapter), plus the relevance both stores compute.
//!
//! - Words: runs of letters and digits; a hyphenated word ("full-stack") gives the whole word
//!   then each part, as PostgreSQL's parser does. Every word, stop word or not, takes a position.
//! - Lexemes: lower case; PostgreSQL's English stop words (`english.stop`, copied from
//!   PostgreSQL 15's `tsearch_data`) are dropped; other words go through the Snowball English
//!   stemmer (`rust-stemmers`, the algorithm PostgreSQL's `english_stem` runs); plain numbers
//!   are kept as written.
//! - A document is the title (weight A), the skills (B) and the description (C), concatenated
//!   the way `tsvector || tsvector` does: each field's positions follow the previous fields'
//!   highest position.
//! - Relevance: each distinct lexeme of the query's non-negated words found in the job scores
//!   4 when it is in the title, else 2 in the skills, else 1 in the description; the rank is
//!   the sum. Integers, so both stores compute exactly the same number (PostgreSQL's
//!   `ts_rank` is a float formula over positions that the memory store could only approximate).
//!
//! Not reproduced: tokens PostgreSQL's parser classifies as e-mail addresses, URLs, hosts,
//! file paths, versions or signed numbers ("node.js", "2024-01-01") are split into plain words
//! here. The contract suite and `tests` in the Postgres adapter pin the agreement on plain text.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// Highest position a tsvector stores; later words share it (PostgreSQL's `LIMITPOS`).
const MAX_POSITION: u32 = 16_383;

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("english.stop")
        .lines()
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .collect()
});

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The field a word was found in, with the weight it adds to the rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Description = 1,
    Skills = 2,
    Title = 4,
}

/// One word of a text: its position (from 1) and its lexeme, `None` for a stop word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub position: u32,
    pub lexeme: Option<String>,
}

/// The words of `text` with their positions, as `to_tsvector('english', text)` sees them.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut push = |word: &str, out: &mut Vec<Token>| {
        position += 1;
        out.push(Token {
            position,
            lexeme: lexeme(word),
        });
    };
    for word in words(text) {
        let parts: Vec<&str> = word.split('-').collect();
        if parts.len() > 1 {
            push(word, &mut out);
        }
        for part in parts {
            push(part, &mut out);
        }
    }
    out
}

/// Runs of letters and digits, joined by single hyphens when the first part has a letter
/// ("full-stack", "covid-19"; not "2024-01").
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        let runs: Vec<&str> = chunk.split('-').collect();
        let mut i = 0;
        while i < runs.len() {
            if runs[i].is_empty() {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            if runs[i].chars().any(char::is_alphabetic) {
                while end + 1 < runs.len() && !runs[end + 1].is_empty() {
                    end += 1;
                }
            }
            if end > start {
                let from = offset(chunk, runs[start]);
                let to = offset(chunk, runs[end]) + runs[end].len();
                out.push(&chunk[from..to]);
            } else {
                out.push(runs[i]);
            }
            i = end + 1;
        }
    }
    out
}

/// Byte offset of `part` (a sub-slice of `whole`) within `whole`.
fn offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

fn lexeme(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if lower.chars().all(|c| c.is_ascii_digit()) {
        return Some(lower);
    }
    if STOP_WORDS.contains(lower.as_str()) {
        return None;
    }
    Some(STEMMER.stem(&lower).into_owned())
}

/// A job's searchable text: the tsvector the `jobs.search_vector` column holds.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Lexeme → (position, field) of each occurrence.
    lexemes: HashMap<String, Vec<(u32, Field)>>,
}

impl Document {
    /// The job's title, skills (required then preferred, joined by spaces) and description.
    pub fn of_job(job: &crate::NewJob) -> Self {
        let skills = job
            .required_skills
            .iter()
            .chain(&job.preferred_skills)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        Document::new(&[
            (&job.title, Field::Title),
            (&skills, Field::Skills),
            (&job.description, Field::Description),
        ])
    }

    /// `fields` in order: title, skills (joined by spaces), description.
    pub fn new(fields: &[(&str, Field)]) -> Self {
        let mut doc = Document::default();
        let mut shift = 0;
        for (text, field) in fields {
            let mut highest = shift;
            for token in tokens(text) {
                let Some(lexeme) = token.lexeme else { continue };
                let position = (token.position.min(MAX_POSITION) + shift).min(MAX_POSITION);
                highest = highest.max(position);
                doc.lexemes
                    .entry(lexeme)
                    .or_default()
                    .push((position, *field));
            }
            shift = highest;
        }
        doc
    }

    fn has_at(&self, lexeme: &str, position: u32) -> bool {
        self.lexemes
            .get(lexeme)
            .is_some_and(|at| at.iter().any(|(p, _)| *p == position))
    }

    /// The rank weight of `lexeme`: its best field, 0 when absent.
    fn weight(&self, lexeme: &str) -> u32 {
        self.lexemes
            .get(lexeme)
            .and_then(|at| at.iter().map(|(_, field)| *field as u32).max())
            .unwrap_or(0)
    }
}

/// A word or quoted phrase of a query: lexemes at their positions relative to each other.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    negated: bool,
    phrase: Vec<(u32, String)>,
}

impl Clause {
    fn found_in(&self, doc: &Document) -> bool {
        let Some((first_at, first)) = self.phrase.first() else {
            return false;
        };
        let Some(starts) = doc.lexemes.get(first) else {
            return false;
        };
        starts.iter().any(|(start, _)| {
            self.phrase
                .iter()
                .all(|(at, lexeme)| doc.has_at(lexeme, start + at - first_at))
        })
    }

    fn holds_for(&self, doc: &Document) -> bool {
        self.found_in(doc) != self.negated
    }
}

/// A parsed `websearch_to_tsquery('english', …)`: alternatives (`or`) of clauses that must all
/// hold (words, "quoted phrases", `-excluded` words or phrases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebQuery {
    any_of: Vec<Vec<Clause>>,
    /// The non-negated words as typed, for stores that compute lexemes themselves.
    positive_words: Vec<String>,
}

impl WebQuery {
    pub fn parse(text: &str) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut query = WebQuery::default();
        let mut all_of: Vec<Clause> = Vec::new();
        let mut negated = false;
        let mut i = 0;
        while i < chars.len() {
            let (_, c) = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '-' {
                negated = !negated;
                i += 1;
            } else if c == '"' {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].1 != '"' {
                    end += 1;
                }
                let phrase = slice(text, &chars, start, end);
                query.add(&mut all_of, phrase, negated);
                negated = false;
                i = end + 1;
            } else {
                let mut end = i;
                while end < chars.len() && !chars[end].1.is_whitespace() && chars[end].1 != '"' {
                    end += 1;
                }
                let word = slice(text, &chars, i, end);
                let is_or = word.eq_ignore_ascii_case("or") && !all_of.is_empty() && !negated;
                if is_or {
                    query.any_of.push(std::mem::take(&mut all_of));
                } else {
                    query.add(&mut all_of, word, negated);
                    negated = false;
                }
                i = end;
            }
        }
        query.any_of.push(all_of);
        // Words that were only stop words vanish, as PostgreSQL drops them from the tsquery.
        for all_of in &mut query.any_of {
            all_of.retain(|clause| !clause.phrase.is_empty());
        }
        query.any_of.retain(|all_of| !all_of.is_empty());
        query
    }

    fn add(&mut self, all_of: &mut Vec<Clause>, text: &str, negated: bool) {
        let phrase = tokens(text)
            .into_iter()
            .filter_map(|t| t.lexeme.map(|lexeme| (t.position, lexeme)))
            .collect();
        if !negated {
            self.positive_words.push(text.to_owned());
        }
        // Kept even when empty so that a later `or` still separates alternatives.
        all_of.push(Clause { negated, phrase });
    }

    /// No lexeme survived: PostgreSQL's empty tsquery, which matches nothing.
    pub fn is_empty(&self) -> bool {
        self.any_of.is_empty()
    }

    pub fn matches(&self, doc: &Document) -> bool {
        self.any_of
            .iter()
            .any(|all_of| all_of.iter().all(|clause| clause.holds_for(doc)))
    }

    /// The distinct lexemes of the non-negated words.
    pub fn positive_lexemes(&self) -> BTreeSet<String> {
        self.positive_words
            .iter()
            .flat_map(|word| tokens(word))
            .filter_map(|t| t.lexeme)
            .collect()
    }

    /// The non-negated words joined by spaces: `to_tsvector('english', …)` of this gives
    /// [`Self::positive_lexemes`].
    pub fn positive_text(&self) -> String {
        self.positive_words.join(" ")
    }

    /// The relevance of `doc`: see the module documentation.
    pub fn rank(&self, doc: &Document) -> f32 {
        let sum: u32 = self
            .positive_lexemes()
            .iter()
            .map(|lexeme| doc.weight(lexeme))
            .sum();
        sum as f32
    }
}

fn slice<'a>(text: &'a str, chars: &[(usize, char)], start: usize, end: usize) -> &'a str {
    let from = chars.get(start).map_or(text.len(), |(at, _)| *at);
    let to = chars.get(end).map_or(text.len(), |(at, _)| *at);
    text.get(from..to.max(from)).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexemes(text: &str) -> Vec<(u32, String)> {
        tokens(text)
            .into_iter()
            .filter_map(|t| t.lexeme.map(|l| (t.position, l)))
            .collect()
    }

    #[test]
    fn words_are_stemmed_stop_words_keep_their_place_and_compounds_split() {
        assert_eq!(
            lexemes("The full-stack Engineers"),
            vec![
                (2, "full-stack".into()),
                (3, "full".into()),
                (4, "stack".into()),
                (5, "engin".into())
            ]
        );
    }

    #[test]
    fn fields_follow_the_previous_fields_highest_position() {
        let doc = Document::new(&[("Head of", Field::Title), ("sales ops", Field::Skills)]);
        assert!(doc.has_at("head", 1) && doc.has_at("sale", 2) && doc.has_at("op", 3));
    }

    #[test]
    fn a_query_reads_phrases_negations_and_alternatives() {
        let doc = Document::new(&[
            ("Head of Sales", Field::Title),
            ("", Field::Skills),
            ("We use Rust", Field::Description),
        ]);
        assert!(WebQuery::parse("\"head of sales\" rust").matches(&doc));
        assert!(!WebQuery::parse("\"head sales\"").matches(&doc));
        assert!(!WebQuery::parse("rust -sales").matches(&doc));
        assert!(WebQuery::parse("java or rust").matches(&doc));
        assert!(WebQuery::parse("--rust").matches(&doc));
        assert!(WebQuery::parse("the").is_empty());
        assert_eq!(WebQuery::parse("sales rust -java").rank(&doc), 5.0);
    }
}
