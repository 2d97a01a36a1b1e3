//! `jobr`: administrative commands against the configured PostgreSQL database.

use clap::{Parser, Subcommand};
use jobr_accounts::UserRepository;
use jobr_core::{Clock, Email, ErrorChain, Role, SystemClock};
use jobr_cv::{CvDate, CvParsingService, Inline};
use jobr_postgres::{Database, PgUserRepository, PoolSettings};
use std::{path::PathBuf, process::ExitCode, sync::Arc};

mod jobs;
mod letter;
mod outbox;

#[derive(Parser)]
#[command(name = "jobr", version, about = "Jobr administration")]
struct Cli {
    /// PostgreSQL connection string (needed by the commands that touch the database).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending database migrations (the server also does this at start).
    Migrate,
    /// Manage users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Work with CV files.
    Cv {
        #[command(subcommand)]
        command: CvCommand,
    },
    /// Import jobs from a job board or a jobs file into the database (upsert; jobs gone from
    /// the board are closed).
    Import {
        #[command(subcommand)]
        board: jobs::ImportBoard,
    },
    /// Look at the mail outbox, and retry mail that failed.
    Outbox {
        #[command(subcommand)]
        command: outbox::OutboxCommand,
    },
    /// Rank jobs for a CV file; prints the matches as JSON, best first.
    Match {
        /// The CV (PDF, DOCX or TXT).
        cv_file: PathBuf,
        /// A jobs file (JSON or CSV, data/jobs/README.md); without it, the open jobs in
        /// DATABASE_URL.
        #[arg(long)]
        jobs: Option<PathBuf>,
        /// How many matches to print (1-100).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
        limit: u16,
    },
    /// Print a cover letter for a CV file and one job (a JSON object in the jobs-file format),
    /// built from the CV's facts and the match; no server, no AI.
    Letter {
        /// The CV (PDF, DOCX or TXT).
        cv_file: PathBuf,
        /// One job as JSON (data/jobs/README.md); source, externalId and postedAt may be left out.
        job_file: PathBuf,
        /// professional, enthusiastic or concise.
        #[arg(long, default_value = "professional", value_parser = letter::parse_tone)]
        tone: jobr_applications::Tone,
    },
}

#[derive(Subcommand)]
enum CvCommand {
    /// Extract and parse a CV file (PDF, DOCX or TXT); prints the result as JSON.
    Parse { file: PathBuf },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Give a user a role: `jobr users set-role ada@example.com admin`.
    SetRole { email: String, role: Role },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            // The whole chain: "cannot connect to the database: <the driver's reason>".
            eprintln!("error: {}", ErrorChain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<String, Box<dyn std::error::Error>> {
    let database_url = || {
        cli.database_url
            .clone()
            .ok_or("DATABASE_URL (or --database-url) is required for this command")
    };
    match cli.command {
        Command::Cv {
            command: CvCommand::Parse { file },
        } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            // A tool run on a file the user chose: in-process, under the parsers' own limits.
            let document = CvParsingService::new(Arc::new(Inline), None)
                .parse_document(
                    bytes,
                    None,
                    jobr_core::AiUse::Allowed,
                    CvDate::month_of(SystemClock.now()),
                )
                .await?;
            Ok(serde_json::to_string_pretty(&document.parsed)?)
        }
        Command::Letter {
            cv_file,
            job_file,
            tone,
        } => letter::letter(&cv_file, &job_file, tone).await,
        Command::Import { board } => jobs::import(board, &database_url()?).await,
        Command::Outbox { command } => outbox::run(command, &database_url()?).await,
        Command::Match {
            cv_file,
            jobs,
            limit,
        } => {
            let url = if jobs.is_none() {
                Some(database_url()?)
            } else {
                None
            };
            jobs::match_cv(&cv_file, jobs.as_deref(), url.as_deref(), limit.into()).await
        }
        Command::Migrate => {
            let applied = Database::migrate(&database_url()?).await?;
            Ok(if applied.is_empty() {
                "migrations: already up to date".to_string()
            } else {
                format!("migrations applied: {}", applied.join(", "))
            })
        }
        Command::Users {
            command: UsersCommand::SetRole { email, role },
        } => {
            let email = Email::parse(&email)?;
            let url = database_url()?;
            Database::migrate(&url).await?;
            let users = PgUserRepository::new(Database::connect(&url, PoolSettings::new(1)).await?);
            let user = users.set_role(&email, role).await.map_err(|e| match e {
                jobr_accounts::AccountError::UserNotFound => {
                    format!("no user with email {email}").into()
                }
                other => Box::<dyn std::error::Error>::from(other),
            })?;
            Ok(format!("{} is now {}", user.email, user.role))
        }
    }
}
