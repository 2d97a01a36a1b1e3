//! `jobr import` and `jobr match`: the same import service and matching engine as the server,
//! without it.

use clap::Subcommand;
use jobr_core::{Clock, SystemClock};
use jobr_cv::{CvDate, CvParsingService, Inline};
use jobr_http::OutboundClient;
use jobr_jobboards::{
    BoardsConfig, FileBoard, FileFormat, GreenhouseBoard, LeverBoard, client_config,
};
use jobr_matching::{
    CandidateProfile, Job, JobBoard, JobId, JobMatch, JobRepository, OpenJobs, Preferences,
    RemoteMode,
};
use jobr_postgres::{Database, PgJobRepository, PoolSettings};
use serde::Serialize;
use std::{path::Path, sync::Arc};

type Error = Box<dyn std::error::Error>;

#[derive(Subcommand)]
pub enum ImportBoard {
    /// A Greenhouse job board: `jobr import greenhouse BOARD_TOKEN` (GREENHOUSE_API_BASE).
    Greenhouse { token: String },
    /// A Lever company's postings: `jobr import lever COMPANY` (LEVER_API_BASE).
    Lever { company: String },
    /// A jobs file, JSON or CSV by its extension (data/jobs/README.md).
    File { path: std::path::PathBuf },
}

fn boards_config() -> Result<BoardsConfig, Error> {
    BoardsConfig::from_lookup(|k| std::env::var(k).ok())
        .map_err(|problems| problems.join("; ").into())
}

fn board(which: ImportBoard) -> Result<Box<dyn JobBoard>, Error> {
    Ok(match which {
        ImportBoard::Greenhouse { token } => {
            let client = OutboundClient::new(client_config("greenhouse"))?;
            Box::new(GreenhouseBoard::new(
                client,
                boards_config()?.greenhouse_api_base,
                token,
            ))
        }
        ImportBoard::Lever { company } => {
            let client = OutboundClient::new(client_config("lever"))?;
            Box::new(LeverBoard::new(
                client,
                boards_config()?.lever_api_base,
                company,
            ))
        }
        ImportBoard::File { path } => Box::new(read_file_board(&path)?),
    })
}

fn read_file_board(path: &Path) -> Result<FileBoard, Error> {
    let format = FileFormat::from_path(path)
        .ok_or_else(|| format!("{}: name a .json or .csv jobs file", path.display()))?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(FileBoard::parse(format, &bytes)?)
}

async fn repository(url: &str) -> Result<PgJobRepository, Error> {
    Database::migrate(url).await?;
    Ok(PgJobRepository::new(
        Database::connect(url, PoolSettings::new(2)).await?,
    ))
}

pub async fn import(which: ImportBoard, url: &str) -> Result<String, Error> {
    // The board is built first: a bad file or base URL fails before the database is touched.
    let board = board(which)?;
    let jobs: Arc<dyn JobRepository> = Arc::new(repository(url).await?);
    let report = jobr_matching::ImportService::new(jobs)
        .import(board.as_ref())
        .await?;
    let mut out = format!(
        "{}: created {}, updated {}, unchanged {}, closed {}, skipped {}",
        report.source,
        report.created,
        report.updated,
        report.unchanged,
        report.closed,
        report.skipped.len()
    );
    for skipped in &report.skipped {
        let id = skipped.external_id.as_deref().unwrap_or("no id");
        out.push_str(&format!(
            "\n  skipped #{} ({id}): {}",
            skipped.index, skipped.reason
        ));
    }
    Ok(out)
}

pub async fn match_cv(
    cv_file: &Path,
    jobs_file: Option<&Path>,
    url: Option<&str>,
    limit: usize,
) -> Result<String, Error> {
    let jobs: Vec<Job> = match (jobs_file, url) {
        (Some(path), _) => {
            let board = read_file_board(path)?;
            let postings = board.fetch().await?;
            for skipped in postings.iter().filter_map(|p| p.as_ref().err()) {
                eprintln!("skipped job #{}: {}", skipped.index, skipped.reason);
            }
            postings
                .into_iter()
                .flatten()
                .map(|j| Job::open(JobId::new(), j))
                .collect()
        }
        (None, Some(url)) => repository(url).await?.list_open().await?,
        (None, None) => return Err("give --jobs FILE or DATABASE_URL".into()),
    };
    let bytes = std::fs::read(cv_file).map_err(|e| format!("{}: {e}", cv_file.display()))?;
    let now = SystemClock.now();
    let document = CvParsingService::new(Arc::new(Inline), None)
        .parse_document(
            bytes,
            None,
            jobr_core::AiUse::Allowed,
            CvDate::month_of(now),
        )
        .await?;
    let profile = CandidateProfile::new(&document.parsed, &document.text);
    let open = OpenJobs::new(jobs);
    let matches: Vec<MatchOut> = open
        .rank(&profile, &Preferences::default(), now.date(), limit)
        .into_iter()
        .map(|(m, job)| MatchOut {
            job: JobOut {
                external_id: job.details.external_id,
                source: job.details.source,
                title: job.details.title,
                company: job.details.company,
                location: job.details.location,
                remote: job.details.remote,
                apply_url: job.details.apply_url,
            },
            result: m,
        })
        .collect();
    Ok(serde_json::to_string_pretty(&matches)?)
}

/// A match as printed: the job's essentials and the engine's result (its `jobId` included).
#[derive(Serialize)]
struct MatchOut {
    job: JobOut,
    #[serde(flatten)]
    result: JobMatch,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JobOut {
    external_id: String,
    source: String,
    title: String,
    company: String,
    location: String,
    remote: RemoteMode,
    apply_url: String,
}
