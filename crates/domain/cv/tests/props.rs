//! Property tests: extraction and parsing never panic, whatever the bytes.

// Test helpers outside #[test] fns panic on broken fixtures on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use jobr_cv::{CvDate, extract, parse_extracted_at, parse_lines_at, parse_text_at};
use proptest::prelude::*;

const TODAY: CvDate = CvDate {
    year: 2026,
    month: Some(11),
};

/// Fixture files whose bytes get mutated: valid structure makes mutations reach deep code.
static SEEDS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    [
        "jane-doe-onecol.pdf",
        "priya-raman-twocol.pdf",
        "lukas-becker-2pages.pdf",
        "chen-wei.docx",
        "aisha-bello-table.docx",
        "emily-clark.txt",
        "hannah-schmidt-utf16.txt",
    ]
    .iter()
    .map(|f| fs::read(dir.join(f)).unwrap())
    .collect()
});

/// Runs the whole pipeline; the only requirement is that it returns.
fn pipeline(bytes: &[u8]) {
    if let Ok(text) = extract(bytes) {
        let cv = parse_lines_at(&text.lines, TODAY);
        let _ = serde_json::to_string(&cv).unwrap();
        let _ = parse_extracted_at(&text, TODAY);
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    Splice { at: usize, junk: Vec<u8> },
    Remove { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, junk)| Mutation::Splice { at, junk }),
        (any::<usize>(), 1usize..256).prop_map(|(at, len)| Mutation::Remove { at, len }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        let n = bytes.len();
        match m {
            Mutation::Flip { at, byte } => bytes[at % n] = *byte,
            Mutation::Truncate { at } => bytes.truncate(at % n),
            Mutation::Splice { at, junk } => {
                let at = at % n;
                bytes.splice(at..at, junk.iter().copied());
            }
            Mutation::Remove { at, len } => {
                let at = at % n;
                bytes.drain(at..(at + len).min(n));
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        pipeline(&bytes);
    }

    #[test]
    fn arbitrary_bytes_behind_magic_numbers_never_panic(
        magic in prop::sample::select(vec![&b"%PDF-1.4\n"[..], b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]),
        rest in prop::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = magic.to_vec();
        bytes.extend(rest);
        pipeline(&bytes);
    }

    #[test]
    fn arbitrary_text_parses(text in "\\PC{0,2000}") {
        let _ = parse_text_at(&text, TODAY);
    }

    #[test]
    fn cv_like_text_parses(lines in prop::collection::vec(
        prop_oneof![
            Just("EXPERIENCE".to_owned()),
            Just("Education:".to_owned()),
            Just("Name: İstanbul Ünal".to_owned()),
            "[A-Za-z ]{0,30} (–|-|to) (Present|20[0-9]{2})",
            "(Jan|Sept\\.|0[1-9]/)20[0-9]{2} - [0-9]{2}\\.20[0-9]{2}",
            "[+()0-9 -]{0,20}",
            "\\PC{0,80}",
        ],
        0..60,
    )) {
        let _ = parse_text_at(&lines.join("\n"), TODAY);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(
        seed in 0usize..7,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let bytes = apply(SEEDS[seed % SEEDS.len()].clone(), &mutations);
        pipeline(&bytes);
    }
}

/// The annotated-links fixture with its page's `/Annots` value replaced by `junk`, padded or
/// cut to the original length so every xref offset stays valid.
fn with_annots(junk: &[u8]) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut bytes = fs::read(dir.join("sam-carter-annotated-links.pdf")).unwrap();
    let original = b"[ 4 0 R 5 0 R ]";
    let at = bytes
        .windows(original.len())
        .position(|w| w == original)
        .unwrap();
    assert!(junk.len() <= original.len(), "junk longer than the slot");
    for (i, slot) in bytes[at..at + original.len()].iter_mut().enumerate() {
        *slot = junk.get(i).copied().unwrap_or(b' ');
    }
    bytes
}

#[test]
fn broken_annots_entries_still_extract() {
    for junk in [
        &b"42"[..],
        b"99 0 R",
        b"[ 99 0 R 4 0 R]",
        b"[ (x) /Link 1 ]",
        b"<< /A 1 >>",
        b"[ 5 0 R 5 0 R ]",
        b"[ 3 0 R 2 0 R ]",
        b"null",
        b"[[[[[[[]]]]]]]",
    ] {
        let text = extract(&with_annots(junk))
            .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(junk)));
        assert!(
            text.text.contains("Sam Carter"),
            "{}",
            String::from_utf8_lossy(junk)
        );
        assert!(text.link_targets.len() <= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn junk_in_annots_never_costs_the_text(junk in prop::collection::vec(any::<u8>(), 0..15)) {
        let text = extract(&with_annots(&junk));
        // Junk may break the page dictionary itself; it must not panic, and when the page
        // still parses, the text is all there.
        if let Ok(text) = text {
            prop_assert!(text.text.contains("Sam Carter"));
            prop_assert!(text.link_targets.len() <= 2);
        }
    }

    #[test]
    fn printable_junk_in_annots_keeps_the_text(junk in "[ -~]{0,15}") {
        let text = extract(&with_annots(junk.as_bytes()));
        if let Ok(text) = text {
            prop_assert!(text.text.contains("Sam Carter"));
        }
    }
}
