//! Domain types and rules of WeCom Fleet. Nothing here does I/O (the event bus and the event log are in memory): values are parsed at the
//! boundary into these types, and the rules (who may do what, what a valid tenant code is,
//! how secrets are sealed) live here so every service applies them the same way.

pub mod account;
pub mod audit;
pub mod clock;
pub mod credentials;
pub mod email;
pub mod event_log;
pub mod events;
pub mod field_cipher;
pub mod ids;
pub mod message;
pub mod metric_sink;
pub mod paging;
pub mod password;
pub mod phone;
pub mod roles;
pub mod tenant;
pub mod validation;
pub mod webhook_signature;

pub use validation::ValidationError;
