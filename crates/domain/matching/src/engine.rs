//! The deterministic engine: a score in 0..1 per job from skills, title, seniority, place,
//! salary, recency and the job text; ranking lives in `rank.rs`.

use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::explain::explain;
use crate::index::{IndexedJob, JobIndex, SkillCredit};
use crate::job::{EmploymentType, JobId, PayInterval, RemoteMode};
use crate::occupations;
use crate::place::Place;
use crate::profile::CandidateProfile;
use crate::text::title_terms;

/// The user's job preferences (from the profile, overridable per request). Empty lists mean
/// "no preference", never "nothing".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Titles the person is looking for ("Data Analyst"); they count like titles held.
    pub desired_titles: Vec<String>,
    /// Places the user will work in ("Berlin, Germany"); empty: the CV's location.
    pub locations: Vec<String>,
    pub remote: Vec<RemoteMode>,
    pub min_salary: Option<SalaryWish>,
    pub employment_types: Vec<EmploymentType>,
}

/// The least pay the user will take, in whole major units of `currency` per `interval`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalaryWish {
    pub amount: i64,
    pub currency: String,
    pub interval: PayInterval,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Strong,
    Good,
    Partial,
    Weak,
}

impl Band {
    /// ≥ 0.80 strong, 0.65–0.79 good, 0.50–0.64 partial, below that weak.
    pub fn of(score: f32) -> Self {
        if score >= 0.80 {
            Band::Strong
        } else if score >= 0.65 {
            Band::Good
        } else if score >= 0.50 {
            Band::Partial
        } else {
            Band::Weak
        }
    }
}

/// Which path produced a match, as the house rules require responses to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchSource {
    Ai,
    Rules,
}

/// The parts a score is built from, each 0..1; `None` when there was nothing to compare.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreParts {
    #[serde(serialize_with = "two_decimals")]
    pub required_skills: f32,
    #[serde(serialize_with = "two_decimals_opt")]
    pub preferred_skills: Option<f32>,
    #[serde(serialize_with = "two_decimals")]
    pub title: f32,
    #[serde(serialize_with = "two_decimals")]
    pub experience_level: f32,
    #[serde(serialize_with = "two_decimals")]
    pub location: f32,
    #[serde(serialize_with = "two_decimals_opt")]
    pub salary: Option<f32>,
    #[serde(serialize_with = "two_decimals")]
    pub recency: f32,
    /// How close the job's text is to the CV's, relative to the closest job.
    #[serde(serialize_with = "two_decimals")]
    pub context: f32,
}

/// One ranked job for one CV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobMatch {
    pub job_id: JobId,
    /// 0..1, two decimals; `band` is derived from this very value.
    pub match_score: f32,
    pub band: Band,
    pub matching_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub recommendations: Vec<String>,
    pub source: MatchSource,
    pub parts: ScoreParts,
}

// Weights of the parts. Skills and title carry the field; the rest orders jobs within it.
pub(crate) const W_REQUIRED: f32 = 0.38;
pub(crate) const W_PREFERRED: f32 = 0.07;
pub(crate) const W_TITLE: f32 = 0.30;
pub(crate) const W_LEVEL: f32 = 0.12;
pub(crate) const W_LOCATION: f32 = 0.08;
pub(crate) const W_SALARY: f32 = 0.03;
pub(crate) const W_RECENCY: f32 = 0.02;
/// Words the CV and the job text share beyond skills and titles (what the work is about).
pub(crate) const W_CONTEXT: f32 = 0.10;
/// Title words shared without a shared occupation count for less (many titles share
/// "engineer" or "manager").
const WORD_OVERLAP_SHARE: f32 = 0.8;
/// Scales the score of an on-site or hybrid job in a country the person is not in.
const OUT_OF_REACH: f32 = 0.85;
/// Desired titles read per request; more is not a preference but a list.
const MAX_DESIRED_TITLES: usize = 10;
/// Share of title fit from shared words when the job's occupation is known.
const TITLE_WORD_SHARE: f32 = 0.15;
/// Below this much skill or title fit, the job is in another field: the score is scaled down
/// so such jobs land in the weak band whatever the place or seniority.
const FIELD_FIT_FLOOR: f32 = 0.5;

/// Everything one request scores against, computed once.
pub(crate) struct Query<'a> {
    pub(crate) cv: &'a CandidateProfile,
    prefs: &'a Preferences,
    pref_places: Vec<Place>,
    today: Date,
    pub(crate) credit: SkillCredit,
    pub(crate) term_weights: Vec<f32>,
    /// Per occupation family, the CV's best closeness to it.
    pub(crate) occupation_affinity: Vec<f32>,
    /// Per job, how close its text is to the CV's, the closest being 1.
    pub(crate) context: Vec<f32>,
}

impl JobIndex {
    pub(crate) fn query<'a>(
        &self,
        cv: &'a CandidateProfile,
        prefs: &'a Preferences,
        today: Date,
    ) -> Query<'a> {
        // Titles the person asks for count as fully as titles they held.
        let mut held = cv.occupations.clone();
        let mut terms = cv.title_terms.clone();
        for title in prefs.desired_titles.iter().take(MAX_DESIRED_TITLES) {
            held.extend(occupations::of_title(title).into_iter().map(|o| (o, 1.0)));
            terms.extend(title_terms(title).into_iter().map(|t| (t, 1.0)));
        }
        let occupation_affinity = (0..occupations::count())
            .map(|o| {
                let o = o as occupations::OccupationId;
                held.iter()
                    .map(|(c, w)| occupations::similarity(*c, o) * w)
                    .fold(0.0, f32::max)
            })
            .collect();
        Query {
            cv,
            prefs,
            pref_places: prefs.locations.iter().map(|l| Place::parse(l)).collect(),
            today,
            credit: self.skill_credit(cv),
            term_weights: self.term_weights(&terms),
            occupation_affinity,
            context: self.context_scores(cv),
        }
    }

    /// The match for one job, whatever its rank; `None` when the job is not an open one.
    pub fn match_job(
        &self,
        cv: &CandidateProfile,
        prefs: &Preferences,
        today: Date,
        id: JobId,
    ) -> Option<JobMatch> {
        let j = self.jobs.iter().position(|j| j.job.id == id)?;
        let q = self.query(cv, prefs, today);
        Some(self.result(&q, j))
    }

    pub(crate) fn result(&self, q: &Query<'_>, j: usize) -> JobMatch {
        let job = &self.jobs[j];
        let (score, parts) = self.score(q, j);
        let score = (score * 100.0).round() / 100.0;
        let explained = explain(self, q, job, &parts);
        JobMatch {
            job_id: job.job.id,
            match_score: score,
            band: Band::of(score),
            matching_skills: explained.matching,
            missing_skills: explained.missing,
            recommendations: explained.recommendations,
            source: MatchSource::Rules,
            parts,
        }
    }

    pub(crate) fn score(&self, q: &Query<'_>, j: usize) -> (f32, ScoreParts) {
        let job = &self.jobs[j];
        let parts = ScoreParts {
            required_skills: self.coverage(q, &job.required).unwrap_or(0.0),
            preferred_skills: self.coverage(q, &job.preferred),
            title: self.title_fit(q, job),
            experience_level: level_fit(q.cv.level_rank, job.job.details.experience_level.rank()),
            location: location_fit(q, job),
            salary: salary_fit(q.prefs, job),
            recency: recency(q.today, job.job.details.posted_at),
            context: q.context[j],
        };
        let mut sum = W_REQUIRED * parts.required_skills
            + W_TITLE * parts.title
            + W_LEVEL * parts.experience_level
            + W_LOCATION * parts.location
            + W_RECENCY * parts.recency
            + W_CONTEXT * parts.context;
        let mut weights = W_REQUIRED + W_TITLE + W_LEVEL + W_LOCATION + W_RECENCY + W_CONTEXT;
        for (part, w) in [
            (parts.preferred_skills, W_PREFERRED),
            (parts.salary, W_SALARY),
        ] {
            if let Some(p) = part {
                sum += w * p;
                weights += w;
            }
        }
        let mut score = sum / weights;
        // An on-site or hybrid job in another country is out of reach for most people,
        // however good the fit: it stays listed, below the reachable ones.
        if parts.location == 0.0 && job.job.details.remote != RemoteMode::Remote {
            score *= OUT_OF_REACH;
        }
        score *= field_gate(parts.title.max(parts.required_skills));
        (score.clamp(0.0, 1.0), parts)
    }

    /// IDF-weighted share of the skills the CV covers; `None` for an empty list.
    fn coverage(&self, q: &Query<'_>, skills: &[u32]) -> Option<f32> {
        let (mut got, mut total) = (0.0, 0.0);
        for &s in skills {
            let w = self.skills.idf[s as usize];
            got += w * q.credit.credit[s as usize];
            total += w;
        }
        (total > 0.0).then(|| got / total)
    }

    /// The better of occupation closeness and IDF-weighted shared title words.
    fn title_fit(&self, q: &Query<'_>, job: &IndexedJob) -> f32 {
        let occupation = job
            .occupations
            .iter()
            .map(|o| q.occupation_affinity[usize::from(*o)])
            .fold(0.0, f32::max);
        let (mut got, mut total) = (0.0, 0.0);
        for &t in &job.terms {
            let w = self.terms.idf[t as usize];
            got += w * q.term_weights[t as usize];
            total += w;
        }
        let words = if total > 0.0 { got / total } else { 0.0 };
        title_from(occupation, words, !job.occupations.is_empty())
    }
}

/// Title fit from the occupation closeness and the share of title words in common.
pub(crate) fn title_from(occupation: f32, words: f32, job_has_occupation: bool) -> f32 {
    if job_has_occupation {
        // The occupation decides; shared words order titles within it ("Data Analyst" over
        // "Data Engineer" for an analyst) and never lift another field's title.
        (1.0 - TITLE_WORD_SHARE) * occupation + TITLE_WORD_SHARE * words * occupation.max(0.5)
    } else {
        WORD_OVERLAP_SHARE * words
    }
}

/// 1 when skills or title fit reach the floor; below it the job is in another field and its
/// score shrinks with the fit.
pub(crate) fn field_gate(field_fit: f32) -> f32 {
    if field_fit < FIELD_FIT_FLOOR {
        0.3 + 1.4 * field_fit
    } else {
        1.0
    }
}

/// Over-qualified costs less per step than under-qualified; unknown seniority is neutral.
fn level_fit(cv: Option<i32>, job: i32) -> f32 {
    let Some(cv) = cv else {
        return 0.7;
    };
    let gap = job - cv;
    let loss = if gap > 0 {
        0.35 * gap as f32
    } else {
        // One step above the role is ordinary (a lead applying for a senior role); more is
        // a real mismatch that recruiters pass over.
        0.1 + 0.35 * (-gap - 1) as f32
    };
    if gap == 0 { 1.0 } else { (1.0 - loss).max(0.0) }
}

fn location_fit(q: &Query<'_>, job: &IndexedJob) -> f32 {
    let d = &job.job.details;
    let place = if d.remote == RemoteMode::Remote {
        1.0
    } else if q.pref_places.is_empty() {
        q.cv.place.closeness(&job.place, 0.6)
    } else {
        q.pref_places
            .iter()
            .map(|p| p.closeness(&job.place, 0.6))
            .fold(0.0, f32::max)
    };
    let remote_ok = q.prefs.remote.is_empty() || q.prefs.remote.contains(&d.remote);
    let type_ok = q.prefs.employment_types.is_empty()
        || q.prefs.employment_types.contains(&d.employment_type);
    place * if remote_ok { 1.0 } else { 0.4 } * if type_ok { 1.0 } else { 0.5 }
}

/// Compared per year in the wish's currency; another currency cannot be compared without
/// rates, so it says nothing (`None`) rather than guess.
fn salary_fit(prefs: &Preferences, job: &IndexedJob) -> Option<f32> {
    let wish = prefs.min_salary.as_ref()?;
    let salary = job.job.details.salary.as_ref()?;
    if !salary.currency.eq_ignore_ascii_case(&wish.currency) {
        return None;
    }
    let wanted = wish.amount.saturating_mul(wish.interval.per_year());
    let offered = salary.max_per_year();
    if wanted <= 0 || offered >= wanted {
        return Some(1.0);
    }
    Some((offered as f32 / wanted as f32).powi(2))
}

/// Full marks for a week, fading to nothing at four months.
fn recency(today: Date, posted: Date) -> f32 {
    let days = (today - posted).whole_days().max(0) as f32;
    if days <= 7.0 {
        1.0
    } else {
        (1.0 - (days - 7.0) / 113.0).max(0.0)
    }
}

fn two_decimals<S: Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*v) * 100.0).round() / 100.0)
}

fn two_decimals_opt<S: Serializer>(v: &Option<f32>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => two_decimals(v, s),
        None => s.serialize_none(),
    }
}
