//! The open jobs, prepared for matching: interned skills and title terms with their IDF, and
//! inverted indexes from each to the jobs that use it.

use std::collections::HashMap;

use crate::explain::years_asked;
use crate::job::{Job, JobStatus};
use crate::occupations::{self, OccupationId};
use crate::place::Place;
use crate::profile::CandidateProfile;
use crate::text::{idf, term_counts, title_terms, words};

/// Interned strings with their inverse document frequency over the indexed jobs.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    ids: HashMap<String, u32>,
    pub(crate) labels: Vec<String>,
    pub(crate) idf: Vec<f32>,
    doc_freq: Vec<usize>,
}

impl Vocabulary {
    fn intern(&mut self, key: &str, label: &str) -> u32 {
        if let Some(id) = self.ids.get(key) {
            return *id;
        }
        let id = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.ids.insert(key.to_owned(), id);
        self.labels.push(label.to_owned());
        self.doc_freq.push(0);
        id
    }

    pub(crate) fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    fn finish(&mut self, docs: usize) {
        self.idf = self.doc_freq.iter().map(|df| idf(docs, *df)).collect();
    }

    pub(crate) fn len(&self) -> usize {
        self.labels.len()
    }
}

/// One open job with its interned signals.
#[derive(Debug)]
pub(crate) struct IndexedJob {
    pub(crate) job: Job,
    pub(crate) required: Vec<u32>,
    pub(crate) preferred: Vec<u32>,
    pub(crate) terms: Vec<u32>,
    pub(crate) occupations: Vec<OccupationId>,
    pub(crate) place: Place,
    pub(crate) years_asked: Option<u32>,
}

/// The matching index over the open jobs. Build it once per job-set change; it is read-only
/// afterwards and can be shared between threads.
#[derive(Debug, Default)]
pub struct JobIndex {
    pub(crate) jobs: Vec<IndexedJob>,
    pub(crate) skills: Vocabulary,
    pub(crate) terms: Vocabulary,
    /// Skill id → jobs that require / prefer it.
    pub(crate) required_postings: Vec<Vec<u32>>,
    pub(crate) preferred_postings: Vec<Vec<u32>>,
    pub(crate) term_postings: Vec<Vec<u32>>,
    pub(crate) occupation_postings: Vec<Vec<u32>>,
    /// Skill ids the shared taxonomy knows: credited from the CV's parsed skills (which honour
    /// context for ambiguous words). The others are credited by whole-word phrase in the CV.
    pub(crate) in_taxonomy: Vec<bool>,
    pub(crate) longest_label_words: usize,
    /// Words of the job texts, and per word the jobs whose text vector holds it, with the
    /// weight it has there (unit-length TF-IDF, strongest words only).
    pub(crate) context: Vocabulary,
    pub(crate) context_postings: Vec<Vec<(u32, f32)>>,
    /// Per job, in index order, the few numbers ranking needs to bound a job's score without
    /// touching the job itself (kept apart and small, so a pass over many jobs stays in cache).
    pub(crate) bounds: Vec<BoundInputs>,
}

/// See [`JobIndex::bounds`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct BoundInputs {
    /// Sums of the IDF of the job's required skills, preferred skills and title terms.
    pub(crate) required_total: f32,
    pub(crate) preferred_total: f32,
    pub(crate) title_total: f32,
    /// The occupations of the title (at most [`occupations::MAX_PER_TITLE`]); `NO_OCCUPATION`
    /// fills the rest.
    pub(crate) occupations: [OccupationId; occupations::MAX_PER_TITLE],
}

pub(crate) const NO_OCCUPATION: OccupationId = OccupationId::MAX;

/// Longest skill label, in words, looked for as a phrase in CV text: bounds the work per CV
/// word whatever labels a job file brings (longer labels match only through the taxonomy).
const MAX_PHRASE_WORDS: usize = 6;
/// Words kept per job text vector: enough to say what the job is about, bounded so the
/// postings stay small for large job sets.
const CONTEXT_WORDS_PER_JOB: usize = 40;
/// Words of the CV used to score context; its strongest words carry nearly all the cosine.
const CONTEXT_WORDS_PER_CV: usize = 60;

/// Lookup key of a skill label: its words, lower case, single-spaced.
pub(crate) fn skill_key(label: &str) -> String {
    words(label).join(" ")
}

impl JobIndex {
    /// Indexes the open jobs; closed ones are left out.
    pub fn build(jobs: impl IntoIterator<Item = Job>) -> Self {
        let mut index = Self {
            occupation_postings: vec![Vec::new(); occupations::count()],
            ..Self::default()
        };
        for job in jobs.into_iter().filter(|j| j.status == JobStatus::Open) {
            let Ok(n) = u32::try_from(index.jobs.len()) else {
                break;
            };
            let d = &job.details;
            let skill_ids = |labels: &[String], index: &mut Self| -> Vec<u32> {
                let mut ids: Vec<u32> = Vec::new();
                for label in labels {
                    // Canonical names, so "postgres" in a job meets "PostgreSQL" in a CV.
                    let label = jobr_cv::skills::canonical_skill(label).unwrap_or(label);
                    let key = skill_key(label);
                    if key.is_empty() {
                        continue;
                    }
                    index.longest_label_words = index
                        .longest_label_words
                        .max(key.split(' ').count())
                        .min(MAX_PHRASE_WORDS);
                    let id = index.skills.intern(&key, label);
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                ids
            };
            let required = skill_ids(&d.required_skills, &mut index);
            let preferred: Vec<u32> = skill_ids(&d.preferred_skills, &mut index)
                .into_iter()
                .filter(|id| !required.contains(id))
                .collect();
            let terms: Vec<u32> = title_terms(&d.title)
                .into_iter()
                .map(|t| index.terms.intern(&t, &t))
                .collect();
            let occs = occupations::of_title(&d.title);
            for &id in required.iter().chain(&preferred) {
                index.skills.doc_freq[id as usize] += 1;
            }
            for &id in &terms {
                index.terms.doc_freq[id as usize] += 1;
            }
            for &o in &occs {
                index.occupation_postings[usize::from(o)].push(n);
            }
            index.jobs.push(IndexedJob {
                place: Place::parse(&d.location),
                years_asked: years_asked(&d.description),
                required,
                preferred,
                terms,
                occupations: occs,
                job,
            });
        }
        let docs = index.jobs.len();
        index.build_context();
        index.skills.finish(docs);
        index.terms.finish(docs);
        index.required_postings = vec![Vec::new(); index.skills.len()];
        index.preferred_postings = vec![Vec::new(); index.skills.len()];
        index.term_postings = vec![Vec::new(); index.terms.len()];
        for (n, j) in index.jobs.iter().enumerate() {
            let n = n as u32;
            for &s in &j.required {
                index.required_postings[s as usize].push(n);
            }
            for &s in &j.preferred {
                index.preferred_postings[s as usize].push(n);
            }
            for &t in &j.terms {
                index.term_postings[t as usize].push(n);
            }
        }
        index.bounds = index
            .jobs
            .iter()
            .map(|j| {
                let total =
                    |ids: &[u32], v: &Vocabulary| ids.iter().map(|i| v.idf[*i as usize]).sum();
                let mut occupations = [NO_OCCUPATION; occupations::MAX_PER_TITLE];
                for (slot, o) in occupations.iter_mut().zip(&j.occupations) {
                    *slot = *o;
                }
                BoundInputs {
                    required_total: total(&j.required, &index.skills),
                    preferred_total: total(&j.preferred, &index.skills),
                    title_total: total(&j.terms, &index.terms),
                    occupations,
                }
            })
            .collect();
        index.in_taxonomy = index
            .skills
            .labels
            .iter()
            .map(|l| jobr_cv::skills::canonical_skill(l) == Some(l.as_str()))
            .collect();
        index
    }

    /// TF-IDF vectors of the job texts (title, description, skills), as postings.
    fn build_context(&mut self) {
        let counted: Vec<Vec<(u32, f32)>> = self
            .jobs
            .iter()
            .map(|j| {
                let d = &j.job.details;
                let text = format!(
                    "{} {} {} {}",
                    d.title,
                    d.description,
                    d.required_skills.join(" "),
                    d.preferred_skills.join(" ")
                );
                term_counts(&text)
                    .into_iter()
                    .map(|(term, tf)| (self.context.intern(&term, &term), tf))
                    .collect()
            })
            .collect();
        for doc in &counted {
            for (t, _) in doc {
                self.context.doc_freq[*t as usize] += 1;
            }
        }
        self.context.finish(self.jobs.len());
        self.context_postings = vec![Vec::new(); self.context.len()];
        for (n, doc) in counted.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = doc
                .into_iter()
                .map(|(t, tf)| (t, tf * self.context.idf[t as usize]))
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            v.truncate(CONTEXT_WORDS_PER_JOB);
            for (t, w) in v {
                if norm > 0.0 {
                    self.context_postings[t as usize].push((n as u32, w / norm));
                }
            }
        }
    }

    /// Cosine of the CV's words with every job text, scaled so the closest job is 1.
    pub(crate) fn context_scores(&self, cv: &CandidateProfile) -> Vec<f32> {
        let mut scores = vec![0.0_f32; self.jobs.len()];
        let mut v: Vec<(u32, f32)> = term_counts(&cv.words.join(" "))
            .into_iter()
            .filter_map(|(t, tf)| {
                let id = self.context.get(&t)?;
                Some((id, tf * self.context.idf[id as usize]))
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v.truncate(CONTEXT_WORDS_PER_CV);
        for (t, w) in v {
            for &(j, jw) in &self.context_postings[t as usize] {
                scores[j as usize] += w * jw;
            }
        }
        let best = scores.iter().copied().fold(0.0, f32::max);
        if best > 0.0 {
            for s in &mut scores {
                *s /= best;
            }
        }
        scores
    }

    /// How many open jobs are indexed.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Ids of the indexed (open) jobs, in index order.
    pub fn job_ids(&self) -> impl Iterator<Item = crate::JobId> + '_ {
        self.jobs.iter().map(|j| j.job.id)
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The CV's credit for every skill in the vocabulary (1 held, 0.5 a related skill held), and
    /// for related credit, the CV skill it came through.
    pub(crate) fn skill_credit(&self, cv: &CandidateProfile) -> SkillCredit {
        let mut credit = vec![0.0_f32; self.skills.len()];
        let mut via: HashMap<u32, String> = HashMap::new();
        for skill in &cv.skills {
            if let Some(id) = self.skills.get(&skill_key(skill)) {
                credit[id as usize] = 1.0;
            }
        }
        for skill in &cv.skills {
            for related in jobr_cv::skills::related_skills(skill) {
                if let Some(id) = self.skills.get(&skill_key(related))
                    && credit[id as usize] < RELATED_CREDIT
                {
                    credit[id as usize] = RELATED_CREDIT;
                    via.insert(id, skill.clone());
                }
            }
        }
        // Labels the taxonomy does not know ("Conduit Bending", "DATEV") count when the CV
        // has them as whole words.
        let mut key = String::new();
        for start in 0..cv.words.len() {
            key.clear();
            for n in 0..self.longest_label_words.min(cv.words.len() - start) {
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(&cv.words[start + n]);
                if let Some(id) = self.skills.get(&key)
                    && !self.in_taxonomy[id as usize]
                {
                    credit[id as usize] = 1.0;
                    via.remove(&id);
                }
            }
        }
        SkillCredit { credit, via }
    }

    /// The weight of every title term in the vocabulary, from the given (term, weight) pairs.
    pub(crate) fn term_weights(&self, title_terms: &[(String, f32)]) -> Vec<f32> {
        let mut weights = vec![0.0_f32; self.terms.len()];
        for (term, w) in title_terms {
            if let Some(id) = self.terms.get(term) {
                weights[id as usize] = weights[id as usize].max(*w);
            }
        }
        weights
    }
}

/// A related skill earns this share of the credit of the skill itself.
pub(crate) const RELATED_CREDIT: f32 = 0.5;

pub(crate) struct SkillCredit {
    pub(crate) credit: Vec<f32>,
    pub(crate) via: HashMap<u32, String>,
}
