//! What is written for an application (cover letter, tailored CV, strength analysis,
//! interview prep), and the template path that writes each from the CV's real facts and the
//! engine's match when AI is not available, not in the plan, or answered something unusable.

pub use crate::letter::template_cover_letter;
use jobr_cv::{CvDate, Education, Experience, ParsedCv};
use jobr_matching::{Band, Job, JobMatch};
use serde::{Deserialize, Serialize};

/// Everything a writer reads: the CV (as parsed, and its text), the job, and the engine's
/// match of the two.
#[derive(Debug, Clone)]
pub struct WritingContext {
    pub cv: ParsedCv,
    pub cv_text: String,
    pub job: Job,
    pub matched: JobMatch,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    #[default]
    Professional,
    Enthusiastic,
    Concise,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Professional => "professional",
            Tone::Enthusiastic => "enthusiastic",
            Tone::Concise => "concise",
        }
    }
}

/// Which path wrote a result, as the house rules require responses to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WritingSource {
    Ai,
    Template,
}

/// A cover letter as an assistant drafts it: its paragraphs, greeting and sign-off included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverLetterDraft {
    pub paragraphs: Vec<String>,
}

/// Words an AI cover letter must have (issue: 250–400 words).
pub const LETTER_WORDS: std::ops::RangeInclusive<usize> = 250..=400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverLetter {
    pub tone: Tone,
    pub paragraphs: Vec<String>,
    pub word_count: usize,
    pub source: WritingSource,
    /// Why the template was used instead of the AI, when it was.
    pub notice: Option<String>,
}

impl CoverLetter {
    pub fn new(tone: Tone, paragraphs: Vec<String>, source: WritingSource) -> Self {
        let word_count = paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        Self {
            tone,
            paragraphs,
            word_count,
            source,
            notice: None,
        }
    }

    /// Paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TailoredRole {
    pub company: Option<String>,
    pub title: Option<String>,
    pub start: Option<CvDate>,
    pub end: Option<CvDate>,
    #[serde(default)]
    pub current: bool,
    pub bullets: Vec<String>,
}

/// The CV's own facts, ordered and worded for one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TailoredCv {
    pub name: Option<String>,
    pub contact: Vec<String>,
    pub summary: String,
    /// The skills the job asks for and the CV shows first, then the CV's others.
    pub skills: Vec<String>,
    pub experience: Vec<TailoredRole>,
    pub education: Vec<Education>,
    pub certifications: Vec<String>,
    #[serde(skip_deserializing, default = "template_source")]
    pub source: WritingSource,
    #[serde(skip_deserializing)]
    pub notice: Option<String>,
}

fn template_source() -> WritingSource {
    WritingSource::Template
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrengthAnalysis {
    /// 0–100: the engine's match score.
    pub score: u8,
    pub band: Band,
    pub strengths: Vec<String>,
    pub gaps: Vec<String>,
    pub suggestions: Vec<String>,
    pub matching_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    #[serde(skip_deserializing, default = "template_source")]
    pub source: WritingSource,
    #[serde(skip_deserializing)]
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewQuestion {
    pub question: String,
    /// Why the interviewer is likely to ask it.
    pub why: String,
    /// The part of the CV that answers it.
    pub answer_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewPrep {
    pub questions: Vec<InterviewQuestion>,
    #[serde(skip_deserializing, default = "template_source")]
    pub source: WritingSource,
    #[serde(skip_deserializing)]
    pub notice: Option<String>,
}

/// The role of the CV that best fits the job: the most of the job's skills and title words in
/// it, the most recent on a tie (CVs list the newest first).
pub fn most_relevant_role(context: &WritingContext) -> Option<&Experience> {
    let job_words = words_of(&context.job.details.title);
    let skills: Vec<String> = context
        .matched
        .matching_skills
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let fit = |role: &Experience| -> usize {
        let text = format!(
            "{} {}",
            role.title.as_deref().unwrap_or_default(),
            role.description.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        let title_words = words_of(role.title.as_deref().unwrap_or_default());
        let shared_title = job_words.iter().filter(|w| title_words.contains(w)).count();
        let shared_skills = skills.iter().filter(|s| text.contains(s.as_str())).count();
        shared_title * 2 + shared_skills
    };
    let mut best: Option<(&Experience, usize)> = None;
    for role in &context.cv.experience {
        let score = fit(role);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((role, score));
        }
    }
    best.map(|(role, _)| role)
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// The achievements of a role: its description's bullets or sentences, those naming the
/// job's skills first.
pub fn achievements(role: &Experience, skills: &[String]) -> Vec<String> {
    let description = role.description.as_deref().unwrap_or_default();
    let mut items: Vec<String> = description
        .lines()
        .flat_map(|line| {
            let line = line
                .trim()
                .trim_start_matches(['-', '*', '•', '–', '·'])
                .trim();
            line.split(". ")
                .map(|s| s.trim().trim_end_matches('.').to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|s| s.split_whitespace().count() >= 2)
        .collect();
    let mentions = |item: &String| {
        let lower = item.to_lowercase();
        skills
            .iter()
            .filter(|s| lower.contains(&s.to_lowercase()))
            .count()
    };
    // Stable: equal items keep the CV's order.
    items.sort_by_key(|item| std::cmp::Reverse(mentions(item)));
    items
}

/// "Built models" → "built models", leaving acronyms and names ("SQL", "iOS") alone.
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            format!("{}{}", first.to_lowercase(), &text[first.len_utf8()..])
        }
        _ => text.to_owned(),
    }
}

/// "a, b and c".
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub(crate) fn period(role: &Experience) -> Option<String> {
    match (role.start, role.end, role.current) {
        (Some(start), _, true) => Some(format!("since {}", start.year)),
        (Some(start), Some(end), false) if start.year == end.year => {
            Some(format!("in {}", start.year))
        }
        (Some(start), Some(end), false) => Some(format!("from {} to {}", start.year, end.year)),
        _ => None,
    }
}

pub(crate) fn role_name(role: &Experience) -> String {
    match (&role.title, &role.company) {
        (Some(title), Some(company)) => format!("{title} at {company}"),
        (Some(title), None) => title.clone(),
        (None, Some(company)) => format!("my role at {company}"),
        (None, None) => "my last role".to_owned(),
    }
}

/// Joins achievements into one clause: "built X, wrote Y and led Z".
pub(crate) fn deeds(items: &[String]) -> String {
    let lowered: Vec<String> = items.iter().map(|i| lower_first(i)).collect();
    list(&lowered)
}

/// Matching skills (in the job's order) first, then the CV's others, in its order.
fn ordered_skills(context: &WritingContext) -> Vec<String> {
    let mut skills: Vec<String> = context
        .matched
        .matching_skills
        .iter()
        .filter(|s| context.cv.skills.iter().any(|c| c.eq_ignore_ascii_case(s)))
        .cloned()
        .collect();
    for skill in &context.cv.skills {
        if !skills.iter().any(|s| s.eq_ignore_ascii_case(skill)) {
            skills.push(skill.clone());
        }
    }
    skills
}

/// The same facts, re-ordered for the job: skills it asks for first, each role's bullets that
/// name them first, a summary leading with the matching skills and the most relevant role.
pub fn template_tailored_cv(context: &WritingContext) -> TailoredCv {
    let cv = &context.cv;
    let skills = ordered_skills(context);
    let experience = cv
        .experience
        .iter()
        .map(|role| TailoredRole {
            company: role.company.clone(),
            title: role.title.clone(),
            start: role.start,
            end: role.end,
            current: role.current,
            bullets: achievements(role, &context.matched.matching_skills)
                .into_iter()
                .map(|b| format!("{b}."))
                .collect(),
        })
        .collect();
    let matching: Vec<String> = context
        .matched
        .matching_skills
        .iter()
        .take(3)
        .cloned()
        .collect();
    let mut summary = String::new();
    if let Some(role) = most_relevant_role(context) {
        summary.push_str(&format!("{}.", capitalised(&role_name(role))));
    }
    if !matching.is_empty() {
        summary.push_str(&format!(" Strengths for this role: {}.", list(&matching)));
    }
    if let Some(own) = &cv.summary {
        summary.push(' ');
        summary.push_str(own.trim());
    }
    let contact = [&cv.email, &cv.phone, &cv.location]
        .into_iter()
        .flatten()
        .cloned()
        .chain(
            [&cv.links.linkedin, &cv.links.github, &cv.links.portfolio]
                .into_iter()
                .flatten()
                .cloned(),
        )
        .collect();
    TailoredCv {
        name: cv.name.clone(),
        contact,
        summary: summary.trim().to_owned(),
        skills,
        experience,
        education: cv.education.clone(),
        certifications: cv.certifications.clone(),
        source: WritingSource::Template,
        notice: None,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The engine's score and skills, read out: strengths, gaps, and its recommendations.
pub fn template_strength(context: &WritingContext) -> StrengthAnalysis {
    let m = &context.matched;
    let job = &context.job.details;
    let mut strengths = Vec::new();
    let required = job.required_skills.len();
    let have_required = job
        .required_skills
        .iter()
        .filter(|s| m.matching_skills.iter().any(|h| h.eq_ignore_ascii_case(s)))
        .count();
    if !m.matching_skills.is_empty() {
        strengths.push(format!(
            "Your CV shows {have_required} of the {required} skills the role requires: {}.",
            list(&m.matching_skills)
        ));
    }
    if let Some(role) = most_relevant_role(context) {
        strengths.push(format!(
            "Your experience as {} is the closest to this role.",
            role_name(role)
        ));
    }
    if m.parts.title >= 0.7 {
        strengths.push(format!(
            "Your job titles fit \u{201c}{}\u{201d} well.",
            job.title
        ));
    }
    let gaps = m
        .missing_skills
        .iter()
        .map(|s| format!("The role asks for {s}, which your CV does not show."))
        .collect();
    StrengthAnalysis {
        score: (m.match_score * 100.0).round().clamp(0.0, 100.0) as u8,
        band: m.band,
        strengths,
        gaps,
        suggestions: m.recommendations.clone(),
        matching_skills: m.matching_skills.clone(),
        missing_skills: m.missing_skills.clone(),
        source: WritingSource::Template,
        notice: None,
    }
}

/// Questions the job's requirements and the CV make likely, each tied to the CV.
pub fn template_interview_prep(context: &WritingContext) -> InterviewPrep {
    let job = &context.job.details;
    let m = &context.matched;
    let mut questions = Vec::new();
    if let Some(role) = most_relevant_role(context) {
        questions.push(InterviewQuestion {
            question: format!(
                "Walk us through your work as {} and what you achieved there.",
                role_name(role)
            ),
            why: format!(
                "It is the part of your background closest to the {} role, so they will start there.",
                job.title
            ),
            answer_from: format!("Experience: {}", role_name(role)),
        });
    }
    for skill in m.matching_skills.iter().take(3) {
        let lower = skill.to_lowercase();
        let role = context.cv.experience.iter().find(|r| {
            r.description
                .as_deref()
                .is_some_and(|d| d.to_lowercase().contains(&lower))
        });
        questions.push(InterviewQuestion {
            question: format!(
                "Tell us about a piece of work where you used {skill}. What was hard about it?"
            ),
            why: format!("{} lists {skill} among its requirements.", job.company),
            answer_from: match role {
                Some(role) => format!("Experience: {}", role_name(role)),
                None => "Skills section".to_owned(),
            },
        });
    }
    if let Some(gap) = m.missing_skills.first() {
        questions.push(InterviewQuestion {
            question: format!("This role uses {gap}. How would you get up to speed with it?"),
            why: format!("The posting asks for {gap} and your CV does not show it."),
            answer_from: "Skills section: the closest skills you have, and how you learned them"
                .to_owned(),
        });
    }
    questions.push(InterviewQuestion {
        question: format!("Why do you want to work at {}?", job.company),
        why: "Almost every interview asks it, to check you chose them on purpose.".to_owned(),
        answer_from: if context.cv.summary.is_some() {
            "Summary".to_owned()
        } else {
            "Experience: what you want to do more of".to_owned()
        },
    });
    InterviewPrep {
        questions,
        source: WritingSource::Template,
        notice: None,
    }
}
