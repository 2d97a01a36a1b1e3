//! Cover letters and tailored CVs as PDF: A4, 2.5 cm margins, the name as a heading,
//! paragraphs wrapped at measured word widths, section headings with a rule, and new pages as
//! the text needs them (see [`layout`] for what characters the standard fonts can print).
//!
//! The file is assembled with lopdf, which the CV extractor already builds (through
//! pdf-extract): no new crate in the build. The two fonts are PDF standard fonts, so every
//! reader has them and nothing is embedded; their widths come from Adobe's AFM metrics
//! ([`metrics`]).

mod layout;
mod metrics;

use jobr_applications::{CoverLetter, TailoredCv, WritingContext};
use layout::{Font, Layout, PAGE_HEIGHT, PAGE_WIDTH, Page};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use std::fmt::Write as _;

#[derive(Debug, thiserror::Error)]
#[error("the PDF document could not be written")]
pub struct ExportError(#[source] std::io::Error);

/// Points.
const BODY: f32 = 11.0;
const SMALL: f32 = 9.5;
const HEADING: f32 = 13.0;
const NAME: f32 = 20.0;

pub fn cover_letter(
    letter: &CoverLetter,
    context: &WritingContext,
) -> Result<Vec<u8>, ExportError> {
    let mut layout = Layout::new();
    let cv = &context.cv;
    if let Some(name) = &cv.name {
        layout.paragraph(name, Font::Bold, NAME * 0.8);
    }
    let contact: Vec<&str> = [&cv.email, &cv.phone, &cv.location]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !contact.is_empty() {
        layout.paragraph(&contact.join("  |  "), Font::Regular, SMALL);
    }
    layout.gap(BODY);
    let job = &context.job.details;
    layout.paragraph(
        &format!("{} \u{2014} {}", job.company, job.title),
        Font::Bold,
        BODY,
    );
    layout.gap(BODY * 0.5);
    for paragraph in &letter.paragraphs {
        layout.paragraph(paragraph, Font::Regular, BODY);
    }
    render(layout.into_pages())
}

pub fn tailored_cv(cv: &TailoredCv) -> Result<Vec<u8>, ExportError> {
    let mut layout = Layout::new();
    if let Some(name) = &cv.name {
        layout.paragraph(name, Font::Bold, NAME);
    }
    if !cv.contact.is_empty() {
        layout.paragraph(&cv.contact.join("  |  "), Font::Regular, SMALL);
    }
    if !cv.summary.is_empty() {
        layout.heading("Summary", HEADING, BODY);
        layout.paragraph(&cv.summary, Font::Regular, BODY);
    }
    if !cv.skills.is_empty() {
        layout.heading("Skills", HEADING, BODY);
        layout.paragraph(&cv.skills.join(", "), Font::Regular, BODY);
    }
    if !cv.experience.is_empty() {
        layout.heading("Experience", HEADING, BODY);
        for role in &cv.experience {
            let line = crate::docx_export::role_line(role);
            layout.paragraph(&line, Font::Bold, BODY);
            for bullet in &role.bullets {
                layout.bullet(bullet, BODY);
            }
            layout.gap(BODY * 0.4);
        }
    }
    if !cv.education.is_empty() {
        layout.heading("Education", HEADING, BODY);
        for education in &cv.education {
            layout.paragraph(
                &crate::docx_export::education_line(education),
                Font::Regular,
                BODY,
            );
        }
    }
    if !cv.certifications.is_empty() {
        layout.heading("Certifications", HEADING, BODY);
        layout.paragraph(&cv.certifications.join(", "), Font::Regular, BODY);
    }
    render(layout.into_pages())
}

/// One page's content stream: its rules, then its text.
fn content(page: &Page) -> Vec<u8> {
    let mut out = String::new();
    if !page.rules.is_empty() {
        out.push_str("q 0.6 w 0.55 G\n");
        for rule in &page.rules {
            let _ = writeln!(
                out,
                "{:.2} {:.2} m {:.2} {:.2} l S",
                rule.x1, rule.y, rule.x2, rule.y
            );
        }
        out.push_str("Q\n");
    }
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(b"BT\n");
    for line in &page.lines {
        let mut op = format!(
            "/{} {:.1} Tf 1 0 0 1 {:.2} {:.2} Tm <",
            line.font.resource(),
            line.size,
            line.x,
            line.y
        );
        for b in &line.text {
            let _ = write!(op, "{b:02X}");
        }
        op.push_str("> Tj\n");
        bytes.extend_from_slice(op.as_bytes());
    }
    bytes.extend_from_slice(b"ET\n");
    bytes
}

fn font(base: &str) -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => Object::Name(base.as_bytes().to_vec()),
        "Encoding" => "WinAnsiEncoding",
    }
}

/// The pages as a PDF 1.7 file with compressed content streams.
fn render(pages: Vec<Page>) -> Result<Vec<u8>, ExportError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(font("Helvetica"));
    let bold = doc.add_object(font("Helvetica-Bold"));
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! {
            Font::Regular.resource() => regular,
            Font::Bold.resource() => bold,
        },
    });
    let mut kids = Vec::with_capacity(pages.len());
    for page in &pages {
        let mut stream = Stream::new(Dictionary::new(), content(page));
        // Text compresses to about a third; an uncompressed stream is still valid if not.
        let _ = stream.compress();
        let contents = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => contents,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_WIDTH), Object::Real(PAGE_HEIGHT)],
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(ExportError)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobr_applications::{TailoredRole, Tone, WritingSource};
    use jobr_cv::{CvDate, Education, ParsedCv};
    use jobr_matching::{
        Band, EmploymentType, Job, JobId, JobLevel, JobMatch, MatchSource, NewJob, RemoteMode,
        ScoreParts,
    };

    /// The text and the number of pages, as the CV upload's own extractor reads the file.
    fn read_back(pdf: &[u8]) -> (String, u32) {
        let extracted = jobr_cv::extract::extract(pdf)
            .unwrap_or_else(|e| panic!("the export is a readable PDF: {e}"));
        let pages = extracted.lines.iter().map(|l| l.page).max().unwrap_or(0);
        (extracted.text, pages)
    }

    /// Runs of whitespace as one space: wrapping moves line ends, not words.
    fn squeeze(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn tailored(roles: usize) -> TailoredCv {
        TailoredCv {
            name: Some("José Núñez".into()),
            contact: vec!["jose.nunez@example.com".into(), "Sevilla, España".into()],
            summary: "Ingeniero de datos: pipelines fiables, métricas claras.".into(),
            skills: vec!["Python".into(), "SQL".into(), "Airflow".into()],
            experience: (0..roles)
                .map(|i| TailoredRole {
                    company: Some(format!("Compañía {i}")),
                    title: Some("Data Engineer".into()),
                    start: Some(CvDate::year_month(2015, 1)),
                    end: Some(CvDate::year_month(2016, 12)),
                    current: false,
                    bullets: vec![
                        format!("Built the nightly pipeline number {i} that feeds every report the finance team reads on Monday morning."),
                        "Cut the warehouse bill by moving cold tables to cheaper storage.".into(),
                    ],
                })
                .collect(),
            education: vec![Education {
                institution: Some("Universidad de Sevilla".into()),
                degree: Some("MSc".into()),
                field: Some("Informática".into()),
                graduation: Some(CvDate::year(2014)),
            }],
            certifications: vec![],
            source: WritingSource::Template,
            notice: None,
        }
    }

    #[test]
    fn a_tailored_cv_reads_back_with_its_text_and_accents() {
        let pdf = tailored_cv(&tailored(2)).unwrap_or_else(|e| panic!("{e}"));
        assert!(pdf.starts_with(b"%PDF-1.7"));
        let (text, pages) = read_back(&pdf);
        let text = squeeze(&text);
        assert_eq!(pages, 1);
        for expected in [
            "José Núñez",
            "Summary",
            "Ingeniero de datos: pipelines fiables, métricas claras.",
            "Python, SQL, Airflow",
            "Data Engineer, Compañía 1 (2015-01 – 2016-12)",
            "Built the nightly pipeline number 0 that feeds every report the finance team reads on Monday morning.",
            "MSc in Informática, Universidad de Sevilla (2014)",
        ] {
            assert!(text.contains(expected), "{expected:?} not in {text}");
        }
    }

    #[test]
    fn a_long_cv_breaks_onto_more_pages_and_keeps_every_role() {
        let pdf = tailored_cv(&tailored(30)).unwrap_or_else(|e| panic!("{e}"));
        let (text, pages) = read_back(&pdf);
        assert!(pages > 1, "{pages} page(s)");
        for i in 0..30 {
            assert!(text.contains(&format!("Compañía {i}")), "role {i} missing");
        }
    }

    #[test]
    fn a_cover_letter_reads_back_with_the_heading_and_every_paragraph() {
        let job = Job::open(
            JobId::new(),
            NewJob {
                source: "test".into(),
                external_id: "1".into(),
                title: "Data Engineer".into(),
                company: "Zoë & Co".into(),
                description: "Pipelines.".into(),
                required_skills: vec!["Python".into()],
                preferred_skills: vec![],
                location: "Remote".into(),
                remote: RemoteMode::Remote,
                employment_type: EmploymentType::FullTime,
                experience_level: JobLevel::Mid,
                salary: None,
                posted_at: time::macros::date!(2026 - 11 - 20),
                apply_url: "https://example.com".into(),
            },
        );
        let matched = JobMatch {
            job_id: job.id,
            match_score: 0.8,
            band: Band::of(0.8),
            matching_skills: vec!["Python".into()],
            missing_skills: vec![],
            recommendations: vec![],
            source: MatchSource::Rules,
            parts: ScoreParts {
                required_skills: 1.0,
                preferred_skills: None,
                title: 1.0,
                experience_level: 1.0,
                location: 1.0,
                salary: None,
                recency: 1.0,
                context: 0.5,
            },
        };
        let context = WritingContext {
            cv: ParsedCv {
                name: Some("José Núñez".into()),
                email: Some("jose.nunez@example.com".into()),
                ..ParsedCv::default()
            },
            cv_text: String::new(),
            job,
            matched,
        };
        let body = "I build data pipelines that people can rely on, and I would like to do that \
                    for your team. "
            .repeat(4);
        let letter = CoverLetter::new(
            Tone::Professional,
            vec![
                "Dear Zoë & Co hiring team,".into(),
                body.clone(),
                "Kind regards,\nJosé Núñez".into(),
            ],
            WritingSource::Template,
        );
        let pdf = cover_letter(&letter, &context).unwrap_or_else(|e| panic!("{e}"));
        let (text, pages) = read_back(&pdf);
        let text = squeeze(&text);
        assert_eq!(pages, 1);
        for expected in [
            "José Núñez",
            "jose.nunez@example.com",
            "Zoë & Co \u{2014} Data Engineer",
            "Dear Zoë & Co hiring team,",
            body.trim(),
            "Kind regards, José Núñez",
        ] {
            assert!(text.contains(expected), "{expected:?} not in {text}");
        }
    }
}
