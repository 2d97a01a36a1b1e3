//! The plain TF-IDF cosine baseline (CV text against job text) the engine is measured against.

use std::collections::HashMap;

use crate::job::NewJob;
use crate::text::{idf, term_counts};

/// Job texts as TF-IDF vectors, with the IDF of every term over the jobs.
pub struct TfIdfBaseline {
    idf: HashMap<String, f32>,
    docs: usize,
    /// Per job: (term, weight), normalised to unit length.
    vectors: Vec<Vec<(String, f32)>>,
}

/// What the baseline reads of a job: title, description and skills.
pub fn job_text(job: &NewJob) -> String {
    format!(
        "{}\n{}\n{}\n{}",
        job.title,
        job.description,
        job.required_skills.join(", "),
        job.preferred_skills.join(", ")
    )
}

impl TfIdfBaseline {
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let counted: Vec<HashMap<String, f32>> = texts.into_iter().map(term_counts).collect();
        let mut df: HashMap<String, usize> = HashMap::new();
        for doc in &counted {
            for term in doc.keys() {
                *df.entry(term.clone()).or_default() += 1;
            }
        }
        let docs = counted.len();
        let idf: HashMap<String, f32> = df.into_iter().map(|(t, n)| (t, idf(docs, n))).collect();
        let vectors = counted
            .into_iter()
            .map(|doc| {
                let v: Vec<(String, f32)> = doc
                    .into_iter()
                    .map(|(t, tf)| {
                        let w = tf * idf.get(&t).copied().unwrap_or(0.0);
                        (t, w)
                    })
                    .collect();
                normalised(v)
            })
            .collect();
        Self { idf, docs, vectors }
    }

    /// Cosine similarity of the query text with every job, in job order.
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let q: HashMap<String, f32> = normalised(
            term_counts(query)
                .into_iter()
                .map(|(t, tf)| {
                    let w = tf
                        * self
                            .idf
                            .get(&t)
                            .copied()
                            .unwrap_or_else(|| idf(self.docs, 0));
                    (t, w)
                })
                .collect(),
        )
        .into_iter()
        .collect();
        self.vectors
            .iter()
            .map(|v| {
                v.iter()
                    .map(|(t, w)| w * q.get(t).copied().unwrap_or(0.0))
                    .sum()
            })
            .collect()
    }

    /// Indices of the `k` most similar jobs, best first.
    pub fn rank(&self, query: &str, k: usize) -> Vec<usize> {
        let scores = self.scores(query);
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
        order.truncate(k);
        order
    }
}

pub(crate) fn normalised(v: Vec<(String, f32)>) -> Vec<(String, f32)> {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm == 0.0 {
        return v;
    }
    v.into_iter().map(|(t, w)| (t, w / norm)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_rank_first() {
        let b =
            TfIdfBaseline::build(["rust backend postgres", "nurse patient care", "sales quota"]);
        assert_eq!(b.rank("I write Rust services on Postgres", 2)[0], 0);
        assert_eq!(b.rank("registered nurse, patient care", 1), [1]);
    }
}
