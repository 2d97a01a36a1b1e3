//! CvParsingService with a mocked CvAnalyzer: which path runs, what is trusted from the AI.

// Test helpers outside #[test] fns panic on broken fixtures on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use jobr_core::AiUse;
use jobr_cv::service::notices;
use jobr_cv::{
    AnalyzerError, CvDate, CvError, CvParsingService, ExtractError, Inline, Links, MockCvAnalyzer,
    ParseSource, ParsedCv,
};

/// "Today" for dating present jobs: fixed, so results do not depend on the machine's clock.
const TODAY: CvDate = CvDate {
    year: 2026,
    month: Some(11),
};

/// The service's futures never wait on I/O here (the mock answers at once), so polling with a
/// no-op waker is enough and keeps an async runtime out of this crate's dependencies.
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

const CV: &str = "Ada Lovelace\nLondon, UK | ada@example.org | 07700 900456\n\
github.com/ada\n\nEXPERIENCE\nAnalyst — Babbage Ltd   Jan 2020 – Present\n\
- Wrote programs\n\nSKILLS\nPython, JS\n";

fn service(mock: MockCvAnalyzer) -> CvParsingService {
    CvParsingService::new(Arc::new(Inline), Some(Arc::new(mock)))
}

#[test]
fn without_analyzer_rules_produce_the_result() {
    let doc = block_on(
        CvParsingService::new(Arc::new(Inline), None).parse_document(
            CV.as_bytes(),
            None,
            AiUse::Allowed,
            TODAY,
        ),
    )
    .unwrap();
    assert_eq!(doc.parsed.source, ParseSource::Rules);
    assert_eq!(doc.parsed.email.as_deref(), Some("ada@example.org"));
    assert_eq!(doc.parsed.phone.as_deref(), Some("+447700900456"));
    assert!(doc.text.contains("Babbage"));
}

#[test]
fn empty_document_fails_before_any_ai_call() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze().times(0);
    let svc = service(mock);
    assert!(matches!(
        block_on(svc.parse_document(&b"   \n "[..], None, AiUse::Allowed, TODAY)),
        Err(CvError::Extract(ExtractError::Empty))
    ));
    assert!(matches!(
        block_on(svc.parse_document(&b"...\n--\n"[..], None, AiUse::Allowed, TODAY)),
        Err(CvError::NoText)
    ));
}

#[test]
fn ai_result_is_used_but_contact_fields_must_appear_in_the_text() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze()
        .withf(|text, _| text.contains("Ada Lovelace"))
        .times(1)
        .returning(|_, _| {
            Ok(ParsedCv {
                name: Some("Ada Lovelace".into()),
                // Invented: not in the text, so the rules' values must win.
                email: Some("ada.lovelace@invented.example".into()),
                phone: Some("+1 555 000 1111".into()),
                links: Links {
                    github: Some("https://github.com/ada".into()),
                    linkedin: Some("linkedin.com/in/not-there".into()),
                    portfolio: None,
                },
                skills: vec!["js".into(), "Python".into(), "Analytical Engine".into()],
                summary: Some("Analyst and programmer.".into()),
                ..ParsedCv::default()
            })
        });
    let doc =
        block_on(service(mock).parse_document(CV.as_bytes(), None, AiUse::Allowed, TODAY)).unwrap();
    let cv = doc.parsed;
    assert_eq!(cv.source, ParseSource::Ai);
    assert_eq!(cv.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(cv.email.as_deref(), Some("ada@example.org"));
    assert_eq!(cv.phone.as_deref(), Some("+447700900456"));
    assert_eq!(cv.links.github.as_deref(), Some("https://github.com/ada"));
    assert_eq!(cv.links.linkedin, None);
    assert_eq!(cv.summary.as_deref(), Some("Analyst and programmer."));
    // Canonicalised, unknown-and-absent dropped, rules' findings kept.
    assert_eq!(cv.skills, ["JavaScript", "Python"]);
    // The AI gave no experience: the rules' entries fill the gap.
    assert_eq!(cv.experience[0].company.as_deref(), Some("Babbage Ltd"));
    assert!(doc.analyzer_error.is_none());
    assert_eq!(doc.notice, None);
}

#[test]
fn a_plan_without_ai_never_reaches_the_analyzer_and_the_answer_says_why() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze().times(0);
    let doc = block_on(service(mock).parse_document(CV.as_bytes(), None, AiUse::NotInPlan, TODAY))
        .unwrap();
    assert_eq!(doc.parsed.source, ParseSource::Rules);
    assert_eq!(doc.parsed.email.as_deref(), Some("ada@example.org"));
    assert_eq!(doc.analyzer_error, None);
    assert_eq!(doc.notice.as_deref(), Some(notices::NOT_IN_PLAN));
    assert!(notices::NOT_IN_PLAN.contains("Premium and Pro"));
}

#[test]
fn the_notice_names_a_missing_analyzer_or_a_failed_one() {
    let unconfigured = block_on(
        CvParsingService::new(Arc::new(Inline), None).parse_document(
            CV.as_bytes(),
            None,
            AiUse::Allowed,
            TODAY,
        ),
    )
    .unwrap();
    assert_eq!(
        unconfigured.notice.as_deref(),
        Some(notices::NOT_CONFIGURED)
    );

    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze()
        .times(1)
        .returning(|_, _| Err(AnalyzerError::Timeout));
    let failed =
        block_on(service(mock).parse_document(CV.as_bytes(), None, AiUse::Allowed, TODAY)).unwrap();
    assert_eq!(failed.parsed.source, ParseSource::Rules);
    assert_eq!(failed.notice.as_deref(), Some(notices::AI_FAILED));
}

#[test]
fn ai_phone_reformatted_to_e164_is_accepted_when_its_digits_are_in_the_text() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze().returning(|_, _| {
        Ok(ParsedCv {
            phone: Some("+44 7700 900456".into()),
            ..ParsedCv::default()
        })
    });
    let doc =
        block_on(service(mock).parse_document(CV.as_bytes(), None, AiUse::Allowed, TODAY)).unwrap();
    assert_eq!(doc.parsed.phone.as_deref(), Some("+447700900456"));
}

#[test]
fn any_analyzer_error_falls_back_to_rules() {
    for err in [
        AnalyzerError::Unavailable("no key".into()),
        AnalyzerError::RateLimited {
            retry_after_secs: Some(20),
        },
        AnalyzerError::Timeout,
        AnalyzerError::InvalidOutput("not json".into()),
        AnalyzerError::Other("boom".into()),
    ] {
        let mut mock = MockCvAnalyzer::new();
        let returned = err.clone();
        mock.expect_analyze()
            .times(1)
            .returning(move |_, _| Err(returned.clone()));
        let doc =
            block_on(service(mock).parse_document(CV.as_bytes(), None, AiUse::Allowed, TODAY))
                .unwrap();
        assert_eq!(doc.parsed.source, ParseSource::Rules);
        assert_eq!(doc.parsed.email.as_deref(), Some("ada@example.org"));
        assert_eq!(doc.analyzer_error, Some(err));
    }
}

#[test]
fn unsupported_files_are_refused_before_any_ai_call() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze().times(0);
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(1024, 0);
    assert!(matches!(
        block_on(service(mock).parse_document(doc, None, AiUse::Allowed, TODAY)),
        Err(CvError::Extract(ExtractError::UnsupportedType(_)))
    ));
}

#[test]
fn service_and_its_future_can_cross_threads() {
    // The server holds the service in shared state and may spawn the call onto a runtime.
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}
    let svc = CvParsingService::new(Arc::new(Inline), None);
    assert_send_sync(&svc);
    let fut = svc.parse_document(CV.as_bytes(), None, AiUse::Allowed, TODAY);
    assert_send(&fut);
    assert!(block_on(fut).is_ok());
}

fn annotated_fixture() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sam-carter-annotated-links.pdf");
    std::fs::read(path).unwrap()
}

#[test]
fn rules_take_links_from_pdf_link_annotations() {
    let doc = block_on(
        CvParsingService::new(Arc::new(Inline), None).parse_document(
            annotated_fixture(),
            None,
            AiUse::Allowed,
            TODAY,
        ),
    )
    .unwrap();
    assert_eq!(
        doc.parsed.links.linkedin.as_deref(),
        Some("linkedin.com/in/samcarter")
    );
    assert_eq!(
        doc.parsed.links.github.as_deref(),
        Some("github.com/samcarter")
    );
}

#[test]
fn ai_links_found_among_link_targets_are_trusted() {
    let mut mock = MockCvAnalyzer::new();
    mock.expect_analyze().times(1).returning(|_, _| {
        Ok(ParsedCv {
            links: Links {
                // Only in the annotations, written a little differently: accepted.
                linkedin: Some("https://linkedin.com/in/samcarter".into()),
                github: Some("https://www.github.com/samcarter/".into()),
                // Nowhere in the document: dropped.
                portfolio: Some("https://samcarter.invented.dev".into()),
            },
            ..ParsedCv::default()
        })
    });
    let cv =
        block_on(service(mock).parse_document(annotated_fixture(), None, AiUse::Allowed, TODAY))
            .unwrap()
            .parsed;
    assert_eq!(cv.source, ParseSource::Ai);
    assert_eq!(
        cv.links.linkedin.as_deref(),
        Some("https://linkedin.com/in/samcarter")
    );
    assert_eq!(
        cv.links.github.as_deref(),
        Some("https://www.github.com/samcarter/")
    );
    assert_eq!(cv.links.portfolio, None);
}
