//! The monitor (issue 6), being built. What is here is the rule engine's evaluation core:
//! threshold rules over an aggregate of a metric's recent samples, and alert states with
//! Prometheus semantics (inactive → pending → firing → resolved). It is pure: the caller
//! passes the samples and the time, so tests run in milliseconds. Metric stores, the
//! evaluation loop on the leader, grouping and notifications are still to come.

pub mod rules;
