//! Text extraction from uploaded CV files. The format is sniffed from the bytes, never taken
//! from the file name or the client's content type, which are both untrusted.

mod docx;
mod layout;
mod pdf;
mod pdf_fonts;
mod pdf_preflight;
mod txt;

pub use layout::{Glyph, lines_from_glyphs};

/// What the extractor found in a file: plain text plus the lines it was built from, with
/// position and style where the format tells them (the section detector uses them).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedText {
    pub format: DocumentFormat,
    /// Lines joined with `\n`; columns of a two-column page come one after the other.
    pub text: String,
    pub lines: Vec<TextLine>,
    pub pages: u32,
    /// Link targets the file carries outside its text layer (PDF `/Link` annotations with a
    /// `/URI` action, DOCX external hyperlinks), in document order, deduplicated: only
    /// `http`, `https` and `mailto`, at most [`MAX_LINK_TARGETS`] of at most
    /// [`MAX_LINK_TARGET_BYTES`] bytes each. Empty for plain text.
    pub link_targets: Vec<String>,
}

/// Link targets kept per document.
pub const MAX_LINK_TARGETS: usize = 200;
/// Longer link targets are dropped, not cut (a cut URL points elsewhere).
pub const MAX_LINK_TARGET_BYTES: usize = 2_048;

/// Collects link targets under the bounds above.
#[derive(Debug, Default)]
pub(crate) struct LinkTargets(Vec<String>);

impl LinkTargets {
    pub(crate) fn is_full(&self) -> bool {
        self.0.len() >= MAX_LINK_TARGETS
    }

    /// Keeps `raw` if it is a bounded, printable ASCII `http(s)` or `mailto` URI.
    pub(crate) fn push_bytes(&mut self, raw: &[u8]) {
        if self.is_full() || raw.len() > MAX_LINK_TARGET_BYTES {
            return;
        }
        let Ok(uri) = std::str::from_utf8(raw) else {
            return;
        };
        let uri = uri.trim();
        let allowed = ["http://", "https://", "mailto:"].iter().any(|scheme| {
            uri.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        });
        if allowed
            && uri.len() > "mailto:".len()
            && uri.bytes().all(|b| b.is_ascii_graphic())
            && !self.0.iter().any(|u| u == uri)
        {
            self.0.push(uri.to_owned());
        }
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Txt,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// 1-based page (DOCX and TXT have one logical page).
    pub page: u32,
    /// 0 for a single column page, else 0 (left) or 1 (right).
    pub column: u8,
    /// Left edge and baseline in PDF points from the page's bottom left; `None` outside PDFs.
    pub x: Option<f32>,
    pub y: Option<f32>,
    pub font_size: Option<f32>,
    /// `None` when the format does not say (pdf-extract does not expose font names).
    pub bold: Option<bool>,
}

impl TextLine {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            page: 1,
            column: 0,
            x: None,
            y: None,
            font_size: None,
            bold: None,
        }
    }
}

/// Serialisable so an isolated worker can report it to the server as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("unsupported file type: {0}")]
    UnsupportedType(String),
    #[error(
        "the PDF has no text layer (probably a scan); upload a PDF with selectable text, or a DOCX"
    )]
    NoTextLayer,
    #[error("the document is password protected; upload an unprotected copy")]
    Encrypted,
    #[error("the file is corrupt or truncated: {0}")]
    Corrupt(String),
    #[error("the file is too large ({size} bytes, limit {limit})")]
    TooLarge { size: usize, limit: usize },
    #[error("the archive inflates beyond safe limits: {0}")]
    ZipBomb(String),
    /// The PDF preflight refused the file before any parser walked it: it inflates beyond
    /// the caps, or its structure is deeper, larger or more cyclic than a CV ever is.
    #[error("the PDF is built in a way that cannot be read safely: {0}")]
    TooComplex(String),
}

/// Bounds on the work one extraction may do; the defaults suit CV uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtractLimits {
    pub max_input_bytes: usize,
    /// Pages read for text; later pages are ignored.
    pub max_pdf_pages: u32,
    /// A page tree with more pages than this is refused (no CV has a thousand pages).
    pub max_pdf_page_tree: usize,
    /// Objects in a PDF (indirect objects, counting those inside object streams).
    pub max_pdf_objects: usize,
    /// Inflated bytes of one PDF stream, after its whole filter chain.
    pub max_pdf_stream_bytes: u64,
    /// Inflated bytes of all a PDF's streams together.
    pub max_pdf_inflated_bytes: u64,
    /// Form XObjects drawn inside one another, page content being depth 0.
    pub max_pdf_xobject_depth: usize,
    /// Content-stream operators over the pages read, Form XObjects counted each time drawn.
    pub max_pdf_operators: usize,
    pub max_zip_entries: usize,
    pub max_entry_inflated_bytes: u64,
    pub max_total_inflated_bytes: u64,
    /// Text beyond this many characters is dropped (no CV is a novel).
    pub max_text_chars: usize,
}

impl Default for ExtractLimits {
    fn default() -> Self {
        Self {
            max_input_bytes: 20 * 1024 * 1024,
            max_pdf_pages: 40,
            max_pdf_page_tree: 1_000,
            max_pdf_objects: 200_000,
            max_pdf_stream_bytes: 32 * 1024 * 1024,
            max_pdf_inflated_bytes: 64 * 1024 * 1024,
            max_pdf_xobject_depth: 16,
            max_pdf_operators: 2_000_000,
            max_zip_entries: 2_000,
            max_entry_inflated_bytes: 20 * 1024 * 1024,
            max_total_inflated_bytes: 50 * 1024 * 1024,
            max_text_chars: 500_000,
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Extracts text with the default limits.
pub fn extract(bytes: &[u8]) -> Result<ExtractedText, ExtractError> {
    extract_with_limits(bytes, &ExtractLimits::default())
}

pub fn extract_with_limits(
    bytes: &[u8],
    limits: &ExtractLimits,
) -> Result<ExtractedText, ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > limits.max_input_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let mut out = match sniff(bytes) {
        Sniffed::Pdf => pdf::extract(bytes, limits)?,
        Sniffed::Zip => docx::extract(bytes, limits)?,
        Sniffed::Ole if is_encrypted_ooxml(bytes) => return Err(ExtractError::Encrypted),
        Sniffed::Ole => {
            return Err(ExtractError::UnsupportedType(
                "legacy Word .doc files are not supported; save it as DOCX or PDF and upload again"
                    .into(),
            ));
        }
        Sniffed::Rtf => {
            return Err(ExtractError::UnsupportedType(
                "RTF is not supported; save it as DOCX or PDF and upload again".into(),
            ));
        }
        Sniffed::Other => txt::extract(bytes)?,
    };
    strip_control_chars(&mut out);
    truncate_chars(&mut out, limits.max_text_chars);
    if out.text.trim().is_empty() {
        return Err(match out.format {
            DocumentFormat::Pdf => ExtractError::NoTextLayer,
            _ => ExtractError::Empty,
        });
    }
    Ok(out)
}

enum Sniffed {
    Pdf,
    Zip,
    Ole,
    Rtf,
    Other,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    // Readers accept a PDF header anywhere in the first KiB (some generators prepend junk).
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        Sniffed::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Sniffed::Zip
    } else if bytes.starts_with(OLE_MAGIC) {
        Sniffed::Ole
    } else if bytes.starts_with(b"{\\rtf") {
        Sniffed::Rtf
    } else {
        Sniffed::Other
    }
}

/// A password-protected DOCX is an OLE container holding an `EncryptedPackage` stream; its
/// directory entry name is UTF-16LE.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Control characters carry no meaning in a CV and some are refused downstream (PostgreSQL
/// rejects NUL in text), so they go; newline and tab are kept in the joined text.
fn strip_control_chars(out: &mut ExtractedText) {
    let keep = |c: char, allowed: &[char]| !c.is_control() || allowed.contains(&c);
    if out.text.chars().any(|c| !keep(c, &['\n', '\t'])) {
        out.text.retain(|c| keep(c, &['\n', '\t']));
    }
    for line in &mut out.lines {
        if line.text.chars().any(|c| !keep(c, &['\t'])) {
            line.text.retain(|c| keep(c, &['\t']));
        }
    }
}

fn truncate_chars(out: &mut ExtractedText, max: usize) {
    if let Some((cut, _)) = out.text.char_indices().nth(max) {
        out.text.truncate(cut);
    }
}

/// Builds the joined text of lines; kept in one place so every format joins the same way.
fn join_lines(lines: &[TextLine]) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(&line.text);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_are_empty() {
        assert_eq!(extract(b""), Err(ExtractError::Empty));
        assert_eq!(extract(b" \n\t "), Err(ExtractError::Empty));
    }

    #[test]
    fn ole_header_is_refused_with_advice() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend_from_slice(&[0; 600]);
        let err = extract(&bytes).unwrap_err();
        assert!(matches!(&err, ExtractError::UnsupportedType(m) if m.contains("DOCX or PDF")));
    }

    #[test]
    fn control_characters_are_stripped_but_newlines_kept() {
        let text = b"Jane\0 Doe\nSenior engineer in London, ten years of Rust and Go\x07\r\nEmail: jane@example.org\x1b\n";
        let out = extract(text).unwrap();
        assert_eq!(
            out.text,
            "Jane Doe\nSenior engineer in London, ten years of Rust and Go\nEmail: jane@example.org\n"
        );
        assert!(
            out.lines
                .iter()
                .all(|l| !l.text.chars().any(char::is_control))
        );
    }

    #[test]
    fn a_text_of_only_nuls_is_refused_as_not_text() {
        assert!(matches!(
            extract(&[0u8; 4096]),
            Err(ExtractError::UnsupportedType(_))
        ));
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let limits = ExtractLimits {
            max_input_bytes: 10,
            ..ExtractLimits::default()
        };
        assert!(matches!(
            extract_with_limits(b"hello there world", &limits),
            Err(ExtractError::TooLarge {
                size: 17,
                limit: 10
            })
        ));
    }
}
