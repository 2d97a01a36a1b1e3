use jobr_server::{Application, Config, api::ErrorChain, telemetry};
use std::process::ExitCode;

// argon2 allocates 19 MiB for every password hash. glibc's malloc keeps such freed blocks in
// its per-thread arenas, so a thousand logins left the server holding about a gigabyte; jemalloc
// returns freed memory to the system (figures, and mimalloc's, in docs/benchmarks.md).
#[cfg(feature = "jemalloc")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::from(2);
        }
    };
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            // The chain: "cannot connect to the database: <the driver's reason>".
            let error = ErrorChain(&error);
            tracing::error!(%error, "cannot start");
            eprintln!("cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server stopped with an error");
            ExitCode::FAILURE
        }
    }
}
