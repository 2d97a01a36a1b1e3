//! Ranking the whole index for one CV: candidates from the inverted indexes, an upper bound of
//! each candidate's score, and top-K selection in a heap (never a sort of every job).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use time::Date;

use crate::engine::{
    JobMatch, Preferences, W_CONTEXT, W_LEVEL, W_LOCATION, W_PREFERRED, W_RECENCY, W_REQUIRED,
    W_SALARY, W_TITLE, field_gate, title_from,
};
use crate::index::{JobIndex, NO_OCCUPATION};
use crate::profile::CandidateProfile;

impl JobIndex {
    /// The best `k` open jobs for the CV, best first. Only jobs sharing a skill, a title word
    /// or an occupation with the CV are scored (the inverted indexes find them); the rest
    /// would score weak. Selection keeps a heap of `k`, not a sort of everything.
    pub fn rank(
        &self,
        cv: &CandidateProfile,
        prefs: &Preferences,
        today: Date,
        k: usize,
    ) -> Vec<JobMatch> {
        if k == 0 || self.jobs.is_empty() {
            return Vec::new();
        }
        let q = self.query(cv, prefs, today);
        let n = self.jobs.len();
        // Term-at-a-time accumulation over the inverted indexes: every job sharing a skill, a
        // title word or an occupation with the CV becomes a candidate, with the exact skill
        // and title-word sums its score needs.
        let (mut required, mut preferred, mut title_words) =
            (vec![0.0_f32; n], vec![0.0_f32; n], vec![0.0_f32; n]);
        let mut seen = vec![false; n];
        let mut candidates: Vec<u32> = Vec::new();
        let mut touch = |j: u32, seen: &mut Vec<bool>| {
            if !std::mem::replace(&mut seen[j as usize], true) {
                candidates.push(j);
            }
        };
        for (id, c) in q.credit.credit.iter().enumerate() {
            if *c > 0.0 {
                let w = c * self.skills.idf[id];
                for &j in &self.required_postings[id] {
                    required[j as usize] += w;
                    touch(j, &mut seen);
                }
                for &j in &self.preferred_postings[id] {
                    preferred[j as usize] += w;
                    touch(j, &mut seen);
                }
            }
        }
        for (id, tw) in q.term_weights.iter().enumerate() {
            if *tw > 0.0 {
                let w = tw * self.terms.idf[id];
                for &j in &self.term_postings[id] {
                    title_words[j as usize] += w;
                    touch(j, &mut seen);
                }
            }
        }
        for (o, a) in q.occupation_affinity.iter().enumerate() {
            if *a > 0.0 {
                for &j in &self.occupation_postings[o] {
                    touch(j, &mut seen);
                }
            }
        }

        // An upper bound of each candidate's score: exact skills, title and context, every
        // other part at its best. Only candidates whose bound beats the k-th best score so far
        // are scored in full.
        let mut bounded: Vec<(f32, u32)> = candidates
            .iter()
            .map(|&j| {
                let b = &self.bounds[j as usize];
                let ju = j as usize;
                let share = |got: f32, total: f32| if total > 0.0 { got / total } else { 0.0 };
                let req = share(required[ju], b.required_total);
                let pref = if b.preferred_total > 0.0 {
                    share(preferred[ju], b.preferred_total)
                } else {
                    1.0
                };
                let occupation = b
                    .occupations
                    .iter()
                    .filter(|o| **o != NO_OCCUPATION)
                    .map(|o| q.occupation_affinity[usize::from(*o)])
                    .fold(0.0, f32::max);
                let has_occupation = b.occupations[0] != NO_OCCUPATION;
                let title = title_from(
                    occupation,
                    share(title_words[ju], b.title_total),
                    has_occupation,
                );
                let best_rest = W_LEVEL + W_LOCATION + W_RECENCY + W_SALARY;
                let mean = (W_REQUIRED * req
                    + W_PREFERRED * pref
                    + W_TITLE * title
                    + W_CONTEXT * q.context[ju]
                    + best_rest)
                    / (W_REQUIRED + W_PREFERRED + W_TITLE + W_CONTEXT + best_rest);
                // Float sums in another order may differ in the last bits: keep a margin.
                (field_gate(title.max(req)) * mean + 1e-4, j)
            })
            .collect();
        // Score the most promising first, so the k-th best score is high early and prunes
        // most of the rest (a linear-time partition, not a sort).
        let first = (4 * k).min(bounded.len());
        if first > 0 && first < bounded.len() {
            bounded.select_nth_unstable_by(first - 1, |a, b| b.0.total_cmp(&a.0));
        }

        let mut heap: BinaryHeap<Reverse<Ranked>> =
            BinaryHeap::with_capacity(k.min(n).saturating_add(1));
        for (bound, j) in bounded {
            if heap.len() >= k
                && heap
                    .peek()
                    .is_some_and(|Reverse(worst)| bound < worst.score)
            {
                continue;
            }
            let job = &self.jobs[j as usize];
            let (score, _) = self.score(&q, j as usize);
            let ranked = Ranked {
                score,
                posted: job.job.details.posted_at,
                index: j,
            };
            if heap.len() < k {
                heap.push(Reverse(ranked));
            } else if heap.peek().is_some_and(|Reverse(worst)| ranked > *worst) {
                heap.pop();
                heap.push(Reverse(ranked));
            }
        }
        let mut best: Vec<Ranked> = heap.into_iter().map(|Reverse(r)| r).collect();
        best.sort_by(|a, b| b.cmp(a));
        best.into_iter()
            .map(|r| self.result(&q, r.index as usize))
            .collect()
    }
}

#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: f32,
    posted: Date,
    index: u32,
}

impl Ord for Ranked {
    /// Higher score, then newer, then earlier in the index (deterministic ties).
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.posted.cmp(&other.posted))
            .then(other.index.cmp(&self.index))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}
