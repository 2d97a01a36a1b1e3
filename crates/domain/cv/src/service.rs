//! The CV parsing use case: extract, structure by rules, let an AI improve on it when one is
//! configured, and never trust the AI with facts the text does not contain.

use std::sync::Arc;

use jobr_core::{AiUse, UserId};

use crate::ports::{AnalyzerError, CvAnalyzer};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::extract::{DocumentFormat, ExtractError, ExtractLimits, extract_with_limits};
use crate::model::{Confidence, CvDate, Links, ParseSource, ParsedCv};
use crate::parse::{calling_code, parse_extracted_at, to_e164};
use crate::skills;

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    pub format: DocumentFormat,
    /// The extracted text, kept so the CV can be re-analysed or shown to the user.
    pub text: String,
    pub parsed: ParsedCv,
    /// Why the AI path was not taken, when an analyzer is configured but failed.
    pub analyzer_error: Option<AnalyzerError>,
    /// Why the rules structured the CV, in words for the user; `None` when the AI did.
    pub notice: Option<String>,
}

/// What the user is told when the rules structured their CV, by the reason.
pub mod notices {
    pub const NOT_IN_PLAN: &str = "AI CV structuring comes with Premium and Pro; this CV was structured by the rule-based parser.";
    pub const NOT_CONFIGURED: &str = "AI CV structuring is not configured on this server; this CV was structured by the rule-based parser.";
    pub const AI_FAILED: &str = "The AI could not structure this CV just now; this CV was structured by the rule-based parser.";
}

#[derive(Debug, thiserror::Error)]
pub enum CvError {
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error("the document contains no readable text")]
    NoText,
    /// The isolated extractor died, overran its limits or answered nonsense: the file is
    /// treated as unreadable (hostile or broken), never as our fault.
    #[error("the file could not be read safely: {0}")]
    Unreadable(WorkerFault),
    /// The runner itself failed (a panic, a lost task, a worker that cannot be started).
    #[error("extraction failed on our side")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// How an isolated extraction went wrong because of the file it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkerFault {
    #[error("the extractor crashed")]
    Crashed,
    #[error("the extractor ran out of time")]
    TimedOut,
    #[error("the extractor's answer was too large")]
    OutputTooLarge,
    #[error("the extractor's answer could not be read")]
    BadOutput,
}

/// What extraction plus the rule-based parse yield: all the service needs, and small enough
/// to cross a process boundary as JSON (the positioned lines stay where they were used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub format: DocumentFormat,
    pub text: String,
    pub link_targets: Vec<String>,
    pub rules: ParsedCv,
}

/// Extracts under `limits` and parses by the rules, dating "Present" by `today`: the
/// CPU-bound work every runner does, in-process or in a worker.
pub fn extract_and_parse(
    bytes: &[u8],
    limits: &ExtractLimits,
    today: CvDate,
) -> Result<Extraction, ExtractError> {
    let extracted = extract_with_limits(bytes, limits)?;
    let rules = parse_extracted_at(&extracted, today);
    Ok(Extraction {
        format: extracted.format,
        text: extracted.text,
        link_targets: extracted.link_targets,
        rules,
    })
}

pub type ExtractionOutcome = Result<Extraction, CvError>;

/// Where extraction runs. It takes milliseconds to a few hundred on a long PDF, and a hostile
/// file may try to exhaust memory or the stack, so a server runs it in a resource-limited
/// child process; [`Inline`] runs it on the caller's thread. The runner gets the bytes
/// (cheaply cloned, so a process runner can ship them), the limits to apply, and the date
/// the rules count "Present" up to.
#[async_trait::async_trait]
pub trait ExtractionRunner: Send + Sync {
    async fn run(&self, bytes: Bytes, limits: ExtractLimits, today: CvDate) -> ExtractionOutcome;
}

/// Runs extraction where it is called: for tools and tests. No isolation: a hostile file
/// meets only the parsers' own limits.
pub struct Inline;

#[async_trait::async_trait]
impl ExtractionRunner for Inline {
    async fn run(&self, bytes: Bytes, limits: ExtractLimits, today: CvDate) -> ExtractionOutcome {
        Ok(extract_and_parse(&bytes, &limits, today)?)
    }
}

#[derive(Clone)]
pub struct CvParsingService {
    analyzer: Option<Arc<dyn CvAnalyzer>>,
    runner: Arc<dyn ExtractionRunner>,
    limits: ExtractLimits,
}

impl CvParsingService {
    /// Every caller names where extraction runs: [`Inline`] for tools and tests, an isolated
    /// runner in a server.
    pub fn new(runner: Arc<dyn ExtractionRunner>, analyzer: Option<Arc<dyn CvAnalyzer>>) -> Self {
        Self {
            analyzer,
            runner,
            limits: ExtractLimits::default(),
        }
    }

    pub fn with_limits(mut self, limits: ExtractLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn has_analyzer(&self) -> bool {
        self.analyzer.is_some()
    }

    /// Extracts and structures an uploaded file. Fails before any AI call when the file has
    /// no text; an AI failure is not an error (the rules result is returned, `source: rules`).
    /// The analyzer is called only when `ai` is [`AiUse::Allowed`] (the user's plan includes
    /// AI features); otherwise the rules answer and `notice` says why.
    /// `today` (from the caller's `Clock`) dates "present" jobs.
    pub async fn parse_document(
        &self,
        bytes: impl Into<Bytes>,
        requested_by: Option<UserId>,
        ai: AiUse,
        today: CvDate,
    ) -> Result<ParsedDocument, CvError> {
        let extracted = self.runner.run(bytes.into(), self.limits, today).await?;
        let rules = extracted.rules;
        // Checked before any AI call: a model given nothing invents a "John Doe".
        if !extracted.text.chars().any(char::is_alphanumeric) {
            return Err(CvError::NoText);
        }
        let (parsed, analyzer_error, notice) = match (ai, &self.analyzer) {
            (AiUse::NotInPlan, _) => (rules, None, Some(notices::NOT_IN_PLAN)),
            (AiUse::Allowed, None) => (rules, None, Some(notices::NOT_CONFIGURED)),
            (AiUse::Allowed, Some(analyzer)) => {
                match analyzer.analyze(&extracted.text, requested_by).await {
                    Ok(ai) => (
                        merge(ai, rules, &extracted.text, &extracted.link_targets),
                        None,
                        None,
                    ),
                    Err(e) => (rules, Some(e), Some(notices::AI_FAILED)),
                }
            }
        };
        Ok(ParsedDocument {
            format: extracted.format,
            text: extracted.text,
            parsed,
            analyzer_error,
            notice: notice.map(str::to_owned),
        })
    }
}

/// Takes the AI's structure but checks it against the text: contact details it returns must
/// literally appear there (else the rules' value stands), skills go through the taxonomy,
/// and anything it left empty is filled from the rules. A link (or `mailto:` address) among
/// the document's `link_targets` counts as appearing.
pub(crate) fn merge(
    ai: ParsedCv,
    rules: ParsedCv,
    text: &str,
    link_targets: &[String],
) -> ParsedCv {
    let lower_text = text.to_lowercase();
    let appears = |s: &str| !s.trim().is_empty() && lower_text.contains(&s.trim().to_lowercase());
    let nonblank = |s: Option<String>| s.filter(|v| !v.trim().is_empty());
    let conf = clamp_confidence(ai.confidence);

    let name = nonblank(ai.name).filter(|n| appears(n));
    let email = nonblank(ai.email).filter(|e| appears(e) || mailto_target(e, link_targets));
    let ai_location = nonblank(ai.location);
    let ai_has_location = ai_location.is_some();
    let location = ai_location.or(rules.location.clone());
    let country = location.as_deref().and_then(calling_code);
    let phone = nonblank(ai.phone)
        .filter(|p| phone_appears(p, text))
        .map(|p| to_e164(&p, country));
    let links = Links {
        linkedin: checked_link(ai.links.linkedin, text, link_targets)
            .or(rules.links.linkedin.clone()),
        github: checked_link(ai.links.github, text, link_targets).or(rules.links.github.clone()),
        portfolio: checked_link(ai.links.portfolio, text, link_targets)
            .or(rules.links.portfolio.clone()),
    };

    let mut skill_names: Vec<String> = Vec::new();
    for s in ai.skills.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let name = match skills::canonical_skill(s) {
            Some(c) => c.to_owned(),
            // Unknown to the taxonomy: kept only if the CV says it, so nothing is invented.
            None if appears(s) => s.to_owned(),
            None => continue,
        };
        if !skill_names.contains(&name) {
            skill_names.push(name);
        }
    }
    for s in &rules.skills {
        if !skill_names.contains(s) {
            skill_names.push(s.clone());
        }
    }

    let pick = |ai_has: bool, ai_c: f32, rules_c: f32| if ai_has { ai_c.max(0.5) } else { rules_c };
    let experience = if ai.experience.is_empty() {
        rules.experience.clone()
    } else {
        ai.experience
    };
    let education = if ai.education.is_empty() {
        rules.education.clone()
    } else {
        ai.education
    };
    let confidence = Confidence {
        name: pick(name.is_some(), conf.name, rules.confidence.name),
        email: pick(email.is_some(), conf.email, rules.confidence.email),
        phone: pick(phone.is_some(), conf.phone, rules.confidence.phone),
        location: pick(ai_has_location, conf.location, rules.confidence.location),
        links: conf.links.max(rules.confidence.links),
        summary: pick(
            nonblank(ai.summary.clone()).is_some(),
            conf.summary,
            rules.confidence.summary,
        ),
        skills: conf.skills.max(rules.confidence.skills),
        experience: pick(
            !experience.is_empty(),
            conf.experience,
            rules.confidence.experience,
        ),
        education: pick(
            !education.is_empty(),
            conf.education,
            rules.confidence.education,
        ),
    };
    ParsedCv {
        name: name.or(rules.name),
        email: email.or(rules.email),
        phone: phone.or(rules.phone),
        location,
        links,
        summary: nonblank(ai.summary).or(rules.summary),
        skills: skill_names,
        total_years_experience: ai
            .total_years_experience
            .filter(|y| y.is_finite() && (0.0..=70.0).contains(y))
            .or(rules.total_years_experience),
        experience_level: ai.experience_level.or(rules.experience_level),
        experience,
        education,
        certifications: if ai.certifications.is_empty() {
            rules.certifications
        } else {
            ai.certifications
        },
        languages: if ai.languages.is_empty() {
            rules.languages
        } else {
            ai.languages
        },
        confidence,
        source: ParseSource::Ai,
    }
}

fn clamp_confidence(c: Confidence) -> Confidence {
    let f = |v: f32| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    Confidence {
        name: f(c.name),
        email: f(c.email),
        phone: f(c.phone),
        location: f(c.location),
        links: f(c.links),
        summary: f(c.summary),
        skills: f(c.skills),
        experience: f(c.experience),
        education: f(c.education),
    }
}

/// An AI may reformat a number (E.164); it must still be the digits of one written in the
/// text, so we compare the national part (last 9 digits) against each line's digits.
fn phone_appears(phone: &str, text: &str) -> bool {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return false;
    }
    let tail = &digits[digits.len().saturating_sub(9)..];
    text.lines().any(|line| {
        let line_digits: String = line.chars().filter(char::is_ascii_digit).collect();
        line_digits.contains(tail)
    })
}

/// A link must be in the text or among the link targets, give or take its scheme, "www." and
/// a trailing slash.
fn checked_link(link: Option<String>, text: &str, link_targets: &[String]) -> Option<String> {
    let link = link?;
    let core = link_core(&link);
    let known = text.to_lowercase().contains(&core)
        || link_targets.iter().any(|t| {
            let target = link_core(t);
            // The target may carry a query or fragment the AI left out.
            target == core
                || target
                    .strip_prefix(&core)
                    .is_some_and(|r| r.starts_with(['?', '#']))
        });
    (core.len() > 4 && known).then_some(link)
}

fn link_core(link: &str) -> String {
    let lower = link.trim().to_lowercase();
    lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_owned()
}

/// The address is the target of a `mailto:` link.
fn mailto_target(email: &str, link_targets: &[String]) -> bool {
    let email = email.trim().to_lowercase();
    link_targets.iter().any(|t| {
        let t = t.to_lowercase();
        t.strip_prefix("mailto:")
            .and_then(|rest| rest.split('?').next())
            .is_some_and(|address| address == email)
    })
}
