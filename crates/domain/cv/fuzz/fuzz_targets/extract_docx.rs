//! The DOCX path: zip directory, inflate caps and the WordprocessingML reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inputs that do not start like a zip are given the local-header magic so the zip
    // reader, not the text fallback, sees them.
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(data);
        b
    };
    if let Ok(text) = jobr_cv::extract(&bytes) {
        let _ = jobr_cv::parse_lines_at(&text.lines, jobr_cv::CvDate::year_month(2026, 11));
    }
});
