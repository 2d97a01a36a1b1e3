//! The use cases with mock ports: who gets AI, what happens to a dishonest or failing AI, and
//! which moves send the confirmation.

mod support;

use jobr_applications::{
    Application, ApplicationError, ApplicationId, ApplicationService, ApplicationStatus,
    CoverLetterDraft, Feature, InterviewPrep, InterviewQuestion, MockApplicationRepository,
    MockPlanSource, MockSubmissionMail, MockWritingAssistant, StatusChange, Tone, WritingError,
    WritingSource,
};
use jobr_core::{Clock, CvId, Plan, Timestamp, UserId};
use jobr_cv::MockCvRepository;
use jobr_matching::{JobsService, MockJobRepository};
use std::sync::Arc;
use std::time::Duration;
use support::{DATA, DATA_JOB, context};
use time::macros::datetime;

const NOW: Timestamp = datetime!(2026-11-20 10:00 UTC);

struct Fixed;

impl Clock for Fixed {
    fn now(&self) -> Timestamp {
        NOW
    }
}

struct Ports {
    repository: MockApplicationRepository,
    mail: MockSubmissionMail,
    assistant: Option<MockWritingAssistant>,
    jobs: MockJobRepository,
}

impl Ports {
    fn new() -> Self {
        Self {
            repository: MockApplicationRepository::new(),
            mail: MockSubmissionMail::new(),
            assistant: None,
            jobs: MockJobRepository::new(),
        }
    }

    fn service(self, plan: Plan) -> ApplicationService {
        let mut plans = MockPlanSource::new();
        plans.expect_current_plan().returning(move |_| Ok(plan));
        let mut service = ApplicationService::new(
            Arc::new(self.repository),
            Arc::new(plans),
            Arc::new(self.mail),
            Arc::new(MockCvRepository::new()),
            Arc::new(JobsService::new(
                Arc::new(self.jobs),
                Duration::from_secs(60),
            )),
            Arc::new(Fixed),
        );
        if let Some(assistant) = self.assistant {
            service = service.with_assistant(Arc::new(assistant));
        }
        service
    }
}

fn honest_letter() -> CoverLetterDraft {
    let mut paragraphs = vec!["Dear Spotify hiring team,".to_owned()];
    for _ in 0..33 {
        paragraphs.push("At Zillow I built price models with PyTorch.".to_owned());
    }
    paragraphs.push("Kind regards,\nEmily Clark".to_owned());
    CoverLetterDraft { paragraphs }
}

#[tokio::test]
async fn free_users_get_the_template_and_the_ai_is_never_called() {
    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant.expect_cover_letter().times(0);
    assistant.expect_tailored_cv().times(0);
    ports.assistant = Some(assistant);
    let service = ports.service(Plan::Free);
    let context = context(&DATA, &DATA_JOB);
    let user = UserId::new();
    let letter = service
        .cover_letter(user, &context, Tone::Professional)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(letter.source, WritingSource::Template);
    assert!(
        letter
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Premium"))
    );
    let tailored = service
        .tailored_cv(user, &context)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tailored.source, WritingSource::Template);
}

#[tokio::test]
async fn premium_users_get_an_honest_ai_letter_as_ai() {
    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant
        .expect_cover_letter()
        .times(1)
        .returning(|_, _, _| Ok(honest_letter()));
    ports.assistant = Some(assistant);
    let service = ports.service(Plan::Premium);
    let letter = service
        .cover_letter(
            UserId::new(),
            &context(&DATA, &DATA_JOB),
            Tone::Enthusiastic,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(letter.source, WritingSource::Ai);
    assert_eq!(letter.notice, None);
    assert_eq!(letter.tone, Tone::Enthusiastic);
    assert!((250..=400).contains(&letter.word_count));
}

#[tokio::test]
async fn an_ai_letter_with_an_invented_employer_is_replaced_and_the_response_says_so() {
    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant
        .expect_cover_letter()
        .times(1)
        .returning(|_, _, _| {
            let mut draft = honest_letter();
            draft.paragraphs[3] = "Before that I led the ranking team at Google.".into();
            Ok(draft)
        });
    ports.assistant = Some(assistant);
    let service = ports.service(Plan::Pro);
    let letter = service
        .cover_letter(
            UserId::new(),
            &context(&DATA, &DATA_JOB),
            Tone::Professional,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(letter.source, WritingSource::Template);
    let notice = letter.notice.unwrap_or_default();
    assert!(notice.contains("the employer Google"), "{notice}");
    assert!(!letter.paragraphs.join(" ").contains("Google"));
}

#[tokio::test]
async fn a_failing_or_wrong_sized_ai_answer_gives_the_template() {
    for answer in [
        Err(WritingError::Malformed("not JSON".into())),
        Ok(CoverLetterDraft {
            paragraphs: vec!["At Zillow I built price models with PyTorch.".into()],
        }),
    ] {
        let mut ports = Ports::new();
        let mut assistant = MockWritingAssistant::new();
        let answer = std::sync::Mutex::new(Some(answer));
        assistant
            .expect_cover_letter()
            .times(1)
            .returning(move |_, _, _| {
                answer
                    .lock()
                    .ok()
                    .and_then(|mut a| a.take())
                    .unwrap_or_else(|| Err(WritingError::Malformed("asked twice".into())))
            });
        ports.assistant = Some(assistant);
        let letter = ports
            .service(Plan::Premium)
            .cover_letter(UserId::new(), &context(&DATA, &DATA_JOB), Tone::Concise)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(letter.source, WritingSource::Template);
        assert!(letter.notice.is_some());
    }
}

#[tokio::test]
async fn the_ai_cannot_change_the_engines_score_or_skills() {
    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant
        .expect_strength()
        .times(1)
        .returning(|context, _| {
            let mut written = jobr_applications::writing::template_strength(context);
            written.score = 99;
            written.missing_skills.clear();
            written.strengths = vec!["Your PyTorch work at Zillow is directly relevant.".into()];
            Ok(written)
        });
    ports.assistant = Some(assistant);
    let context = context(&DATA, &DATA_JOB);
    let analysis = ports
        .service(Plan::Premium)
        .strength(UserId::new(), &context)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(analysis.source, WritingSource::Ai);
    assert_eq!(
        analysis.score,
        (context.matched.match_score * 100.0).round() as u8
    );
    assert_eq!(analysis.missing_skills, context.matched.missing_skills);
}

#[tokio::test]
async fn interview_prep_is_for_pro() {
    let context = context(&DATA, &DATA_JOB);
    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant.expect_interview_prep().times(0);
    ports.assistant = Some(assistant);
    let refused = ports
        .service(Plan::Premium)
        .interview_prep(UserId::new(), &context)
        .await;
    assert!(matches!(
        refused,
        Err(ApplicationError::FeatureNotInPlan {
            feature: Feature::InterviewPrep,
            plan: Plan::Premium
        })
    ));

    let mut ports = Ports::new();
    let mut assistant = MockWritingAssistant::new();
    assistant
        .expect_interview_prep()
        .times(1)
        .returning(|_, _| {
            Ok(InterviewPrep {
                questions: vec![InterviewQuestion {
                    question: "How did you validate the price models?".into(),
                    why: "Model quality is the core of the role.".into(),
                    answer_from: "Experience: Data Scientist at Zillow".into(),
                }],
                source: WritingSource::Template,
                notice: None,
            })
        });
    ports.assistant = Some(assistant);
    let prep = ports
        .service(Plan::Pro)
        .interview_prep(UserId::new(), &context)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(prep.source, WritingSource::Ai);
    assert_eq!(prep.questions.len(), 1);
}

fn application(
    user: UserId,
    history: &[(Option<ApplicationStatus>, ApplicationStatus)],
) -> Application {
    let status = history.last().map_or(ApplicationStatus::Saved, |h| h.1);
    Application {
        id: ApplicationId::new(),
        user_id: user,
        job_id: support::job(&DATA_JOB).id,
        cv_id: CvId::new(),
        status,
        applied_at: history
            .iter()
            .any(|h| h.1 == ApplicationStatus::Applied)
            .then_some(NOW),
        created_at: NOW,
        updated_at: NOW,
        history: history
            .iter()
            .map(|(from, to)| StatusChange {
                from: *from,
                to: *to,
                at: NOW,
                note: None,
            })
            .collect(),
    }
}

fn confirmation(to: &str) -> jobr_notifications::OutgoingMessage {
    use jobr_notifications::{ApplicationMail, BaseUrl, MailComposer};
    MailComposer::new(BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")))
        .application_confirmation(
            &jobr_core::Email::parse(to).unwrap_or_else(|e| panic!("{e}")),
            "Emily",
            &ApplicationMail {
                application_id: "a-1".into(),
                job_title: "Senior Data Scientist".into(),
                company: "Spotify".into(),
            },
        )
}

/// The move out of saved carries the confirmation into the repository's write; a move of an
/// application sent already carries none, and nothing is rendered for it.
#[tokio::test]
async fn the_move_out_of_saved_carries_one_confirmation_and_later_moves_none() {
    use ApplicationStatus::*;
    let user = UserId::new();
    let job = support::job(&DATA_JOB);
    for (before, to, confirmations) in [
        (vec![(None, Saved)], Applied, 1),
        (vec![(None, Saved)], Interview, 1),
        (vec![(None, Saved), (Some(Saved), Applied)], Screening, 0),
    ] {
        let mut ports = Ports::new();
        let found = application(user, &before);
        let mut moved = found.clone();
        moved.status = to;
        ports
            .repository
            .expect_find_for_user()
            .times(1)
            .returning(move |_, _| Ok(Some(found.clone())));
        ports
            .repository
            .expect_move_status()
            .times(1)
            .returning(move |_, _, step, quota, mail| {
                assert_eq!(step.at, NOW);
                assert_eq!(quota.limit, Some(5));
                assert_eq!(quota.month_end, datetime!(2026-12-01 0:00 UTC));
                assert_eq!(mail.len(), confirmations);
                assert!(mail.iter().all(|m| m.to.as_str() == "emily@example.com"));
                Ok(moved.clone())
            });
        let listed = job.clone();
        ports
            .jobs
            .expect_find_by_id()
            .returning(move |_| Ok(Some(listed.clone())));
        ports
            .mail
            .expect_confirmation()
            .times(confirmations)
            .returning(move |submission| {
                assert_eq!(submission.company, "Spotify");
                assert_eq!(submission.job_title, "Senior Data Scientist");
                assert_eq!(submission.user_id, user);
                assert_eq!(submission.applied_at, NOW);
                Ok(confirmation("emily@example.com"))
            });
        let service = ports.service(Plan::Free);
        let result = service
            .move_status(user, ApplicationId::new(), to, Some("  ".into()))
            .await;
        assert!(result.is_ok(), "{result:?}");
    }
}

/// A confirmation that cannot be rendered (its addressee unreadable) stores no submission:
/// the user tries again rather than apply without the mail.
#[tokio::test]
async fn a_confirmation_that_cannot_be_prepared_stores_nothing() {
    use ApplicationStatus::*;
    let user = UserId::new();
    let mut ports = Ports::new();
    let found = application(user, &[(None, Saved)]);
    ports
        .repository
        .expect_find_for_user()
        .returning(move |_, _| Ok(Some(found.clone())));
    ports.repository.expect_move_status().times(0);
    let job = support::job(&DATA_JOB);
    ports
        .jobs
        .expect_find_by_id()
        .returning(move |_| Ok(Some(job.clone())));
    ports
        .mail
        .expect_confirmation()
        .times(1)
        .returning(|_| Err("users table unreachable".into()));
    let result = ports
        .service(Plan::Free)
        .move_status(user, ApplicationId::new(), Applied, None)
        .await;
    assert!(
        matches!(result, Err(ApplicationError::Confirmation(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_note_too_long_is_refused_before_anything_is_written() {
    let mut ports = Ports::new();
    ports.repository.expect_move_status().times(0);
    let result = ports
        .service(Plan::Free)
        .move_status(
            UserId::new(),
            ApplicationId::new(),
            ApplicationStatus::Applied,
            Some("x".repeat(2_001)),
        )
        .await;
    assert!(matches!(result, Err(ApplicationError::Invalid(_))));
}
