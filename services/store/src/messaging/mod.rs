//! The message pipeline's tables: templates, messages (each row is its own queue entry), send
//! attempts, batches, quota usage, pacing and idempotency keys.

pub mod attempts;
pub mod batches;
pub mod idempotency;
pub mod messages;
pub mod pacing;
pub mod queue;
pub mod settings;
pub mod templates;
pub mod usage;
