//! Property tests for the layout heuristics (issue 10): the order a CV puts its sections in,
//! blank lines, rules and heading decorations must not change what the parser reads.

use jobr_cv::{CvDate, ParsedCv, parse_text_at};
use proptest::prelude::*;

const TODAY: CvDate = CvDate {
    year: 2026,
    month: Some(11),
};

const HEADER: &[&str] = &[
    "Adaeze Okafor",
    "Port Harcourt, Nigeria | adaeze.okafor@example.com | +234 813 555 0110",
];

/// Experience entries in the layouts the parser must read: role first, company first, dates
/// first, several roles under one employer, open and day-first ranges.
const ENTRIES: &[&[&str]] = &[
    &[
        "Regional Sales Manager | Nestlé Nigeria | Jan 2020 – Present",
        "• Led 12 sales representatives across three states",
    ],
    &[
        "Guinness Nigeria",
        "Key Account Executive   03/2016 – 12/2019",
        "• Grew modern-trade revenue by 30 %",
    ],
    &[
        "01.02.2014 – 28.02.2016",
        "Sales Representative, Dangote Flour Mills",
        "• Opened 40 new outlets in Aba",
    ],
    &[
        "Customer Service Officer at First Bank",
        "Since 2012",
        "• Handled account queries for 80 customers a day",
    ],
];

const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Profile",
        &["Sales manager with ten years in fast-moving consumer goods across Nigeria."],
    ),
    (
        "Education",
        &[
            "B.Sc. Marketing, University of Port Harcourt   2008 – 2012",
            "Diploma in Sales Management, Lagos Business School   2015",
        ],
    ),
    (
        "Skills",
        &["Negotiation, Salesforce, Microsoft Excel, Key Account Management"],
    ),
    ("Languages", &["English, Igbo, Yoruba"]),
    ("Certifications", &["Certified Sales Professional (2018)"]),
];

/// How a heading is dressed: plain, upper case, a colon, letter-spaced, rules around it, a
/// number in front.
fn dress(heading: &str, style: usize) -> String {
    match style % 6 {
        0 => heading.to_owned(),
        1 => heading.to_uppercase(),
        2 => format!("{heading}:"),
        3 => heading
            .to_uppercase()
            .chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(" "),
        4 => format!("— {heading} —"),
        _ => format!("02. {heading}"),
    }
}

/// A CV with `order` of the sections (experience is index `SECTIONS.len()`), each heading
/// dressed in `styles`, with `blanks` blank lines and optional rules between blocks.
fn cv(
    order: &[usize],
    entries: &[usize],
    styles: &[usize],
    blanks: &[usize],
    rules: bool,
) -> String {
    let mut out: Vec<String> = HEADER.iter().map(|s| (*s).to_owned()).collect();
    for (k, &section) in order.iter().enumerate() {
        let style = styles.get(k).copied().unwrap_or(0);
        let gap = blanks.get(k).copied().unwrap_or(0);
        out.extend(std::iter::repeat_n(String::new(), gap));
        if rules {
            out.push("────────────────────────".to_owned());
        }
        if section == SECTIONS.len() {
            out.push(dress("Work Experience", style));
            for &e in entries {
                out.extend(ENTRIES[e].iter().map(|s| (*s).to_owned()));
                out.extend(std::iter::repeat_n(String::new(), gap));
            }
        } else {
            let (heading, lines) = SECTIONS[section];
            out.push(dress(heading, style));
            out.extend(lines.iter().map(|s| (*s).to_owned()));
        }
    }
    out.join("\n")
}

/// The parse with list order taken out where the order of sections decides it (skills are
/// listed in order of first mention).
fn comparable(mut cv: ParsedCv) -> ParsedCv {
    cv.skills.sort();
    cv.languages.sort();
    cv
}

fn plain(entries: &[usize]) -> ParsedCv {
    let order: Vec<usize> = (0..=SECTIONS.len()).collect();
    comparable(parse_text_at(&cv(&order, entries, &[], &[], false), TODAY))
}

#[test]
fn the_plain_cv_is_read_right() {
    let parsed = plain(&[0, 1, 2, 3]);
    assert_eq!(parsed.name.as_deref(), Some("Adaeze Okafor"));
    assert_eq!(parsed.phone.as_deref(), Some("+2348135550110"));
    assert_eq!(parsed.location.as_deref(), Some("Port Harcourt, Nigeria"));
    let jobs: Vec<(Option<&str>, Option<&str>)> = parsed
        .experience
        .iter()
        .map(|e| (e.title.as_deref(), e.company.as_deref()))
        .collect();
    assert_eq!(
        jobs,
        [
            (Some("Regional Sales Manager"), Some("Nestlé Nigeria")),
            (Some("Key Account Executive"), Some("Guinness Nigeria")),
            (Some("Sales Representative"), Some("Dangote Flour Mills")),
            (Some("Customer Service Officer"), Some("First Bank")),
        ]
    );
    assert!(parsed.experience[0].current && parsed.experience[3].current);
    assert_eq!(
        parsed.experience[2].start,
        Some(CvDate::year_month(2014, 2))
    );
    assert_eq!(parsed.education.len(), 2);
    assert_eq!(parsed.languages, ["English", "Igbo", "Yoruba"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn section_order_does_not_change_the_parse(
        order in Just((0..=SECTIONS.len()).collect::<Vec<usize>>()).prop_shuffle(),
        entries in prop::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4),
    ) {
        let shuffled = comparable(parse_text_at(&cv(&order, &entries, &[], &[], false), TODAY));
        prop_assert_eq!(shuffled, plain(&entries));
    }

    #[test]
    fn blank_lines_rules_and_heading_decorations_do_not_change_the_parse(
        entries in prop::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4),
        styles in prop::collection::vec(0usize..6, SECTIONS.len() + 1),
        blanks in prop::collection::vec(0usize..3, SECTIONS.len() + 1),
        rules in any::<bool>(),
    ) {
        let order: Vec<usize> = (0..=SECTIONS.len()).collect();
        let dressed = comparable(parse_text_at(&cv(&order, &entries, &styles, &blanks, rules), TODAY));
        prop_assert_eq!(dressed, plain(&entries));
    }
}
