//! The hostile corpus (tests/hostile/, made by make_hostile.py) through the extractor alone,
//! in this process, with no isolation around it: the parsers' own limits must refuse every
//! file with an error, never crash, hang or balloon. (The server adds a child process as a
//! first wall; this proves the second wall stands by itself.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jobr_cv::{ExtractError, extract};

fn hostile(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn too_complex(name: &str) -> String {
    match extract(&hostile(name)) {
        Err(ExtractError::TooComplex(why)) => why,
        other => panic!("{name}: expected the preflight to refuse it, got {other:?}"),
    }
}

#[test]
fn a_self_drawing_form_xobject_is_refused_as_a_cycle() {
    assert!(too_complex("self-drawing-xobject.pdf").contains("draws itself"));
}

#[test]
fn a_chain_of_20000_form_xobjects_is_refused_for_its_depth() {
    assert!(too_complex("xobject-chain-20000.pdf").contains("nested more than 16"));
}

#[test]
fn a_double_flate_bomb_is_refused_before_it_inflates() {
    assert!(too_complex("double-flate-bomb.pdf").contains("inflates beyond"));
}

#[test]
fn a_huge_page_tree_is_refused() {
    assert!(too_complex("huge-page-tree.pdf").contains("pages"));
}

#[test]
fn a_circular_parent_chain_is_refused() {
    assert!(too_complex("circular-parent.pdf").contains("/Parent"));
}

#[test]
fn deep_arrays_and_dictionaries_do_not_crash_the_parser() {
    // lopdf stops nesting at 100 levels, so the page has nothing to draw.
    let result = extract(&hostile("deep-arrays-and-dictionaries.pdf"));
    assert!(
        matches!(
            &result,
            Err(ExtractError::Corrupt(_) | ExtractError::NoTextLayer)
        ),
        "{result:?}"
    );
}

#[test]
fn a_broken_xref_is_corrupt() {
    let result = extract(&hostile("broken-xref.pdf"));
    assert!(
        matches!(&result, Err(ExtractError::Corrupt(_))),
        "{result:?}"
    );
}

#[test]
fn a_deeply_nested_docx_is_walked_without_recursion() {
    // 50,000 levels of content controls around an empty paragraph: read to the end, empty.
    let result = extract(&hostile("deep-nesting.docx"));
    assert!(matches!(&result, Err(ExtractError::Empty)), "{result:?}");
}

#[test]
fn a_heavy_but_legal_stream_passes_the_preflight() {
    // 30 MiB inflated is within the caps; the page draws nothing.
    let result = extract(&hostile("memory-hog.pdf"));
    assert!(
        matches!(&result, Err(ExtractError::NoTextLayer)),
        "{result:?}"
    );
}

#[test]
fn a_text_file_of_nuls_is_not_text() {
    assert!(matches!(
        extract(&hostile("nuls.txt")),
        Err(ExtractError::UnsupportedType(_))
    ));
}

/// Each preflight limit, lowered under what a real CV needs, refuses that CV: proof the limit
/// is enforced, not only declared.
#[test]
fn every_preflight_limit_is_enforced() {
    use jobr_cv::{ExtractLimits, extract_with_limits};
    let cv = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lukas-becker-2pages.pdf"),
    )
    .unwrap();
    let defaults = ExtractLimits::default();
    assert!(extract_with_limits(&cv, &defaults).is_ok());
    let cases = [
        (
            "operators",
            ExtractLimits {
                max_pdf_operators: 10,
                ..defaults
            },
        ),
        (
            "objects",
            ExtractLimits {
                max_pdf_objects: 3,
                ..defaults
            },
        ),
        (
            "pages",
            ExtractLimits {
                max_pdf_page_tree: 1,
                ..defaults
            },
        ),
        (
            "per-stream",
            ExtractLimits {
                max_pdf_stream_bytes: 64,
                ..defaults
            },
        ),
        (
            "per-document",
            ExtractLimits {
                max_pdf_inflated_bytes: 256,
                ..defaults
            },
        ),
    ];
    for (case, limits) in cases {
        let result = extract_with_limits(&cv, &limits);
        assert!(
            matches!(result, Err(ExtractError::TooComplex(_))),
            "{case}: {result:?}"
        );
    }
}
