//! Prints what jobr-cv extracts and parses from a file: `cargo run -p jobr-cv --example parse_file -- cv.pdf`.

use jobr_core::Clock;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: parse_file <cv file>")?;
    let bytes = std::fs::read(path)?;
    let text = jobr_cv::extract(&bytes)?;
    for line in &text.lines {
        println!(
            "[p{} c{} {:?}] {}",
            line.page,
            line.column,
            line.font_size.map(|s| s.round()),
            line.text
        );
    }
    let cv = jobr_cv::parse_lines_at(
        &text.lines,
        jobr_cv::CvDate::month_of(jobr_core::SystemClock.now()),
    );
    println!("{}", serde_json::to_string_pretty(&cv)?);
    Ok(())
}
