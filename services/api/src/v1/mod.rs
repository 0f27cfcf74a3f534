//! The `/api/v1` operations, one module per resource. Handlers are thin: parse the request
//! into domain values, check the caller's role, run one transaction, shape the answer.

pub mod accounts;
pub mod alert_channels;
pub mod alert_rules;
pub mod alert_silences;
pub mod alerts;
pub mod api_keys;
pub mod audit;
mod audited;
pub mod auth;
pub mod callbacks;
mod common;
pub mod connector_settings;
pub mod content;
mod enum_names;
pub mod events;
pub mod messages;
pub mod monitor;
pub mod pacing;
pub mod simulator;
pub mod templates;
pub mod tenants;
pub mod users;
pub mod values;
pub mod webhook_events;
pub mod webhooks;

pub use common::{ApiTags, NoContent};
