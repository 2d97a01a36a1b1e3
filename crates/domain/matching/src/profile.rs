//! What the engine needs from a CV, computed once per match request.

use jobr_cv::{ExperienceLevel, ParsedCv};

use crate::occupations::{self, OccupationId};
use crate::place::Place;
use crate::text::{title_terms, words};

/// A CV reduced to matching signals: skills, titles, seniority, place and its words.
#[derive(Debug, Clone)]
pub struct CandidateProfile {
    /// Canonical skill names from the parse.
    pub skills: Vec<String>,
    /// Every word of the CV, in order, for whole-word phrase matching of skills the taxonomy
    /// does not know.
    pub words: Vec<String>,
    /// Occupation families the CV's titles name, with how much each title counts.
    pub occupations: Vec<(OccupationId, f32)>,
    /// Occupation-bearing title words, with how much each counts.
    pub title_terms: Vec<(String, f32)>,
    /// 0 (entry) to 4 (lead), on the scale of [`crate::JobLevel::rank`].
    pub level_rank: Option<i32>,
    pub years: Option<f32>,
    pub place: Place,
}

impl CandidateProfile {
    /// `text` is the CV's extracted text (kept with every stored CV); it finds skills the
    /// taxonomy does not know, and the headline title under the name.
    pub fn new(cv: &ParsedCv, text: &str) -> Self {
        Self::build(cv, text, true)
    }

    fn build(cv: &ParsedCv, text: &str, text_has_headline: bool) -> Self {
        let mut titles: Vec<(String, f32)> = Vec::new();
        // The headline under the name ("Office Administrator") is the title the person claims.
        let head = if text_has_headline { 3 } else { 0 };
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(head)
        {
            let is_headline = line.split_whitespace().count() <= 6
                && !line.contains('@')
                && !line.chars().any(|c| c.is_ascii_digit())
                && occupations::names_occupation(line);
            if is_headline {
                titles.push((line.to_owned(), 1.0));
            }
        }
        // Most recent first, as CVs list them; older titles count a little less.
        for (i, e) in cv.experience.iter().enumerate() {
            if let Some(t) = &e.title {
                let weight = (1.0 - 0.1 * i as f32).max(0.7);
                titles.push((t.clone(), weight));
            }
        }
        let mut occupations: Vec<(OccupationId, f32)> = Vec::new();
        let mut terms: Vec<(String, f32)> = Vec::new();
        for (title, weight) in &titles {
            for o in occupations::of_title(title) {
                add_max(&mut occupations, o, *weight);
            }
            for t in title_terms(title) {
                add_max(&mut terms, t, *weight);
            }
        }
        // A summary names the occupation too ("Registered nurse with 6 years…"); its first
        // sentence counts when no title did.
        if let Some(first) = cv
            .summary
            .as_deref()
            .and_then(|s| s.split(['.', ';']).next())
        {
            for o in occupations::of_title(first) {
                add_max(&mut occupations, o, 0.85);
            }
        }
        let years = cv.total_years_experience;
        let level_rank = match cv.experience_level {
            Some(ExperienceLevel::Junior) => Some(1),
            Some(ExperienceLevel::Mid) => Some(2),
            Some(ExperienceLevel::Senior) => Some(3),
            Some(ExperienceLevel::Lead) => Some(4),
            None => match years {
                Some(y) if y < 1.0 => Some(0),
                Some(y) if y < 3.0 => Some(1),
                Some(y) if y < 6.0 => Some(2),
                Some(y) if y < 10.0 => Some(3),
                Some(_) => Some(4),
                None if cv.experience.is_empty() => Some(0),
                None => None,
            },
        };
        Self {
            skills: cv.skills.clone(),
            words: words(text),
            occupations,
            title_terms: terms,
            level_rank,
            years,
            place: cv.location.as_deref().map(Place::parse).unwrap_or_default(),
        }
    }
}

impl CandidateProfile {
    /// For a CV known only by its structure (no extracted text at hand): the text is rebuilt
    /// from the summary, titles, descriptions, skills and certifications. The headline under
    /// the name is then unknown, so titles come from the experience entries.
    pub fn from_parsed(cv: &ParsedCv) -> Self {
        let mut text: Vec<&str> = Vec::new();
        text.extend(cv.summary.as_deref());
        for e in &cv.experience {
            text.extend(e.title.as_deref());
            text.extend(e.description.as_deref());
        }
        text.extend(cv.skills.iter().map(String::as_str));
        text.extend(cv.certifications.iter().map(String::as_str));
        Self::build(cv, &text.join("\n"), false)
    }
}

fn add_max<K: PartialEq>(list: &mut Vec<(K, f32)>, key: K, weight: f32) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, w)) => *w = w.max(weight),
        None => list.push((key, weight)),
    }
}
