//! DOCX: a zip of XML parts. We read headers and the main document, paragraph by paragraph
//! (table cells in order, so a two-column layout table reads column by column).
//!
//! Every read is bounded (entry count, inflated bytes per entry and in total, counted while
//! inflating, since sizes in the zip directory can lie) so a zip bomb is refused, not inflated.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::{
    DocumentFormat, ExtractError, ExtractLimits, ExtractedText, LinkTargets, TextLine, join_lines,
};

const MAIN_PART: &str = "word/document.xml";
const MAIN_RELS: &str = "word/_rels/document.xml.rels";

pub(super) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    if archive.len() > limits.max_zip_entries {
        return Err(ExtractError::ZipBomb(format!(
            "{} entries (limit {})",
            archive.len(),
            limits.max_zip_entries
        )));
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if !names.iter().any(|n| n == MAIN_PART) {
        return Err(ExtractError::UnsupportedType(
            "a zip archive that is not a Word document; upload a PDF, DOCX or TXT".into(),
        ));
    }
    let mut headers: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .collect();
    headers.sort();

    let mut budget = limits.max_total_inflated_bytes;
    // Contact details often sit in the page header, so headers come first. Word repeats a
    // header per page kind (first, even, default), so each header line is kept once.
    let mut lines: Vec<TextLine> = Vec::new();
    for part in headers {
        let xml = read_entry(
            &mut archive,
            part,
            limits.max_entry_inflated_bytes,
            &mut budget,
        )?;
        for line in paragraphs(&xml)? {
            if !lines.iter().any(|l| l.text == line.text) {
                lines.push(line);
            }
        }
    }
    let xml = read_entry(
        &mut archive,
        MAIN_PART,
        limits.max_entry_inflated_bytes,
        &mut budget,
    )?;
    lines.extend(paragraphs(&xml)?);
    // Hyperlink targets are a bonus: a damaged or oversized relationships part costs them only.
    let link_targets = if names.iter().any(|n| n == MAIN_RELS) {
        read_entry(
            &mut archive,
            MAIN_RELS,
            limits.max_entry_inflated_bytes,
            &mut budget,
        )
        .map(|xml| external_hyperlinks(&xml))
        .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(ExtractedText {
        format: DocumentFormat::Docx,
        text: join_lines(&lines),
        lines,
        pages: 1,
        link_targets,
    })
}

fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    entry_limit: u64,
    budget: &mut u64,
) -> Result<Vec<u8>, ExtractError> {
    let entry = archive.by_name(name).map_err(zip_error)?;
    if entry.encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let limit = entry_limit.min(*budget);
    if entry.size() > limit {
        return Err(ExtractError::ZipBomb(format!(
            "{name} declares {} bytes inflated",
            entry.size()
        )));
    }
    let mut out = Vec::new();
    // One byte over the limit is enough to know the limit was passed.
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt(format!("cannot inflate {name}: {e}")))?;
    let read = out.len() as u64;
    if read > limit {
        return Err(ExtractError::ZipBomb(format!(
            "{name} inflates past {limit} bytes"
        )));
    }
    *budget -= read;
    Ok(out)
}

fn zip_error(err: ZipError) -> ExtractError {
    match err {
        ZipError::InvalidPassword => ExtractError::Encrypted,
        ZipError::UnsupportedArchive(m) if m.to_lowercase().contains("password") => {
            ExtractError::Encrypted
        }
        other => ExtractError::Corrupt(format!("the DOCX archive is damaged ({other})")),
    }
}

#[derive(Default)]
struct Paragraph {
    text: String,
    any_run: bool,
    all_bold: bool,
    max_half_points: Option<u32>,
    heading_style: bool,
    list_item: bool,
}

/// Walks WordprocessingML, emitting one line per paragraph (and per explicit line break).
fn paragraphs(xml: &[u8]) -> Result<Vec<TextLine>, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut lines = Vec::new();
    let mut para = Paragraph::default();
    let mut in_text = false;
    let mut in_run_props = false;
    let mut run_bold = false;
    // Depth inside parts whose text is not shown (deleted text, field codes, fallbacks).
    let mut hidden_depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ExtractError::Corrupt(format!("the DOCX XML is malformed ({e})")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "delText" | "instrText" | "Fallback" => hidden_depth += 1,
                    "p" => flush(&mut para, &mut lines),
                    "r" => run_bold = false,
                    "rPr" => in_run_props = true,
                    "t" => in_text = true,
                    // Numbered and bulleted paragraphs carry their marker in numbering, not text.
                    "numPr" => para.list_item = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if hidden_depth > 0 {
                    continue;
                }
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "tab" => para.text.push_str("   "),
                    "br" | "cr" => flush(&mut para, &mut lines),
                    "b" if in_run_props => run_bold = on_off(&e),
                    "sz" if in_run_props => {
                        if let Some(v) = attr(&e, "val").and_then(|v| v.parse::<u32>().ok()) {
                            para.max_half_points =
                                Some(para.max_half_points.map_or(v, |m| m.max(v)));
                        }
                    }
                    "pStyle" => {
                        let style = attr(&e, "val").unwrap_or_default().to_lowercase();
                        para.heading_style = style.starts_with("heading") || style == "title";
                        para.list_item |= style.starts_with("list");
                    }
                    _ => {}
                }
            }
            Event::End(e) => match <_ as AsRef<str>>::as_ref(&e.local_name()) {
                "delText" | "instrText" | "Fallback" => {
                    hidden_depth = hidden_depth.saturating_sub(1)
                }
                "p" => flush(&mut para, &mut lines),
                "tc" => flush(&mut para, &mut lines),
                "rPr" => in_run_props = false,
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text && hidden_depth == 0 => {
                let text = t.xml10_content();
                push_run_text(&mut para, &text, run_bold);
            }
            Event::GeneralRef(r) if in_text && hidden_depth == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    push_run_text(&mut para, c.encode_utf8(&mut [0; 4]), run_bold);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    flush(&mut para, &mut lines);
    Ok(lines)
}

fn push_run_text(para: &mut Paragraph, text: &str, bold: bool) {
    if text.trim().is_empty() {
        para.text.push_str(text);
        return;
    }
    para.all_bold = if para.any_run {
        para.all_bold && bold
    } else {
        bold
    };
    para.any_run = true;
    para.text.push_str(text);
}

fn flush(para: &mut Paragraph, lines: &mut Vec<TextLine>) {
    let p = std::mem::take(para);
    let text = p.text.trim();
    if text.is_empty() {
        return;
    }
    let mut line = TextLine::plain(if p.list_item {
        format!("• {text}")
    } else {
        text.to_owned()
    });
    line.bold = Some(p.all_bold || p.heading_style);
    line.font_size = p.max_half_points.map(|hp| hp as f32 / 2.0);
    lines.push(line);
}

/// Targets of the external hyperlink relationships of the main part, in file order; stops at
/// the first XML error, keeping what it found.
fn external_hyperlinks(xml: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = LinkTargets::default();
    let mut buf = Vec::new();
    while !out.is_full() {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if <_ as AsRef<str>>::as_ref(&e.local_name()) == "Relationship" =>
            {
                let external = attr(&e, "TargetMode").as_deref() == Some("External");
                let hyperlink = attr(&e, "Type").is_some_and(|t| t.ends_with("/hyperlink"));
                if external
                    && hyperlink
                    && let Some(target) = attr(&e, "Target")
                {
                    out.push_bytes(target.replace("&amp;", "&").as_bytes());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out.into_vec()
}

/// `<w:b/>` is on; `<w:b w:val="0"/>` or `"false"` is off.
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_hyperlink_relationships_become_link_targets() {
        let rels = br##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.linkedin.com/in/jane/?a=1&amp;b=2" TargetMode="External"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="\\server\share" TargetMode="External"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:jane@example.com" TargetMode="External"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="#_Toc1"/>
<Relationship Id="rId6" Type="http://x/hyperlink" Target="https://broken"##;
        assert_eq!(
            external_hyperlinks(rels),
            [
                "https://www.linkedin.com/in/jane/?a=1&b=2",
                "mailto:jane@example.com"
            ]
        );
    }
}
