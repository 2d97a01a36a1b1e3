//! The writing assistant against a server speaking the chat completions wire format (wiremock
//! on 127.0.0.1): each operation's answer as the domain sees it, off-shape answers, a timeout,
//! the cache, and an answer with an invented fact driven through the real `ApplicationService`,
//! which must answer with the template and say why.

// Helpers outside #[test] functions panic by design here, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jobr_applications::{
    ApplicationService, PlanSource, Submission, SubmissionMail, Tone, WritingAssistant,
    WritingContext, WritingError, WritingSource,
};
use jobr_core::{
    ApiUsage, BoxError, Plan, SystemClock, Timestamp, UsageError, UsageRecorder, UsageTotals,
    UserId,
};
use jobr_cv::{CvDate, Education, Experience, ParsedCv};
use jobr_http::{BreakerConfig, OutboundClient, Url};
use jobr_matching::{
    CandidateProfile, EmploymentType, Job, JobId, JobIndex, JobLevel, JobsService, NewJob,
    Preferences, RemoteMode,
};
use jobr_memory::{MemoryApplicationRepository, MemoryCvRepository, MemoryJobRepository};
use jobr_openai::{
    COVER_LETTER, INTERVIEW_PREP, OpenAi, OpenAiConfig, OpenAiWritingAssistant, STRENGTH_ANALYSIS,
    TAILORED_CV,
};
use serde_json::{Value, json};
use time::macros::date;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COMPLETIONS: &str = "/v1/chat/completions";

/// Every usage row, as recorded.
#[derive(Default)]
struct Rows(Mutex<Vec<ApiUsage>>);

impl Rows {
    fn all(&self) -> Vec<ApiUsage> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait]
impl UsageRecorder for Rows {
    async fn record(&self, usage: &ApiUsage) -> Result<(), UsageError> {
        self.0.lock().unwrap().push(usage.clone());
        Ok(())
    }

    async fn totals_for_user(&self, _: UserId, _: Timestamp) -> Result<UsageTotals, UsageError> {
        Ok(UsageTotals::default())
    }
}

struct Harness {
    server: MockServer,
    assistant: OpenAiWritingAssistant,
    usage: Arc<Rows>,
    user: UserId,
}

impl Harness {
    async fn new(timeout: Duration) -> Self {
        let server = MockServer::start().await;
        let mut config = OpenAiConfig::new("sk-test-0123456789abcdef".into());
        config.model = "gpt-4o-mini".to_owned();
        config.base_url = Url::parse(&format!("{}/v1", server.uri())).unwrap();
        config.timeout = timeout;
        let client = OutboundClient::new(jobr_http::ClientConfig {
            max_retries: 0,
            base_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            breaker: BreakerConfig {
                failure_threshold: 1_000,
                open_for: Duration::from_secs(30),
            },
            ..config.client_config()
        })
        .unwrap();
        let usage = Arc::new(Rows::default());
        let openai = OpenAi::with_client(config, client, usage.clone());
        Self {
            server,
            assistant: openai.writing_assistant(),
            usage,
            user: UserId::new(),
        }
    }

    /// Answers every request for `operation` (the schema's name is in the body) with `content`.
    async fn answer(&self, operation: &str, content: &str, expect: u64) {
        Mock::given(method("POST"))
            .and(path(COMPLETIONS))
            .and(body_string_contains(format!("\"name\":\"{operation}\"")))
            .respond_with(completion(content))
            .expect(expect)
            .mount(&self.server)
            .await;
    }

    async fn sent(&self) -> Vec<Value> {
        self.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.body_json().unwrap())
            .collect()
    }

    /// The applications service on memory stores, with this assistant and `plan` for everyone.
    fn service(&self, plan: Plan) -> ApplicationService {
        ApplicationService::new(
            Arc::new(MemoryApplicationRepository::new(Arc::new(
                jobr_memory::MemoryOutbox::default(),
            ))),
            Arc::new(OnPlan(plan)),
            Arc::new(NoMail),
            Arc::new(MemoryCvRepository::default()),
            Arc::new(JobsService::new(
                Arc::new(MemoryJobRepository::default()),
                Duration::from_secs(60),
            )),
            Arc::new(SystemClock),
        )
        .with_assistant(Arc::new(self.assistant.clone()))
    }
}

struct OnPlan(Plan);

#[async_trait]
impl PlanSource for OnPlan {
    async fn current_plan(&self, _: UserId) -> Result<Plan, BoxError> {
        Ok(self.0)
    }
}

/// These tests write; they never submit, so no confirmation is ever asked for.
struct NoMail;

#[derive(Debug, thiserror::Error)]
#[error("these tests submit no application")]
struct NoSubmissions;

#[async_trait]
impl SubmissionMail for NoMail {
    async fn confirmation(
        &self,
        _: &Submission,
    ) -> Result<jobr_applications::OutgoingMessage, BoxError> {
        Err(Box::new(NoSubmissions))
    }
}

fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "chatcmpl-writing",
        "object": "chat.completion",
        "created": 1_726_000_000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": null },
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 1_100, "completion_tokens": 450, "total_tokens": 1_550 }
    }))
}

const CV_TEXT: &str = "Emily Clark
emily.clark@example.com

SUMMARY
Data scientist who ships models that product teams can trust.

EXPERIENCE
Zillow    01/2020 - Present
Data Scientist
- Built price models with PyTorch used on every listing page
- Presented results to product leads each quarter
Expedia Group    06/2017 - 12/2019
Data Analyst
- Wrote SQL dashboards in Tableau for the hotel team

EDUCATION
University of Washington    2017
M.S. in Statistics

SKILLS
Python, PyTorch, Pandas, SQL, Tableau
";

/// Emily Clark's CV and Spotify's job, matched by the real engine.
fn context() -> WritingContext {
    let role =
        |company: &str, title: &str, start, end: Option<CvDate>, bullets: &[&str]| Experience {
            company: Some(company.into()),
            title: Some(title.into()),
            start: Some(start),
            end,
            current: end.is_none(),
            description: Some(
                bullets
                    .iter()
                    .map(|b| format!("- {b}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        };
    let cv = ParsedCv {
        name: Some("Emily Clark".into()),
        email: Some("emily.clark@example.com".into()),
        summary: Some("Data scientist who ships models that product teams can trust.".into()),
        skills: ["Python", "PyTorch", "Pandas", "SQL", "Tableau"]
            .map(String::from)
            .to_vec(),
        experience: vec![
            role(
                "Zillow",
                "Data Scientist",
                CvDate::year_month(2020, 1),
                None,
                &[
                    "Built price models with PyTorch used on every listing page",
                    "Presented results to product leads each quarter",
                ],
            ),
            role(
                "Expedia Group",
                "Data Analyst",
                CvDate::year_month(2017, 6),
                Some(CvDate::year_month(2019, 12)),
                &["Wrote SQL dashboards in Tableau for the hotel team"],
            ),
        ],
        education: vec![Education {
            institution: Some("University of Washington".into()),
            degree: Some("M.S.".into()),
            field: Some("Statistics".into()),
            graduation: Some(CvDate::year(2017)),
        }],
        ..ParsedCv::default()
    };
    let job = Job::open(
        JobId::new(),
        NewJob {
            source: "test".into(),
            external_id: "spotify-1".into(),
            title: "Senior Data Scientist".into(),
            company: "Spotify".into(),
            description: "Build recommendation models with Python and PyTorch; 3+ years of \
                          experience."
                .into(),
            required_skills: ["Python", "SQL", "PyTorch"].map(String::from).to_vec(),
            preferred_skills: vec!["Kubernetes".into()],
            location: "Remote".into(),
            remote: RemoteMode::Remote,
            employment_type: EmploymentType::FullTime,
            experience_level: JobLevel::Senior,
            salary: None,
            posted_at: date!(2026 - 11 - 20),
            apply_url: "https://jobs.example.com/1".into(),
        },
    );
    let profile = CandidateProfile::new(&cv, CV_TEXT);
    let matched = JobIndex::build([job.clone()])
        .match_job(
            &profile,
            &Preferences::default(),
            date!(2026 - 11 - 27),
            job.id,
        )
        .expect("the job is open");
    WritingContext {
        cv,
        cv_text: CV_TEXT.into(),
        job,
        matched,
    }
}

/// An honest letter, as a model that follows the rules would write it: only the CV's facts.
const HONEST_LETTER: [&str; 7] = [
    "Dear Spotify hiring team,",
    "I am writing to apply for the Senior Data Scientist role at Spotify. Since 2020 I have \
     worked as a Data Scientist at Zillow, where I build the price models with PyTorch that \
     appear on every listing page. Your posting asks for Python, SQL and PyTorch, and those \
     tools are the core of my daily work, from the first exploration of a question to the model \
     that ships.",
    "The part of my work closest to this role is turning a modelling question into something a \
     product team can use and trust. At Zillow I built price models with PyTorch that run on \
     every listing page, and I present the results to product leads each quarter, explaining \
     what the models do well, where they are uncertain and what we should try next. \
     Recommendation models live or die by the same habits: careful evaluation, honest \
     communication and steady iteration with the people who own the product.",
    "Before Zillow, I was a Data Analyst at Expedia Group, where I wrote SQL dashboards in \
     Tableau for the hotel team. That role taught me to start from the decision a team has to \
     make, to check the data before trusting a chart, and to keep reports simple enough that \
     people actually read them.",
    "I hold an M.S. in Statistics from the University of Washington, which still shapes how I \
     design experiments and read their results. Alongside Python, SQL and PyTorch, I work every \
     day with Pandas and Tableau, so I can take a project from raw data to a model and a clear \
     story about what it means.",
    "I would welcome the chance to discuss how my experience could help Spotify build \
     recommendation models that listeners notice and product teams can rely on. Thank you for \
     your time and consideration.",
    "Kind regards,\nEmily Clark",
];

fn letter_answer(paragraphs: &[&str]) -> String {
    json!({ "paragraphs": paragraphs }).to_string()
}

#[tokio::test]
async fn a_cover_letter_comes_back_as_the_models_paragraphs() {
    let h = Harness::new(Duration::from_secs(5)).await;
    h.answer(COVER_LETTER, &letter_answer(&HONEST_LETTER), 1)
        .await;
    let context = context();

    let draft = h
        .assistant
        .cover_letter(&context, Tone::Enthusiastic, h.user)
        .await
        .unwrap();

    assert_eq!(draft.paragraphs, HONEST_LETTER);
    let body = &h.sent().await[0];
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("Use only facts the CV states"), "{system}");
    let prompt = body["messages"][1]["content"].as_str().unwrap();
    assert!(prompt.contains("Tone: enthusiastic"), "{prompt}");
    assert!(prompt.contains("<cv>\nEmily Clark"), "{prompt}");
    assert!(prompt.contains("company: Spotify"), "{prompt}");
    // The engine's match, so the model knows which skills it may claim.
    let shown = format!(
        "matching skills (the CV shows them): {}",
        context.matched.matching_skills.join(", ")
    );
    assert!(prompt.contains(&shown), "{prompt}");
    // Metered against the user who asked, with the call's tokens.
    let rows = h.usage.all();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].operation, COVER_LETTER);
    assert_eq!(rows[0].user_id, Some(h.user));
    assert_eq!(
        (rows[0].prompt_tokens, rows[0].completion_tokens),
        (1_100, 450)
    );
}

#[tokio::test]
async fn a_tailored_cv_keeps_the_cvs_roles_and_takes_the_models_order_and_bullets() {
    let h = Harness::new(Duration::from_secs(5)).await;
    let answer = json!({
        "summary": "Data scientist building PyTorch models in production at Zillow.",
        "skills": ["PyTorch", "Python", "SQL", "Pandas", "Tableau"],
        "roles": [
            { "index": 1, "bullets": ["Wrote SQL dashboards in Tableau for the hotel team."] },
            { "index": 0, "bullets": [
                "Built PyTorch price models used on every listing page.",
                "Presented model results to product leads each quarter."
            ] }
        ]
    });
    h.answer(TAILORED_CV, &answer.to_string(), 1).await;
    let context = context();

    let tailored = h.assistant.tailored_cv(&context, h.user).await.unwrap();

    assert_eq!(tailored.source, WritingSource::Ai);
    assert_eq!(tailored.skills[0], "PyTorch");
    // The model's order, the CV's facts: employer, title and dates copied, not re-typed.
    assert_eq!(
        tailored.experience[0].company.as_deref(),
        Some("Expedia Group")
    );
    assert_eq!(
        tailored.experience[0].title.as_deref(),
        Some("Data Analyst")
    );
    assert_eq!(
        tailored.experience[0].start,
        Some(CvDate::year_month(2017, 6))
    );
    assert_eq!(tailored.experience[1].company.as_deref(), Some("Zillow"));
    assert!(tailored.experience[1].current);
    assert_eq!(tailored.experience[1].bullets.len(), 2);
    assert_eq!(tailored.education, context.cv.education);
    assert_eq!(tailored.name.as_deref(), Some("Emily Clark"));
    let prompt = h.sent().await[0]["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        prompt.contains(
            "<roles>\n0: Data Scientist at Zillow\n1: Data Analyst at Expedia Group\n</roles>"
        ),
        "{prompt}"
    );
}

#[tokio::test]
async fn a_strength_analysis_words_the_engines_numbers() {
    let h = Harness::new(Duration::from_secs(5)).await;
    let answer = json!({
        "strengths": ["Your PyTorch price models at Zillow are the work this team does."],
        "gaps": ["The role prefers Kubernetes, which your CV does not show."],
        "suggestions": ["Say how your Zillow models are deployed and monitored."]
    });
    h.answer(STRENGTH_ANALYSIS, &answer.to_string(), 1).await;
    let context = context();

    let analysis = h.assistant.strength(&context, h.user).await.unwrap();

    assert_eq!(analysis.strengths.len(), 1);
    assert_eq!(analysis.gaps.len(), 1);
    assert_eq!(analysis.suggestions.len(), 1);
    assert_eq!(
        analysis.score,
        (context.matched.match_score * 100.0).round() as u8
    );
    assert_eq!(analysis.matching_skills, context.matched.matching_skills);
    assert_eq!(analysis.missing_skills, context.matched.missing_skills);
}

#[tokio::test]
async fn interview_prep_comes_back_with_why_and_where_the_cv_answers() {
    let h = Harness::new(Duration::from_secs(5)).await;
    let answer = json!({ "questions": [
        {
            "question": "How did you evaluate the price models you built at Zillow?",
            "why": "The team builds recommendation models and will test your evaluation habits.",
            "answerFrom": "Experience: Data Scientist at Zillow"
        },
        {
            "question": "Why Spotify?",
            "why": "Almost every interview asks it.",
            "answerFrom": "Summary"
        }
    ]});
    h.answer(INTERVIEW_PREP, &answer.to_string(), 1).await;

    let prep = h
        .assistant
        .interview_prep(&context(), h.user)
        .await
        .unwrap();

    assert_eq!(prep.questions.len(), 2);
    assert_eq!(
        prep.questions[0].answer_from,
        "Experience: Data Scientist at Zillow"
    );
    assert_eq!(prep.source, WritingSource::Ai);
}

#[tokio::test]
async fn off_shape_answers_are_malformed() {
    let context = context();
    let cases: [(&str, Value); 6] = [
        (COVER_LETTER, json!({ "letter": "Dear Spotify" })),
        (
            COVER_LETTER,
            json!({ "paragraphs": ["Dear Spotify hiring team,", ""] }),
        ),
        // A role the CV does not have.
        (
            TAILORED_CV,
            json!({ "summary": "x", "skills": [], "roles": [
                { "index": 0, "bullets": [] }, { "index": 1, "bullets": [] }, { "index": 7, "bullets": [] }
            ]}),
        ),
        // A role left out.
        (
            TAILORED_CV,
            json!({ "summary": "x", "skills": [], "roles": [ { "index": 0, "bullets": [] } ]}),
        ),
        (
            STRENGTH_ANALYSIS,
            json!({ "strengths": [], "gaps": [], "suggestions": [] }),
        ),
        (INTERVIEW_PREP, json!({ "questions": [] })),
    ];
    for (operation, answer) in cases {
        let h = Harness::new(Duration::from_secs(5)).await;
        h.answer(operation, &answer.to_string(), 1).await;
        let result = match operation {
            COVER_LETTER => h
                .assistant
                .cover_letter(&context, Tone::Professional, h.user)
                .await
                .map(|_| ()),
            TAILORED_CV => h.assistant.tailored_cv(&context, h.user).await.map(|_| ()),
            STRENGTH_ANALYSIS => h.assistant.strength(&context, h.user).await.map(|_| ()),
            _ => h
                .assistant
                .interview_prep(&context, h.user)
                .await
                .map(|_| ()),
        };
        assert!(
            matches!(result, Err(WritingError::Malformed(_))),
            "{operation} {answer}: {result:?}"
        );
    }
    // Not JSON at all.
    let h = Harness::new(Duration::from_secs(5)).await;
    h.answer(COVER_LETTER, "Dear Spotify hiring team, I am great.", 1)
        .await;
    let result = h
        .assistant
        .cover_letter(&context, Tone::Concise, h.user)
        .await;
    assert!(
        matches!(result, Err(WritingError::Malformed(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_timeout_is_unavailable() {
    let h = Harness::new(Duration::from_millis(200)).await;
    Mock::given(method("POST"))
        .and(path(COMPLETIONS))
        .respond_with(completion(&letter_answer(&HONEST_LETTER)).set_delay(Duration::from_secs(3)))
        .expect(1)
        .mount(&h.server)
        .await;

    let result = h
        .assistant
        .cover_letter(&context(), Tone::Professional, h.user)
        .await;

    assert!(
        matches!(result, Err(WritingError::Unavailable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_same_request_again_is_answered_from_the_cache() {
    let h = Harness::new(Duration::from_secs(5)).await;
    // `expect(1)`: the second letter must make no call (checked when the server drops).
    h.answer(COVER_LETTER, &letter_answer(&HONEST_LETTER), 1)
        .await;
    let context = context();

    let first = h
        .assistant
        .cover_letter(&context, Tone::Professional, h.user)
        .await
        .unwrap();
    let second = h
        .assistant
        .cover_letter(&context, Tone::Professional, h.user)
        .await
        .unwrap();

    assert_eq!(first, second);
    assert_eq!(h.server.received_requests().await.unwrap().len(), 1);
    let rows = h.usage.all();
    assert_eq!(rows.len(), 2);
    assert!(!rows[0].cached && rows[0].estimated_cost_micro_usd > 0);
    assert!(rows[1].cached && rows[1].prompt_tokens == 0);
    assert!(rows.iter().all(|r| r.user_id == Some(h.user)));
}

#[tokio::test]
async fn another_tone_is_another_question() {
    let h = Harness::new(Duration::from_secs(5)).await;
    h.answer(COVER_LETTER, &letter_answer(&HONEST_LETTER), 2)
        .await;
    let context = context();

    for tone in [Tone::Professional, Tone::Concise] {
        h.assistant
            .cover_letter(&context, tone, h.user)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn through_the_service_an_honest_letter_is_the_ais() {
    let h = Harness::new(Duration::from_secs(5)).await;
    h.answer(COVER_LETTER, &letter_answer(&HONEST_LETTER), 1)
        .await;

    let letter = h
        .service(Plan::Premium)
        .cover_letter(h.user, &context(), Tone::Professional)
        .await
        .unwrap();

    assert_eq!(letter.source, WritingSource::Ai, "{:?}", letter.notice);
    assert_eq!(letter.notice, None);
    assert_eq!(letter.paragraphs, HONEST_LETTER);
    assert!(
        (250..=400).contains(&letter.word_count),
        "{}",
        letter.word_count
    );
}

#[tokio::test]
async fn through_the_service_a_letter_with_an_invented_employer_becomes_the_template() {
    let h = Harness::new(Duration::from_secs(5)).await;
    let mut invented = HONEST_LETTER;
    invented[3] = "Before Zillow, I spent two years as a Data Analyst at Google, where I wrote \
                   SQL dashboards in Tableau for the hotel team. That role taught me to start \
                   from the decision a team has to make, to check the data before trusting a \
                   chart, and to keep reports simple enough that people actually read them.";
    h.answer(COVER_LETTER, &letter_answer(&invented), 1).await;
    let context = context();

    let letter = h
        .service(Plan::Premium)
        .cover_letter(h.user, &context, Tone::Professional)
        .await
        .unwrap();

    assert_eq!(letter.source, WritingSource::Template);
    let notice = letter.notice.clone().unwrap_or_default();
    assert!(notice.contains("the employer Google"), "{notice}");
    let text = letter.text();
    assert!(!text.contains("Google"), "{text}");
    assert!(
        text.contains("Spotify") && text.contains("Zillow"),
        "{text}"
    );
    // The call was made and paid for: it is metered even though its answer was thrown away.
    assert_eq!(h.usage.all().len(), 1);
}

#[tokio::test]
async fn a_free_user_is_never_sent_to_the_model() {
    let h = Harness::new(Duration::from_secs(5)).await;
    Mock::given(method("POST"))
        .respond_with(completion(&letter_answer(&HONEST_LETTER)))
        .expect(0)
        .mount(&h.server)
        .await;

    let letter = h
        .service(Plan::Free)
        .cover_letter(h.user, &context(), Tone::Professional)
        .await
        .unwrap();

    assert_eq!(letter.source, WritingSource::Template);
    assert!(h.usage.all().is_empty());
}
