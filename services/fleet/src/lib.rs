//! The `wecom-fleet` command: parses the CLI, loads the configuration and runs the chosen
//! command. `main.rs` only calls [`run`].

mod admin;
mod cli;
pub mod config;
mod connectors;
mod demo;
mod embedded_secrets;
mod portal;
mod redis_events;
mod rules_cli;
mod scheduler;
mod serve;
mod simulate;
mod telemetry;

pub use cli::{run, Role};
