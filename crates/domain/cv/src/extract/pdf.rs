//! PDF text through pdf-extract's content-stream interpreter, which reports every glyph with
//! its text matrix; we keep the positions to rebuild lines and columns ourselves.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::layout::{Glyph, lines_from_glyphs};
use super::{DocumentFormat, ExtractError, ExtractLimits, ExtractedText, join_lines};

/// Glyphs beyond this are ignored: it bounds memory and the layout pass on hostile files.
const MAX_GLYPHS: usize = 400_000;

pub(super) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    // pdf-extract (and lopdf under it) panic on some malformed input instead of returning an
    // error; a panic here must become a refusal of the upload, never a crashed worker.
    match catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::Corrupt("the PDF could not be read".into())),
    }
}

fn extract_unguarded(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    let doc = Document::load_mem(bytes).map_err(|e| load_error(bytes, &e))?;
    // lopdf decrypts on load when the empty user password opens the file (owner-password-only
    // PDFs are common for CVs); if it could not, the objects are still ciphertext.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt_or_truncated(bytes, "the PDF has no pages"));
    }
    let mut sink = GlyphSink::default();
    let mut failures = 0;
    for &page in pages.keys().take(limits.max_pdf_pages as usize) {
        sink.page = page;
        // One unreadable page (an odd font, a broken stream) should not cost the others.
        let page_result = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut sink, page)
        }));
        if !matches!(page_result, Ok(Ok(()))) {
            failures += 1;
        }
    }
    if failures == pages.len().min(limits.max_pdf_pages as usize) {
        return Err(corrupt_or_truncated(
            bytes,
            "no page of the PDF could be read",
        ));
    }
    let lines = lines_from_glyphs(&sink.glyphs);
    if lines.is_empty() && !has_eof_marker(bytes) {
        return Err(ExtractError::Corrupt("the PDF is truncated".into()));
    }
    Ok(ExtractedText {
        format: DocumentFormat::Pdf,
        text: join_lines(&lines),
        lines,
        pages: pages.len().try_into().unwrap_or(u32::MAX),
    })
}

fn load_error(bytes: &[u8], err: &pdf_extract::Error) -> ExtractError {
    if matches!(
        err,
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword
    ) {
        return ExtractError::Encrypted;
    }
    corrupt_or_truncated(bytes, &format!("the PDF could not be parsed ({err})"))
}

fn corrupt_or_truncated(bytes: &[u8], why: &str) -> ExtractError {
    if has_eof_marker(bytes) {
        ExtractError::Corrupt(why.to_owned())
    } else {
        ExtractError::Corrupt(format!("{why}; the file looks truncated (no %%EOF)"))
    }
}

/// A complete PDF ends with `%%EOF` (give or take trailing whitespace or junk).
fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

#[derive(Default)]
struct GlyphSink {
    page: u32,
    glyphs: Vec<Glyph>,
}

impl OutputDev for GlyphSink {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs.len() >= MAX_GLYPHS {
            return Ok(());
        }
        // The rendering matrix excludes the font size; its determinant gives the scale.
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        self.glyphs.push(Glyph {
            page: self.page,
            x: trm.m31 as f32,
            y: trm.m32 as f32,
            advance: (width * size + spacing * scale) as f32,
            size: size as f32,
            text: text.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
