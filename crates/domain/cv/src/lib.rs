//! CV domain: text extraction from uploaded files, rule-based structuring, the [`CvLibrary`]
//! of each user's uploads, and its ports ([`CvRepository`]; [`CvAnalyzer`], through which an
//! AI may structure the text instead).
//!
//! Pure computation only: no framework, database, network client or async runtime.

#[cfg(feature = "contract")]
pub mod contract;
pub mod extract;
pub mod library;
pub mod model;
pub mod parse;
pub mod ports;
pub mod service;
pub mod skills;

pub use extract::{
    DocumentFormat, ExtractError, ExtractLimits, ExtractedText, TextLine, extract,
    extract_with_limits,
};
pub use library::{
    CvLibrary, CvLibraryError, CvRecord, MAX_UPLOAD_BYTES, SweepReport, UploadedCv, sha256_hex,
};
pub use model::{
    Confidence, CvDate, CvFile, CvSummary, Education, Experience, ExperienceLevel, Links,
    ParseSource, ParsedCv,
};
pub use parse::{parse_extracted_at, parse_lines_at, parse_lines_with_targets_at, parse_text_at};
pub use ports::{AnalyzerError, CvAnalyzer, CvRepository};
#[cfg(feature = "mock")]
pub use ports::{MockCvAnalyzer, MockCvRepository};
pub use service::{
    CvError, CvParsingService, Extraction, ExtractionOutcome, ExtractionRunner, Inline,
    ParsedDocument, WorkerFault, extract_and_parse,
};
