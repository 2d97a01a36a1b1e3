//! Templates a person would send, and the no-invented-facts checker.

mod support;

use jobr_applications::facts::{FactSheet, Violation};
use jobr_applications::writing::{
    LETTER_WORDS, achievements, template_cover_letter, template_interview_prep, template_strength,
    template_tailored_cv,
};
use jobr_applications::{Tone, WritingSource};
use support::{DATA, DATA_JOB, Person, Posting, Role, context, pairs};

const PLACEHOLDERS: &[&str] = &[
    "{", "}", "[", "]", "<", ">", "TODO", "XXX", "Lorem", "N/A", "None", "null", "  ",
];

#[test]
fn template_letters_for_five_fields_name_the_company_role_and_real_matching_skills() {
    for (person, posting) in pairs() {
        let context = context(person, posting);
        assert!(
            !context.matched.matching_skills.is_empty(),
            "{}: the engine found no matching skill",
            posting.title
        );
        for tone in [Tone::Professional, Tone::Enthusiastic, Tone::Concise] {
            let letter = template_cover_letter(&context, tone);
            let text = letter.text();
            assert_eq!(letter.source, WritingSource::Template);
            assert!(text.contains(posting.company), "{text}");
            assert!(text.contains(posting.title), "{text}");
            assert!(
                text.contains(&context.matched.matching_skills[0]),
                "{}: {text}",
                context.matched.matching_skills[0]
            );
            for missing in &context.matched.missing_skills {
                assert!(!text.contains(missing.as_str()), "claims {missing}: {text}");
            }
            for placeholder in PLACEHOLDERS {
                assert!(!text.contains(placeholder), "{placeholder:?} in {text}");
            }
            // The most relevant role and one of its achievements, not generic filler.
            let role = &person.roles[0];
            assert!(text.contains(role.company), "{text}");
            assert!(text.contains(&format!(",\n{}\n", person.name)), "{text}");
            // The template passes the very checker AI answers are held to.
            let violations = FactSheet::new(&context).check_text(&text);
            assert!(violations.is_empty(), "{violations:?} in {text}");
            assert!(letter.word_count >= 60, "{}: {text}", letter.word_count);
        }
    }
}

const TONES: [Tone; 3] = [Tone::Professional, Tone::Enthusiastic, Tone::Concise];

/// The 250–400 words, in every tone, for CVs with the detail of a real one-page CV
/// (the five fixtures: two roles each with their achievements, a degree, a skills list).
#[test]
fn template_letters_are_250_to_400_words_in_every_tone() {
    let mut counts = Vec::new();
    for (person, posting) in pairs() {
        let context = context(person, posting);
        for tone in TONES {
            let letter = template_cover_letter(&context, tone);
            let text = letter.text();
            counts.push((
                format!("{} {}", person.name, tone.as_str()),
                letter.word_count,
            ));
            for placeholder in PLACEHOLDERS {
                assert!(!text.contains(placeholder), "{placeholder:?} in {text}");
            }
            assert_eq!(FactSheet::new(&context).check_text(&text), [], "{text}");
        }
    }
    // Shown with --nocapture: the measured lengths.
    println!("{counts:?}");
    let outside: Vec<&(String, usize)> = counts
        .iter()
        .filter(|(_, words)| !LETTER_WORDS.contains(words))
        .collect();
    assert!(
        outside.is_empty(),
        "outside 250-400 words: {outside:?} (all: {counts:?})"
    );
}

/// A new graduate with one short internship: 250 honest words are not there to be had.
const GRADUATE: Person = Person {
    name: "Tom Hughes",
    summary: "Graduate analyst.",
    skills: &["Excel", "SQL"],
    roles: &[Role {
        company: "Aviva",
        title: "Summer Intern",
        start: (2025, 6),
        end: Some((2025, 8)),
        bullets: &["Built an Excel tracker for claims data"],
    }],
    degree: ("BSc", "Economics", "University of Leeds", 2025),
    certifications: &[],
    languages: &[],
};

const GRADUATE_JOB: Posting = Posting {
    company: "Lloyds Banking Group",
    title: "Junior Data Analyst",
    required: &["SQL", "Excel"],
    preferred: &["Power BI"],
    description: "Turn customer data into reports for our lending teams.",
    level: jobr_matching::JobLevel::Junior,
};

/// Below 250 words rather than padded: the letter of a CV this thin uses every fact it has
/// (the role, its achievement, each skill, the degree) and stops, in every tone.
#[test]
fn a_cv_too_thin_for_250_words_gets_every_fact_and_no_padding() {
    let context = context(&GRADUATE, &GRADUATE_JOB);
    let facts = FactSheet::new(&context);
    for tone in TONES {
        let letter = template_cover_letter(&context, tone);
        let text = letter.text();
        assert!(letter.word_count < 250, "{}: {text}", letter.word_count);
        assert!(letter.word_count >= 60, "{}: {text}", letter.word_count);
        for fact in ["Aviva", "Summer Intern", "Excel", "SQL", "BSc in Economics"] {
            assert!(text.contains(fact), "{fact} missing: {text}");
        }
        let role = &context.cv.experience[0];
        for achievement in achievements(role, &context.matched.matching_skills) {
            let lowered = achievement.to_lowercase();
            assert!(
                text.to_lowercase().contains(&lowered),
                "{achievement}: {text}"
            );
        }
        assert_eq!(facts.check_text(&text), [], "{text}");
    }
}

#[test]
fn a_role_newer_than_the_closest_one_is_not_told_as_before_it() {
    let mut context = context(&DATA, &DATA_JOB);
    // The newest role has nothing to do with the job, so an older one is the closest.
    let newest = &mut context.cv.experience[0];
    newest.title = Some("Barista".into());
    newest.company = Some("Blue Bottle Coffee".into());
    newest.description = Some("Served coffee to two hundred guests a day".into());
    for tone in TONES {
        let text = template_cover_letter(&context, tone).text();
        assert!(text.contains("Expedia Group"), "{text}");
        assert!(!text.contains("Before that, as Barista"), "{text}");
        assert!(!text.contains("Before that, I worked as Barista"), "{text}");
        if text.contains("Barista at Blue Bottle Coffee (") {
            assert!(text.contains("More recently"), "{text}");
        }
    }
}

#[test]
fn the_tones_read_differently() {
    let context = context(&DATA, &DATA_JOB);
    let texts: Vec<String> = [Tone::Professional, Tone::Enthusiastic, Tone::Concise]
        .into_iter()
        .map(|t| template_cover_letter(&context, t).text())
        .collect();
    assert_ne!(texts[0], texts[1]);
    assert_ne!(texts[0], texts[2]);
    assert!(texts[2].split_whitespace().count() < texts[0].split_whitespace().count());
}

fn violations(text: &str) -> Vec<Violation> {
    FactSheet::new(&context(&DATA, &DATA_JOB)).check_text(text)
}

#[test]
fn an_honest_paraphrase_passes() {
    let honest = "As a Data Scientist at Zillow since 2020 I built price models with PyTorch \
                  and presented results to product leads. Before that, at Expedia Group, I wrote \
                  SQL dashboards in Tableau. I hold an M.S. in Statistics from University of \
                  Washington, and I would love to bring this to Spotify.";
    assert_eq!(violations(honest), []);
}

#[test]
fn an_invented_employer_is_caught() {
    let found = violations("Before Zillow, I spent two years at Google building search models.");
    assert!(
        found.contains(&Violation::Employer("Google".into())),
        "{found:?}"
    );
}

#[test]
fn an_invented_degree_is_caught() {
    let found = violations("I hold a PhD in Machine Learning and ship models at Zillow.");
    assert!(
        found.contains(&Violation::Degree("phd".into())),
        "{found:?}"
    );
    // The CV's own M.S. backs "Master's", so it is not a violation.
    assert_eq!(
        violations("My Master's in Statistics taught me rigour."),
        []
    );
}

#[test]
fn an_invented_year_or_number_is_caught() {
    let found = violations("I have worked at Zillow since 2014.");
    assert!(found.contains(&Violation::Date("2014".into())), "{found:?}");
    let found = violations("My models lifted revenue by 37% at Zillow.");
    assert!(found.contains(&Violation::Number("37".into())), "{found:?}");
}

#[test]
fn an_invented_skill_is_caught_even_when_the_job_asks_for_it() {
    let found = violations("I run my models on Kubernetes at Zillow.");
    assert!(
        found.contains(&Violation::Skill("Kubernetes".into())),
        "{found:?}"
    );
}

#[test]
fn an_invented_title_is_caught() {
    let found = violations("I worked as a Principal Scientist at Zillow.");
    assert!(
        found.contains(&Violation::Title("Principal Scientist".into())),
        "{found:?}"
    );
}

#[test]
fn the_tailored_cv_puts_the_jobs_skills_first_and_keeps_every_fact() {
    for (person, posting) in pairs() {
        let context = context(person, posting);
        let tailored = template_tailored_cv(&context);
        let lead = &tailored.skills[..context.matched.matching_skills.len()];
        for skill in lead {
            assert!(
                context.matched.matching_skills.contains(skill),
                "{skill} leads but the job does not ask for it: {:?}",
                tailored.skills
            );
        }
        let mut sorted_cv = context.cv.skills.clone();
        let mut sorted_tailored = tailored.skills.clone();
        sorted_cv.sort();
        sorted_tailored.sort();
        assert_eq!(sorted_cv, sorted_tailored, "the same skills, reordered");
        assert_eq!(tailored.experience.len(), person.roles.len());
        assert_eq!(tailored.education, context.cv.education);
        let facts = FactSheet::new(&context);
        assert_eq!(facts.check_tailored(&context, &tailored), []);
    }
}

#[test]
fn a_tailored_cv_with_an_invented_role_degree_or_skill_is_caught() {
    let context = context(&DATA, &DATA_JOB);
    let facts = FactSheet::new(&context);
    let mut tailored = template_tailored_cv(&context);
    tailored.experience[0].company = Some("Netflix".into());
    tailored.skills.push("Kubernetes".into());
    tailored.education[0].degree = Some("PhD".into());
    let found = facts.check_tailored(&context, &tailored);
    for expected in [
        Violation::Employer("Netflix".into()),
        Violation::Skill("Kubernetes".into()),
        Violation::Degree("PhD".into()),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let mut moved_dates = template_tailored_cv(&context);
    moved_dates.experience[1].start = Some(jobr_cv::CvDate::year_month(2015, 1));
    assert!(
        !facts.check_tailored(&context, &moved_dates).is_empty(),
        "a stretched date is caught"
    );
}

#[test]
fn the_analysis_is_the_engines_match_read_out() {
    for (person, posting) in pairs() {
        let context = context(person, posting);
        let analysis = template_strength(&context);
        assert_eq!(analysis.matching_skills, context.matched.matching_skills);
        assert_eq!(analysis.missing_skills, context.matched.missing_skills);
        assert_eq!(
            analysis.score,
            (context.matched.match_score * 100.0).round() as u8
        );
        assert_eq!(analysis.gaps.len(), context.matched.missing_skills.len());
        assert!(!analysis.strengths.is_empty());
        assert_eq!(
            FactSheet::new(&context).check_strength(&analysis),
            [],
            "{:?}",
            analysis.strengths
        );
    }
}

#[test]
fn interview_questions_point_at_the_cv() {
    let context = context(&DATA, &DATA_JOB);
    let prep = template_interview_prep(&context);
    assert!(prep.questions.len() >= 4);
    assert!(prep.questions[0].answer_from.contains("Zillow"));
    assert!(
        prep.questions
            .iter()
            .any(|q| q.question.contains("PyTorch") || q.question.contains("Python"))
    );
    assert_eq!(FactSheet::new(&context).check_interview(&prep), []);
}
