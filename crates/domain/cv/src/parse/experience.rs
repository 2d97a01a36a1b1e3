//! Work experience entries: each anchored on a line holding a date range; the company and
//! title are read from that line and the short lines just around it.

use crate::model::{CvDate, Experience, ExperienceLevel};

use super::contact::TITLE_WORDS;
use super::dates::{
    DateRange, End, find_lone_date, find_range, leading_end, leading_open_date, without_span,
};
use super::text::{Line, split_fields};

const COMPANY_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "llp",
    "gmbh",
    "ag",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "company",
    "technologies",
    "technology",
    "labs",
    "solutions",
    "systems",
    "group",
    "bank",
    "studio",
    "studios",
    "consulting",
    "partners",
    "services",
    "limited",
    "pvt",
    "plc",
    "sa",
    "bv",
    "holdings",
    "ventures",
    "agency",
    "media",
    "networks",
    "digital",
    "health",
    "university",
    "institute",
    "hospital",
    "foundation",
    "analytics",
    "capital",
    "energy",
    "school",
    "academy",
    "hotel",
    "hotels",
    "restaurant",
    "restaurants",
    "clinic",
    "store",
    "stores",
    "shop",
    "supermarket",
    "ltda",
    "kg",
    "nhs",
    "trust",
    "council",
    "ministry",
    "department",
    "church",
    "pharmacy",
    "bakery",
    "cafe",
    "café",
    "airlines",
    "airways",
    "industries",
    "manufacturing",
    "motors",
    "foods",
    "retail",
    "private",
    "enterprises",
    "international",
    "global",
    "center",
    "centre",
    "college",
    "insurance",
    "construction",
    "logistics",
    "hospitality",
    "resorts",
    "inn",
    "plc.",
    "s.a.",
    "e.v.",
    "gmbh.",
    "pty",
    "cooperative",
    "association",
    "society",
    "charity",
    "firm",
    "llc.",
    "communications",
    "pharma",
    "pharmaceuticals",
    "laboratories",
    "clinics",
    "authority",
    "government",
    "federal",
    "state",
];

/// Job nouns beyond the name detector's [`TITLE_WORDS`] (which must stay short of common
/// surnames such as Baker or Cook): trades, care, hospitality, office and retail roles.
const ROLE_WORDS: &[&str] = &[
    "coordenador",
    "coordenadora",
    "analista",
    "gerente",
    "assistente",
    "técnica",
    "técnico",
    "enfermeira",
    "enfermeiro",
    "professora",
    "diretor",
    "diretora",
    "auxiliar",
    "estagiário",
    "estagiária",
    "vendedor",
    "vendedora",
    "consultor",
    "consultora",
    "engenheiro",
    "engenheira",
    "desenvolvedor",
    "recepcionista",
    "supervisora",
    "sachbearbeiterin",
    "sachbearbeiter",
    "werkstudent",
    "werkstudentin",
    "ingenieur",
    "ingenieurin",
    "leiter",
    "leiterin",
    "pflegefachkraft",
    "pflegefachfrau",
    "krankenpfleger",
    "krankenschwester",
    "gesundheits",
    "mitarbeiter",
    "mitarbeiterin",
    "kaufmann",
    "kauffrau",
    "meister",
    "techniker",
    "elektriker",
    "referent",
    "referentin",
    "assistenz",
    "praktikant",
    "praktikantin",
    "berater",
    "beraterin",
    "entwickler",
    "entwicklerin",
    "projektleiter",
    "teamleiter",
    "fachkraft",
    "industriemeister",
    "mechatroniker",
    "kurator",
    "investigador",
    "pesquisador",
    "docente",
    "lecturer",
    "ingeniero",
    "analyst",
    "doctoral",
    "phd",
    "cashier",
    "clerk",
    "receptionist",
    "secretary",
    "bookkeeper",
    "auditor",
    "controller",
    "buyer",
    "merchandiser",
    "salesperson",
    "chef",
    "cook",
    "baker",
    "waiter",
    "waitress",
    "server",
    "barista",
    "bartender",
    "housekeeper",
    "concierge",
    "host",
    "hostess",
    "driver",
    "courier",
    "dispatcher",
    "warehouse",
    "operative",
    "picker",
    "packer",
    "forklift",
    "electrician",
    "plumber",
    "carpenter",
    "welder",
    "mechanic",
    "fitter",
    "foreman",
    "labourer",
    "laborer",
    "builder",
    "painter",
    "installer",
    "pharmacist",
    "midwife",
    "caregiver",
    "carer",
    "paramedic",
    "physician",
    "doctor",
    "surgeon",
    "dentist",
    "therapist",
    "physiotherapist",
    "psychologist",
    "counsellor",
    "counselor",
    "nanny",
    "instructor",
    "educator",
    "librarian",
    "curator",
    "paralegal",
    "solicitor",
    "lawyer",
    "attorney",
    "postdoc",
    "postdoctoral",
    "scholar",
    "volunteer",
    "ambassador",
    "steward",
    "stewardess",
    "attendant",
    "guard",
    "inspector",
    "surveyor",
    "planner",
    "scheduler",
    "estimator",
    "handler",
    "teller",
    "underwriter",
    "broker",
    "adviser",
    "investigator",
    "journalist",
    "reporter",
    "photographer",
    "translator",
    "interpreter",
    "machinist",
    "assembler",
    "storekeeper",
    "stocker",
    "associate",
    "crew",
    "worker",
    "helper",
    "aide",
    "auxiliary",
    "practitioner",
    "clinician",
    "dietitian",
    "optometrist",
    "radiographer",
    "sonographer",
    "phlebotomist",
    "hygienist",
    "veterinarian",
    "head",
    "deputy",
    "manager",
    "mgr",
    "ceo",
    "coo",
    "cmo",
    "treasurer",
    "registrar",
    "resident",
    "registered",
    "rn",
    "lpn",
    "cna",
    "hca",
    "ta",
    "trainer",
    "coach",
    "mentor",
    "moderator",
    "organiser",
    "organizer",
];

/// At most this many lines above a date line are read as its heading.
const MAX_HEAD_LINES: usize = 2;

/// "3 years 2 months", "(2 yrs 1 mo)", "1 year": LinkedIn's durations, which name no field.
fn is_duration(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words
            .iter()
            .any(|w| w.starts_with('y') || w.starts_with('m'))
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "year"
                        | "years"
                        | "yr"
                        | "yrs"
                        | "month"
                        | "months"
                        | "mo"
                        | "mos"
                        | "less"
                        | "than"
                        | "a"
                )
        })
}

/// The line with a trailing "(2 years 3 months)" taken off.
fn without_duration(text: &str) -> &str {
    if let Some(open) = text.rfind('(')
        && is_duration(&text[open..])
    {
        return text[..open].trim_end();
    }
    text
}

/// Where an entry's dates are: the range of a non-bullet line, or a date standing alone in
/// a short head line ("June 2019", "Barista | Café Nero | 2019").
fn anchor_range(line: &Line) -> Option<DateRange> {
    if line.bullet {
        return None;
    }
    find_range(&line.text).or_else(|| {
        (is_head_line(line) && line.words() <= 12)
            .then(|| find_lone_date(&line.text))
            .flatten()
    })
}

/// An entry without dates: a short line naming a job, with the bullets under it.
fn is_dateless_head(lines: &[Line], i: usize) -> bool {
    let line = &lines[i];
    let follows_body = i == 0 || lines[i - 1].bullet || !is_head_line(&lines[i - 1]);
    let next_is_bullet = lines.get(i + 1).is_some_and(|l| l.bullet)
        || (lines.get(i + 1).is_some_and(is_head_line)
            && lines.get(i + 2).is_some_and(|l| l.bullet));
    if !(follows_body && next_is_bullet && is_head_line(line)) {
        return false;
    }
    split_fields(&line.text)
        .iter()
        .flat_map(|f| split_at_word(f))
        .any(|f| title_score(&f) > 0 || company_score(&f) > 0)
}

/// "Jun 2017 –" over "Present" (a narrow date column wraps the range): the end goes back
/// to its start, and what followed it on the second line stays there.
fn join_wrapped_ranges(mut lines: Vec<Line>) -> Vec<Line> {
    for i in 0..lines.len().saturating_sub(1) {
        // A range closed on its own line ("2019 –   Berlin") stays; "09.2016– Engineer, BMW"
        // (one space after the dash) may still have its end on the next line.
        let closed = find_range(&lines[i].text).is_some_and(|r| {
            let rest = &lines[i].text[r.span.1..];
            let one_space = rest.starts_with(' ') && !rest.starts_with("  ");
            !rest.is_empty() && !one_space
        });
        if lines[i].bullet || closed {
            continue;
        }
        let Some((start, rest)) = leading_open_date(&lines[i].text) else {
            continue;
        };
        let next = lines[i + 1].text.clone();
        let Some(end_len) = leading_end(&next) else {
            continue;
        };
        let joined = format!("{start} – {}   {rest}", &next[..end_len]);
        let (size, bold) = (lines[i].font_size, lines[i].bold);
        lines[i] = Line::new(joined.trim(), size, bold);
        lines[i + 1] = Line::new(&next[end_len..], lines[i + 1].font_size, lines[i + 1].bold);
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

pub(crate) fn parse(lines: &[Line]) -> Vec<Experience> {
    let owned: Vec<Line> = lines
        .iter()
        .filter(|l| !is_duration(&l.text))
        .map(|l| {
            let mut l = l.clone();
            let trimmed = without_duration(&l.text);
            if trimmed.len() != l.text.len() {
                l.text = trimmed.to_owned();
            }
            l
        })
        .collect();
    let owned = join_wrapped_ranges(owned);
    let lines = owned.as_slice();
    let mut anchors: Vec<(usize, Option<DateRange>)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| anchor_range(l).map(|r| (i, Some(r))))
        .collect();
    // Dateless entries count only where no dated entry is near: they are a fallback.
    let dated: Vec<usize> = anchors.iter().map(|a| a.0).collect();
    for i in 0..lines.len() {
        // Only a dated entry just below could own the line as its heading; one above is
        // closed by the bullets that follow it.
        if is_dateless_head(lines, i) && !dated.iter().any(|&a| a >= i && a - i <= 2) {
            anchors.push((i, None));
        }
    }
    anchors.sort_by_key(|a| a.0);
    if anchors.is_empty() {
        return Vec::new();
    }
    let is_anchor = |i: usize| anchors.iter().any(|a| a.0 == i);
    // How this CV lays out an entry, read from its first one: head lines above the dates
    // (or on their line), or the dates first and the title and company under them.
    let (a0, r0) = anchors[0];
    let above0 = (0..a0)
        .rev()
        .take_while(|&i| is_head_line(&lines[i]))
        .count();
    let rest0 = r0.map_or_else(
        || lines[a0].text.clone(),
        |r| without_span(&lines[a0].text, r.span),
    );
    let dates_first = above0 == 0
        && !rest0.chars().any(char::is_alphabetic)
        && lines.get(a0 + 1).is_some_and(is_head_line);
    // "2015–2020 Electrician, Balfour Beatty, Bristol": when the first entry names title and
    // company on its date line with nothing above, a short line in sentence case above a
    // later date line is the end of the previous entry's description, not its heading.
    let one_line = above0 == 0 && !dates_first && field_count(&split_fields(&rest0)) >= 2;
    let max_above = if dates_first { 0 } else { MAX_HEAD_LINES };

    // Each entry's head lines: (first line, anchor, last head line + 1).
    let mut heads: Vec<(usize, usize)> = Vec::new();
    let mut floor = 0;
    for &(a, _) in &anchors {
        let mut first = a;
        while first > floor
            && a - first < max_above
            && is_head_line(&lines[first - 1])
            && !is_anchor(first - 1)
            && !smaller(&lines[first - 1], &lines[first])
            && !(one_line && is_sentence_case(&lines[first - 1].text))
        {
            first -= 1;
        }
        heads.push((first, a));
        floor = a + 1;
    }
    let mut entries: Vec<Experience> = Vec::new();
    // The last employer named, and whether it stood above its role's title.
    let mut previous_company: Option<(String, bool)> = None;
    for (k, &(first, a)) in heads.iter().enumerate() {
        let next_head = heads.get(k + 1).map_or(lines.len(), |h| h.0);
        let range = anchors[k].1;
        let mut head_lines: Vec<&str> = lines[first..a].iter().map(|l| l.text.as_str()).collect();
        let own = match range {
            Some(r) => without_span(&lines[a].text, r.span),
            None => lines[a].text.clone(),
        };
        let mut fields: Vec<String> = Vec::new();
        for line in &head_lines {
            fields.extend(split_fields(line));
        }
        fields.extend(split_fields(&own));
        // The role's own lines name only it (a title under its employer's heading).
        let title_alone = field_count(&fields) == 1;
        let mut body_start = a + 1;
        // Awesome-CV: "Staff Nurse   Bradford" over the dates alone, the employer under
        // them. The short field right of the title is its place; the line under is the company.
        if let Some(below) = lines.get(body_start).filter(|_| body_start < next_head)
            && let [above] = head_lines.as_slice()
            && let [t, x] = split_fields(above).as_slice()
            && !own.chars().any(char::is_alphabetic)
            && title_score(t) > 0
            && title_score(x) <= 0
            && company_score(x) == 0
            && x.split_whitespace().count() <= 3
            && is_head_line(below)
            && below.words() <= 6
            && !is_sentence_case(&below.text)
            && split_fields(&below.text).len() == 1
            && title_score(&below.text) <= 0
        {
            fields = vec![t.clone(), below.text.clone()];
            head_lines.push(below.text.as_str());
            body_start += 1;
        }
        // "Company | dates" then "Title" on the next line (or the other way round); with the
        // dates first, title and company follow them.
        let want_below = if dates_first { 2 } else { 1 };
        let mut taken = 0;
        while taken < want_below
            && body_start < next_head
            && is_head_line(&lines[body_start])
            && !is_sentence_case(&lines[body_start].text)
            && (named_fields(&fields) < 2 || (dates_first && taken == 0))
        {
            fields.extend(split_fields(&lines[body_start].text));
            head_lines.push(lines[body_start].text.as_str());
            body_start += 1;
            taken += 1;
        }
        let (title, mut company, guessed) = title_and_company(&fields);
        // Several roles under one employer: a role with only its title keeps the company
        // named above it. A company guessed from a place-like line ("Madurai, Tamil Nadu,
        // India" under LinkedIn's role dates) yields to an employer that headed its roles
        // from above, not to one named under an earlier role's dates ("Savills, Leeds").
        let mut inherited = false;
        if title.is_some() && title_alone {
            match &previous_company {
                Some((previous, above)) if company.is_none() || guessed && *above => {
                    company = Some(previous.clone());
                    inherited = true;
                }
                _ => {}
            }
        }
        if let Some(c) = company.as_deref().filter(|_| !guessed && !inherited) {
            let above = lines[first..a].iter().any(|l| l.text.contains(c));
            previous_company = Some((c.to_owned(), above));
        }
        let description: Vec<&str> = lines[body_start.min(next_head)..next_head]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        let (start, end, current) = match range.map(|r| (r.start, r.end)) {
            Some((start, End::Date(d))) => (start, Some(d), false),
            Some((start, End::Present)) => (start, None, true),
            Some((start, End::Unknown)) => (start, None, false),
            None => (None, None, false),
        };
        if title.is_none() && company.is_none() {
            continue;
        }
        entries.push(Experience {
            company,
            title,
            start,
            end,
            current,
            description: (!description.is_empty()).then(|| description.join("\n")),
        });
    }
    entries
}

/// Fields with words in them, places included ("Electrician, Acme, Bristol" has three).
fn field_count(fields: &[String]) -> usize {
    fields
        .iter()
        .flat_map(|f| split_at_word(f))
        .filter(|f| f.chars().any(char::is_alphabetic))
        .count()
}

/// Fields that can be a title or a company (places and empty ones do not count).
fn named_fields(fields: &[String]) -> usize {
    fields
        .iter()
        .flat_map(|f| split_at_word(f))
        .filter(|f| f.chars().any(char::is_alphabetic) && !is_place(f))
        .count()
}

/// A heading line of an entry is short, not a bullet, not a sentence, and does not go on
/// from the line above (a wrapped sentence starts lower case).
fn is_head_line(line: &Line) -> bool {
    !line.bullet
        && line.words() <= 10
        && !ends_sentence(&line.text)
        && line.text.len() < 90
        && !line.text.chars().next().is_some_and(char::is_lowercase)
}

/// A full stop ends the line, and not one of an abbreviation ("Evergreen Outdoor Co.",
/// "Acme Inc.", "J. Smith & Sons Ltd.").
fn ends_sentence(text: &str) -> bool {
    let Some(head) = text.strip_suffix('.') else {
        return false;
    };
    let last = head.rsplit([' ', ',']).next().unwrap_or(head);
    let abbreviation = COMPANY_WORDS.contains(&format!("{}.", last.to_lowercase()).as_str())
        || COMPANY_WORDS.contains(&last.to_lowercase().as_str())
        || (last.chars().count() <= 3 && last.chars().next().is_some_and(char::is_uppercase));
    !abbreviation
}

fn words_of(field: &str) -> Vec<String> {
    field
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn company_score(field: &str) -> i32 {
    words_of(field)
        .iter()
        .filter(|w| COMPANY_WORDS.contains(&w.as_str()))
        .count() as i32
}

fn title_score(field: &str) -> i32 {
    let words = words_of(field);
    // Title words weigh double: "Software Tester" and "Bank Teller" are still titles.
    words
        .iter()
        .filter(|w| TITLE_WORDS.contains(&w.as_str()) || ROLE_WORDS.contains(&w.as_str()))
        .count() as i32
        * 2
        - company_score(field)
}

/// "FEM analysis of gearbox casings": words other than short connectors start lower case,
/// as in prose; names of employers and titles capitalise theirs.
fn is_sentence_case(text: &str) -> bool {
    text.split_whitespace()
        .skip(1)
        .filter(|w| w.chars().count() > 3)
        .any(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// A line set in a smaller font than the line under it: in an entry's head the sizes do not
/// shrink going up (LinkedIn: company 11 pt, role 10 pt, dates 9 pt), so a smaller line above
/// is the previous entry's description.
fn smaller(line: &Line, below: &Line) -> bool {
    matches!((line.font_size, below.font_size), (Some(s), Some(b)) if s + 0.5 < b)
}

/// The title is the field with the most job-title words; the company is the first other
/// field that is not a place ("Berlin, Germany") when a better one exists. The flag is true
/// when the company is only the head of a place-like field ("Brightline Software, Chicago,
/// IL" and "Madurai, Tamil Nadu, India" look alike): a guess.
fn title_and_company(fields: &[String]) -> (Option<String>, Option<String>, bool) {
    let mut fields: Vec<String> = fields.iter().flat_map(|f| split_at_word(f)).collect();
    fields.retain(|f| f.chars().any(char::is_alphabetic) && !is_duration(f));
    if fields.is_empty() {
        return (None, None, false);
    }
    let title_idx = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| title_score(f) > 0)
        .max_by_key(|(i, f)| (title_score(f), -(*i as i32)))
        .map(|(i, _)| i);
    let title = title_idx.map(|i| fields[i].clone());
    let company = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_idx)
        .map(|(_, f)| f)
        .find(|f| !is_place(f))
        .map(|f| strip_place_suffix(f));
    let guessed = company.is_none();
    let company = company.or_else(|| {
        // "Brightline Software, Chicago, IL" ends in a place, yet opens with the company.
        fields
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title_idx)
            .find_map(|(_, f)| {
                let (head, rest) = f.split_once(", ")?;
                (!is_place(head) && is_place(rest) && title_score(head) <= 0)
                    .then(|| head.trim().to_owned())
            })
    });
    let guessed = guessed && company.is_some();
    if title.is_none() {
        let named: Vec<&String> = fields.iter().filter(|f| !is_place(f)).collect();
        // With no title word anywhere, "Title, Company" order is the common convention,
        // unless the first field is plainly the company ("Acme Ltd   Barista").
        let (title, company) = match named.as_slice() {
            [a, b, ..] if company_score(a) > 0 && company_score(b) == 0 => {
                (Some((*b).clone()), Some(strip_place_suffix(a)))
            }
            [a, b, ..] => (Some((*a).clone()), Some(strip_place_suffix(b))),
            [a] if company_score(a) > 0 => (None, Some(strip_place_suffix(a))),
            [a] => (Some((*a).clone()), None),
            [] => (None, None),
        };
        return (title, company, false);
    }
    (title, company, guessed)
}

/// "Senior Engineer at Stripe" and "Engineer, Acme Corp" hold both fields in one. A
/// "Cashier, Tesco" with no known word is read as "Title, Company" too, unless its tail is a
/// place ("Tesco, London").
fn split_at_word(field: &str) -> Vec<String> {
    // "Registered Nurse, Labor and Delivery, Emory University Hospital": the last comma
    // parts the title (with its unit) from the employer.
    if let Some((a, b)) = field.rsplit_once(", ")
        && a.contains(", ")
        && title_score(a) > 0
        && company_score(a) == 0
        && company_score(b) > 0
    {
        return vec![a.trim().to_owned(), b.trim().to_owned()];
    }
    for sep in [" at ", " @ ", ", "] {
        if let Some((a, b)) = field.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if a.is_empty() || b.is_empty() {
                continue;
            }
            // "University of Texas at Austin" names a place, not a role at an employer.
            if sep != ", " && company_score(a) > 0 {
                continue;
            }
            if sep == ", " {
                // "Senior Chemistry Teacher, DAV Boys Senior Secondary School": a title
                // word in the second part does not make it a title when it names a school
                // or a firm and the first part does not.
                let title_first = title_score(a) > 0
                    && (title_score(b) <= 0 || company_score(b) > 0 && company_score(a) == 0);
                let unknown = title_score(a) == 0
                    && title_score(b) == 0
                    && company_score(a) == 0
                    && !is_place(b)
                    && !COMPANY_WORDS.contains(&b.to_lowercase().as_str())
                    && b.chars().next().is_some_and(char::is_uppercase);
                if !(title_first || unknown) {
                    continue;
                }
            }
            return vec![a.to_owned(), b.to_owned()];
        }
    }
    vec![field.to_owned()]
}

/// "Berlin, Germany", "Chicago, IL", "Port Harcourt", "Remote": a place, not an employer.
/// Every word of the last part must be a place we know ("Nestlé Nigeria" is a company).
fn is_place(field: &str) -> bool {
    let lower = field.to_lowercase();
    if matches!(lower.as_str(), "remote" | "hybrid" | "on-site" | "onsite") {
        return true;
    }
    let last = field.rsplit(", ").next().unwrap_or(field);
    let words: Vec<&str> = last.split_whitespace().collect();
    let coded = words
        .iter()
        .filter(|w| super::contact::calling_code(w).is_some())
        .count();
    super::contact::calling_code(last).is_some()
        && (coded == 0 || coded == words.len())
        && title_score(field) <= 0
        && company_score(field) == 0
        && field.split_whitespace().count() <= 5
}

/// "Acme Corp, Berlin" → "Acme Corp", but "Acme, Inc." stays whole; "University of
/// Michigan, Ann Arbor, MI" loses its city with its region code.
fn strip_place_suffix(field: &str) -> String {
    if let Some((head, tail)) = field.rsplit_once(", ")
        && is_region_code(tail)
        && head.contains(", ")
    {
        return strip_place_suffix(head);
    }
    match field.rsplit_once(", ") {
        Some((head, tail))
            if !COMPANY_WORDS.contains(&tail.to_lowercase().trim_end_matches('.'))
                && !head.is_empty()
                && (is_place(tail) || tail.split_whitespace().count() <= 3) =>
        {
            head.trim().to_owned()
        }
        _ => field.trim().to_owned(),
    }
}

/// "MI", "SP", "NSW": a state or province written as a code of two or three capitals.
fn is_region_code(text: &str) -> bool {
    let n = text.chars().count();
    (2..=3).contains(&n)
        && text.chars().all(|c| c.is_ascii_uppercase())
        && !COMPANY_WORDS.contains(&text.to_lowercase().as_str())
}

/// Years of experience: the union of the entries' intervals (overlapping jobs count once).
pub(crate) fn total_years(entries: &[Experience], today: CvDate) -> Option<f32> {
    let mut spans: Vec<(i32, i32)> = entries
        .iter()
        .filter_map(|e| {
            let start = e.start?.month_index();
            let end = if e.current { today } else { e.end? };
            // A bare year counts from its January, so "2015 – 2017" is two years, as readers
            // take it.
            let end = end.month_index();
            (end >= start).then_some((start, end.max(start + 1)))
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let mut months = 0;
    let mut current: Option<(i32, i32)> = None;
    for (s, e) in spans {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                months += ce - cs;
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        months += ce - cs;
    }
    Some((months as f32 / 12.0 * 10.0).round() / 10.0)
}

/// Lead when the latest title says so; otherwise by years, with "senior" in the title
/// counting as senior.
pub(crate) fn level(entries: &[Experience], years: Option<f32>) -> Option<ExperienceLevel> {
    let latest = entries
        .iter()
        .max_by_key(|e| (e.current, e.end.or(e.start)))
        .and_then(|e| e.title.as_deref())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let has = |w: &str| latest.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if [
        "lead",
        "principal",
        "head",
        "director",
        "vp",
        "chief",
        "cto",
        "manager",
        "staff",
    ]
    .iter()
    .any(|w| has(w))
    {
        return Some(ExperienceLevel::Lead);
    }
    let years = years?;
    Some(if has("senior") || has("sr") || years >= 5.0 {
        ExperienceLevel::Senior
    } else if years >= 2.0 {
        ExperienceLevel::Mid
    } else {
        ExperienceLevel::Junior
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter().map(|s| Line::new(s, None, None)).collect()
    }

    #[test]
    fn title_and_company_in_several_layouts() {
        let e = parse(&lines(&[
            "Senior Software Engineer — Stripe   Jan 2020 – Present",
            "• Built payments",
            "Acme Corp, Berlin",
            "Backend Developer",
            "03/2017 - 12/2019",
            "• Wrote Go services",
            "Globex Inc.   2015 – 2017",
            "Junior Developer",
            "Maintained PHP code.",
        ]));
        assert_eq!(e.len(), 3, "{e:#?}");
        assert_eq!(e[0].title.as_deref(), Some("Senior Software Engineer"));
        assert_eq!(e[0].company.as_deref(), Some("Stripe"));
        assert!(e[0].current);
        assert_eq!(e[1].company.as_deref(), Some("Acme Corp"));
        assert_eq!(e[1].title.as_deref(), Some("Backend Developer"));
        assert_eq!(e[2].company.as_deref(), Some("Globex Inc."));
        assert_eq!(e[2].title.as_deref(), Some("Junior Developer"));
        assert_eq!(e[2].description.as_deref(), Some("Maintained PHP code."));
    }

    #[test]
    fn description_lines_do_not_head_the_next_entry() {
        // moderncv: one-line entries, their descriptions without bullets.
        let e = parse(&lines(&[
            "2015– Approved Electrician, Pritchard Electrical, Cardiff",
            "Rewires, consumer unit upgrades",
            "Run two vans and one apprentice",
            "2010–2015 Electrician, Balfour Beatty, Bristol",
        ]));
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].current);
        assert_eq!(e[1].title.as_deref(), Some("Electrician"));
        assert_eq!(e[1].company.as_deref(), Some("Balfour Beatty"));
        // LinkedIn: company (11 pt) over roles (10 pt) over dates and place (9 pt).
        let sized = |t: &str, s: f32| Line::new(t, Some(s), None);
        let e = parse(&[
            sized("Asian Paints", 11.0),
            sized("Zonal Sales Manager", 10.0),
            sized("April 2022 - Present", 9.0),
            sized("Chennai, Tamil Nadu, India", 9.0),
            sized("Zone of 1,200 dealers", 9.0),
            sized("Area Sales Manager", 10.0),
            sized("June 2018 - March 2022", 9.0),
            sized("Madurai, Tamil Nadu, India", 9.0),
        ]);
        assert_eq!(e.len(), 2, "{e:#?}");
        assert_eq!(e[1].title.as_deref(), Some("Area Sales Manager"));
        assert_eq!(e[1].company.as_deref(), Some("Asian Paints"));
    }

    #[test]
    fn companies_without_their_places_and_with_their_units() {
        let e = parse(&lines(&[
            "Assistant Professor   Sep 2020 – Present",
            "University of Michigan, Ann Arbor, MI",
            "• Teach water quality",
            "Research Assistant, The University of Texas at Austin   2016 – 2018",
            "REGISTERED NURSE, LABOR AND DELIVERY, EMORY UNIVERSITY HOSPITAL   2012 – 2016",
            "Staff Nurse   Bradford",
            "Sep 2017 – Feb 2021",
            "Bradford Royal Infirmary",
            "• Triage",
        ]));
        assert_eq!(e.len(), 4, "{e:#?}");
        assert_eq!(e[0].company.as_deref(), Some("University of Michigan"));
        assert_eq!(
            e[1].company.as_deref(),
            Some("The University of Texas at Austin")
        );
        assert_eq!(
            e[2].title.as_deref(),
            Some("REGISTERED NURSE, LABOR AND DELIVERY")
        );
        assert_eq!(e[3].title.as_deref(), Some("Staff Nurse"));
        assert_eq!(e[3].company.as_deref(), Some("Bradford Royal Infirmary"));
    }

    #[test]
    fn abbreviated_employers_and_dateless_entries_after_dated_ones() {
        let e = parse(&lines(&[
            "MARKETING MANAGER, EVERGREEN OUTDOOR CO.",
            "20XX – PRESENT",
            "• Ran campaigns",
            "Hotel Receptionist | Premier Inn | September 2018 - March 2021",
            "• Checked in guests",
            "Bar Staff | The Crown & Anchor",
            "• Weekend work",
        ]));
        let got: Vec<(Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_deref(), e.company.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("MARKETING MANAGER"), Some("EVERGREEN OUTDOOR CO.")),
                (Some("Hotel Receptionist"), Some("Premier Inn")),
                (Some("Bar Staff"), Some("The Crown & Anchor")),
            ]
        );
        assert!(ends_sentence("Maintained PHP code."));
        assert!(!ends_sentence("Acme Inc."));
    }

    #[test]
    fn years_union_and_level() {
        let e = parse(&lines(&[
            "Dev, Acme   2015 - 2017",
            "Engineer, Beta   2016 - 2020",
        ]));
        let years = total_years(&e, CvDate::year_month(2026, 1));
        assert_eq!(years, Some(5.0));
        assert_eq!(level(&e, years), Some(ExperienceLevel::Senior));
    }
}
