//! Occupations: families of job titles that mean the same work, and how close two families are.
//! Title fit uses them, so "Software Engineer" meets "Backend Developer" and "Office Manager"
//! meets "Office Administrator"; a marketing title never meets a backend one.

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

/// Every title phrase split into words once, with its family.
static PHRASES: std::sync::LazyLock<Vec<(OccupationId, Vec<&'static str>)>> =
    std::sync::LazyLock::new(|| {
        let mut out = Vec::new();
        for (id, (_, _, phrases)) in OCCUPATIONS.iter().enumerate() {
            if let Ok(id) = OccupationId::try_from(id) {
                for phrase in *phrases {
                    out.push((id, phrase.split(' ').collect()));
                }
            }
        }
        out
    });

/// An occupation family, by index into the table.
pub type OccupationId = u16;

pub fn count() -> usize {
    OCCUPATIONS.len()
}

#[cfg(test)]
pub fn name(id: OccupationId) -> &'static str {
    OCCUPATIONS.get(usize::from(id)).map_or("", |o| o.0)
}

/// The occupation families a title names; phrases inside a longer match are dropped.
pub fn of_title(title: &str) -> Vec<OccupationId> {
    let ws = words(title);
    // (start, end, id) of every phrase found.
    let mut spans: Vec<(usize, usize, OccupationId)> = Vec::new();
    for (id, p) in PHRASES.iter() {
        for start in 0..ws.len().saturating_sub(p.len() - 1) {
            if ws[start..start + p.len()]
                .iter()
                .zip(p)
                .all(|(a, b)| a == b)
            {
                spans.push((start, start + p.len(), *id));
            }
        }
    }
    let mut out: Vec<OccupationId> = Vec::new();
    for &(s, e, id) in &spans {
        let inside_longer = spans
            .iter()
            .any(|&(s2, e2, id2)| id2 != id && s2 <= s && e <= e2 && e2 - s2 > e - s);
        if !inside_longer && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// 1 for the same family, the listed closeness for related ones, 0.5 within a field, else 0.
pub fn similarity(a: OccupationId, b: OccupationId) -> f32 {
    if a == b {
        return 1.0;
    }
    let (Some(oa), Some(ob)) = (
        OCCUPATIONS.get(usize::from(a)),
        OCCUPATIONS.get(usize::from(b)),
    ) else {
        return 0.0;
    };
    if let Some(&(_, _, s)) = RELATED
        .iter()
        .find(|(x, y, _)| (*x == oa.0 && *y == ob.0) || (*x == ob.0 && *y == oa.0))
    {
        return s;
    }
    if oa.1 == ob.1 { 0.5 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(title: &str) -> Vec<&'static str> {
        of_title(title).into_iter().map(name).collect()
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
        let sim = |a: &str, b: &str| {
            let (x, y) = (of_title(a), of_title(b));
            x.iter()
                .flat_map(|p| y.iter().map(move |q| similarity(*p, *q)))
                .fold(0.0_f32, f32::max)
        };
        assert_eq!(sim("Software Engineer", "Backend Developer"), 1.0);
        assert_eq!(sim("Office Manager", "Office Administrator"), 1.0);
        assert_eq!(sim("Digital Marketing Executive", "Backend Engineer"), 0.0);
        assert!(sim("Logistics Coordinator", "Supply Chain Analyst") > 0.8);
    }

    #[test]
    fn relations_name_known_families() {
        for (a, b, _) in RELATED {
            assert!(OCCUPATIONS.iter().any(|o| o.0 == *a), "{a}");
            assert!(OCCUPATIONS.iter().any(|o| o.0 == *b), "{b}");
        }
    }
}
