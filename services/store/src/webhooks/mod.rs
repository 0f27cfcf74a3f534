//! Tenant webhooks: endpoints with their signing secrets, and deliveries (one row per
//! endpoint and event, which is both the queue entry and the log line) with their attempts.

pub mod attempts;
pub mod deliveries;
pub mod endpoints;
