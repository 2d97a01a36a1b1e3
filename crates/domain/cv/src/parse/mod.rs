//! Rule-based CV structuring: the fallback when no AI is configured or it fails, and the
//! cross-check for what an AI returns.

mod contact;
mod dates;
mod education;
mod experience;
mod lists;
pub(crate) mod sections;
mod text;

use crate::extract::{ExtractedText, TextLine};
use crate::model::{Confidence, CvDate, ParseSource, ParsedCv};
use crate::skills;

use sections::SectionKind;
use text::Line;

pub(crate) use contact::{calling_code, to_e164};

/// Parses plain text (each line a line). `today` dates "present" jobs; callers take it from
/// their `Clock`, so results are reproducible.
pub fn parse_text_at(text: &str, today: CvDate) -> ParsedCv {
    let lines: Vec<TextLine> = text.lines().map(TextLine::plain).collect();
    parse_lines_at(&lines, today)
}

/// Parses extracted lines, using their layout hints.
pub fn parse_lines_at(lines: &[TextLine], today: CvDate) -> ParsedCv {
    parse_lines_with_targets_at(lines, &[], today)
}

/// Parses an extraction's lines and its link targets (PDF link annotations, DOCX hyperlinks).
pub fn parse_extracted_at(extracted: &ExtractedText, today: CvDate) -> ParsedCv {
    parse_lines_with_targets_at(&extracted.lines, &extracted.link_targets, today)
}

/// As [`parse_lines_at`], with the document's link targets: they fill the LinkedIn, GitHub
/// and portfolio links the text does not give (clickable words whose address is only in the
/// link), and a `mailto:` target fills a missing email. The text always wins.
pub fn parse_lines_with_targets_at(
    lines: &[TextLine],
    link_targets: &[String],
    today: CvDate,
) -> ParsedCv {
    let lines: Vec<Line> = lines
        .iter()
        .map(|l| Line::new(&l.text, l.font_size, l.bold))
        // Rules ("────"), lone bullets and blank lines carry nothing to read.
        .filter(|l| l.text.chars().any(char::is_alphanumeric))
        .collect();
    let sections = sections::split(&lines);
    let full_text: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut cv = ParsedCv {
        source: ParseSource::Rules,
        ..ParsedCv::default()
    };
    let mut confidence = Confidence::default();

    // Contact details live in the top block or a contact section; fall back to anywhere.
    let contact_lines: Vec<&Line> = sections
        .header
        .iter()
        .chain(sections.of(SectionKind::Contact))
        .collect();
    let contact_text: String = contact_lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");

    if let Some((name, score)) = contact::find_name(&sections.header, &lines) {
        cv.name = Some(name);
        confidence.name = score;
    }
    cv.email = contact::find_email(&contact_text)
        .or_else(|| contact::find_email(&full_text))
        .or_else(|| contact::email_from_targets(link_targets));
    confidence.email = if cv.email.is_some() { 0.95 } else { 0.0 };

    let contact_owned: Vec<Line> = contact_lines.iter().map(|l| (*l).clone()).collect();
    cv.location = contact::find_location(&contact_owned).or_else(|| {
        // A banner read after a sidebar (LinkedIn's profile PDF): name, headline, location.
        let name = cv.name.as_deref()?;
        let at = lines.iter().position(|l| l.text.contains(name))?;
        // Up to the next heading: an entry under "EXPERIENCE" is no banner.
        let banner: Vec<Line> = lines[at + 1..lines.len().min(at + 4)]
            .iter()
            .take_while(|l| sections::heading_kind(l).is_none())
            .cloned()
            .collect();
        contact::find_location(&banner)
    });
    confidence.location = if cv.location.is_some() { 0.7 } else { 0.0 };
    let country = cv.location.as_deref().and_then(contact::calling_code);
    let contact_strs: Vec<&str> = contact_lines.iter().map(|l| l.text.as_str()).collect();
    cv.phone = contact::find_phone(&contact_strs, country);
    confidence.phone = match &cv.phone {
        Some(p) if p.starts_with('+') => 0.9,
        Some(_) => 0.6,
        None => 0.0,
    };
    if cv.phone.is_none() {
        // A contact block the sections did not find (a footer, an unheaded sidebar): only a
        // labelled or international number counts there.
        let labelled: Vec<&str> = lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| contact::phone_labelled(t))
            .collect();
        cv.phone = contact::find_phone(&labelled, country);
        confidence.phone = if cv.phone.is_some() { 0.6 } else { 0.0 };
    }
    // Contact details cluster round the email: a contact line the layout read after the
    // columns (a banner under a two-column body, moderncv's footer) still gives the phone and
    // the place, from the email's line or, for the place, the line above it unless that
    // line lists languages ("English, Welsh" is no place).
    if (cv.location.is_none() || cv.phone.is_none())
        && let Some(email) = cv.email.as_deref()
        && let Some(at) = lines.iter().position(|l| l.text.contains(email))
    {
        let mut near = vec![lines[at].clone()];
        if at > 0 && !lists::names_languages(&lines[at - 1].text) {
            near.push(lines[at - 1].clone());
        }
        if cv.location.is_none() {
            cv.location = contact::find_location(&near);
            confidence.location = if cv.location.is_some() { 0.5 } else { 0.0 };
        }
        if cv.phone.is_none() {
            let country = cv.location.as_deref().and_then(contact::calling_code);
            cv.phone = contact::find_phone(&[lines[at].text.as_str()], country);
            confidence.phone = if cv.phone.is_some() { 0.6 } else { 0.0 };
        }
    }
    let anywhere = contact::find_links(&full_text, false);
    let mut links = contact::find_links(&contact_text, true);
    links.linkedin = links.linkedin.or(anywhere.linkedin);
    links.github = links.github.or(anywhere.github);
    links.portfolio = links.portfolio.or(anywhere.portfolio);
    if !link_targets.is_empty() {
        let targets = contact::links_from_targets(link_targets);
        links.linkedin = links.linkedin.or(targets.linkedin);
        links.github = links.github.or(targets.github);
        links.portfolio = links.portfolio.or(targets.portfolio);
    }
    cv.links = links;
    confidence.links = if cv.links == Default::default() {
        0.0
    } else {
        0.95
    };

    let summary: Vec<&str> = sections
        .of(SectionKind::Summary)
        .map(|l| l.text.as_str())
        .collect();
    if !summary.is_empty() {
        cv.summary = Some(summary.join(" "));
        confidence.summary = 0.85;
    } else if let Some(prose) = sections
        .header
        .iter()
        .find(|l| l.words() >= 12 && l.text.contains(' '))
    {
        // Summaries are often an unheaded paragraph under the name.
        cv.summary = Some(prose.text.clone());
        confidence.summary = 0.4;
    }

    // List items keep their bullet, so a bulleted line never reads as the wrapped end of
    // the line above.
    let skill_text: String = sections
        .of(SectionKind::Skills)
        .map(|l| {
            if l.bullet {
                format!("• {}", l.text)
            } else {
                l.text.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // Headings are left out: a letter-spaced "E X P E R I E N C E" holds an "R" and a "C".
    // So are the education and language sections: a degree's subject ("BSc Economics") and
    // a spoken language are what the person studied or speaks, not a skill they claim.
    let body_text: String = sections
        .header
        .iter()
        .chain(
            sections
                .sections
                .iter()
                .filter(|s| !matches!(s.kind, SectionKind::Education | SectionKind::Languages))
                .flat_map(|s| s.lines.iter()),
        )
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = lists::skill_items(&skill_text);
    for s in skills::find_skills(&body_text) {
        if !found.iter().any(|f| f.eq_ignore_ascii_case(s)) {
            found.push(s.to_owned());
        }
    }
    confidence.skills = match (sections.has(SectionKind::Skills), found.is_empty()) {
        (_, true) => 0.0,
        (true, false) => 0.9,
        (false, false) => 0.6,
    };
    cv.skills = found;

    let exp_lines: Vec<Line> = sections.of(SectionKind::Experience).cloned().collect();
    cv.experience = experience::parse(&exp_lines);
    confidence.experience = completeness(
        cv.experience
            .iter()
            .map(|e| [e.company.is_some(), e.title.is_some(), e.start.is_some()]),
    );

    let edu_lines: Vec<Line> = sections.of(SectionKind::Education).cloned().collect();
    cv.education = education::parse(&edu_lines);
    confidence.education = completeness(cv.education.iter().map(|e| {
        [
            e.institution.is_some(),
            e.degree.is_some(),
            e.graduation.is_some(),
        ]
    }));

    cv.certifications = lists::certifications(sections.of(SectionKind::Certifications));
    cv.languages = lists::languages(sections.of(SectionKind::Languages), &full_text);
    cv.total_years_experience = experience::total_years(&cv.experience, today);
    cv.experience_level = experience::level(&cv.experience, cv.total_years_experience);
    cv.confidence = confidence;
    cv
}

/// Share of expected fields present over all entries, scaled so a complete result is 0.85
/// (rules are never certain of entry boundaries).
fn completeness(entries: impl Iterator<Item = [bool; 3]>) -> f32 {
    let (mut have, mut total) = (0, 0);
    for e in entries {
        have += e.iter().filter(|b| **b).count();
        total += 3;
    }
    if total == 0 {
        0.0
    } else {
        0.85 * have as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cv_end_to_end() {
        let cv = parse_text_at(
            "JOHN SMITH\nBackend Engineer\nAustin, TX | john@smith.dev | (512) 555-0199\n\
             github.com/jsmith\n\nSUMMARY\nBackend engineer who likes boring tech.\n\n\
             WORK HISTORY\nSenior Backend Engineer | Initech LLC | Feb 2019 - Present\n\
             - Ran Postgres and k8s\n\nEDUCATION\nBSc Computer Science, University of Texas, 2014\n\n\
             SKILLS\nGolang, JS, Postgres, Docker\n\nLANGUAGES\nEnglish (native), Spanish (B2)",
            CvDate::year_month(2026, 11),
        );
        assert_eq!(cv.name.as_deref(), Some("John Smith"));
        assert_eq!(cv.email.as_deref(), Some("john@smith.dev"));
        assert_eq!(cv.phone.as_deref(), Some("+15125550199"));
        assert_eq!(cv.location.as_deref(), Some("Austin, TX"));
        assert_eq!(cv.links.github.as_deref(), Some("github.com/jsmith"));
        assert_eq!(cv.experience[0].company.as_deref(), Some("Initech LLC"));
        assert_eq!(
            cv.experience[0].title.as_deref(),
            Some("Senior Backend Engineer")
        );
        assert_eq!(
            cv.education[0].institution.as_deref(),
            Some("University of Texas")
        );
        assert!(cv.skills.iter().any(|s| s == "Kubernetes"));
        assert_eq!(cv.skills[..4], ["Go", "JavaScript", "PostgreSQL", "Docker"]);
        assert_eq!(cv.languages, ["English", "Spanish"]);
        assert_eq!(cv.source, ParseSource::Rules);
    }

    #[test]
    fn phone_and_place_are_read_round_an_email_found_below_the_body() {
        let cv = parse_text_at(
            "Gareth Pritchard\n\nEXPERIENCE\nElectrician, Balfour Beatty   2010 - 2015\n\n\
             LANGUAGES\nEnglish, Welsh\nCardiff, Wales\nM +44 29 2018 0455 • E g.p@example.co.uk",
            CvDate::year_month(2026, 11),
        );
        assert_eq!(cv.email.as_deref(), Some("g.p@example.co.uk"));
        assert_eq!(cv.phone.as_deref(), Some("+442920180455"));
        assert_eq!(cv.location.as_deref(), Some("Cardiff, Wales"));
        let cv = parse_text_at(
            "Gareth Pritchard\n\nLANGUAGES\nEnglish, Welsh\ng.p@example.co.uk",
            CvDate::year_month(2026, 11),
        );
        assert_eq!(cv.location, None);
    }

    #[test]
    fn a_degree_subject_or_a_spoken_language_is_no_skill() {
        let cv = parse_text_at(
            "ANA SOUZA\nana@example.com\n\nEXPERIENCE\nAnalyst, Acme Ltd   2019 - 2021\n\
             - Reports in Excel\n\nEDUCATION\nBSc Economics, University of Leeds, 2018\n\n\
             LANGUAGES\nPortuguese, English",
            CvDate::year_month(2026, 11),
        );
        assert!(cv.skills.iter().any(|s| s == "Excel"), "{:?}", cv.skills);
        assert!(
            !cv.skills
                .iter()
                .any(|s| s == "Economics" || s == "Portuguese"),
            "{:?}",
            cv.skills
        );
    }
}
