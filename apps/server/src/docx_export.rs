//! Cover letters and tailored CVs as Word documents (docx-rs): one plain font, real headings,
//! spacing between paragraphs, nothing a reader has to fix before sending.

use docx_rs::{BreakType, Docx, LineSpacing, Paragraph, Run, RunFonts};
use jobr_applications::{CoverLetter, TailoredCv, TailoredRole, WritingContext};
use jobr_cv::{CvDate, Education};
use std::io::Cursor;

#[derive(Debug, thiserror::Error)]
#[error("the DOCX document could not be written")]
pub struct ExportError(#[source] Box<dyn std::error::Error + Send + Sync>);

const FONT: &str = "Calibri";
/// Half-points: 11 pt body, 12 pt section headings, 18 pt name.
const BODY: usize = 22;
const HEADING: usize = 24;
const TITLE: usize = 36;
/// Twentieths of a point after each paragraph.
const SPACE_AFTER: u32 = 160;

fn document() -> Docx {
    Docx::new()
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT))
        .default_size(BODY)
}

/// A paragraph of text; a newline inside becomes a line break.
fn text(content: &str, size: usize, bold: bool) -> Paragraph {
    let mut run = Run::new().size(size);
    if bold {
        run = run.bold();
    }
    for (i, line) in content.lines().enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new()
        .add_run(run)
        .line_spacing(LineSpacing::new().after(SPACE_AFTER))
}

fn pack(doc: Docx) -> Result<Vec<u8>, ExportError> {
    let mut buffer = Cursor::new(Vec::new());
    doc.pack(&mut buffer)
        .map_err(|e| ExportError(Box::new(e)))?;
    Ok(buffer.into_inner())
}

pub fn cover_letter(
    letter: &CoverLetter,
    context: &WritingContext,
) -> Result<Vec<u8>, ExportError> {
    let mut doc = document();
    if let Some(name) = &context.cv.name {
        doc = doc.add_paragraph(text(name, HEADING, true));
    }
    let contact: Vec<&str> = [&context.cv.email, &context.cv.phone, &context.cv.location]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !contact.is_empty() {
        doc = doc.add_paragraph(text(&contact.join(" | "), BODY, false));
    }
    let job = &context.job.details;
    doc = doc.add_paragraph(text(
        &format!("{} \u{2014} {}", job.company, job.title),
        BODY,
        true,
    ));
    for paragraph in &letter.paragraphs {
        doc = doc.add_paragraph(text(paragraph, BODY, false));
    }
    pack(doc)
}

/// "2020-01 – present", as both exports print a role's dates.
pub(crate) fn dates(start: Option<CvDate>, end: Option<CvDate>, current: bool) -> String {
    let end = if current {
        Some("present".to_owned())
    } else {
        end.map(|d| d.to_string())
    };
    match (start.map(|d| d.to_string()), end) {
        (Some(s), Some(e)) => format!("{s} \u{2013} {e}"),
        (Some(s), None) => s,
        (None, Some(e)) => e,
        (None, None) => String::new(),
    }
}

/// "Data Scientist, Zillow (2020-03 – present)", as both exports print a role's head.
pub(crate) fn role_line(role: &TailoredRole) -> String {
    let heading = [role.title.as_deref(), role.company.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let when = dates(role.start, role.end, role.current);
    if when.is_empty() {
        heading
    } else {
        format!("{heading} ({when})")
    }
}

/// "M.S. in Statistics, University of Washington (2017)", as both exports print it.
pub(crate) fn education_line(education: &Education) -> String {
    let degree = [education.degree.as_deref(), education.field.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" in ");
    let mut line = [
        Some(degree.as_str()).filter(|d| !d.is_empty()),
        education.institution.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    if let Some(year) = education.graduation {
        line.push_str(&format!(" ({year})"));
    }
    line
}

pub fn tailored_cv(cv: &TailoredCv) -> Result<Vec<u8>, ExportError> {
    let mut doc = document();
    if let Some(name) = &cv.name {
        doc = doc.add_paragraph(text(name, TITLE, true));
    }
    if !cv.contact.is_empty() {
        doc = doc.add_paragraph(text(&cv.contact.join(" | "), BODY, false));
    }
    if !cv.summary.is_empty() {
        doc = doc
            .add_paragraph(text("Summary", HEADING, true))
            .add_paragraph(text(&cv.summary, BODY, false));
    }
    if !cv.skills.is_empty() {
        doc = doc
            .add_paragraph(text("Skills", HEADING, true))
            .add_paragraph(text(&cv.skills.join(", "), BODY, false));
    }
    if !cv.experience.is_empty() {
        doc = doc.add_paragraph(text("Experience", HEADING, true));
        for role in &cv.experience {
            let line = role_line(role);
            doc = doc.add_paragraph(text(&line, BODY, true));
            for bullet in &role.bullets {
                doc = doc.add_paragraph(text(&format!("\u{2022} {bullet}"), BODY, false));
            }
        }
    }
    if !cv.education.is_empty() {
        doc = doc.add_paragraph(text("Education", HEADING, true));
        for education in &cv.education {
            doc = doc.add_paragraph(text(&education_line(education), BODY, false));
        }
    }
    if !cv.certifications.is_empty() {
        doc = doc
            .add_paragraph(text("Certifications", HEADING, true))
            .add_paragraph(text(&cv.certifications.join(", "), BODY, false));
    }
    pack(doc)
}
