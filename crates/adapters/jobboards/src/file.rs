//! Jobs files: the JSON array documented in data/jobs/README.md, or a CSV with one job per row
//! and the same fields as columns (also documented there). The whole file is one board: its
//! jobs must share one `source`, and an import closes that source's jobs the file lacks.

use async_trait::async_trait;
use jobr_matching::{BoardError, JobBoard, Posting, SkippedJob, load_job};
use serde_json::{Value, json};

use crate::MAX_POSTINGS;

/// Largest jobs file read (the 243-job demo set is about 400 KB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The CSV columns, in any order; all must be present, no others.
pub const CSV_COLUMNS: &[&str] = &[
    "externalId",
    "title",
    "company",
    "description",
    "requiredSkills",
    "preferredSkills",
    "location",
    "remote",
    "employmentType",
    "experienceLevel",
    "salaryMin",
    "salaryMax",
    "salaryCurrency",
    "salaryInterval",
    "postedAt",
    "applyUrl",
    "source",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Json,
    Csv,
}

impl FileFormat {
    /// From a file name's extension (`.json`, `.csv`, any case).
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// The file as a whole cannot be imported; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum FileImportError {
    #[error("the jobs file is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    #[error("the jobs file holds more than {MAX_POSTINGS} jobs")]
    TooManyJobs,
    #[error(transparent)]
    Json(#[from] jobr_matching::FileError),
    #[error("the CSV header is wrong: {0}")]
    CsvHeader(String),
    #[error("the CSV file could not be read")]
    Csv(#[from] csv::Error),
    /// Closing is per source, so one import is one source.
    #[error("the jobs file mixes sources ({0} and {1}); import one source per file")]
    MixedSources(String, String),
    /// Without one readable job the file's source is unknown, and an import would have nothing
    /// to close by; the skipped jobs say why each was unreadable.
    #[error("the jobs file has no readable job ({} skipped)", .0.len())]
    NoReadableJob(Vec<SkippedJob>),
}

/// A parsed jobs file, ready to import.
#[derive(Debug)]
pub struct FileBoard {
    source: String,
    postings: Vec<Posting>,
}

impl FileBoard {
    pub fn parse(format: FileFormat, bytes: &[u8]) -> Result<Self, FileImportError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(FileImportError::TooLarge);
        }
        let postings = match format {
            FileFormat::Json => {
                let items: Vec<Value> =
                    serde_json::from_slice(bytes).map_err(jobr_matching::FileError::from)?;
                if items.len() > MAX_POSTINGS {
                    return Err(FileImportError::TooManyJobs);
                }
                items
                    .into_iter()
                    .enumerate()
                    .map(|(index, item)| load_job(index, item))
                    .collect()
            }
            FileFormat::Csv => csv_postings(bytes)?,
        };
        if postings.len() > MAX_POSTINGS {
            return Err(FileImportError::TooManyJobs);
        }
        let mut source: Option<&str> = None;
        for job in postings.iter().flatten() {
            match source {
                None => source = Some(&job.source),
                Some(s) if s != job.source => {
                    return Err(FileImportError::MixedSources(
                        s.to_owned(),
                        job.source.clone(),
                    ));
                }
                Some(_) => {}
            }
        }
        let Some(source) = source.map(str::to_owned) else {
            return Err(FileImportError::NoReadableJob(
                postings.into_iter().filter_map(Result::err).collect(),
            ));
        };
        Ok(Self { source, postings })
    }
}

#[async_trait]
impl JobBoard for FileBoard {
    fn source(&self) -> String {
        self.source.clone()
    }

    /// A file is always read whole (it was parsed up front).
    async fn fetch(&self) -> Result<Vec<Posting>, BoardError> {
        Ok(self.postings.clone())
    }
}

/// Each data row becomes a job object of the JSON format and goes through the same checks;
/// `index` is the data row, from 0 (line `index + 2` of the file).
fn csv_postings(bytes: &[u8]) -> Result<Vec<Posting>, FileImportError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader.headers()?.clone();
    let header: Vec<&str> = headers.iter().map(str::trim).collect();
    for column in CSV_COLUMNS {
        if !header.contains(column) {
            return Err(FileImportError::CsvHeader(format!(
                "column {column} is missing"
            )));
        }
    }
    if let Some(extra) = header.iter().find(|h| !CSV_COLUMNS.contains(h)) {
        return Err(FileImportError::CsvHeader(format!(
            "unknown column {extra}"
        )));
    }
    if header.len() != CSV_COLUMNS.len() {
        return Err(FileImportError::CsvHeader("a column appears twice".into()));
    }
    let mut postings = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_POSTINGS {
            return Err(FileImportError::TooManyJobs);
        }
        let posting = match record {
            Ok(record) => row_to_job(
                index,
                &Row {
                    header: &header,
                    record: &record,
                },
            ),
            Err(e) => Err(SkippedJob {
                index,
                external_id: None,
                reason: format!("unreadable CSV row: {e}"),
            }),
        };
        postings.push(posting);
    }
    Ok(postings)
}

/// One data row, read by column name.
struct Row<'a> {
    header: &'a [&'a str],
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn cell(&self, name: &str) -> &str {
        self.header
            .iter()
            .position(|h| *h == name)
            .and_then(|i| self.record.get(i))
            .unwrap_or_default()
            .trim()
    }
}

fn row_to_job(index: usize, row: &Row<'_>) -> Posting {
    let cell = |name: &str| row.cell(name);
    let skip = |reason: String| SkippedJob {
        index,
        external_id: Some(cell("externalId").to_owned()).filter(|id| !id.is_empty()),
        reason,
    };
    let list = |name: &str| -> Vec<String> {
        cell(name)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let salary_cells = ["salaryMin", "salaryMax", "salaryCurrency", "salaryInterval"];
    let salary = if salary_cells.iter().all(|c| cell(c).is_empty()) {
        Value::Null
    } else {
        let amount = |name: &str| {
            cell(name)
                .parse::<i64>()
                .map_err(|_| skip(format!("{name} is not a whole number")))
        };
        json!({
            "min": amount("salaryMin")?,
            "max": amount("salaryMax")?,
            "currency": cell("salaryCurrency"),
            "interval": cell("salaryInterval"),
        })
    };
    let mut job = json!({
        "requiredSkills": list("requiredSkills"),
        "preferredSkills": list("preferredSkills"),
        "salary": salary,
    });
    for name in [
        "externalId",
        "title",
        "company",
        "description",
        "location",
        "remote",
        "employmentType",
        "experienceLevel",
        "postedAt",
        "applyUrl",
        "source",
    ] {
        job[name] = Value::String(cell(name).to_owned());
    }
    load_job(index, job)
}
