//! Section detection: which lines are headings, and what each heading means.

use super::text::{Line, heading_key, is_all_caps};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SectionKind {
    Summary,
    Experience,
    Education,
    Skills,
    Certifications,
    Languages,
    Projects,
    Contact,
    Other,
}

/// Heading wordings seen on real CVs, keyed in [`heading_key`] form.
const ALIASES: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Summary,
        &[
            "summary",
            "professional summary",
            "profile",
            "professional profile",
            "about me",
            "about",
            "objective",
            "career objective",
            "personal statement",
            "overview",
            "career summary",
            "executive summary",
            "personal profile",
            "summary of qualifications",
            "introduction",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "work experience",
            "professional experience",
            "work history",
            "employment",
            "employment history",
            "career history",
            "relevant experience",
            "professional background",
            "positions held",
            "career",
            "working experience",
            "professional history",
            "work",
            "experience history",
            "industry experience",
            "employment experience",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "academic background",
            "education and training",
            "academic qualifications",
            "qualifications",
            "studies",
            "academic history",
            "educational background",
            "academics",
            "education history",
            "degrees",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "core competencies",
            "competencies",
            "technologies",
            "tech stack",
            "tools",
            "skills and tools",
            "areas of expertise",
            "expertise",
            "technical proficiencies",
            "skills and technologies",
            "tools and technologies",
            "skill set",
            "skillset",
            "technical expertise",
            "it skills",
            "programming skills",
            "skills summary",
            "technical summary",
            "strengths",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certificates",
            "licenses and certifications",
            "licences and certifications",
            "certification",
            "professional certifications",
            "courses and certifications",
            "certifications and courses",
            "training and certifications",
            "accreditations",
            "licenses",
        ],
    ),
    (
        SectionKind::Languages,
        &[
            "languages",
            "language skills",
            "spoken languages",
            "language",
            "language proficiency",
        ],
    ),
    (
        SectionKind::Projects,
        &[
            "projects",
            "personal projects",
            "selected projects",
            "key projects",
            "side projects",
            "open source",
            "portfolio projects",
        ],
    ),
    (
        SectionKind::Contact,
        &[
            "contact",
            "contact information",
            "contact details",
            "personal details",
            "personal information",
            "details",
        ],
    ),
    (
        SectionKind::Other,
        &[
            "interests",
            "hobbies",
            "hobbies and interests",
            "references",
            "awards",
            "honors",
            "honours",
            "achievements",
            "awards and honors",
            "publications",
            "volunteer",
            "volunteering",
            "volunteer experience",
            "activities",
            "extracurricular activities",
            "memberships",
            "affiliations",
            "additional information",
            "courses",
        ],
    ),
];

/// A heading line and the lines under it.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub kind: SectionKind,
    pub lines: Vec<Line>,
}

/// The lines above the first heading (name and contact block), and the sections.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sections {
    pub header: Vec<Line>,
    pub sections: Vec<Section>,
}

impl Sections {
    pub fn of(&self, kind: SectionKind) -> impl Iterator<Item = &Line> {
        self.sections
            .iter()
            .filter(move |s| s.kind == kind)
            .flat_map(|s| s.lines.iter())
    }

    pub fn has(&self, kind: SectionKind) -> bool {
        self.sections.iter().any(|s| s.kind == kind)
    }
}

/// The section a heading names, if the line is a known heading.
pub(crate) fn heading_kind(line: &Line) -> Option<SectionKind> {
    if line.bullet || line.text.len() > 48 {
        return None;
    }
    let key = heading_key(&line.text);
    if key.is_empty() || key.split_whitespace().count() > 6 {
        return None;
    }
    let compact = key.replace(' ', "");
    ALIASES.iter().find_map(|(kind, aliases)| {
        aliases
            .iter()
            .any(|a| *a == key || a.replace(' ', "") == compact)
            .then_some(*kind)
    })
}

/// A line that looks like a heading though we do not know its wording: short, no digits, and
/// styled like one (all caps and larger than body text, or bold, or ending in a colon).
fn unknown_heading(line: &Line, body_size: Option<f32>) -> bool {
    let text = line.text.trim();
    if line.bullet || line.words() > 4 || text.chars().any(|c| c.is_ascii_digit() || c == '@') {
        return false;
    }
    let larger = matches!((line.font_size, body_size), (Some(s), Some(b)) if s > b + 0.5);
    (is_all_caps(text) && (larger || line.bold == Some(true)))
        || (text.ends_with(':') && text.len() < 30 && !text.contains(','))
}

pub(crate) fn split(lines: &[Line]) -> Sections {
    let body_size = median_size(lines);
    let mut out = Sections::default();
    let mut seen_known = false;
    for line in lines {
        if let Some(kind) = heading_kind(line) {
            seen_known = true;
            out.sections.push(Section {
                kind,
                lines: Vec::new(),
            });
            continue;
        }
        // Unknown headings only after a known one: the top block's all-caps name is no heading.
        if seen_known && unknown_heading(line, body_size) {
            out.sections.push(Section {
                kind: SectionKind::Other,
                lines: Vec::new(),
            });
            continue;
        }
        match out.sections.last_mut() {
            Some(section) => section.lines.push(line.clone()),
            None => out.header.push(line.clone()),
        }
    }
    out
}

fn median_size(lines: &[Line]) -> Option<f32> {
    let mut sizes: Vec<f32> = lines.iter().filter_map(|l| l.font_size).collect();
    if sizes.is_empty() {
        return None;
    }
    sizes.sort_by(f32::total_cmp);
    Some(sizes[sizes.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Line {
        Line::new(s, None, None)
    }

    #[test]
    fn aliases_map_to_kinds() {
        assert_eq!(
            heading_kind(&l("WORK HISTORY")),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            heading_kind(&l("Career History:")),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            heading_kind(&l("Skills & Tools")),
            Some(SectionKind::Skills)
        );
        assert_eq!(
            heading_kind(&l("E X P E R I E N C E")),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            heading_kind(&l("Experience with large systems was gained")),
            None
        );
    }

    #[test]
    fn header_block_then_sections() {
        let lines: Vec<Line> = [
            "JANE DOE",
            "jane@x.io",
            "EDUCATION",
            "MIT",
            "HOBBIES:",
            "Chess",
        ]
        .iter()
        .map(|s| l(s))
        .collect();
        let s = split(&lines);
        assert_eq!(s.header.len(), 2);
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[1].kind, SectionKind::Other);
    }
}
