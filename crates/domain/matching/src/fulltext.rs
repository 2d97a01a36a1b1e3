//! Full-text search semantics, the same in every job store: PostgreSQL's `english` text-search
//! configuration and `websearch_to_tsquery` syntax, redone in Rust for the stores that have no
//! PostgreSQL (the in-memory adapter), plus the relevance both stores compute.
//!
//! - Tokens: the kinds of PostgreSQL's default parser that job texts hold (see [`tokens`]):
//!   words, hyphenated words (the whole word then each part), numbers, and dotted or slashed
//!   tokens ("node.js", "CI/CD"). Every token, stop word or not, takes a position.
//! - Lexemes: lower case; words that are PostgreSQL's English stop words (`english.stop`,
//!   copied from PostgreSQL 15's `tsearch_data`) are dropped; other words go through the
//!   Snowball English stemmer (`rust-stemmers`, the algorithm PostgreSQL's `english_stem`
//!   runs); numbers and dotted or slashed tokens are kept as written.
//! - A document is the title (weight A), the skills (B) and the description (C), concatenated
//!   the way `tsvector || tsvector` does: each field's positions follow the previous fields'
//!   highest position.
//! - Relevance: each distinct lexeme of the query's non-negated words found in the job scores
//!   4 when it is in the title, else 2 in the skills, else 1 in the description; the rank is
//!   the sum, over the first [`MAX_RANKED_TERMS`] lexemes. Integers, so both stores compute exactly the same number (PostgreSQL's
//!   `ts_rank` is a float formula over positions that the memory store could only approximate).
//!
//! Not reproduced: e-mail addresses, URLs and other rarer token kinds of the parser. The
//! Postgres adapter's `fulltext_agreement` test compares this with the tsvector PostgreSQL
//! generates for every job of the evaluation set, lexeme by lexeme.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// Most query lexemes the rank counts (the first, in byte order, as PostgreSQL orders a
/// tsvector's lexemes): each costs the database three checks per matching job.
pub const MAX_RANKED_TERMS: usize = 16;

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
    for (kind, word) in words(text) {
        // The english configuration sends words with digits ("e2e-tests", "10x") to the
        // simple dictionary: no stemming, no stop words.
        let lexeme = match kind {
            Kind::Word if !word.chars().any(|c| c.is_ascii_digit()) => lexeme(word),
            _ => Some(word.to_lowercase()),
        };
        out.push(Token {
            position: out.len() as u32 + 1,
            lexeme,
        });
    }
    out
}

/// How PostgreSQL's dictionaries treat a token: words are stemmed and may be stop words;
/// numbers, hosts, paths, floats and versions are kept as written, in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Verbatim,
}

/// The tokens of PostgreSQL's default parser that job texts contain, in order:
/// - a run of letters and digits;
/// - runs joined by `.` or `/` ("node.js", "A/B", "24/7", "e.g"): one verbatim token;
/// - a number with fractions ("3.5", "1.2.3"): one verbatim token, ending at its last digit;
/// - runs joined by `-` where each part has a letter ("full-stack", "e2e-tests"): the whole
///   word, then each part; a part of digits only ends the word and is a signed number
///   ("ISO-9001" → "iso", "-9001");
/// - `-` then digits elsewhere: a signed number ("3-5" → "3", "-5").
fn words(text: &str) -> Vec<(Kind, &str)> {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| bytes.get(i).map(|(_, c)| *c);
    let offset = |i: usize| bytes.get(i).map_or(text.len(), |(o, _)| *o);
    let alnum = |i: usize| at(i).is_some_and(char::is_alphanumeric);
    let run_end = |mut i: usize| {
        while alnum(i) {
            i += 1;
        }
        i
    };
    let has_letter =
        |from: usize, to: usize| (from..to).any(|i| at(i).is_some_and(char::is_alphabetic));
    let slice = |from: usize, to: usize| &text[offset(from)..offset(to)];
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !alnum(i) {
            if at(i) == Some('-') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                let end = run_end(i + 1);
                if !has_letter(i + 1, end) {
                    out.push((Kind::Verbatim, slice(i, end)));
                    i = end;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        let mut end = run_end(i);
        // A number with a fraction ("3.5", "1.5x"): the fraction ends at its last digit.
        let digits_end = |mut i: usize| {
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            i
        };
        if (i..end).all(|k| at(k).is_some_and(|c| c.is_ascii_digit()))
            && at(end) == Some('.')
            && at(end + 1).is_some_and(|c| c.is_ascii_digit())
        {
            while at(end) == Some('.') && at(end + 1).is_some_and(|c| c.is_ascii_digit()) {
                end = digits_end(end + 1);
            }
            out.push((Kind::Verbatim, slice(i, end)));
            i = end;
            continue;
        }
        // Dotted or slashed: keep joining while a separator is followed by a run.
        if matches!(at(end), Some('.' | '/')) && alnum(end + 1) {
            while matches!(at(end), Some('.' | '/')) && alnum(end + 1) {
                end = run_end(end + 1);
            }
            out.push((Kind::Verbatim, slice(i, end)));
            i = end;
            continue;
        }
        let mut parts = vec![(i, end)];
        if has_letter(i, end) {
            while at(end) == Some('-') && alnum(end + 1) {
                let part_end = run_end(end + 1);
                if !has_letter(end + 1, part_end) {
                    break;
                }
                parts.push((end + 1, part_end));
                end = part_end;
            }
        }
        if parts.len() > 1 {
            out.push((Kind::Word, slice(i, end)));
        }
        for (from, to) in parts {
            let kind = if has_letter(from, to) {
                Kind::Word
            } else {
                Kind::Verbatim
            };
            out.push((kind, slice(from, to)));
        }
        i = end;
    }
    out
}

fn lexeme(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
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

    /// Each lexeme with its (position, field) pairs in position order: what
    /// `unnest(tsvector)` lists, for checking agreement with PostgreSQL.
    pub fn entries(&self) -> BTreeMap<&str, Vec<(u32, Field)>> {
        self.lexemes
            .iter()
            .map(|(lexeme, at)| {
                let mut at = at.clone();
                at.sort_unstable();
                at.dedup_by_key(|(position, _)| *position);
                (lexeme.as_str(), at)
            })
            .collect()
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
    /// The word or phrase as typed (without quotes or the minus).
    text: String,
    quoted: bool,
}

impl Clause {
    /// As `websearch_to_tsquery` reads it alone: the word, or the phrase in quotes.
    fn web_text(&self) -> String {
        if self.quoted {
            format!("\"{}\"", self.text)
        } else {
            self.text.clone()
        }
    }
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
                query.add(&mut all_of, phrase, negated, true);
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
                    query.add(&mut all_of, word, negated, false);
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

    fn add(&mut self, all_of: &mut Vec<Clause>, text: &str, negated: bool, quoted: bool) {
        let phrase = tokens(text)
            .into_iter()
            .filter_map(|t| t.lexeme.map(|lexeme| (t.position, lexeme)))
            .collect();
        if !negated {
            self.positive_words.push(text.to_owned());
        }
        // Kept even when empty so that a later `or` still separates alternatives.
        all_of.push(Clause {
            negated,
            phrase,
            text: text.to_owned(),
            quoted,
        });
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

    /// For a query without `or` that both asks for and excludes words: (what it asks for, what
    /// it excludes), each as `websearch_to_tsquery` text, so that a store can find the jobs by
    /// the first and drop those matching the second (`"data engineer" rust -java -"big data"`
    /// → `"data engineer" rust`, `java or "big data"`). Matching both ways is the same as
    /// matching the whole query; `None` when there is nothing to split.
    pub fn split_exclusions(&self) -> Option<(String, String)> {
        let [all_of] = self.any_of.as_slice() else {
            return None;
        };
        let (excluded, wanted): (Vec<&Clause>, Vec<&Clause>) =
            all_of.iter().partition(|c| c.negated);
        if excluded.is_empty() || wanted.is_empty() {
            return None;
        }
        let join = |clauses: &[&Clause], by: &str| {
            clauses
                .iter()
                .map(|c| c.web_text())
                .collect::<Vec<_>>()
                .join(by)
        };
        Some((join(&wanted, " "), join(&excluded, " or ")))
    }

    /// The distinct lexemes of the non-negated words.
    pub fn positive_lexemes(&self) -> BTreeSet<String> {
        self.positive_words
            .iter()
            .flat_map(|word| tokens(word))
            .filter_map(|t| t.lexeme)
            .collect()
    }

    /// The lexemes the rank counts: the first [`MAX_RANKED_TERMS`] positive ones.
    pub fn ranked_lexemes(&self) -> Vec<String> {
        self.positive_lexemes()
            .into_iter()
            .take(MAX_RANKED_TERMS)
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
            .ranked_lexemes()
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

    #[test]
    fn exclusions_split_off_only_from_a_query_without_or() {
        let split = |q: &str| WebQuery::parse(q).split_exclusions();
        assert_eq!(
            split("\"data engineer\" rust -java -\"big data\""),
            Some((
                "\"data engineer\" rust".to_owned(),
                "java or \"big data\"".to_owned()
            ))
        );
        // Stop words vanish from both sides, as from the whole tsquery.
        assert_eq!(
            split("rust -the -java"),
            Some(("rust".to_owned(), "java".to_owned()))
        );
        assert_eq!(split("rust java"), None);
        assert_eq!(split("-java"), None);
        assert_eq!(split("rust or go -java"), None);
    }
}
