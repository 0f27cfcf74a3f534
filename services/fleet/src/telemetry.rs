use std::io::IsTerminal;

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogConfig;

/// Logs to stderr, as text or JSON lines; `RUST_LOG` overrides the configured level. Colours
/// only on a terminal: a file or a pipe gets plain text.
pub fn init(log: &LogConfig) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.level));
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
