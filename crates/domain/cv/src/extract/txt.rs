//! Plain text: UTF-8, UTF-16 with a byte order mark, else Latin-1 (every byte is a character
//! there, so it never fails and old Windows exports still read).

use super::{DocumentFormat, ExtractError, ExtractedText, TextLine, join_lines};

/// Above this share of control characters the "text" is a binary file in disguise.
const MAX_CONTROL_SHARE: f64 = 0.05;

pub(super) fn extract(bytes: &[u8]) -> Result<ExtractedText, ExtractError> {
    let decoded = decode(bytes);
    let total = decoded.chars().count().max(1);
    let control = decoded
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if control as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(ExtractError::UnsupportedType(
            "this does not look like a text file; upload a PDF, DOCX or TXT".into(),
        ));
    }
    let lines: Vec<TextLine> = decoded
        .lines()
        .map(|l| TextLine::plain(l.trim_end().replace('\t', "    ")))
        .collect();
    Ok(ExtractedText {
        format: DocumentFormat::Txt,
        text: join_lines(&lines),
        lines,
        pages: 1,
        link_targets: Vec::new(),
    })
}

fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf16_both_orders_and_latin1() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Zoë Müller".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(extract(&le).unwrap().text, "Zoë Müller\n");
        assert_eq!(extract(&be).unwrap().text, "Zoë Müller\n");
        assert_eq!(extract(b"Jos\xe9 Garc\xeda").unwrap().text, "José García\n");
    }

    #[test]
    fn binary_junk_is_refused() {
        let junk: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
        assert!(matches!(
            extract(&junk),
            Err(ExtractError::UnsupportedType(_))
        ));
    }
}
