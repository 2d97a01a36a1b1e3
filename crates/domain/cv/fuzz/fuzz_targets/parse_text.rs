//! The rule-based parser on arbitrary text (dates, phones, headings, slicing on UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jobr_cv::parse_text_at(&String::from_utf8_lossy(data), jobr_cv::CvDate::year_month(2026, 11));
});
