//! CV domain: text extraction from uploaded files, rule-based structuring, and the
//! [`CvAnalyzer`] port through which an AI may structure the text instead.
//!
//! Pure computation only: no framework, database, network client or async runtime.

pub mod analyzer;
#[cfg(feature = "contract")]
pub mod contract;
pub mod extract;
pub mod library;
pub mod model;
pub mod parse;
pub mod service;
pub mod skills;

#[cfg(feature = "mock")]
pub use analyzer::MockCvAnalyzer;
pub use analyzer::{AnalyzerError, CvAnalyzer};
pub use extract::{
    DocumentFormat, ExtractError, ExtractLimits, ExtractedText, TextLine, extract,
    extract_with_limits,
};
pub use library::{CvLibrary, CvLibraryError, CvRecord, CvRepository, MAX_UPLOAD_BYTES};
pub use model::{
    Confidence, CvDate, Education, Experience, ExperienceLevel, Links, ParseSource, ParsedCv,
};
pub use parse::{
    parse, parse_extracted, parse_extracted_at, parse_lines, parse_lines_at,
    parse_lines_with_targets_at,
};
pub use service::{
    CvError, CvParsingService, Extraction, ExtractionOutcome, ExtractionRunner, Inline,
    ParsedDocument, WorkerFault, extract_and_parse,
};
