//! Tests of the `wecom-fleet` binary as separate processes over real sockets: the demo as a new
//! user meets it, configuration errors, the admin commands, two `serve` processes on one
//! PostgreSQL and Redis behaving as one service, and `simulate` as an account-hosting provider.

// Test fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod alerting;
mod config_errors;
mod demo;
mod faults;
mod http_instance;
mod leader;
mod messages;
mod own_servers;
mod process;
mod rules;
mod scale_out;
mod simulate;
mod webhooks;
