//! Section detection: which lines are headings, and what each heading means.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::dates::find_range;
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
            "profile summary",
            "professional overview",
            "career profile",
            "personal summary",
            "summary statement",
            "objective statement",
            "career goal",
            "about myself",
            "kurzprofil",
            "perfil",
            "perfil profissional",
            "resumo profissional",
            "resumo",
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
            "employment record",
            "work record",
            "professional career",
            "internships",
            "internship",
            "internship experience",
            "work experience and internships",
            "experience and internships",
            "berufserfahrung",
            "berufliche erfahrung",
            "beruflicher werdegang",
            "praktische erfahrung",
            "experiência profissional",
            "experiencia profesional",
            "experiência",
            "experiencia",
            "histórico profissional",
            "expérience professionnelle",
            "expériences professionnelles",
            "work experiences",
            "professional experiences",
            "experiences",
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
            "training and education",
            "academic profile",
            "educational qualifications",
            "educational qualification",
            "academic credentials",
            "academic details",
            "scholastic record",
            "qualifications and training",
            "education and qualifications",
            "ausbildung",
            "bildung",
            "bildungsweg",
            "schulbildung",
            "studium",
            "formação acadêmica",
            "formação",
            "formación académica",
            "formación",
            "educação",
            "escolaridade",
            "formation",
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
            "top skills",
            "kenntnisse",
            "fähigkeiten",
            "it kenntnisse",
            "habilidades",
            "competências",
            "competencias",
            "core qualifications",
            "abilities",
            "proficiencies",
            "software",
            "tools and software",
            "software and tools",
            "computer skills",
            "key competencies",
            "technical competencies",
            "professional skills",
            "soft skills",
            "hard skills",
            "skills and abilities",
            "skills and expertise",
            "skills highlights",
            "skills and competencies",
            "areas of strength",
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
            "licenses and certificates",
            "licences and certificates",
            "certificates and licenses",
            "zertifikate",
            "weiterbildung",
            "certificações",
            "certificados",
            "training",
            "trainings",
            "courses and training",
            "professional development",
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
            "sprachen",
            "sprachkenntnisse",
            "idiomas",
            "línguas",
            "langues",
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
            "contact me",
            "get in touch",
            "kontakt",
            "contato",
            "contacto",
            "persönliche daten",
            "dados pessoais",
            "personal data",
            "personal info",
            "info",
            "contact info",
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
            "honors-awards",
            "honors and awards",
            "honours and awards",
            "awards and achievements",
            "key achievements",
            "accomplishments",
            "conferences",
            "presentations",
            "patents",
            "research interests",
            "volunteer work",
            "community service",
            "community involvement",
            "leadership",
            "leadership and activities",
            "extracurriculars",
            "interests and hobbies",
            "personal interests",
            "additional",
            "miscellaneous",
            "referees",
            "hobbys",
            "interessen",
            "sonstiges",
            "referências",
            "publications and presentations",
            "professional memberships",
            "professional affiliations",
            "volunteering experience",
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

/// Lines that label a part of one job ("Key achievements:", "Tools:") rather than start a
/// section, when they are not styled as a heading.
const SUBLABELS: &[&str] = &[
    "responsibilities",
    "key responsibilities",
    "main responsibilities",
    "duties",
    "main duties",
    "key duties",
    "tasks",
    "main tasks",
    "achievements",
    "key achievements",
    "accomplishments",
    "key accomplishments",
    "highlights",
    "tools",
    "technologies",
    "tech stack",
    "technologies used",
    "tools used",
    "environment",
    "projects",
    "key projects",
    "selected projects",
    "clients",
    "skills used",
    "key skills used",
    "courses",
    "coursework",
    "relevant coursework",
    "thesis",
    "awards",
];

/// The heading's words in [`heading_key`] form, without a leading number ("1. Experience",
/// "02 — Skills") and with a bound on length.
fn clean_key(line: &Line) -> Option<String> {
    if line.bullet || line.text.chars().count() > 80 {
        return None;
    }
    let key = heading_key(&line.text);
    let mut words: Vec<&str> = key.split_whitespace().collect();
    while words.len() > 1
        && (words[0].chars().all(|c| c.is_ascii_digit())
            || matches!(words[0], "i" | "ii" | "iii" | "iv" | "v" | "vi"))
    {
        words.remove(0);
    }
    let key = words.join(" ");
    (!key.is_empty() && key.len() <= 48 && words.len() <= 6).then_some(key)
}

/// The section a heading names, if the line is a known heading.
pub(crate) fn heading_kind(line: &Line) -> Option<SectionKind> {
    let key = clean_key(line)?;
    kind_of_key(&key)
}

/// Every alias without its spaces ("workexperience"), so letter-spaced headings match too;
/// built once, since every line of every CV is looked up.
static ALIAS_INDEX: LazyLock<HashMap<String, SectionKind>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for (kind, aliases) in ALIASES {
        for alias in *aliases {
            index.entry(alias.replace(' ', "")).or_insert(*kind);
        }
    }
    index
});

fn kind_of_key(key: &str) -> Option<SectionKind> {
    let compact = key.replace(' ', "");
    ALIAS_INDEX
        .get(&compact)
        .copied()
        .or_else(|| generic_kind(key))
}

/// Headings we have no alias for but whose last word says what they are: "Clinical
/// Experience", "Teaching Experience", "Digital Skills", "Education & Certificates".
fn generic_kind(key: &str) -> Option<SectionKind> {
    let words: Vec<&str> = key.split_whitespace().collect();
    if words.len() > 4 || words.len() < 2 {
        return None;
    }
    let last = *words.last()?;
    let has = |w: &str| words.contains(&w);
    if has("volunteer") || has("volunteering") {
        return Some(SectionKind::Other);
    }
    if matches!(last, "language" | "languages") {
        return (!has("programming")).then_some(SectionKind::Languages);
    }
    match last {
        "experience" | "experiences" | "employment" | "history" if !has("education") => {
            Some(SectionKind::Experience)
        }
        "skills" | "competencies" | "competences" | "expertise" | "proficiencies" => {
            Some(SectionKind::Skills)
        }
        "education" | "qualifications" => Some(SectionKind::Education),
        "certifications" | "certificates" | "licenses" | "licences" => {
            Some(SectionKind::Certifications)
        }
        _ => None,
    }
}

/// "Skills: Excel, SAP, Word" and "Languages: English, Hindi": a list section whose heading
/// and items share a line. The rest of the line is the section's first line.
fn inline_heading(line: &Line) -> Option<(SectionKind, String)> {
    if line.bullet {
        return None;
    }
    let (label, rest) = line.text.split_once(':')?;
    let rest = rest.trim();
    if rest.is_empty() || label.split_whitespace().count() > 3 {
        return None;
    }
    let kind = heading_kind(&Line::new(label, None, None))?;
    matches!(
        kind,
        SectionKind::Skills | SectionKind::Languages | SectionKind::Certifications
    )
    .then(|| (kind, rest.to_owned()))
}

/// A line that looks like a heading though we do not know its wording: short, no digits, and
/// styled like one (all caps and larger than body text, or bold, or ending in a colon).
fn unknown_heading(line: &Line, body_size: Option<f32>) -> bool {
    let text = line.text.trim();
    if line.bullet || line.words() > 4 || text.chars().any(|c| c.is_ascii_digit() || c == '@') {
        return false;
    }
    (is_all_caps(text) && (larger(line, body_size) || line.bold == Some(true)))
        || (text.ends_with(':') && text.len() < 30 && !text.contains(','))
}

fn larger(line: &Line, body_size: Option<f32>) -> bool {
    matches!((line.font_size, body_size), (Some(s), Some(b)) if s > b + 0.5)
}

/// Styled as a heading: all caps, bold or larger than the body text.
fn styled(line: &Line, body_size: Option<f32>) -> bool {
    is_all_caps(&line.text) || larger(line, body_size) || line.bold == Some(true)
}

/// Inside a job or a school entry, "Key achievements:" and "Tools:" are part of the entry.
fn is_sublabel(line: &Line, current: Option<SectionKind>, body_size: Option<f32>) -> bool {
    if !matches!(
        current,
        Some(SectionKind::Experience | SectionKind::Education | SectionKind::Projects)
    ) || styled(line, body_size)
    {
        return false;
    }
    let key = clean_key(line).unwrap_or_default();
    SUBLABELS.contains(&key.as_str())
        || (line.text.trim_end().ends_with(':') && heading_kind(line).is_none())
}

pub(crate) fn split(lines: &[Line]) -> Sections {
    let body_size = median_size(lines);
    let mut out = Sections::default();
    let mut seen_known = false;
    let mut heading_size: Option<f32> = None;
    for line in lines {
        let current = out.sections.last().map(|s| s.kind);
        if is_sublabel(line, current, body_size) {
            if let Some(section) = out.sections.last_mut() {
                section.lines.push(line.clone());
            }
            continue;
        }
        if let Some(kind) = heading_kind(line) {
            seen_known = true;
            // The largest known heading so far: LinkedIn's sidebar headings are smaller than
            // its main ones, and as small as the employer names under "Experience".
            heading_size = match (heading_size, line.font_size) {
                (Some(h), Some(s)) => Some(h.max(s)),
                (h, s) => h.or(s),
            };
            out.sections.push(Section {
                kind,
                lines: Vec::new(),
            });
            continue;
        }
        // Inside a skills list, "Languages: Python, SQL" and "Tools: Excel" are its groups.
        if !matches!(
            current,
            Some(SectionKind::Experience | SectionKind::Projects | SectionKind::Skills)
        ) && let Some((kind, rest)) = inline_heading(line)
        {
            seen_known = true;
            out.sections.push(Section {
                kind,
                lines: vec![Line::new(&rest, line.font_size, line.bold)],
            });
            continue;
        }
        // Unknown headings only after a known one: the top block's all-caps name is no heading.
        // ... and no smaller than the known ones: Deedy sets school and company names in
        // larger capitals than the body, but smaller than its headings.
        let as_large = match (line.font_size, heading_size) {
            (Some(s), Some(h)) => s >= h - 0.5,
            _ => true,
        };
        if seen_known && as_large && unknown_heading(line, body_size) {
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
    if !out.has(SectionKind::Experience) {
        find_headerless_experience(&mut out);
    }
    out
}

/// A line that gives contact details rather than a job.
fn is_contact_line(line: &Line) -> bool {
    let t = line.text.to_lowercase();
    t.contains('@')
        || t.contains("linkedin")
        || t.contains("http")
        || t.contains("www.")
        || t.chars().filter(char::is_ascii_digit).count() >= 7 && find_range(&line.text).is_none()
}

/// No experience heading, yet jobs: entries written straight under the contact block or the
/// profile. From the first dated entry's heading lines to the next heading they become the
/// experience section.
fn find_headerless_experience(out: &mut Sections) {
    let is_anchor = |l: &Line| !l.bullet && l.words() <= 16 && find_range(&l.text).is_some();
    let take_from = |lines: &[Line], floor: usize| -> Option<usize> {
        let a = (floor..lines.len()).find(|&i| is_anchor(&lines[i]))?;
        let mut first = a;
        while first > floor && a - first < 2 && {
            let l = &lines[first - 1];
            !l.bullet && l.words() <= 10 && !l.text.ends_with('.') && !is_contact_line(l)
        } {
            first -= 1;
        }
        Some(first)
    };
    // In the top block, only below its contact lines: "Nurse since 2015" under a name is a
    // headline, not a job.
    let floor = out
        .header
        .iter()
        .rposition(is_contact_line)
        .map_or(1, |i| i + 1)
        .max(1);
    if let Some(first) = take_from(&out.header, floor) {
        let lines = out.header.split_off(first);
        out.sections.insert(
            0,
            Section {
                kind: SectionKind::Experience,
                lines,
            },
        );
        return;
    }
    for k in 0..out.sections.len() {
        if out.sections[k].kind != SectionKind::Summary {
            continue;
        }
        if let Some(first) = take_from(&out.sections[k].lines, 1) {
            let lines = out.sections[k].lines.split_off(first);
            out.sections.insert(
                k + 1,
                Section {
                    kind: SectionKind::Experience,
                    lines,
                },
            );
            return;
        }
    }
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
    fn an_employer_as_large_as_a_sidebar_heading_is_no_heading() {
        // LinkedIn: sidebar headings 11 pt, main headings 14 pt, employers 11 pt capitals.
        let sized = |t: &str, s: f32| Line::new(t, Some(s), None);
        let s = split(&[
            sized("Contact", 11.0),
            sized("ana@example.com", 9.0),
            sized("Experience", 14.0),
            sized("University of Oxford", 11.0),
            sized("Research Assistant", 10.0),
            sized("September 2020 - September 2021", 9.0),
            sized("GSK", 11.0),
            sized("Research Intern", 10.0),
            sized("June 2016 - August 2016", 9.0),
        ]);
        assert_eq!(s.sections.len(), 2, "{s:#?}");
        assert_eq!(s.sections[1].kind, SectionKind::Experience);
        assert_eq!(s.sections[1].lines.len(), 6);
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
