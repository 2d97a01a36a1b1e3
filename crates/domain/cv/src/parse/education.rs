//! Education entries: institutions (University, College, Institute...) and degrees
//! (Bachelor, MSc, B.Tech...), grouped into one entry per school.

use crate::model::Education;

use super::dates::{End, find_dates, find_range, without_span};
use super::text::{Line, is_all_caps, split_fields};

const SCHOOL_WORDS: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "polytechnic",
    "université",
    "universität",
    "universidad",
    "universidade",
    "università",
    "hochschule",
    "iit",
    "mit",
    "conservatory",
    "seminary",
    "politecnico",
    "polytechnique",
    "école",
    "ecole",
    "escuela",
    "faculty",
    "faculdade",
    "instituto",
    "fundação",
    "fundacao",
    "ihk",
    "senai",
    "senac",
    "fatec",
    "etec",
    "gymnasium",
    "realschule",
    "gesamtschule",
    "berufsschule",
    "fachhochschule",
    "akademie",
    "kolleg",
    "lycée",
    "iim",
    "iiit",
    "nit",
    "bits",
    "eth",
    "epfl",
];

/// German compounds carry the school in their last part ("Berufsfachschule").
const SCHOOL_SUFFIXES: &[&str] = &["schule", "universität", "akademie", "hochschule"];

/// Degree words, compared on the field's first word(s) with dots removed.
const DEGREE_PREFIXES: &[&str] = &[
    "bachelor",
    "master",
    "doctor",
    "phd",
    "bsc",
    "msc",
    "bs",
    "ms",
    "ba",
    "ma",
    "mba",
    "bba",
    "btech",
    "mtech",
    "beng",
    "meng",
    "be",
    "me",
    "bcom",
    "mcom",
    "bca",
    "mca",
    "llb",
    "llm",
    "md",
    "associate",
    "diploma",
    "certificate",
    "hnd",
    "high",
    "a-levels",
    "gcse",
    "abitur",
    "doctorate",
    "postgraduate",
    "graduate",
    "undergraduate",
    "mphil",
    "dphil",
    "bfa",
    "mfa",
    "bed",
    "med",
    "bachelors",
    "masters",
    "associates",
    "tecnólogo",
    "tecnologo",
    "licenciatura",
    "bacharelado",
    "bacharel",
    "mestrado",
    "doutorado",
    "especialização",
    "ausbildung",
    "industriemeister",
    "meister",
    "diplom",
    "staatsexamen",
    "nvq",
    "svq",
    "btec",
    "mbbs",
    "mph",
    "dr",
    "chartered",
    "pgce",
    "pgdip",
    "pgdm",
    "hsc",
    "ssc",
    "ged",
    "apprenticeship",
    "higher",
    "jd",
    "pharmd",
    "bsn",
    "msn",
    "bscn",
    "dnp",
    "adn",
    "aas",
    "celta",
    "delta",
    "cpa",
    "acca",
    "cima",
];

/// "COLUMBIA BUSINESS" over "SCHOOL": a narrow column wraps a school's name; the halves go
/// back together.
fn join_wrapped_schools(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(prev) = out.last_mut()
            && !prev.bullet
            && !line.bullet
            && is_all_caps(&prev.text)
            && is_all_caps(&line.text)
            && (!is_school(&prev.text) && is_school(&line.text) || ends_with_connector(&prev.text))
            && find_dates(&prev.text).is_empty()
            && degree_and_field(&prev.text).is_none()
            && prev.words() + line.words() <= 8
        {
            prev.text = format!("{} {}", prev.text, line.text);
            continue;
        }
        out.push(line.clone());
    }
    out
}

/// "HUMBOLDT-UNIVERSITÄT ZU" goes on: a name does not end on "zu", "of" or "de".
fn ends_with_connector(text: &str) -> bool {
    text.split_whitespace().last().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "zu" | "of" | "de" | "at" | "for" | "and" | "do" | "da" | "der" | "des" | "la" | "&"
        )
    })
}

pub(crate) fn parse(lines: &[Line]) -> Vec<Education> {
    let joined = join_wrapped_schools(lines);
    let lines = joined.as_slice();
    let mut entries: Vec<Education> = Vec::new();
    let mut current = Education::default();
    let mut touched = false;
    for line in lines {
        let (text, dates) = match find_range(&line.text) {
            Some(r) => {
                let end = match r.end {
                    End::Date(d) => Some(d),
                    End::Present | End::Unknown => None,
                };
                (
                    without_span(&line.text, r.span),
                    end.into_iter().collect::<Vec<_>>(),
                )
            }
            None => (line.text.clone(), find_dates(&line.text)),
        };
        let (mut after_school, mut after_degree) = (false, false);
        let mut degree_on_line = false;
        let fields = split_fields(&text);
        let pieces: Vec<(usize, &str)> = fields
            .iter()
            .flat_map(|f| f.split(", ").enumerate().collect::<Vec<_>>())
            .collect();
        // "Bilanzbuchhalter, IHK Frankfurt", "ACA, Institute of Chartered Accountants": a
        // qualification we have no word for, written before its school on one line.
        let qualification_first = pieces.len() >= 2
            && !is_school(pieces[0].1.trim())
            && degree_and_field(pieces[0].1.trim()).is_none()
            && is_school(pieces[1].1.trim())
            && is_qualification_name(pieces[0].1.trim());
        for (k, (piece, field)) in pieces.into_iter().enumerate() {
            let field = field.trim();
            let degree = degree_and_field(field)
                .or_else(|| (k == 0 && qualification_first).then(|| (field.to_owned(), None)));
            if is_school(field) {
                if current.institution.is_some() {
                    entries.push(std::mem::take(&mut current));
                }
                current.institution = Some(strip_dates(field));
                touched = true;
                after_school = true;
                after_degree = false;
            } else if let Some((degree, subject)) = degree {
                // "Master of Science - MSc, Biochemistry": the short form names the same
                // degree again (LinkedIn writes both).
                let short = degree.chars().filter(|c| c.is_alphabetic()).count() <= 5;
                if degree_on_line
                    && short
                    && current
                        .degree
                        .as_ref()
                        .is_some_and(|d| d.len() > degree.len())
                {
                    if current.field.is_none() {
                        current.field = subject;
                    }
                    after_degree = current.field.is_none();
                    continue;
                }
                degree_on_line = true;
                if current.degree.is_some() {
                    entries.push(std::mem::take(&mut current));
                }
                current.degree = Some(degree);
                current.field = subject.or(current.field.take());
                touched = true;
                after_school = false;
                after_degree = current.field.is_none();
            } else if after_degree
                && !field.chars().any(|c| c.is_ascii_digit())
                && !field.is_empty()
            {
                // "M.S., Data Science": the field follows the degree after a comma.
                current.field = Some(field.trim_end_matches('.').to_owned());
                after_degree = false;
            } else if after_school
                && piece > 0
                && !field.chars().any(|c| c.is_ascii_digit())
                && !field.is_empty()
            {
                // "University of California, Berkeley": the comma is part of the name, but
                // "University of Texas at Austin, Austin, TX" names the place again.
                if let Some(inst) = current.institution.as_mut() {
                    if inst.contains(field) || super::contact::calling_code(field).is_some() {
                        after_school = false;
                    } else {
                        inst.push_str(", ");
                        inst.push_str(field);
                    }
                }
            } else {
                after_school = false;
                after_degree = false;
            }
        }
        if let Some(last) = dates.last()
            && touched
        {
            current.graduation = Some(*last);
        }
    }
    if touched && (current.institution.is_some() || current.degree.is_some()) {
        entries.push(current);
    }
    entries
}

/// A short name in capitals, with no digits: "ACA", "Bilanzbuchhalter", "Chartered
/// Accountant".
fn is_qualification_name(field: &str) -> bool {
    field.chars().next().is_some_and(char::is_uppercase)
        && !field.chars().any(|c| c.is_ascii_digit())
        && field.split_whitespace().count() <= 4
}

fn words_lower(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect()
}

fn is_school(field: &str) -> bool {
    field.chars().next().is_some_and(char::is_uppercase)
        && words_lower(field).iter().any(|w| {
            SCHOOL_WORDS.contains(&w.as_str()) || SCHOOL_SUFFIXES.iter().any(|s| w.ends_with(s))
        })
        && degree_and_field(field).is_none()
}

/// "Bachelor of Science in Computer Science" → ("Bachelor of Science", "Computer Science");
/// "BSc Computer Science" → ("BSc", "Computer Science"); "M.S., Data Science" likewise.
fn degree_and_field(field: &str) -> Option<(String, Option<String>)> {
    let first = field.split_whitespace().next()?;
    let key: String = first
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase();
    if !(DEGREE_PREFIXES.contains(&key.as_str()) || is_dotted_degree(first))
        || !first.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    let field = strip_dates(field);
    // "Chartered Accountant", "Higher Diploma": the first word only qualifies the second.
    if matches!(key.as_str(), "chartered" | "higher") {
        // "Chartered Institute of …" is a school.
        if words_lower(&field)
            .get(1)
            .is_some_and(|w| SCHOOL_WORDS.contains(&w.as_str()))
        {
            return None;
        }
        let mut words = field.splitn(3, ' ');
        let degree = [words.next(), words.next()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let rest = words
            .next()
            .map(|r| r.trim_start_matches([',', ' ']).trim().to_owned());
        return Some((degree.join(" "), rest.filter(|r| !r.is_empty())));
    }
    // "NVQ Level 3 Electrotechnical Services": the level is part of the qualification.
    let mut words: Vec<&str> = field.split_whitespace().collect();
    if words.len() >= 3
        && words[1].eq_ignore_ascii_case("level")
        && words[2].chars().all(|c| c.is_ascii_digit())
    {
        let degree = words.drain(..3).collect::<Vec<_>>().join(" ");
        let rest = words.join(" ");
        let rest = rest.trim_start_matches("in ").trim();
        return Some((degree, (!rest.is_empty()).then(|| rest.to_owned())));
    }
    for sep in [" in ", ", ", " - ", ": "] {
        if let Some((degree, subject)) = field.split_once(sep) {
            return Some((
                degree.trim().to_owned(),
                Some(subject.trim().trim_end_matches('.').to_owned()),
            ));
        }
    }
    // Long-form degrees: "Master of Engineering" has no field; "Bachelor of Arts English" rare.
    if field.to_lowercase().contains(" of ") {
        return Some((field.trim().to_owned(), None));
    }
    match field.split_once(' ') {
        Some((degree, subject)) if !subject.trim().is_empty() => {
            Some((degree.to_owned(), Some(subject.trim().to_owned())))
        }
        _ => Some((field.trim().to_owned(), None)),
    }
}

/// "B.Pharm", "M.Arch", "B.Ed.": a B or M, a dot, and the subject's short name.
fn is_dotted_degree(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.']);
    let Some(rest) = word.strip_prefix("B.").or_else(|| word.strip_prefix("M.")) else {
        return false;
    };
    let letters = rest.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters) && rest.chars().all(|c| c.is_alphabetic() || c == '.')
}

fn strip_dates(field: &str) -> String {
    let kept: Vec<&str> = field
        .split_whitespace()
        .filter(|w| find_dates(w).is_empty() || w.chars().any(char::is_alphabetic) && w.len() > 4)
        .collect();
    kept.join(" ")
        .trim_end_matches([',', '(', '-'])
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter().map(|s| Line::new(s, None, None)).collect()
    }

    #[test]
    fn qualifications_without_a_degree_word() {
        let e = parse(&lines(&[
            "Bilanzbuchhalter, IHK Frankfurt am Main (2017)",
            "B.A. in Betriebswirtschaftslehre, Goethe-Universität Frankfurt (2010 – 2013)",
            "Chartered Accountant",
            "Institute of Chartered Accountants of India",
            "NVQ Level 3 Electrotechnical Services, Cardiff and Vale College",
            "B.Pharm, Bombay College of Pharmacy",
            "Diploma in Logistics, Chartered Institute of Logistics and Transport",
        ]));
        let got: Vec<(Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.degree.as_deref(), e.institution.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Bilanzbuchhalter"), Some("IHK Frankfurt am Main")),
                (Some("B.A."), Some("Goethe-Universität Frankfurt")),
                (
                    Some("Chartered Accountant"),
                    Some("Institute of Chartered Accountants of India")
                ),
                (Some("NVQ Level 3"), Some("Cardiff and Vale College")),
                (Some("B.Pharm"), Some("Bombay College of Pharmacy")),
                (
                    Some("Diploma"),
                    Some("Chartered Institute of Logistics and Transport")
                ),
            ]
        );
    }

    #[test]
    fn schools_degrees_and_years() {
        let e = parse(&lines(&[
            "University of Toronto   2012 – 2016",
            "Bachelor of Science in Computer Science",
            "M.S., Data Science | Stanford University | 2018",
        ]));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].institution.as_deref(), Some("University of Toronto"));
        assert_eq!(e[0].degree.as_deref(), Some("Bachelor of Science"));
        assert_eq!(e[0].field.as_deref(), Some("Computer Science"));
        assert_eq!(e[0].graduation.map(|d| d.to_string()), Some("2016".into()));
        assert_eq!(e[1].degree.as_deref(), Some("M.S."));
        assert_eq!(e[1].institution.as_deref(), Some("Stanford University"));
        assert_eq!(e[1].graduation.map(|d| d.to_string()), Some("2018".into()));
    }
}
