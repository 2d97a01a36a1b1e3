//! CVs and jobs from five fields, matched by the real engine.
#![allow(dead_code)]

use jobr_applications::WritingContext;
use jobr_cv::{CvDate, Education, Experience, ParsedCv};
use jobr_matching::{
    CandidateProfile, EmploymentType, Job, JobId, JobIndex, JobLevel, NewJob, Preferences,
    RemoteMode,
};
use time::macros::date;

pub struct Role {
    pub company: &'static str,
    pub title: &'static str,
    pub start: (u16, u8),
    pub end: Option<(u16, u8)>,
    pub bullets: &'static [&'static str],
}

pub struct Person {
    pub name: &'static str,
    pub summary: &'static str,
    pub skills: &'static [&'static str],
    pub roles: &'static [Role],
    pub degree: (&'static str, &'static str, &'static str, u16),
    pub certifications: &'static [&'static str],
    pub languages: &'static [&'static str],
}

pub struct Posting {
    pub company: &'static str,
    pub title: &'static str,
    pub required: &'static [&'static str],
    pub preferred: &'static [&'static str],
    pub description: &'static str,
    pub level: JobLevel,
}

fn date_text(d: (u16, u8)) -> String {
    format!("{:02}/{}", d.1, d.0)
}

pub fn cv(person: &Person) -> (ParsedCv, String) {
    let mut text = format!(
        "{}\n{}@example.com\n\nSUMMARY\n{}\n\nEXPERIENCE\n",
        person.name,
        person.name.to_lowercase().replace(' ', "."),
        person.summary
    );
    let mut experience = Vec::new();
    for role in person.roles {
        let end = role.end.map_or("Present".to_owned(), date_text);
        text.push_str(&format!(
            "{}    {} - {}\n{}\n",
            role.company,
            date_text(role.start),
            end,
            role.title
        ));
        for bullet in role.bullets {
            text.push_str(&format!("- {bullet}\n"));
        }
        experience.push(Experience {
            company: Some(role.company.into()),
            title: Some(role.title.into()),
            start: Some(CvDate::year_month(role.start.0, role.start.1)),
            end: role.end.map(|e| CvDate::year_month(e.0, e.1)),
            current: role.end.is_none(),
            description: Some(
                role.bullets
                    .iter()
                    .map(|b| format!("- {b}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        });
    }
    let (degree, field, institution, year) = person.degree;
    text.push_str(&format!(
        "\nEDUCATION\n{institution}    {year}\n{degree} in {field}\n\nSKILLS\n{}\n",
        person.skills.join(", ")
    ));
    if !person.certifications.is_empty() {
        text.push_str(&format!(
            "\nCERTIFICATIONS\n{}\n",
            person.certifications.join("\n")
        ));
    }
    if !person.languages.is_empty() {
        text.push_str(&format!("\nLANGUAGES\n{}\n", person.languages.join(", ")));
    }
    let parsed = ParsedCv {
        name: Some(person.name.into()),
        email: Some(format!(
            "{}@example.com",
            person.name.to_lowercase().replace(' ', ".")
        )),
        summary: Some(person.summary.into()),
        skills: person.skills.iter().map(|s| s.to_string()).collect(),
        experience,
        education: vec![Education {
            institution: Some(institution.into()),
            degree: Some(degree.into()),
            field: Some(field.into()),
            graduation: Some(CvDate::year(year)),
        }],
        certifications: person
            .certifications
            .iter()
            .map(|c| c.to_string())
            .collect(),
        languages: person.languages.iter().map(|l| l.to_string()).collect(),
        ..ParsedCv::default()
    };
    (parsed, text)
}

pub fn job(posting: &Posting) -> Job {
    Job::open(
        JobId::new(),
        NewJob {
            source: "test".into(),
            external_id: posting.title.into(),
            title: posting.title.into(),
            company: posting.company.into(),
            description: posting.description.into(),
            required_skills: posting.required.iter().map(|s| s.to_string()).collect(),
            preferred_skills: posting.preferred.iter().map(|s| s.to_string()).collect(),
            location: "Remote".into(),
            remote: RemoteMode::Remote,
            employment_type: EmploymentType::FullTime,
            experience_level: posting.level,
            salary: None,
            posted_at: date!(2026 - 11 - 20),
            apply_url: "https://jobs.example.com/1".into(),
        },
    )
}

pub fn context(person: &Person, posting: &Posting) -> WritingContext {
    let (parsed, text) = cv(person);
    let job = job(posting);
    let profile = CandidateProfile::new(&parsed, &text);
    let matched = JobIndex::build([job.clone()])
        .match_job(
            &profile,
            &Preferences::default(),
            date!(2026 - 11 - 27),
            job.id,
        )
        .unwrap_or_else(|| panic!("the job is open"));
    WritingContext {
        cv: parsed,
        cv_text: text,
        job,
        matched,
    }
}

pub const DATA: Person = Person {
    name: "Emily Clark",
    summary: "Data scientist who ships models that product teams can trust.",
    skills: &["Python", "PyTorch", "Pandas", "SQL", "Tableau"],
    roles: &[
        Role {
            company: "Zillow",
            title: "Data Scientist",
            start: (2020, 1),
            end: None,
            bullets: &[
                "Built price models with PyTorch used on every listing page",
                "Presented results to product leads each quarter",
                "Designed A/B tests for the home valuation team in Python and SQL",
                "Mentored two junior analysts on model review and Pandas",
            ],
        },
        Role {
            company: "Expedia Group",
            title: "Data Analyst",
            start: (2017, 6),
            end: Some((2019, 12)),
            bullets: &[
                "Wrote SQL dashboards in Tableau for the hotel team",
                "Automated the weekly pricing report in Python",
                "Cleaned booking data for the revenue managers",
            ],
        },
        Role {
            company: "University of Washington",
            title: "Research Assistant",
            start: (2015, 9),
            end: Some((2017, 5)),
            bullets: &[
                "Analysed survey data in Python for a public health study",
                "Co-wrote the statistical appendix of the study's report",
            ],
        },
    ],
    degree: ("M.S.", "Statistics", "University of Washington", 2017),
    certifications: &[],
    languages: &["English", "Spanish"],
};

pub const DATA_JOB: Posting = Posting {
    company: "Spotify",
    title: "Senior Data Scientist",
    required: &["Python", "SQL", "PyTorch"],
    preferred: &["Kubernetes"],
    description: "Build recommendation models with Python and PyTorch; 3+ years of experience.",
    level: JobLevel::Senior,
};

pub const NURSE: Person = Person {
    name: "Grace Okafor",
    summary: "Registered nurse with calm judgement on busy wards.",
    skills: &["Patient Care", "Triage", "Medication Administration"],
    roles: &[
        Role {
            company: "St Thomas Hospital",
            title: "Staff Nurse",
            start: (2019, 3),
            end: None,
            bullets: &[
                "Led triage for a 30-bed emergency ward",
                "Trained new nurses in medication administration",
                "Cared for acutely ill patients through busy night shifts",
                "Coordinated handovers between the emergency and surgical teams",
                "Audited sepsis screening on the ward and presented the findings to the matron",
            ],
        },
        Role {
            company: "Guy's Hospital",
            title: "Healthcare Assistant",
            start: (2016, 9),
            end: Some((2019, 2)),
            bullets: &[
                "Delivered patient care on a surgical ward",
                "Recorded observations and escalated deteriorating patients to the nurse in charge",
                "Supported families through admission and discharge",
            ],
        },
    ],
    degree: ("BSc", "Nursing", "King's College London", 2019),
    certifications: &[
        "Immediate Life Support",
        "Paediatric Immediate Life Support",
    ],
    languages: &["English", "Yoruba"],
};

pub const NURSE_JOB: Posting = Posting {
    company: "Bupa",
    title: "Emergency Nurse",
    required: &["Patient Care", "Triage"],
    preferred: &["Phlebotomy"],
    description: "Join our emergency department team caring for patients day and night.",
    level: JobLevel::Mid,
};

pub const ACCOUNTANT: Person = Person {
    name: "Ravi Shah",
    summary: "Accountant who closes the books on time.",
    skills: &["Excel", "Xero", "Financial Reporting"],
    roles: &[
        Role {
            company: "Deloitte",
            title: "Senior Accountant",
            start: (2020, 1),
            end: None,
            bullets: &[
                "Ran month-end close for twelve clients in Xero",
                "Prepared financial reporting packs for the audit team",
                "Reconciled intercompany balances across three entities each month",
                "Built Excel models that cut the close from eight days to five",
                "Trained two junior accountants on reconciliations and Xero",
            ],
        },
        Role {
            company: "KPMG",
            title: "Audit Associate",
            start: (2017, 9),
            end: Some((2019, 12)),
            bullets: &[
                "Audited the accounts of retail and charity clients",
                "Tested payroll and expense controls in Excel",
                "Drafted the audit findings for client managers",
            ],
        },
        Role {
            company: "Barclays",
            title: "Finance Intern",
            start: (2016, 6),
            end: Some((2016, 8)),
            bullets: &[
                "Prepared monthly variance reports for the retail finance team",
                "Checked supplier invoices against purchase orders",
            ],
        },
    ],
    degree: ("BA", "Accounting", "University of Leeds", 2017),
    certifications: &["ACA Chartered Accountant"],
    languages: &["English", "Gujarati"],
};

pub const ACCOUNTANT_JOB: Posting = Posting {
    company: "Monzo",
    title: "Financial Accountant",
    required: &["Financial Reporting", "Excel"],
    preferred: &["SAP"],
    description: "Own the monthly close and statutory accounts.",
    level: JobLevel::Mid,
};

pub const DEVELOPER: Person = Person {
    name: "Lukas Becker",
    summary: "Backend engineer who likes boring, reliable systems.",
    skills: &["Rust", "PostgreSQL", "Docker", "Go"],
    roles: &[
        Role {
            company: "N26",
            title: "Backend Engineer",
            start: (2021, 4),
            end: None,
            bullets: &[
                "Built payment services in Rust on PostgreSQL",
                "Cut deploy time with Docker build caching",
                "Designed the retry layer that keeps card payments from being charged twice",
                "Reviewed code and mentored two new backend engineers",
                "Wrote the runbooks the on-call team uses for payment incidents",
            ],
        },
        Role {
            company: "Zalando",
            title: "Software Engineer",
            start: (2018, 8),
            end: Some((2021, 3)),
            bullets: &[
                "Maintained Go services for the checkout team",
                "Moved two checkout services into Docker containers",
                "Wrote integration tests for the payment flow",
            ],
        },
        Role {
            company: "Siemens",
            title: "Working Student",
            start: (2016, 10),
            end: Some((2018, 7)),
            bullets: &[
                "Built internal tools in Go for the release team",
                "Automated test environments with Docker",
            ],
        },
    ],
    degree: ("MSc", "Computer Science", "TU Berlin", 2018),
    certifications: &[],
    languages: &["German", "English"],
};

pub const DEVELOPER_JOB: Posting = Posting {
    company: "Cloudflare",
    title: "Rust Backend Engineer",
    required: &["Rust", "PostgreSQL"],
    preferred: &["Kubernetes", "Docker"],
    description: "Write fast, safe services in Rust at global scale.",
    level: JobLevel::Mid,
};

pub const TEACHER: Person = Person {
    name: "Sofia Rossi",
    summary: "Maths teacher who makes algebra click.",
    skills: &[
        "Lesson Planning",
        "Classroom Management",
        "Curriculum Development",
    ],
    roles: &[
        Role {
            company: "Harris Academy",
            title: "Mathematics Teacher",
            start: (2015, 9),
            end: None,
            bullets: &[
                "Planned lessons for five year groups",
                "Rebuilt the curriculum for the sixth form",
                "Ran the after-school revision club for exam classes",
                "Led the maths outreach programme with local primary schools",
                "Mentored trainee teachers on their school placements",
            ],
        },
        Role {
            company: "St Mary's School",
            title: "Teaching Assistant",
            start: (2012, 9),
            end: Some((2014, 7)),
            bullets: &[
                "Supported small-group maths lessons for pupils who had fallen behind",
                "Kept progress records for the special needs coordinator",
            ],
        },
        Role {
            company: "Explore Learning",
            title: "Maths Tutor",
            start: (2010, 9),
            end: Some((2012, 7)),
            bullets: &[
                "Tutored primary and secondary pupils in maths after school",
                "Reported each pupil's progress to their parents every term",
            ],
        },
    ],
    degree: (
        "PGCE",
        "Secondary Mathematics",
        "University of Bristol",
        2015,
    ),
    certifications: &["Qualified Teacher Status"],
    languages: &["English", "Italian"],
};

pub const TEACHER_JOB: Posting = Posting {
    company: "Ark Schools",
    title: "Head of Mathematics",
    required: &["Lesson Planning", "Curriculum Development"],
    preferred: &["Classroom Management"],
    description: "Lead a department of eight teachers.",
    level: JobLevel::Lead,
};

pub fn pairs() -> [(&'static Person, &'static Posting); 5] {
    [
        (&DATA, &DATA_JOB),
        (&NURSE, &NURSE_JOB),
        (&ACCOUNTANT, &ACCOUNTANT_JOB),
        (&DEVELOPER, &DEVELOPER_JOB),
        (&TEACHER, &TEACHER_JOB),
    ]
}
