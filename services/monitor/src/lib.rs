//! The monitor: metrics and where they are stored, the alert rule engine and the channels
//! that reach people.
//! - `metrics`: points in InfluxDB line protocol and the batching writer with its bounded
//!   buffer;
//! - `store`: metric stores (InfluxDB 1.x and 2.x, VictoriaMetrics, embedded SQLite, memory);
//! - `rules`: threshold rules, their YAML files and unit tests, and alert states with
//!   Prometheus semantics (inactive → pending → firing → resolved), pure and clock-injected;
//! - `notify`: what becomes a notification, when and where — Alertmanager-style grouping,
//!   routing by severity, silences and quiet hours — and the Alertmanager v4 payload;
//! - `channels`: email, webhook and WeCom group robot senders.

pub mod channels;
pub mod metrics;
pub mod notify;
pub mod rules;
pub mod store;
