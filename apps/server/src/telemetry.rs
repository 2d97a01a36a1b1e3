use tracing_subscriber::{EnvFilter, fmt};

/// JSON log lines on stdout; `RUST_LOG` filters (default `info`). Each line carries the
/// fields of its request span, request id included.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(false)
        .try_init();
}
