//! No invented facts: every employer, title, degree, date, number and skill an AI output
//! claims must come from the CV (or, for what the letter says about the employer, from the
//! job). Checked in code on every AI answer; a violating answer is replaced by the template.

use crate::writing::{InterviewPrep, StrengthAnalysis, TailoredCv, WritingContext};
use jobr_cv::skills::find_skills;
use std::collections::HashSet;
use std::fmt;

/// One claim that is not in the CV.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Violation {
    Skill(String),
    Number(String),
    Employer(String),
    Title(String),
    Degree(String),
    Date(String),
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Skill(s) => write!(f, "the skill {s}"),
            Violation::Number(n) => write!(f, "the number {n}"),
            Violation::Employer(e) => write!(f, "the employer {e}"),
            Violation::Title(t) => write!(f, "the title {t}"),
            Violation::Degree(d) => write!(f, "the degree {d}"),
            Violation::Date(d) => write!(f, "the date {d}"),
        }
    }
}

/// Degree words, by family: a claim of any word of a family needs one of the same family in
/// the CV ("Master's" is backed by "M.S.").
const DEGREES: &[&[&str]] = &[
    &[
        "bachelor",
        "bachelors",
        "bsc",
        "b.sc",
        "b.s.",
        "b.a.",
        "beng",
        "b.eng",
        "btech",
        "b.tech",
    ],
    &[
        "master", "masters", "msc", "m.sc", "m.s.", "m.a.", "meng", "m.eng", "mtech", "m.tech",
    ],
    &["mba"],
    &["phd", "ph.d", "ph.d.", "doctorate", "doctoral"],
    &["diploma"],
    &["associate's", "associate degree"],
];

/// Words that introduce an employer: "at Acme", "joined Acme", "with Acme".
const EMPLOYER_CUES: &[&str] = &["at", "joined", "with", "for"];
/// Words that introduce a title held: "as a Data Scientist".
const TITLE_CUES: &[&str] = &["as"];
/// Capitalised words that are not names (sentence words after a cue).
const NOT_NAMES: &[&str] = &[
    "I",
    "The",
    "A",
    "An",
    "My",
    "Our",
    "Your",
    "This",
    "That",
    "These",
    "Their",
    "It",
    "We",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What the CV (and the job) say, in the forms the checks compare.
pub struct FactSheet {
    /// CV text, parsed fields and the job, lower case.
    known_text: String,
    /// Lower case, CV only (degrees must be the candidate's).
    cv_text: String,
    numbers: HashSet<String>,
    skills: HashSet<String>,
}

impl FactSheet {
    pub fn new(context: &WritingContext) -> Self {
        let cv = &context.cv;
        let parsed = serde_json::to_string(cv).unwrap_or_default();
        let cv_text = format!("{}\n{}", context.cv_text, parsed).to_lowercase();
        let job = &context.job.details;
        let job_text = format!(
            "{}\n{}\n{}\n{}\n{}",
            job.title,
            job.company,
            job.location,
            job.description,
            job.required_skills
                .iter()
                .chain(&job.preferred_skills)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
        .to_lowercase();
        let mut numbers: HashSet<String> =
            digit_runs(&cv_text).chain(digit_runs(&job_text)).collect();
        // Counts the analysis reads out of the match ("3 of the 4 skills").
        for count in [
            job.required_skills.len(),
            job.preferred_skills.len(),
            context.matched.matching_skills.len(),
            context.matched.missing_skills.len(),
        ] {
            numbers.insert(count.to_string());
        }
        if let Some(years) = cv.total_years_experience {
            numbers.insert((years.floor() as u32).to_string());
        }
        let mut skills: HashSet<String> = cv.skills.iter().map(|s| s.to_lowercase()).collect();
        skills.extend(
            find_skills(&context.cv_text)
                .iter()
                .map(|s| s.to_lowercase()),
        );
        Self {
            known_text: format!("{cv_text}\n{job_text}"),
            cv_text,
            numbers,
            skills,
        }
    }

    /// Every claim in free text that the CV does not back.
    pub fn check_text(&self, text: &str) -> Vec<Violation> {
        let mut found = Vec::new();
        for skill in find_skills(text) {
            if !self.skills.contains(&skill.to_lowercase()) {
                found.push(Violation::Skill(skill.to_owned()));
            }
        }
        for number in digit_runs(text) {
            if !self.numbers.contains(&number) {
                let violation = if number.len() == 4
                    && (number.starts_with("19") || number.starts_with("20"))
                {
                    Violation::Date(number)
                } else {
                    Violation::Number(number)
                };
                found.push(violation);
            }
        }
        let lower = text.to_lowercase();
        for family in DEGREES {
            let claimed = family.iter().find(|w| contains_word(&lower, w));
            if let Some(word) = claimed
                && !family.iter().any(|w| contains_word(&self.cv_text, w))
            {
                found.push(Violation::Degree((*word).to_owned()));
            }
        }
        for (cue, name) in cued_names(text) {
            // "asks for Patient Care and Triage" names two known things, not one unknown.
            let known = |part: &str| self.known_text.contains(&part.trim().to_lowercase());
            if known(&name) || name.split(" and ").all(known) {
                continue;
            }
            found.push(if TITLE_CUES.contains(&cue.as_str()) {
                Violation::Title(name)
            } else {
                Violation::Employer(name)
            });
        }
        dedup(found)
    }

    /// A tailored CV: every role, date and degree must be one of the CV's, every skill the
    /// CV's, and the wording free of claims the CV does not back.
    pub fn check_tailored(
        &self,
        context: &WritingContext,
        tailored: &TailoredCv,
    ) -> Vec<Violation> {
        let cv = &context.cv;
        let mut found = Vec::new();
        let same = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
            (None, None) => true,
            _ => false,
        };
        for role in &tailored.experience {
            let company_known = cv
                .experience
                .iter()
                .any(|r| same(&r.company, &role.company));
            if !company_known && let Some(company) = &role.company {
                found.push(Violation::Employer(company.clone()));
            }
            let title_known = cv.experience.iter().any(|r| same(&r.title, &role.title));
            if !title_known && let Some(title) = &role.title {
                found.push(Violation::Title(title.clone()));
            }
            let dates_known = cv.experience.iter().any(|r| {
                same(&r.company, &role.company)
                    && r.start == role.start
                    && r.end == role.end
                    && r.current == role.current
            });
            if company_known && !dates_known {
                let start = role.start.map(|d| d.to_string()).unwrap_or_default();
                found.push(Violation::Date(start));
            }
            for bullet in &role.bullets {
                found.extend(self.check_text(bullet));
            }
        }
        for education in &tailored.education {
            if !cv.education.iter().any(|e| e == education) {
                found.push(Violation::Degree(
                    education
                        .degree
                        .clone()
                        .or_else(|| education.institution.clone())
                        .unwrap_or_default(),
                ));
            }
        }
        for skill in &tailored.skills {
            if !self.skills.contains(&skill.to_lowercase())
                && !cv.skills.iter().any(|s| s.eq_ignore_ascii_case(skill))
            {
                found.push(Violation::Skill(skill.clone()));
            }
        }
        for certification in &tailored.certifications {
            if !cv
                .certifications
                .iter()
                .any(|c| c.eq_ignore_ascii_case(certification))
            {
                found.push(Violation::Degree(certification.clone()));
            }
        }
        found.extend(self.check_text(&tailored.summary));
        dedup(found)
    }

    /// Strengths are claims; gaps and suggestions name what is missing on purpose.
    pub fn check_strength(&self, analysis: &StrengthAnalysis) -> Vec<Violation> {
        dedup(
            analysis
                .strengths
                .iter()
                .flat_map(|s| self.check_text(s))
                .collect(),
        )
    }

    /// What the questions say the CV holds.
    pub fn check_interview(&self, prep: &InterviewPrep) -> Vec<Violation> {
        dedup(
            prep.questions
                .iter()
                .flat_map(|q| self.check_text(&q.answer_from))
                .collect(),
        )
    }
}

fn dedup(found: Vec<Violation>) -> Vec<Violation> {
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// Runs of digits, as numbers are compared ("$1.2M" gives "1" and "2", "2019" gives "2019").
fn digit_runs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| run.trim_start_matches('0').to_owned())
        .map(|run| if run.is_empty() { "0".to_owned() } else { run })
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        boundary(before) && boundary(after)
    })
}

/// Capitalised names after a cue word: ("at", "Acme Corp"), ("as", "Data Scientist").
fn cued_names(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < words.len() {
        let cue = words[i].to_lowercase();
        let is_cue = EMPLOYER_CUES.contains(&cue.as_str()) || TITLE_CUES.contains(&cue.as_str());
        if !is_cue {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        // "as a Data Scientist", "as an Engineer"
        if TITLE_CUES.contains(&cue.as_str()) && matches!(words[j], "a" | "an" | "the") {
            j += 1;
        }
        let mut name: Vec<&str> = Vec::new();
        while j < words.len() {
            let word = words[j].trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let joiner = matches!(word, "of" | "&" | "and") && !name.is_empty();
            if word.is_empty() || NOT_NAMES.contains(&word) || !(capital || joiner) {
                break;
            }
            name.push(word);
            let ends_clause = words[j].ends_with([',', '.', ';', ':', ')']);
            j += 1;
            if ends_clause {
                break;
            }
        }
        while name
            .last()
            .is_some_and(|w| matches!(*w, "of" | "&" | "and"))
        {
            name.pop();
        }
        // A possessive ends the name: "Bupa's goals" names Bupa.
        if let Some(last) = name.last_mut() {
            *last = last
                .strip_suffix("'s")
                .or_else(|| last.strip_suffix("\u{2019}s"))
                .unwrap_or(last);
        }
        if !name.is_empty() {
            out.push((cue, name.join(" ")));
        }
        i = j.max(i + 1);
    }
    out
}
