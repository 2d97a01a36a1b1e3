//! The PDF preflight: bounds checked before pdf-extract walks a document, so that a hostile
//! file is refused instead of exhausting memory or the stack. It is the second wall; the
//! server also runs extraction in a resource-limited child process.
//!
//! - **Inflation.** lopdf inflates streams to their end with no cap, and a filter chain
//!   (`[/FlateDecode /FlateDecode]`) multiplies the ratio. Every stream is inflated here first,
//!   through its whole filter chain, into a buffer that stops at the per-stream cap; the sizes
//!   are summed against the per-document cap. This runs as lopdf's load filter, so it sees an
//!   object stream before lopdf unpacks it (the one inflation lopdf does while loading).
//! - **Graph.** pdf-extract draws Form XObjects recursively and follows `/Parent` for
//!   inherited resources, with no depth or cycle check: a self-drawing form or a 20,000-deep
//!   chain overflows the stack, which no `catch_unwind` can catch. The preflight replays what
//!   pdf-extract will draw (page content, then each `Do` of a form, with the same resource
//!   lookup), refusing cycles, nesting deeper than the limit, and more operators than the limit.
//!
//! Residual: an encrypted file's object streams and any cross-reference stream are inflated
//! by lopdf before a load filter sees them; for those the process isolation is the only wall.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::{ExtractError, ExtractLimits};

/// Filters in one stream's chain; real files use one or two.
const MAX_FILTERS: usize = 4;
/// `/Parent` links followed from a page; lopdf's own page-tree walk stops at 256.
const MAX_PARENT_CHAIN: usize = 256;

/// Loads `bytes` with every stream's inflation checked against `limits` first.
pub(super) fn load(bytes: &[u8], limits: &ExtractLimits) -> Result<Document, LoadFailure> {
    BUDGET.with(|b| *b.borrow_mut() = Some(Budget::new(limits)));
    let loaded = Document::load_mem_with_options(
        bytes,
        LoadOptions {
            filter: Some(guard_object),
            ..LoadOptions::default()
        },
    );
    let budget = BUDGET.with(|b| b.borrow_mut().take());
    let mut budget = budget.unwrap_or_else(|| Budget::new(limits));
    if let Some(why) = budget.refused.take() {
        return Err(LoadFailure::Refused(ExtractError::TooComplex(why)));
    }
    let doc = loaded.map_err(LoadFailure::Parse)?;
    // lopdf skips the load filter for encrypted files: check their streams now, before any
    // content stream is inflated (object streams, alas, already were).
    if doc.is_encrypted() || doc.was_encrypted() {
        for object in doc.objects.values() {
            if let Object::Stream(stream) = object {
                budget.charge(stream).map_err(refused)?;
            }
        }
    }
    if doc.objects.len() > limits.max_pdf_objects {
        return Err(refused(format!(
            "more than {} objects",
            limits.max_pdf_objects
        )));
    }
    Ok(doc)
}

pub(super) enum LoadFailure {
    Refused(ExtractError),
    Parse(pdf_extract::Error),
}

fn refused(why: String) -> LoadFailure {
    LoadFailure::Refused(ExtractError::TooComplex(why))
}

thread_local! {
    /// lopdf's load filter is a plain `fn`, so the running budget lives here for the length
    /// of one [`load`] on this thread (lopdf is built without its parallel loader).
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

struct Budget {
    per_stream: u64,
    remaining: u64,
    objects: usize,
    max_objects: usize,
    refused: Option<String>,
}

impl Budget {
    fn new(limits: &ExtractLimits) -> Self {
        Self {
            per_stream: limits.max_pdf_stream_bytes,
            remaining: limits.max_pdf_inflated_bytes,
            objects: 0,
            max_objects: limits.max_pdf_objects,
            refused: None,
        }
    }

    fn charge(&mut self, stream: &Stream) -> Result<(), String> {
        let inflated = inflated_len(stream, self.per_stream)?;
        self.remaining = self
            .remaining
            .checked_sub(inflated)
            .ok_or_else(|| "its streams inflate beyond the per-document limit".to_string())?;
        Ok(())
    }
}

/// lopdf's load filter: counts objects, drops image data (never read for text, and
/// pdf-extract would otherwise interpret a drawn image's bytes as operators), and charges
/// every other stream's inflated size. After a refusal every object is dropped, so loading
/// finishes quickly and [`load`] reports the refusal.
fn guard_object(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    BUDGET.with(|cell| {
        let mut cell = cell.borrow_mut();
        let Some(budget) = cell.as_mut() else {
            return Some((id, object.clone()));
        };
        if budget.refused.is_some() {
            return None;
        }
        budget.objects += 1;
        if budget.objects > budget.max_objects {
            budget.refused = Some(format!("more than {} objects", budget.max_objects));
            return None;
        }
        if let Object::Stream(stream) = object {
            if is_image(stream) {
                stream.content = Vec::new();
            } else if let Err(why) = budget.charge(stream) {
                budget.refused = Some(why);
                return None;
            }
        }
        Some((id, object.clone()))
    })
}

fn is_image(stream: &Stream) -> bool {
    matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image")
}

/// The size of `stream` once its filter chain is undone as lopdf would undo it, or why it is
/// refused. Only inflating filters can grow data; lopdf does not decode the image codecs.
fn inflated_len(stream: &Stream, cap: u64) -> Result<u64, String> {
    let filters = match stream.dict.get(b"Filter") {
        Err(_) => return Ok(stream.content.len() as u64),
        Ok(Object::Name(name)) => vec![name.as_slice()],
        Ok(Object::Array(names)) => names.iter().filter_map(|n| n.as_name().ok()).collect(),
        // lopdf refuses to decode a stream with any other /Filter.
        Ok(_) => return Ok(stream.content.len() as u64),
    };
    if filters.len() > MAX_FILTERS {
        return Err(format!("a stream has more than {MAX_FILTERS} filters"));
    }
    let mut data: Option<Vec<u8>> = None;
    for filter in filters {
        let input = data.as_deref().unwrap_or(&stream.content);
        let output = match filter {
            b"FlateDecode" => inflate_capped(input, cap)?,
            b"ASCII85Decode" => {
                // Base-85 turns at most one byte into four (`z`), so check before decoding.
                if input.len() as u64 > cap / 4 {
                    return Err("an ASCII85 stream is beyond the per-stream limit".into());
                }
                let mut a85 = Stream::new(Dictionary::new(), input.to_vec());
                a85.dict
                    .set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                a85.decompressed_content().unwrap_or_default()
            }
            b"LZWDecode" => {
                return Err("LZW-compressed streams are not accepted (no capped decoder)".into());
            }
            // Image codecs and the rest: lopdf stops here too.
            _ => break,
        };
        data = Some(output);
    }
    Ok(data.map_or(stream.content.len(), |d| d.len()) as u64)
}

/// Inflates as lopdf does (zlib, else raw deflate after the two header bytes when zlib yields
/// nothing), but never past `cap` bytes.
fn inflate_capped(input: &[u8], cap: u64) -> Result<Vec<u8>, String> {
    let mut output = Vec::new();
    let zlib = read_capped(ZlibDecoder::new(input), cap, &mut output);
    if zlib.is_err() && output.is_empty() && input.len() > 2 {
        read_capped(DeflateDecoder::new(&input[2..]), cap, &mut output).ok();
    }
    if output.len() as u64 > cap {
        return Err(format!(
            "a stream inflates beyond {} MiB",
            cap / (1024 * 1024)
        ));
    }
    Ok(output)
}

/// Reads at most `cap + 1` bytes (one more than allowed, to tell "at the cap" from "over").
fn read_capped(reader: impl Read, cap: u64, output: &mut Vec<u8>) -> std::io::Result<usize> {
    reader.take(cap.saturating_add(1)).read_to_end(output)
}

/// Replays what pdf-extract will draw on the first `limits.max_pdf_pages` pages and refuses
/// the document if that would recurse too deep, loop, or run too many operators.
pub(super) fn check_graph(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
    limits: &ExtractLimits,
) -> Result<(), ExtractError> {
    if pages.len() > limits.max_pdf_page_tree {
        return Err(ExtractError::TooComplex(format!(
            "more than {} pages",
            limits.max_pdf_page_tree
        )));
    }
    let mut walk = Walk {
        doc,
        limits,
        operators: 0,
        forms: HashMap::new(),
        drawing: Vec::new(),
    };
    for &page in pages.values().take(limits.max_pdf_pages as usize) {
        let Ok(page_dict) = doc.get_dictionary(page) else {
            continue;
        };
        let resources = inherited_resources(doc, page_dict)?;
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        walk.draw(&content, resources, 0)?;
    }
    Ok(())
}

/// The page's `/Resources`, looked up through `/Parent` as pdf-extract does. The whole chain
/// is checked for loops and length first: pdf-extract recurses along it unguarded for every
/// inherited key (`/Resources`, `/MediaBox`, ...) a page lacks.
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
) -> Result<Option<&'a Dictionary>, ExtractError> {
    let mut seen = HashSet::new();
    let mut resources = None;
    let mut node = Some(page);
    let mut steps = 0;
    while let Some(dict) = node {
        steps += 1;
        if steps > MAX_PARENT_CHAIN {
            return Err(ExtractError::TooComplex(
                "its page tree is nested too deeply".into(),
            ));
        }
        if resources.is_none() {
            resources = deref_dict(doc, dict.get(b"Resources").ok());
        }
        node = match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) if !seen.insert(parent) => {
                return Err(ExtractError::TooComplex(
                    "its page tree's /Parent links form a loop".into(),
                ));
            }
            Ok(parent) => doc.get_dictionary(parent).ok(),
            Err(_) => None,
        };
    }
    Ok(resources)
}

fn deref_dict<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Dictionary> {
    match object? {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

struct Walk<'a> {
    doc: &'a Document,
    limits: &'a ExtractLimits,
    operators: usize,
    /// Per form: its operator count and the XObject names it draws, decoded once.
    forms: HashMap<ObjectId, (usize, Vec<Vec<u8>>)>,
    /// The forms being drawn, outermost first: a form found here again is a cycle.
    drawing: Vec<ObjectId>,
}

impl<'a> Walk<'a> {
    fn draw(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let (count, names) = scan_content(content);
        self.visit(count, &names, resources, depth)
    }

    fn visit(
        &mut self,
        count: usize,
        names: &[Vec<u8>],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), ExtractError> {
        self.operators += count;
        if self.operators > self.limits.max_pdf_operators {
            return Err(ExtractError::TooComplex(format!(
                "more than {} drawing operators",
                self.limits.max_pdf_operators
            )));
        }
        for name in names {
            let Some((id, form)) = self.xobject(resources, name) else {
                continue;
            };
            if self.drawing.contains(&id) {
                return Err(ExtractError::TooComplex(
                    "a form XObject draws itself".into(),
                ));
            }
            if depth + 1 > self.limits.max_pdf_xobject_depth {
                return Err(ExtractError::TooComplex(format!(
                    "form XObjects are nested more than {} deep",
                    self.limits.max_pdf_xobject_depth
                )));
            }
            let form_resources =
                deref_dict(self.doc, form.dict.get(b"Resources").ok()).or(resources);
            let (count, inner) = self
                .forms
                .entry(id)
                .or_insert_with(|| scan_content(&form_content(form)))
                .clone();
            self.drawing.push(id);
            self.visit(count, &inner, form_resources, depth + 1)?;
            self.drawing.pop();
        }
        Ok(())
    }

    /// The stream `name` refers to in the resources' `/XObject` dictionary, as pdf-extract
    /// finds it (any stream: it does not check the subtype). Only referenced streams can
    /// recurse, so an inline one is skipped.
    fn xobject(
        &self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Option<(ObjectId, &'a Stream)> {
        let xobjects = deref_dict(self.doc, resources?.get(b"XObject").ok())?;
        let id = xobjects.get(name).ok()?.as_reference().ok()?;
        let stream = self.doc.get_object(id).ok()?.as_stream().ok()?;
        Some((id, stream))
    }
}

fn form_content(form: &Stream) -> Vec<u8> {
    form.decompressed_content()
        .unwrap_or_else(|_| form.content.clone())
}

/// The number of operators in a content stream and the names its `Do` operators draw.
fn scan_content(content: &[u8]) -> (usize, Vec<Vec<u8>>) {
    let Ok(content) = Content::decode(content) else {
        return (0, Vec::new());
    };
    let names = content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect();
    (content.operations.len(), names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflate_stops_at_the_cap() {
        use flate2::{Compression, write::ZlibEncoder};
        use std::io::Write;
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![0u8; 1024 * 1024]).unwrap();
        let packed = encoder.finish().unwrap();
        assert_eq!(
            inflate_capped(&packed, 2 * 1024 * 1024).unwrap().len(),
            1024 * 1024
        );
        assert!(inflate_capped(&packed, 1024).is_err());
    }
}
