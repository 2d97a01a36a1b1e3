//! The template cover letter: written from the CV's facts and the engine's match, in three
//! tones, aiming at the 250–400 words the issue asks of a letter.
//!
//! Every sentence carries a fact: a role and its dates, an achievement as the CV words it,
//! where a skill the job asks for was used, a degree, a certification, a language, or what the
//! posting itself says. There is no filler to reach a length. A CV with the detail of a real
//! one-page CV (a couple of roles with their achievements, a degree, a skills list) lands in
//! 250–400 words in every tone; a thinner CV gets a shorter letter that still uses every fact
//! it has, because the only way past that would be padding or invention. Above 400 words the
//! least relevant facts go first: earlier roles' achievements, then the other skills and
//! languages, then the lesser achievements of the closest role.

use crate::writing::{
    CoverLetter, LETTER_WORDS, Tone, WritingContext, WritingSource, achievements, deeds, list,
    lower_first, most_relevant_role, period, role_name,
};
use jobr_cv::Experience;

/// How much of the CV a letter tells; richest first.
#[derive(Debug, Clone, Copy)]
struct Detail {
    /// Achievements of the closest role.
    best: usize,
    /// Earlier roles told, and achievements of each.
    earlier_roles: usize,
    earlier_items: usize,
    /// Other skills, certifications and languages.
    extras: bool,
}

const LEVELS: [Detail; 6] = [
    Detail {
        best: 5,
        earlier_roles: 3,
        earlier_items: 3,
        extras: true,
    },
    Detail {
        best: 4,
        earlier_roles: 2,
        earlier_items: 2,
        extras: true,
    },
    Detail {
        best: 4,
        earlier_roles: 1,
        earlier_items: 2,
        extras: true,
    },
    Detail {
        best: 3,
        earlier_roles: 1,
        earlier_items: 1,
        extras: false,
    },
    Detail {
        best: 2,
        earlier_roles: 1,
        earlier_items: 1,
        extras: false,
    },
    Detail {
        best: 2,
        earlier_roles: 0,
        earlier_items: 0,
        extras: false,
    },
];

/// A cover letter from the CV's facts and the match: the closest role and its achievements,
/// earlier roles, where each skill the job asks for shows in the CV, the education, and what
/// the posting says the work is; never a skill the CV lacks. See the module docs for its
/// length: 250–400 words for a CV with real detail, shorter (never padded) for a thin one.
pub fn template_cover_letter(context: &WritingContext, tone: Tone) -> CoverLetter {
    // Concise tells the same facts with less around them (no motivation line, a short
    // closing, fewer other skills), so it stays the shortest of the three.
    let mut letter = write(context, tone, LEVELS[0]);
    for detail in &LEVELS[1..] {
        if letter.word_count <= *LETTER_WORDS.end() {
            break;
        }
        letter = write(context, tone, *detail);
    }
    letter
}

fn write(context: &WritingContext, tone: Tone, detail: Detail) -> CoverLetter {
    let job = &context.job.details;
    let cv = &context.cv;
    let company = job.company.trim();
    let title = job.title.trim();
    let best = most_relevant_role(context);
    let mut paragraphs = vec![format!("Dear {company} hiring team,")];

    paragraphs.push(opening(context, tone));
    let mut fit = Vec::new();
    if let Some(line) = posting_line(&job.description) {
        fit.push(format!(
            "Your posting sums up the role in one line: \u{201c}{line}\u{201d}{}",
            match tone {
                Tone::Enthusiastic => " That is exactly the work I want to be doing next.",
                Tone::Professional => {
                    " That is the work I want to do next, and it builds on what I do now."
                }
                Tone::Concise => "",
            }
        ));
    }
    if let Some(evidence) = skill_evidence(context, !fit.is_empty()) {
        fit.push(evidence);
    }
    if !fit.is_empty() {
        paragraphs.push(fit.join(" "));
    }

    if let Some(role) = best {
        paragraphs.push(closest_role(context, role, tone, detail.best));
        let earlier = earlier_roles(context, role, detail);
        if !earlier.is_empty() {
            paragraphs.push(earlier);
        }
    }

    let mut background = education(context);
    if detail.extras {
        background.extend(extras(context, tone));
    }
    if !background.is_empty() {
        paragraphs.push(background.join(" "));
    }

    let strengths = closing_skills(context);
    paragraphs.push(match tone {
        Tone::Professional => format!(
            "I would welcome the chance to discuss how my experience{strengths} can support \
             {company}'s goals for this {title} role. Thank you for your time and consideration."
        ),
        Tone::Enthusiastic => format!(
            "I would love to talk about what my experience{strengths} could bring to {company}, \
             and to learn more about the team. Thank you for reading, and I hope to speak with \
             you soon."
        ),
        Tone::Concise => format!(
            "I would be glad to discuss how my experience{strengths} fits this {title} role. \
             Thank you for your time."
        ),
    });
    // Name and contact details under the sign-off, as a sent letter has them.
    let signature = [&cv.name, &cv.email, &cv.phone]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .collect::<Vec<_>>()
        .join("\n");
    paragraphs.push(
        format!(
            "{}\n{signature}",
            match tone {
                Tone::Enthusiastic => "Best wishes,",
                _ => "Kind regards,",
            }
        )
        .trim_end()
        .to_owned(),
    );
    CoverLetter::new(tone, paragraphs, WritingSource::Template)
}

/// " with Python, SQL and PyTorch": the top skills the job asks for and the CV shows.
fn closing_skills(context: &WritingContext) -> String {
    let top: Vec<String> = context
        .matched
        .matching_skills
        .iter()
        .take(3)
        .cloned()
        .collect();
    if top.is_empty() {
        String::new()
    } else {
        format!(" with {}", list(&top))
    }
}

/// The application, the current role, and the CV's own one-line summary.
fn opening(context: &WritingContext, tone: Tone) -> String {
    let job = &context.job.details;
    let (company, title) = (job.company.trim(), job.title.trim());
    let current = context.cv.experience.first().map(|role| {
        let since = match (role.current, role.start) {
            (true, Some(start)) => format!(", a role I have held since {}", start.year),
            _ => String::new(),
        };
        if role.current {
            format!("I currently work as {}{since}.", role_name(role))
        } else {
            format!("Most recently I worked as {}.", role_name(role))
        }
    });
    let mut parts = vec![match tone {
        Tone::Professional => format!("I am applying for the {title} position at {company}."),
        Tone::Enthusiastic => format!(
            "I was excited to see the {title} opening at {company}: it is the kind of work I \
             want to do more of."
        ),
        Tone::Concise => format!("I would like to apply for the {title} role at {company}."),
    }];
    parts.extend(current);
    if let Some(summary) = context.cv.summary.as_deref().and_then(in_my_words) {
        parts.push(summary);
    }
    parts.join(" ")
}

/// The CV's summary as a sentence of the letter: "In short, I am a data scientist who…".
fn in_my_words(summary: &str) -> Option<String> {
    let first = first_sentence(summary)?;
    if first.starts_with("I ") || first.starts_with("I'") {
        return Some(format!("{first}."));
    }
    let lowered = lower_first(&first);
    Some(format!("In short, I am {} {lowered}.", article(&lowered)))
}

/// The first sentence of `text`, without its full stop; none when it is empty or runs past
/// 40 words (a paragraph, not a line to quote).
fn first_sentence(text: &str) -> Option<String> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?' | '\n' | ';')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text.len(), |(i, _)| i);
    let sentence = text[..end].trim();
    let words = sentence.split_whitespace().count();
    (3..=40).contains(&words).then(|| sentence.to_owned())
}

/// The posting's first sentence, to quote.
fn posting_line(description: &str) -> Option<String> {
    first_sentence(description).map(|s| format!("{s}."))
}

/// "a" or "an" for the word's sound: "an MSc", "an M.S.", "a BSc", "an engineer".
fn article(word: &str) -> &'static str {
    let mut chars = word.chars();
    let first = chars.next().unwrap_or('x');
    let second = chars.next().unwrap_or(' ');
    let vowel = "aeiouAEIOU".contains(first);
    // Letters read out by name that start with a vowel sound: F (ef), M (em), S (es)...
    let spelled = "FHLMNRSX".contains(first) && (second.is_uppercase() || second == '.');
    if vowel || spelled { "an" } else { "a" }
}

/// Where each skill the job asks for (and the CV shows) appears in the CV: used in a role, or
/// listed among the skills. `after_quote`: the posting was just quoted, so "it" names it.
fn skill_evidence(context: &WritingContext, after_quote: bool) -> Option<String> {
    let matching: Vec<String> = context
        .matched
        .matching_skills
        .iter()
        .take(6)
        .cloned()
        .collect();
    if matching.is_empty() {
        return None;
    }
    let mut told: Vec<&String> = Vec::new();
    let mut uses = Vec::new();
    for role in &context.cv.experience {
        let text = role
            .description
            .as_deref()
            .unwrap_or_default()
            .to_lowercase();
        let here: Vec<String> = matching
            .iter()
            .filter(|s| !told.contains(s) && text.contains(&s.to_lowercase()))
            .cloned()
            .collect();
        if here.is_empty() {
            continue;
        }
        told.extend(matching.iter().filter(|s| here.contains(s)));
        let verb = if role.current { "use" } else { "used" };
        uses.push((verb, here, role_name(role)));
    }
    let listed: Vec<String> = matching
        .iter()
        .filter(|s| !told.contains(s))
        .cloned()
        .collect();
    let lead = if after_quote { "It" } else { "Your posting" };
    let mut sentence = format!("{lead} asks for {}", list(&matching));
    match uses.as_slice() {
        [] => sentence.push('.'),
        // All of them in one role: said once.
        [(verb, here, role)] if here.len() == matching.len() => {
            let all = if here.len() == 1 {
                "it"
            } else {
                "each of them"
            };
            sentence.push_str(&format!(", and I {verb} {all} as {role}."));
        }
        _ => {
            let said: Vec<String> = uses
                .iter()
                .map(|(verb, here, role)| format!("I {verb} {} as {role}", list(here)))
                .collect();
            sentence.push_str(&format!(": {}.", said.join(", and ")));
        }
    }
    if !listed.is_empty() {
        sentence.push_str(&format!(
            " {} {} among the core skills on my CV.",
            list(&listed),
            if listed.len() == 1 { "is" } else { "are" }
        ));
    }
    Some(sentence)
}

/// The closest role and its achievements, those naming the job's skills first.
fn closest_role(context: &WritingContext, role: &Experience, tone: Tone, take: usize) -> String {
    let items: Vec<String> = achievements(role, &context.matched.matching_skills)
        .into_iter()
        .take(take)
        .collect();
    let when = period(role).map(|p| format!(" ({p})")).unwrap_or_default();
    let name = role_name(role);
    if items.is_empty() {
        let verb = if role.current { "use" } else { "used" };
        return format!(
            "The experience closest to this role is my time as {name}{when}, where I {verb} \
             the skills above."
        );
    }
    let (first, rest) = items.split_at(items.len().min(2));
    let mut text = match tone {
        Tone::Enthusiastic => format!(
            "The work I am proudest of is my time as {name}{when}. There I {}.",
            deeds(first)
        ),
        Tone::Concise => format!("As {name}{when}, I {}.", deeds(first)),
        Tone::Professional => format!(
            "The experience closest to this role is my time as {name}{when}. There I {}.",
            deeds(first)
        ),
    };
    if !rest.is_empty() {
        text.push_str(&format!(" I also {}.", deeds(rest)));
    }
    text
}

/// The other roles, newest first, each with its achievements. The closest role is not always
/// the newest: a role that began after it is told as more recent, never as "before that".
fn earlier_roles(context: &WritingContext, best: &Experience, detail: Detail) -> String {
    let experience = &context.cv.experience;
    let best_at = experience.iter().position(|r| std::ptr::eq(r, best));
    let mut sentences = Vec::new();
    let mut older_told = 0;
    for (at, role) in experience
        .iter()
        .enumerate()
        .filter(|(_, r)| !std::ptr::eq(*r, best))
        .take(detail.earlier_roles)
    {
        let items: Vec<String> = achievements(role, &context.matched.matching_skills)
            .into_iter()
            .take(detail.earlier_items)
            .collect();
        let when = period(role).map(|p| format!(" ({p})")).unwrap_or_default();
        let lead = if is_newer(role, best, at, best_at) {
            "More recently"
        } else {
            older_told += 1;
            if older_told == 1 {
                "Before that"
            } else {
                "Earlier"
            }
        };
        let name = role_name(role);
        sentences.push(if items.is_empty() {
            format!("{lead}, I worked as {name}{when}.")
        } else {
            format!("{lead}, as {name}{when}, I {}.", deeds(&items))
        });
    }
    sentences.join(" ")
}

/// Whether `role` began after `best`: by their start dates when both have one, else by the
/// CV's order (CVs list roles newest first).
fn is_newer(role: &Experience, best: &Experience, at: usize, best_at: Option<usize>) -> bool {
    match (role.start, best.start) {
        (Some(role_start), Some(best_start)) => role_start > best_start,
        _ => best_at.is_some_and(|b| at < b),
    }
}

/// Every degree, as the CV gives it.
fn education(context: &WritingContext) -> Vec<String> {
    context
        .cv
        .education
        .iter()
        .filter_map(|e| {
            let degree = e.degree.as_deref()?.trim();
            let field = e
                .field
                .as_deref()
                .map(|f| format!(" in {}", f.trim()))
                .unwrap_or_default();
            let from = e
                .institution
                .as_deref()
                .map(|i| format!(" from {}", i.trim()))
                .unwrap_or_default();
            let year = e
                .graduation
                .map(|g| format!(", completed in {}", g.year))
                .unwrap_or_default();
            Some(format!(
                "I hold {} {degree}{field}{from}{year}.",
                article(degree)
            ))
        })
        .take(2)
        .collect()
}

/// The CV's other skills, its certifications and its languages.
fn extras(context: &WritingContext, tone: Tone) -> Vec<String> {
    let cv = &context.cv;
    let matching = &context.matched.matching_skills;
    let others: Vec<String> = cv
        .skills
        .iter()
        .filter(|s| !matching.iter().any(|m| m.eq_ignore_ascii_case(s)))
        .take(if tone == Tone::Concise { 3 } else { 5 })
        .cloned()
        .collect();
    let mut out = Vec::new();
    if !others.is_empty() {
        out.push(format!(
            "Beyond the posting's list, I also work with {}.",
            list(&others)
        ));
    }
    if !cv.certifications.is_empty() {
        out.push(format!(
            "My certifications: {}.",
            list(&cv.certifications[..cv.certifications.len().min(3)])
        ));
    }
    if !cv.languages.is_empty() {
        out.push(format!("I speak {}.", list(&cv.languages)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound() {
        for (word, expected) in [
            ("MSc", "an"),
            ("M.S.", "an"),
            ("MBA", "an"),
            ("BSc", "a"),
            ("BA", "a"),
            ("PGCE", "a"),
            ("engineer", "an"),
            ("data scientist", "a"),
        ] {
            assert_eq!(article(word), expected, "{word}");
        }
    }

    #[test]
    fn a_summary_becomes_a_sentence_of_the_letter() {
        assert_eq!(
            in_my_words("Data scientist who ships models. Loves maps.").as_deref(),
            Some("In short, I am a data scientist who ships models.")
        );
        assert_eq!(
            in_my_words("I build payment systems.").as_deref(),
            Some("I build payment systems.")
        );
        assert_eq!(in_my_words("Engineer."), None, "too short to say anything");
    }

    #[test]
    fn only_a_short_first_sentence_of_the_posting_is_quoted() {
        assert_eq!(
            posting_line("Build models with Python; 3+ years.").as_deref(),
            Some("Build models with Python.")
        );
        assert_eq!(posting_line(&"word ".repeat(60)), None);
        assert_eq!(
            posting_line("Version 2.5 of our app ships soon. More.").as_deref(),
            Some("Version 2.5 of our app ships soon.")
        );
    }
}
