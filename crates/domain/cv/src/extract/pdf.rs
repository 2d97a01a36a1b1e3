//! PDF text through pdf-extract's content-stream interpreter, which reports every glyph with
//! its text matrix; we keep the positions to rebuild lines and columns ourselves.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};

use super::layout::{Glyph, lines_from_glyphs};
use super::pdf_fonts;
use super::pdf_preflight::{self, LoadFailure};
use super::{DocumentFormat, ExtractError, ExtractLimits, ExtractedText, LinkTargets, join_lines};
#[cfg(test)]
use super::{MAX_LINK_TARGET_BYTES, MAX_LINK_TARGETS};

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
    let mut doc = match pdf_preflight::load(bytes, limits) {
        Ok(doc) => doc,
        Err(LoadFailure::Refused(refusal)) => return Err(refusal),
        Err(LoadFailure::Parse(e)) => return Err(load_error(bytes, &e)),
    };
    // lopdf decrypts on load when the empty user password opens the file (owner-password-only
    // PDFs are common for CVs); if it could not, the objects are still ciphertext.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt_or_truncated(bytes, "the PDF has no pages"));
    }
    // Before pdf-extract draws anything: its recursion has no guard of its own.
    pdf_preflight::check_graph(&doc, &pages, limits)?;
    pdf_fonts::patch_unmapped_fonts(&mut doc);
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
    let link_targets = link_targets(
        &doc,
        pages.values().copied().take(limits.max_pdf_pages as usize),
    );
    let lines = lines_from_glyphs(&sink.glyphs);
    if lines.is_empty() && !has_eof_marker(bytes) {
        return Err(ExtractError::Corrupt("the PDF is truncated".into()));
    }
    Ok(ExtractedText {
        format: DocumentFormat::Pdf,
        text: join_lines(&lines),
        lines,
        pages: pages.len().try_into().unwrap_or(u32::MAX),
        link_targets,
    })
}

/// Annotations looked at per page: a page with more is hostile or not a CV.
const MAX_ANNOTS_PER_PAGE: usize = 1_000;

/// The URIs of the `/Link` annotations with a `/URI` action on the given pages, in page order:
/// clickable words ("LinkedIn", "GitHub") whose address is nowhere in the text layer.
/// Malformed annotations are skipped; a page whose annotations panic lopdf costs that page.
pub(super) fn link_targets(doc: &Document, pages: impl Iterator<Item = ObjectId>) -> Vec<String> {
    let mut out = LinkTargets::default();
    for page in pages {
        if out.is_full() {
            break;
        }
        let _ = catch_unwind(AssertUnwindSafe(|| page_link_targets(doc, page, &mut out)));
    }
    out.into_vec()
}

fn page_link_targets(doc: &Document, page: ObjectId, out: &mut LinkTargets) {
    let Ok(page) = doc.get_dictionary(page) else {
        return;
    };
    let Some(Object::Array(annots)) = deref(doc, page.get(b"Annots").ok()) else {
        return;
    };
    for annot in annots.iter().take(MAX_ANNOTS_PER_PAGE) {
        if out.is_full() {
            return;
        }
        if let Some(Object::Dictionary(annot)) = deref(doc, Some(annot))
            && let Some(uri) = link_uri(doc, annot)
        {
            out.push_bytes(uri);
        }
    }
}

/// The URI of a `/Subtype /Link` annotation whose action (`/A`) is `/S /URI`.
fn link_uri<'a>(doc: &'a Document, annot: &'a Dictionary) -> Option<&'a [u8]> {
    let subtype = deref(doc, annot.get(b"Subtype").ok())?.as_name().ok()?;
    if subtype != b"Link" {
        return None;
    }
    let Object::Dictionary(action) = deref(doc, annot.get(b"A").ok())? else {
        return None;
    };
    let kind = deref(doc, action.get(b"S").ok())?.as_name().ok()?;
    if kind != b"URI" {
        return None;
    }
    deref(doc, action.get(b"URI").ok())?.as_str().ok()
}

/// Follows a reference (lopdf itself bounds chains of references).
fn deref<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(object?).ok().map(|(_, o)| o)
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

#[cfg(test)]
mod tests {
    use super::*;

    const ANNOTATED: &[u8] = include_bytes!("../../tests/fixtures/sam-carter-annotated-links.pdf");

    #[test]
    fn reads_uri_link_annotations_in_order() {
        let doc = Document::load_mem(ANNOTATED).unwrap();
        let targets = link_targets(&doc, doc.get_pages().values().copied());
        assert_eq!(
            targets,
            [
                "https://www.linkedin.com/in/samcarter/",
                "https://github.com/samcarter"
            ]
        );
        let extracted = extract(ANNOTATED, &ExtractLimits::default()).unwrap();
        assert_eq!(extracted.link_targets, targets);
    }

    #[test]
    fn skips_malformed_and_unwanted_annotations() {
        let mut doc = Document::load_mem(ANNOTATED).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let uri_action = |uri: Object| {
            Object::Dictionary(Dictionary::from_iter([
                ("S", Object::Name(b"URI".to_vec())),
                ("URI", uri),
            ]))
        };
        let link = |action: Object| {
            Object::Dictionary(Dictionary::from_iter([
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("A", action),
            ]))
        };
        let string = |s: &[u8]| Object::string_literal(s.to_vec());
        let long = format!("https://x.dev/{}", "a".repeat(MAX_LINK_TARGET_BYTES));
        let annots = vec![
            Object::Integer(7),
            Object::Reference((9_999, 0)),
            link(Object::Integer(1)),
            link(uri_action(Object::Integer(1))),
            link(uri_action(string(b"javascript:alert(1)"))),
            link(uri_action(string(b"file:///etc/passwd"))),
            link(uri_action(string(b"https://bad host.dev"))),
            link(uri_action(string(b"\xff\xfehttps://x"))),
            link(uri_action(string(long.as_bytes()))),
            Object::Dictionary(Dictionary::from_iter([
                ("Subtype", Object::Name(b"Widget".to_vec())),
                ("A", uri_action(string(b"https://widget.dev"))),
            ])),
            // Inline (not referenced) annotation dictionaries count too, and repeats are dropped.
            link(uri_action(string(b"mailto:sam@example.org"))),
            link(uri_action(string(b"mailto:sam@example.org"))),
            link(uri_action(string(b"  HTTPS://jane.dev  "))),
        ];
        doc.get_dictionary_mut(page)
            .unwrap()
            .set("Annots", Object::Array(annots));
        assert_eq!(
            link_targets(&doc, [page].into_iter()),
            ["mailto:sam@example.org", "HTTPS://jane.dev"]
        );
    }

    #[test]
    fn link_targets_are_capped() {
        let mut doc = Document::load_mem(ANNOTATED).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let annots = (0..MAX_LINK_TARGETS + 50)
            .map(|i| {
                let action = Dictionary::from_iter([
                    ("S", Object::Name(b"URI".to_vec())),
                    (
                        "URI",
                        Object::string_literal(format!("https://x.dev/{i}").into_bytes()),
                    ),
                ]);
                Object::Dictionary(Dictionary::from_iter([
                    ("Subtype", Object::Name(b"Link".to_vec())),
                    ("A", Object::Dictionary(action)),
                ]))
            })
            .collect();
        doc.get_dictionary_mut(page)
            .unwrap()
            .set("Annots", Object::Array(annots));
        assert_eq!(
            link_targets(&doc, [page].into_iter()).len(),
            MAX_LINK_TARGETS
        );
    }
}
