//! A font-level fallback for pdf-extract: fonts whose codes it cannot always turn into text
//! get a last-resort encoding, so one icon font costs its icons, not the page.
//!
//! pdf-extract decodes a simple font's code through its Unicode map (built from a ToUnicode
//! CMap, or from the glyph names of an embedded CFF program) and, for a code missing there,
//! through the font's `/Encoding`; with no `/Encoding` it panics ("missing unicode map and
//! encoding"). XeLaTeX writes moderncv's contact icons (MarVoSym: embedded CFF, glyph names
//! such as "Telefon" that map to no Unicode, no `/Encoding`, no ToUnicode) exactly so, and the
//! per-page panic guard then loses every page that shows an icon: the whole CV.

use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// Gives every font that would panic an `/Encoding` whose `/Differences` name every code
/// `space`. Codes the font's own map knows keep their text (pdf-extract looks there first);
/// the others read as a space, which separates an icon from the number beside it. Fonts that
/// decode without the map (no ToUnicode and no CFF program) are left alone, and so are fonts
/// with an encoding, TrueType fonts (pdf-extract gives those WinAnsi) and Type 1 programs
/// (their built-in encoding is read when `/Encoding` is absent). Returns how many fonts were
/// given the fallback.
pub(super) fn patch_unmapped_fonts(doc: &mut Document) -> usize {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Dictionary(font) if needs_fallback(doc, font) => Some(*id),
            _ => None,
        })
        .collect();
    for id in &ids {
        if let Ok(font) = doc.get_dictionary_mut(*id) {
            font.set("Encoding", Object::Dictionary(space_encoding()));
        }
    }
    ids.len()
}

fn name_is(doc: &Document, dict: &Dictionary, key: &[u8], want: &[&[u8]]) -> bool {
    deref(doc, dict.get(key).ok())
        .and_then(|o| o.as_name().ok())
        .is_some_and(|n| want.contains(&n))
}

fn deref<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(object?).ok().map(|(_, o)| o)
}

/// A simple, non-TrueType font with no `/Encoding` whose text pdf-extract reads through a
/// Unicode map (ToUnicode or an embedded CFF program), and no Type 1 program of its own.
fn needs_fallback(doc: &Document, font: &Dictionary) -> bool {
    if !name_is(doc, font, b"Type", &[b"Font"])
        || !name_is(doc, font, b"Subtype", &[b"Type1", b"MMType1"])
        || font.has(b"Encoding")
    {
        return false;
    }
    let descriptor = match deref(doc, font.get(b"FontDescriptor").ok()) {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let has_type1_program = descriptor.is_some_and(|d| d.has(b"FontFile"));
    let has_cff_program = descriptor.is_some_and(|d| d.has(b"FontFile3"));
    !has_type1_program && (has_cff_program || font.has(b"ToUnicode"))
}

fn space_encoding() -> Dictionary {
    let mut differences = Vec::with_capacity(257);
    differences.push(Object::Integer(0));
    differences.extend((0..256).map(|_| Object::Name(b"space".to_vec())));
    Dictionary::from_iter([
        ("Type", Object::Name(b"Encoding".to_vec())),
        ("Differences", Object::Array(differences)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(extra: &[(&str, Object)], descriptor: Option<Dictionary>) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.5");
        let mut dict = Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
        ]);
        for (k, v) in extra {
            dict.set(*k, v.clone());
        }
        if let Some(d) = descriptor {
            let d = doc.add_object(Object::Dictionary(d));
            dict.set("FontDescriptor", Object::Reference(d));
        }
        let id = doc.add_object(Object::Dictionary(dict));
        (doc, id)
    }

    fn descriptor(key: &str) -> Dictionary {
        Dictionary::from_iter([(key, Object::Integer(0))])
    }

    #[test]
    fn only_fonts_that_would_panic_get_the_fallback() {
        // Embedded CFF, no encoding: patched.
        let (mut doc, id) = font(&[], Some(descriptor("FontFile3")));
        assert_eq!(patch_unmapped_fonts(&mut doc), 1);
        assert!(doc.get_dictionary(id).unwrap().has(b"Encoding"));
        // A ToUnicode map and no encoding: patched.
        let (mut doc, _) = font(&[("ToUnicode", Object::Integer(0))], None);
        assert_eq!(patch_unmapped_fonts(&mut doc), 1);
        // An encoding already, a Type 1 program, or no map at all: left alone.
        let enc = ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        let (mut doc, _) = font(&[enc], Some(descriptor("FontFile3")));
        assert_eq!(patch_unmapped_fonts(&mut doc), 0);
        let (mut doc, _) = font(&[], Some(descriptor("FontFile")));
        assert_eq!(patch_unmapped_fonts(&mut doc), 0);
        let (mut doc, _) = font(&[], None);
        assert_eq!(patch_unmapped_fonts(&mut doc), 0);
    }
}
