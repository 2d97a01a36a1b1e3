//! Behaviour of the engine a job seeker would notice: fit, bands, reasons, preferences.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jobr_cv::{CvDate, TextLine};
use jobr_matching::{
    Band, CandidateProfile, EmploymentType, Job, JobId, JobIndex, JobLevel, JobStatus, NewJob,
    PayInterval, Preferences, RemoteMode, Salary, SalaryWish,
};
use time::Date;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 27);

fn job(title: &str, required: &[&str], preferred: &[&str], level: JobLevel) -> Job {
    Job::open(
        JobId::new(),
        NewJob {
            source: "test".into(),
            external_id: title.into(),
            title: title.into(),
            company: "Acme".into(),
            description: format!("We are hiring a {title}. You bring 5+ years of experience."),
            required_skills: required.iter().map(|s| (*s).to_owned()).collect(),
            preferred_skills: preferred.iter().map(|s| (*s).to_owned()).collect(),
            location: "London, United Kingdom".into(),
            remote: RemoteMode::Hybrid,
            employment_type: EmploymentType::FullTime,
            experience_level: level,
            salary: Some(Salary {
                min: 60_000,
                max: 70_000,
                currency: "GBP".into(),
                interval: PayInterval::Year,
            }),
            posted_at: date!(2026 - 11 - 20),
            apply_url: "https://example.com/jobs/1".into(),
        },
    )
}

fn profile(text: &str) -> CandidateProfile {
    let lines: Vec<TextLine> = text.lines().map(TextLine::plain).collect();
    let parsed = jobr_cv::parse_lines_at(&lines, CvDate::year_month(2026, 11));
    CandidateProfile::new(&parsed, text)
}

const BACKEND_CV: &str = "Sam Carter\nBackend Engineer\nLondon, UK | sam@example.com\n\n\
SUMMARY\nBackend engineer building payment APIs.\n\nEXPERIENCE\n\
Backend Engineer | Ledgerly | Jan 2024 - Present\n- Rust and Go services on Postgres, Docker, AWS\n\
Software Developer | Shopwise | Jan 2023 - Dec 2023\n- Python and Django\n\n\
SKILLS\nRust, Go, PostgreSQL, Docker, AWS, Python, Django";

const MARKETING_CV: &str = "Ada Obi\nDigital Marketing Executive\nLondon, UK | ada@example.com\n\n\
EXPERIENCE\nDigital Marketing Executive | Brightside | Jan 2021 - Present\n\
- Ran Google Ads and Meta Ads campaigns; SEO and content marketing\n\n\
SKILLS\nSEO, Google Ads, Meta Ads, Google Analytics, Content Marketing, Copywriting";

fn backend_job() -> Job {
    job(
        "Senior Software Developer",
        &["Rust", "PostgreSQL", "Kubernetes", "AWS", "Kafka"],
        &["Terraform"],
        JobLevel::Mid,
    )
}

#[test]
fn a_cv_from_another_field_is_weak_and_the_right_one_is_not() {
    let index = JobIndex::build([backend_job()]);
    let id = index_ids(&index)[0];
    let prefs = Preferences::default();
    let backend = index
        .match_job(&profile(BACKEND_CV), &prefs, TODAY, id)
        .unwrap();
    let marketing = index
        .match_job(&profile(MARKETING_CV), &prefs, TODAY, id)
        .unwrap();
    assert!(
        matches!(backend.band, Band::Strong | Band::Good),
        "{backend:?}"
    );
    assert_eq!(marketing.band, Band::Weak, "{marketing:?}");
    assert!(marketing.match_score < 0.3);
}

#[test]
fn reasons_name_matching_and_missing_skills_and_say_what_to_do() {
    let index = JobIndex::build([backend_job()]);
    let id = index_ids(&index)[0];
    let m = index
        .match_job(&profile(BACKEND_CV), &Preferences::default(), TODAY, id)
        .unwrap();
    assert_eq!(m.matching_skills, ["Rust", "PostgreSQL", "AWS"]);
    assert_eq!(m.missing_skills, ["Kubernetes", "Kafka"]);
    let recs = &m.recommendations;
    assert!(
        recs.contains(&"Add Kafka to your CV if you have used it.".to_owned()),
        "{recs:?}"
    );
    // Kubernetes is related to the Docker the CV lists: the advice says so.
    assert!(
        recs.iter()
            .any(|r| r.starts_with("The role asks for Kubernetes; you list Docker")),
        "{recs:?}"
    );
    // Jan 2023 to Nov 2026 is three whole years.
    assert!(
        recs.contains(&"This role asks 5+ years; you show 3.".to_owned()),
        "{recs:?}"
    );
    assert!(m.recommendations.iter().any(|r| r.contains("Terraform")));
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["source"], "rules");
    assert!(json["matchScore"].as_f64().unwrap() > 0.0);
}

#[test]
fn software_engineer_meets_backend_developer_and_office_titles_meet() {
    let jobs = [
        job("Backend Developer", &["Docker"], &[], JobLevel::Mid),
        job(
            "Office Administrator",
            &["Microsoft Office"],
            &[],
            JobLevel::Mid,
        ),
    ];
    let index = JobIndex::build(jobs);
    let ids = index_ids(&index);
    let swe = profile(
        "Kim Lee\nSoftware Engineer\n\nEXPERIENCE\nSoftware Engineer | Initech | 2020 - 2024\n- Docker\n",
    );
    let office = profile(
        "Jo Bloggs\nOffice Manager\n\nEXPERIENCE\nOffice Manager | Initech | 2020 - 2024\n- ran the office with MS Office\n",
    );
    let p = Preferences::default();
    assert!(
        index
            .match_job(&swe, &p, TODAY, ids[0])
            .unwrap()
            .parts
            .title
            >= 0.85
    );
    assert!(
        index
            .match_job(&office, &p, TODAY, ids[1])
            .unwrap()
            .parts
            .title
            >= 0.85
    );
    assert_eq!(
        index
            .match_job(&office, &p, TODAY, ids[0])
            .unwrap()
            .parts
            .title,
        0.0
    );
}

#[test]
fn short_ambiguous_words_count_only_in_context() {
    let index = JobIndex::build([job("Go Developer", &["Go", "Kafka"], &[], JobLevel::Mid)]);
    let id = index_ids(&index)[0];
    let p = Preferences::default();
    let prose = profile("Jo Bloggs\n\nSUMMARY\nAlways ready to go the extra mile with kafka.\n");
    let listed = profile("Jo Bloggs\n\nSKILLS\nGo, Kafka\n");
    assert_eq!(
        index
            .match_job(&prose, &p, TODAY, id)
            .unwrap()
            .missing_skills,
        ["Go"]
    );
    assert!(
        index
            .match_job(&listed, &p, TODAY, id)
            .unwrap()
            .missing_skills
            .is_empty()
    );
}

#[test]
fn ranking_returns_the_top_k_in_score_order_and_skips_closed_jobs() {
    let mut closed = backend_job();
    closed.status = JobStatus::Closed;
    let closed_id = closed.id;
    let mut jobs = vec![closed];
    for i in 0..30 {
        let skills: &[&str] = match i % 3 {
            0 => &["Rust", "PostgreSQL"],
            1 => &["Python", "Django", "Kubernetes"],
            _ => &["SEO", "Google Ads"],
        };
        jobs.push(job(
            &format!("Backend Engineer {i}"),
            skills,
            &[],
            JobLevel::Mid,
        ));
    }
    let index = JobIndex::build(jobs);
    assert_eq!(index.len(), 30);
    let cv = profile(BACKEND_CV);
    let p = Preferences::default();
    let top = index.rank(&cv, &p, TODAY, 5);
    assert_eq!(top.len(), 5);
    assert!(top.iter().all(|m| m.job_id != closed_id));
    assert!(top.windows(2).all(|w| w[0].match_score >= w[1].match_score));
    // The same order as scoring every job one by one and sorting.
    let mut all: Vec<f32> = index_ids(&index)
        .into_iter()
        .map(|id| index.match_job(&cv, &p, TODAY, id).unwrap().match_score)
        .collect();
    all.sort_by(|a, b| b.total_cmp(a));
    let scores: Vec<f32> = top.iter().map(|m| m.match_score).collect();
    assert_eq!(scores, all[..5]);
    assert!(index.match_job(&cv, &p, TODAY, closed_id).is_none());
}

#[test]
fn preferences_for_remote_work_and_pay_lower_jobs_that_miss_them() {
    let index = JobIndex::build([backend_job()]);
    let id = index_ids(&index)[0];
    let cv = profile(BACKEND_CV);
    let none = index
        .match_job(&cv, &Preferences::default(), TODAY, id)
        .unwrap();
    let remote_only = Preferences {
        remote: vec![RemoteMode::Remote],
        ..Preferences::default()
    };
    let rich = Preferences {
        min_salary: Some(SalaryWish {
            amount: 120_000,
            currency: "GBP".into(),
            interval: PayInterval::Year,
        }),
        ..Preferences::default()
    };
    let other_currency = Preferences {
        min_salary: Some(SalaryWish {
            amount: 1,
            currency: "EUR".into(),
            interval: PayInterval::Year,
        }),
        ..Preferences::default()
    };
    assert!(
        index
            .match_job(&cv, &remote_only, TODAY, id)
            .unwrap()
            .match_score
            < none.match_score
    );
    let underpaid = index.match_job(&cv, &rich, TODAY, id).unwrap();
    assert!(underpaid.parts.salary.unwrap() < 0.5);
    assert!(underpaid.match_score < none.match_score);
    // Pay in another currency cannot be compared without rates: it is left out, not guessed.
    assert_eq!(
        index
            .match_job(&cv, &other_currency, TODAY, id)
            .unwrap()
            .parts
            .salary,
        None
    );
}

#[test]
fn a_desired_title_counts_like_a_title_held() {
    let index = JobIndex::build([job("Data Analyst", &["SQL"], &[], JobLevel::Mid)]);
    let id = index_ids(&index)[0];
    let cv = profile(BACKEND_CV);
    let none = index
        .match_job(&cv, &Preferences::default(), TODAY, id)
        .unwrap();
    let wants = Preferences {
        desired_titles: vec!["Data Analyst".into()],
        ..Preferences::default()
    };
    let wanted = index.match_job(&cv, &wants, TODAY, id).unwrap();
    assert!(none.parts.title < 0.7, "{:?}", none.parts);
    assert_eq!(wanted.parts.title, 1.0);
    assert!(wanted.match_score > none.match_score);
}

#[test]
fn an_empty_index_or_k_of_zero_ranks_nothing() {
    let cv = profile(BACKEND_CV);
    assert!(
        JobIndex::build([])
            .rank(&cv, &Preferences::default(), TODAY, 10)
            .is_empty()
    );
    let index = JobIndex::build([backend_job()]);
    assert!(
        index
            .rank(&cv, &Preferences::default(), TODAY, 0)
            .is_empty()
    );
}

#[test]
fn a_parsed_cv_without_its_text_still_matches() {
    let lines: Vec<TextLine> = BACKEND_CV.lines().map(TextLine::plain).collect();
    let parsed = jobr_cv::parse_lines_at(&lines, CvDate::year_month(2026, 11));
    let index = JobIndex::build([backend_job()]);
    let id = index_ids(&index)[0];
    let p = Preferences::default();
    let with_text = index
        .match_job(&profile(BACKEND_CV), &p, TODAY, id)
        .unwrap();
    let parsed_only = index
        .match_job(&CandidateProfile::from_parsed(&parsed), &p, TODAY, id)
        .unwrap();
    assert_eq!(parsed_only.matching_skills, with_text.matching_skills);
    assert_eq!(parsed_only.band, with_text.band);
}

fn index_ids(index: &JobIndex) -> Vec<JobId> {
    index.job_ids().collect()
}
