//! The monitor (issue 6), being built. What is here is pure and takes the time from its
//! caller, so tests run in milliseconds:
//! - `rules`: the rule engine's evaluation core — threshold rules over an aggregate of a
//!   metric's recent samples, and alert states with Prometheus semantics (inactive → pending
//!   → firing → resolved);
//! - `notify`: what becomes a notification, when and where — Alertmanager-style grouping
//!   (group wait, group interval, repeat interval), routing by severity, silences and quiet
//!   hours — and the Alertmanager v4 webhook payload;
//! - `metrics`: points in InfluxDB line protocol and the writer's bounded buffer.
//!
//! Metric stores, the evaluation loop on the leader, channels and the API are still to come.

pub mod metrics;
pub mod notify;
pub mod rules;
