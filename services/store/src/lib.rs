//! Database access for WeCom Fleet. One schema shape on two backends: SQLite (the embedded
//! default) and PostgreSQL (production), both through sqlx's `Any` driver with `$N`
//! placeholders; the few statements that differ ask the [`Dialect`].
//!
//! Every transaction declares a [`Scope`]: a tenant, or the platform. Repository functions that
//! touch tenant rows take the tenant id explicitly and filter on it; on PostgreSQL the scope is
//! also written into the transaction (`app.scope`, `app.tenant_id`) where row-level security
//! policies check it, so a query that forgets its filter still sees only its tenant.

pub mod account_sweep;
pub mod accounts;
pub mod alerting;
pub mod api_keys;
pub mod audit;
pub mod callback_events;
mod db;
pub mod encrypted_fields;
mod error;
pub mod leader;
pub mod messaging;
pub mod metric_samples;
mod paging;
pub mod partitions;
pub mod retention;
pub mod sessions;
pub mod tenants;
pub mod testing;
pub mod users;
pub mod webhooks;

pub use db::{redact_url, Db, DbSettings, Dialect, Scope, Tx};
pub use error::StoreError;
