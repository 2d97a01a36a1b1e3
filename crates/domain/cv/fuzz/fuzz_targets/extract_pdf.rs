//! The PDF path: whatever follows a PDF header, extraction returns instead of crashing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Force the PDF sniffing branch so every input exercises the PDF reader.
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    if let Ok(text) = jobr_cv::extract(&bytes) {
        let _ = jobr_cv::parse_lines_at(&text.lines, jobr_cv::CvDate::year_month(2026, 11));
    }
});
