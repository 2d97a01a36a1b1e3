//! Occupations: families of job titles that mean the same work, and how close two families are.
//! Title fit uses them, so "Software Engineer" meets "Backend Developer" and "Office Manager"
//! meets "Office Administrator"; a marketing title never meets a backend one.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::words;

/// (id, field, title phrases). Phrases are lower-case words; the longest phrase found in a title
/// wins over phrases inside it ("product designer" over "product").
const OCCUPATIONS: &[(&str, &str, &[&str])] = &[
    (
        "backend",
        "software",
        &[
            "backend",
            "back end",
            "software engineer",
            "software developer",
            "api developer",
            "server side",
            "python developer",
            "java developer",
            "go developer",
            "golang developer",
            "rust engineer",
            "rust developer",
            "programmer",
            "systems engineer",
            "software engineering",
        ],
    ),
    (
        "frontend",
        "software",
        &[
            "frontend",
            "front end",
            "web developer",
            "ui engineer",
            "ui developer",
            "javascript developer",
            "react developer",
            "web engineer",
        ],
    ),
    ("fullstack", "software", &["full stack", "fullstack"]),
    (
        "mobile",
        "software",
        &[
            "mobile developer",
            "mobile engineer",
            "ios developer",
            "ios engineer",
            "android developer",
            "android engineer",
        ],
    ),
    (
        "devops",
        "software",
        &[
            "devops",
            "site reliability",
            "sre",
            "infrastructure engineer",
            "cloud engineer",
            "platform engineer",
            "systems administrator",
        ],
    ),
    (
        "qa",
        "software",
        &[
            "qa",
            "test engineer",
            "quality assurance",
            "sdet",
            "software tester",
            "test automation",
        ],
    ),
    (
        "security",
        "software",
        &[
            "security engineer",
            "security analyst",
            "penetration tester",
            "cyber security",
            "cybersecurity",
        ],
    ),
    (
        "data_engineer",
        "data",
        &[
            "data engineer",
            "etl developer",
            "analytics engineer",
            "data platform engineer",
            "big data engineer",
        ],
    ),
    (
        "data_scientist",
        "data",
        &[
            "data scientist",
            "data science",
            "machine learning",
            "ml engineer",
            "ai engineer",
            "research scientist",
            "applied scientist",
        ],
    ),
    (
        "data_analyst",
        "data",
        &[
            "data analyst",
            "business intelligence",
            "bi analyst",
            "bi developer",
            "insights analyst",
            "analytics analyst",
            "reporting analyst",
            "data analytics",
        ],
    ),
    (
        "product_manager",
        "product",
        &[
            "product manager",
            "product owner",
            "product management",
            "head of product",
            "product lead",
            "director of product",
            "vp product",
            "product director",
            "group product manager",
            "chief product officer",
        ],
    ),
    (
        "project_manager",
        "product",
        &[
            "project manager",
            "programme manager",
            "program manager",
            "project coordinator",
            "delivery manager",
            "scrum master",
        ],
    ),
    (
        "ux_designer",
        "design",
        &[
            "ux designer",
            "product designer",
            "ux researcher",
            "user researcher",
            "ui designer",
            "ui ux designer",
            "ux ui designer",
            "interaction designer",
            "service designer",
            "ux lead",
            "ux research",
            "ux design",
            "design researcher",
        ],
    ),
    (
        "graphic_designer",
        "design",
        &[
            "graphic designer",
            "brand designer",
            "visual designer",
            "creative designer",
            "illustrator",
            "motion designer",
            "graphic design",
        ],
    ),
    (
        "marketing",
        "marketing",
        &[
            "marketing",
            "seo",
            "content marketer",
            "content manager",
            "social media",
            "growth marketer",
            "ppc",
            "brand manager",
            "copywriter",
            "communications manager",
            "marketer",
            "community manager",
        ],
    ),
    (
        "sales",
        "sales",
        &[
            "sales",
            "account executive",
            "business development",
            "sdr",
            "bdr",
            "account manager",
            "key account",
            "sales representative",
            "territory manager",
            "inside sales",
        ],
    ),
    (
        "sales_engineer",
        "sales",
        &[
            "solutions engineer",
            "sales engineer",
            "pre sales",
            "presales",
            "solutions consultant",
            "solution consultant",
        ],
    ),
    (
        "customer_success",
        "sales",
        &[
            "customer success",
            "customer support",
            "support specialist",
            "customer service",
            "client services",
            "customer experience",
            "support agent",
        ],
    ),
    (
        "accountant",
        "finance",
        &[
            "accountant",
            "accounting",
            "bookkeeper",
            "accounts payable",
            "accounts receivable",
            "finanzbuchhalter",
            "finanzbuchhalterin",
            "buchhalter",
            "buchhalterin",
            "steuerfachangestellte",
            "steuerfachangestellter",
            "tax",
            "auditor",
            "audit",
            "controller",
            "financial controller",
            "finance manager",
            "payroll",
            "finance officer",
            "accounts",
        ],
    ),
    (
        "financial_analyst",
        "finance",
        &[
            "financial analyst",
            "finance analyst",
            "fp a",
            "investment analyst",
            "credit analyst",
            "treasury analyst",
        ],
    ),
    (
        "hr",
        "people",
        &[
            "hr",
            "human resources",
            "recruiter",
            "talent acquisition",
            "people partner",
            "people operations",
            "hr generalist",
            "hr business partner",
            "recruitment consultant",
        ],
    ),
    (
        "nurse",
        "health",
        &[
            "nurse",
            "nursing",
            "rn",
            "registered nurse",
            "midwife",
            "nurse manager",
            "staff nurse",
            "charge nurse",
        ],
    ),
    (
        "doctor",
        "health",
        &[
            "physician",
            "doctor",
            "gp",
            "surgeon",
            "medical officer",
            "general practitioner",
        ],
    ),
    (
        "care_worker",
        "health",
        &[
            "care assistant",
            "healthcare assistant",
            "carer",
            "support worker",
            "nursing assistant",
            "care worker",
            "home health aide",
        ],
    ),
    (
        "allied_health",
        "health",
        &[
            "pharmacist",
            "physiotherapist",
            "physical therapist",
            "occupational therapist",
            "radiographer",
            "paramedic",
            "dental",
        ],
    ),
    (
        "teacher",
        "education",
        &[
            "teacher",
            "teaching",
            "lecturer",
            "tutor",
            "educator",
            "class teacher",
            "primary school teacher",
            "instructor",
        ],
    ),
    (
        "teaching_assistant",
        "education",
        &[
            "teaching assistant",
            "learning support assistant",
            "classroom assistant",
            "learning support",
        ],
    ),
    (
        "logistics",
        "logistics",
        &[
            "logistics",
            "freight",
            "shipping",
            "transport",
            "dispatcher",
            "import export",
            "fleet",
            "transportation",
        ],
    ),
    (
        "supply_chain",
        "logistics",
        &[
            "supply chain",
            "demand planner",
            "inventory",
            "procurement",
            "purchasing",
            "buyer",
            "materials planner",
            "inbound",
        ],
    ),
    (
        "warehouse",
        "logistics",
        &[
            "warehouse",
            "picker",
            "forklift",
            "stock controller",
            "distribution centre",
            "distribution center",
        ],
    ),
    (
        "office_admin",
        "office",
        &[
            "office administrator",
            "office manager",
            "administrative assistant",
            "admin assistant",
            "administrator",
            "receptionist",
            "front desk",
            "executive assistant",
            "personal assistant",
            "office coordinator",
            "secretary",
            "clerk",
            "administrative",
            "office assistant",
            "administration",
        ],
    ),
    (
        "hospitality",
        "hospitality",
        &[
            "front office",
            "hotel",
            "guest",
            "concierge",
            "chef",
            "cook",
            "waiter",
            "waitress",
            "bartender",
            "barista",
            "restaurant",
            "housekeeping",
            "hospitality",
            "food and beverage",
        ],
    ),
    (
        "electrician",
        "trades",
        &[
            "electrician",
            "electrical",
            "solar pv installer",
            "solar installer",
            "pv installer",
            "electrical technician",
        ],
    ),
    (
        "trades",
        "trades",
        &[
            "plumber",
            "carpenter",
            "welder",
            "hvac",
            "mechanic",
            "maintenance technician",
            "maintenance",
            "joiner",
            "bricklayer",
            "technician",
        ],
    ),
    (
        "legal",
        "legal",
        &[
            "lawyer",
            "solicitor",
            "paralegal",
            "legal",
            "attorney",
            "counsel",
        ],
    ),
    (
        "operations",
        "operations",
        &[
            "operations manager",
            "operations",
            "operations coordinator",
            "operations analyst",
        ],
    ),
];

/// Closeness of two different families that share work; unlisted pairs in one field are 0.5,
/// across fields 0.
const RELATED: &[(&str, &str, f32)] = &[
    ("backend", "fullstack", 0.85),
    ("frontend", "fullstack", 0.85),
    ("backend", "devops", 0.6),
    ("backend", "frontend", 0.45),
    ("backend", "data_engineer", 0.5),
    ("backend", "sales_engineer", 0.3),
    ("devops", "security", 0.5),
    ("data_scientist", "data_analyst", 0.8),
    ("data_scientist", "data_engineer", 0.6),
    ("data_analyst", "data_engineer", 0.6),
    ("data_analyst", "financial_analyst", 0.3),
    ("data_analyst", "supply_chain", 0.2),
    ("ux_designer", "graphic_designer", 0.6),
    ("ux_designer", "product_manager", 0.3),
    ("ux_designer", "frontend", 0.25),
    ("graphic_designer", "marketing", 0.3),
    ("product_manager", "project_manager", 0.5),
    ("sales", "sales_engineer", 0.6),
    ("sales", "customer_success", 0.6),
    ("sales", "marketing", 0.3),
    ("customer_success", "sales_engineer", 0.3),
    ("accountant", "financial_analyst", 0.6),
    ("accountant", "office_admin", 0.2),
    ("logistics", "supply_chain", 0.85),
    ("logistics", "warehouse", 0.5),
    ("supply_chain", "warehouse", 0.4),
    ("logistics", "operations", 0.5),
    ("supply_chain", "operations", 0.5),
    ("office_admin", "hr", 0.4),
    ("office_admin", "hospitality", 0.3),
    ("office_admin", "operations", 0.4),
    ("office_admin", "customer_success", 0.3),
    ("nurse", "care_worker", 0.5),
    ("nurse", "doctor", 0.4),
    ("nurse", "allied_health", 0.4),
    ("teacher", "teaching_assistant", 0.6),
    ("electrician", "trades", 0.55),
    ("hospitality", "customer_success", 0.3),
];

/// ESCO v1.1.1 occupations (© European Union, CC BY 4.0), curated by
/// `scripts/taxonomy/curate_esco.py`: one line per occupation, its ISCO-08 unit group, a tab,
/// then its labels in [`words`] form separated by `|`.
const ESCO_OCCUPATIONS: &str = include_str!("../data/esco_occupations.tsv");

/// At most this many occupations per title (hand families first), so a job's bound can hold
/// all of them.
pub const MAX_PER_TITLE: usize = 4;
/// The longest label, in words; the curation keeps labels of at most five words.
const MAX_LABEL_WORDS: usize = 5;

/// Everything title lookup needs, built once: every label (hand phrases and ESCO labels) to the
/// occupations it names, and the ISCO unit groups of each occupation.
struct Catalogue {
    /// Label → (hand families, ESCO occupations) it names.
    labels: HashMap<&'static str, (Vec<OccupationId>, Vec<OccupationId>)>,
    /// Per occupation id: ISCO-08 unit groups (one for an ESCO occupation; for a hand family,
    /// the groups of the ESCO occupations its phrases name).
    isco: Vec<Vec<u16>>,
    /// Per ESCO occupation id (offset by the hand families), its first label.
    esco_names: Vec<&'static str>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let mut labels: HashMap<&'static str, (Vec<OccupationId>, Vec<OccupationId>)> = HashMap::new();
    let mut isco: Vec<Vec<u16>> = vec![Vec::new(); OCCUPATIONS.len()];
    for (id, (_, _, phrases)) in OCCUPATIONS.iter().enumerate() {
        let id = id as OccupationId;
        for phrase in *phrases {
            let hand = &mut labels.entry(phrase).or_default().0;
            if !hand.contains(&id) {
                hand.push(id);
            }
        }
    }
    let mut esco_names = Vec::new();
    for line in ESCO_OCCUPATIONS.lines().filter(|l| !l.starts_with('#')) {
        let Some((code, names)) = line.split_once('\t') else {
            continue;
        };
        let (Ok(code), Ok(id)) = (
            code.parse::<u16>(),
            OccupationId::try_from(OCCUPATIONS.len() + esco_names.len()),
        ) else {
            continue;
        };
        esco_names.push(names.split('|').next().unwrap_or(""));
        isco.push(vec![code]);
        for label in names.split('|') {
            let esco = &mut labels.entry(label).or_default().1;
            if !esco.contains(&id) {
                esco.push(id);
            }
        }
    }
    // A hand family sits in the ISCO groups of the ESCO occupations its phrases name, so it
    // meets ESCO-only titles of its own trade.
    for (id, (_, _, phrases)) in OCCUPATIONS.iter().enumerate() {
        for phrase in *phrases {
            for e in labels
                .get(phrase)
                .map(|l| l.1.as_slice())
                .unwrap_or_default()
            {
                if let Some(&code) = isco[usize::from(*e)].first()
                    && !isco[id].contains(&code)
                {
                    isco[id].push(code);
                }
            }
        }
    }
    Catalogue {
        labels,
        isco,
        esco_names,
    }
});

/// An occupation: a hand-tuned family (ids below [`OCCUPATIONS`]' length) or an ESCO
/// occupation (the ids after).
pub type OccupationId = u16;

/// Builds the title catalogue now rather than on the first request.
pub fn load() {
    LazyLock::force(&CATALOGUE);
}

pub fn count() -> usize {
    OCCUPATIONS.len() + CATALOGUE.esco_names.len()
}

#[cfg(test)]
pub fn name(id: OccupationId) -> &'static str {
    match OCCUPATIONS.get(usize::from(id)) {
        Some(o) => o.0,
        None => CATALOGUE
            .esco_names
            .get(usize::from(id) - OCCUPATIONS.len())
            .copied()
            .unwrap_or(""),
    }
}

/// The occupations a title names: hand families first, then ESCO occupations, each found by
/// the longest label (a label inside a longer one of the same kind is dropped); at most
/// [`MAX_PER_TITLE`].
pub fn of_title(title: &str) -> Vec<OccupationId> {
    let ws = words(title);
    // (start, end, ids) of every label found, hand and ESCO apart.
    let mut hand: Vec<(usize, usize, &[OccupationId])> = Vec::new();
    let mut esco: Vec<(usize, usize, &[OccupationId])> = Vec::new();
    let mut phrase = String::new();
    for start in 0..ws.len() {
        phrase.clear();
        for end in start + 1..=ws.len().min(start + MAX_LABEL_WORDS) {
            if end > start + 1 {
                phrase.push(' ');
            }
            phrase.push_str(&ws[end - 1]);
            if let Some((h, e)) = CATALOGUE.labels.get(phrase.as_str()) {
                if !h.is_empty() {
                    hand.push((start, end, h));
                }
                if !e.is_empty() {
                    esco.push((start, end, e));
                }
            }
        }
    }
    let mut out: Vec<OccupationId> = Vec::new();
    for spans in [&hand, &esco] {
        for &(s, e, ids) in spans.iter() {
            let inside_longer = spans
                .iter()
                .any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s);
            if inside_longer {
                continue;
            }
            for &id in ids {
                if out.len() < MAX_PER_TITLE && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
    }
    out
}

/// Whether a line names an occupation by a hand family or a label of two words or more: a
/// CV's name line ("Anna Baker") is not a headline.
pub fn names_occupation(line: &str) -> bool {
    if of_title(line)
        .iter()
        .any(|o| usize::from(*o) < OCCUPATIONS.len())
    {
        return true;
    }
    let ws = words(line);
    (2..=MAX_LABEL_WORDS).any(|n| {
        ws.windows(n).any(|w| {
            CATALOGUE
                .labels
                .get(w.join(" ").as_str())
                .is_some_and(|l| !l.1.is_empty())
        })
    })
}

/// 1 for the same occupation. Two hand families: the listed closeness for related ones, 0.5
/// within a field, else 0. Otherwise by ISCO-08: 0.8 in one unit group, 0.5 in one minor group,
/// 0.25 in one sub-major group, else 0.
pub fn similarity(a: OccupationId, b: OccupationId) -> f32 {
    if a == b {
        return 1.0;
    }
    if let (Some(oa), Some(ob)) = (
        OCCUPATIONS.get(usize::from(a)),
        OCCUPATIONS.get(usize::from(b)),
    ) {
        if let Some(&(_, _, s)) = RELATED
            .iter()
            .find(|(x, y, _)| (*x == oa.0 && *y == ob.0) || (*x == ob.0 && *y == oa.0))
        {
            return s;
        }
        return if oa.1 == ob.1 { 0.5 } else { 0.0 };
    }
    let (Some(ca), Some(cb)) = (
        CATALOGUE.isco.get(usize::from(a)),
        CATALOGUE.isco.get(usize::from(b)),
    ) else {
        return 0.0;
    };
    let mut best = 0.0_f32;
    for &x in ca {
        for &y in cb {
            let s = if x == y {
                0.8
            } else if x / 10 == y / 10 {
                0.5
            } else if x / 100 == y / 100 {
                0.25
            } else {
                0.0
            };
            best = best.max(s);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand families a title names (ESCO occupations left out).
    fn names(title: &str) -> Vec<&'static str> {
        of_title(title)
            .into_iter()
            .filter(|o| usize::from(*o) < OCCUPATIONS.len())
            .map(name)
            .collect()
    }

    #[test]
    fn titles_map_to_families_longest_phrase_first() {
        assert_eq!(names("Senior Product Designer"), ["ux_designer"]);
        assert_eq!(names("Head of Product"), ["product_manager"]);
        assert_eq!(names("Back-End Developer"), ["backend"]);
        assert_eq!(names("Registered Nurse, ICU"), ["nurse"]);
        assert_eq!(names("Basket Weaver"), Vec::<&str>::new());
    }

    #[test]
    fn synonyms_meet_and_far_fields_do_not() {
        assert_eq!(sim("Software Engineer", "Backend Developer"), 1.0);
        assert_eq!(sim("Office Manager", "Office Administrator"), 1.0);
        assert_eq!(sim("Digital Marketing Executive", "Backend Engineer"), 0.0);
        assert!(sim("Logistics Coordinator", "Supply Chain Analyst") > 0.8);
    }

    fn sim(a: &str, b: &str) -> f32 {
        let (x, y) = (of_title(a), of_title(b));
        x.iter()
            .flat_map(|p| y.iter().map(move |q| similarity(*p, *q)))
            .fold(0.0_f32, f32::max)
    }

    #[test]
    fn esco_titles_beyond_the_hand_families() {
        // Titles no hand family names are known through ESCO's labels.
        for title in ["Physiotherapist", "Bricklayer", "Pastry Chef", "Actuary"] {
            assert!(!of_title(title).is_empty(), "{title}");
        }
        assert_eq!(sim("Bricklayer", "Brick Layer"), 1.0);
        assert!(sim("Physiotherapist", "Chiropractor") >= 0.5);
        assert_eq!(sim("Bricklayer", "Software Developer"), 0.0);
        assert_eq!(sim("Actuary", "Registered Nurse"), 0.0);
        // A hand family meets an ESCO-only title of its own unit group.
        assert!(sim("Backend Engineer", "Application Programmer") >= 0.8);
    }

    #[test]
    fn a_name_line_is_not_a_headline() {
        assert!(!names_occupation("Anna Baker"));
        assert!(names_occupation("Office Administrator"));
        assert!(names_occupation("Pastry Chef"));
    }

    #[test]
    fn relations_name_known_families() {
        for (a, b, _) in RELATED {
            assert!(OCCUPATIONS.iter().any(|o| o.0 == *a), "{a}");
            assert!(OCCUPATIONS.iter().any(|o| o.0 == *b), "{b}");
        }
    }
}
