//! Why a job matched, and what the candidate can do about the gaps.

use crate::engine::{Query, ScoreParts};
use crate::index::{IndexedJob, JobIndex};
use crate::text::words;

/// Most recommendations one match carries; more is noise.
const MAX_RECOMMENDATIONS: usize = 5;

pub(crate) struct Explained {
    pub(crate) matching: Vec<String>,
    pub(crate) missing: Vec<String>,
    pub(crate) recommendations: Vec<String>,
}

pub(crate) fn explain(
    index: &JobIndex,
    q: &Query<'_>,
    job: &IndexedJob,
    parts: &ScoreParts,
) -> Explained {
    let d = &job.job.details;
    let label = |s: u32| index.skills.labels[s as usize].clone();
    let credit = |s: u32| q.credit.credit[s as usize];
    let matching: Vec<String> = job
        .required
        .iter()
        .chain(&job.preferred)
        .filter(|s| credit(**s) >= 1.0)
        .map(|s| label(*s))
        .collect();
    // Rarest first: they weigh most in the score, so they are worth most to fix.
    let mut missing_ids: Vec<u32> = job
        .required
        .iter()
        .copied()
        .filter(|s| credit(*s) < 1.0)
        .collect();
    missing_ids
        .sort_by(|a, b| index.skills.idf[*b as usize].total_cmp(&index.skills.idf[*a as usize]));
    let missing: Vec<String> = missing_ids.iter().map(|s| label(*s)).collect();

    let mut recs: Vec<String> = Vec::new();
    for &s in missing_ids.iter().take(3) {
        let skill = label(s);
        match q.credit.via.get(&s) {
            Some(held) => recs.push(format!(
                "The role asks for {skill}; you list {held}: mention any {skill} work, or say how your {held} experience carries over."
            )),
            None => recs.push(format!("Add {skill} to your CV if you have used it.")),
        }
    }
    if let Some(asked) = job.years_asked {
        match q.cv.years {
            Some(shown) if (shown.floor() as u32) < asked => recs.push(format!(
                "This role asks {asked}+ years; you show {}.",
                shown.floor() as u32
            )),
            None => recs.push(format!(
                "This role asks {asked}+ years; give dates for each position so your experience can be counted."
            )),
            Some(_) => {}
        }
    }
    if let Some(cv_rank) = q.cv.level_rank {
        let gap = d.experience_level.rank() - cv_rank;
        if gap >= 2 {
            recs.push(format!(
                "This is a {} role and your CV reads as more junior: lead with your most senior responsibilities and results.",
                d.experience_level.label()
            ));
        } else if gap <= -2 {
            recs.push(format!(
                "This is a {} role, below the level your CV shows: say why it appeals to you.",
                d.experience_level.label()
            ));
        }
    }
    if parts.title < 0.5 && parts.required_skills >= 0.5 {
        recs.push(format!(
            "Your job titles differ from \u{201c}{}\u{201d}: say in your summary how your work fits this role.",
            d.title
        ));
    }
    let missing_preferred: Vec<String> = job
        .preferred
        .iter()
        .filter(|s| credit(**s) < 1.0)
        .take(3)
        .map(|s| label(*s))
        .collect();
    if !missing_preferred.is_empty() {
        recs.push(format!(
            "Nice to have: {}. Add any you have used.",
            missing_preferred.join(", ")
        ));
    }
    if parts.location < 0.5 && d.remote != crate::RemoteMode::Remote {
        recs.push(format!(
            "This role is {} in {}: say whether you can relocate or commute.",
            match d.remote {
                crate::RemoteMode::Hybrid => "hybrid",
                _ => "on site",
            },
            d.location
        ));
    }
    recs.truncate(MAX_RECOMMENDATIONS);
    Explained {
        matching,
        missing,
        recommendations: recs,
    }
}

/// Number words job ads use for years.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
];

/// The most years of experience a description asks for ("5+ years", "3-5 years", "at least
/// two years"); ranges count by their lower end. `None` when it names none.
pub(crate) fn years_asked(description: &str) -> Option<u32> {
    let ws = words(description);
    let number = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches('+');
        w.parse::<u32>()
            .ok()
            .or_else(|| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v))
    };
    let mut best: Option<u32> = None;
    for i in 0..ws.len() {
        if !matches!(ws[i].as_str(), "years" | "year" | "yrs") {
            continue;
        }
        // "3-5 years" splits into "3", "5", "years": take the lower end.
        let Some(mut n) = i.checked_sub(1).and_then(|j| number(&ws[j])) else {
            continue;
        };
        if let Some(lower) = i.checked_sub(2).and_then(|j| number(&ws[j]))
            && lower < n
        {
            n = lower;
        }
        // "years old", "two years ago" and tenure claims ("for 10 years we have…") are not asks:
        // the next words must be about experience, or the number carries a "+".
        let next = ws.get(i + 1).map_or("", String::as_str);
        let plus = ws[i - 1].ends_with('+');
        if (1..=20).contains(&n)
            && (plus
                || matches!(
                    next,
                    "of" | "experience" | "in" | "working" | "professional" | "post" | "relevant"
                ))
        {
            best = Some(best.map_or(n, |b| b.max(n)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_asked_reads_common_phrasings() {
        assert_eq!(years_asked("You bring 5+ years of backend work."), Some(5));
        assert_eq!(years_asked("3-5 years of experience in sales"), Some(3));
        assert_eq!(
            years_asked("at least two years experience; 1+ years of SQL"),
            Some(2)
        );
        assert_eq!(years_asked("Founded 12 years ago."), None);
        assert_eq!(years_asked("No experience needed"), None);
    }
}
