//! `jobr`: administrative commands against the configured PostgreSQL database.

use clap::{Parser, Subcommand};
use jobr_accounts::UserRepository;
use jobr_core::{Email, Role};
use jobr_postgres::{Database, PgUserRepository};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "jobr", version, about = "Jobr administration")]
struct Cli {
    /// PostgreSQL connection string.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
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
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<String, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Migrate => {
            let applied = Database::migrate(&cli.database_url).await?;
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
            Database::migrate(&cli.database_url).await?;
            let users = PgUserRepository::new(Database::connect(&cli.database_url, 1).await?);
            let user = users.set_role(&email, role).await.map_err(|e| match e {
                jobr_accounts::AccountError::UserNotFound => {
                    format!("no user with email {email}").into()
                }
                other => Box::<dyn std::error::Error>::from(other.to_string()),
            })?;
            Ok(format!("{} is now {}", user.email, user.role))
        }
    }
}
