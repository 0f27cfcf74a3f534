//! Inbound callbacks, the way every one of them is taken in: verified (by the caller, who
//! knows the source's scheme), stored durably with a deduplication key, acknowledged, then
//! dispatched to the handler registered for its kind. Services register their own handlers
//! (the account service handles provider lifecycle events); this crate knows none of them.
//!
//! A second delivery of a stored event is acknowledged and not processed again. Kinds nobody
//! handles are stored as `unhandled`, not refused. A handler failure that may pass is left
//! `pending` with a next attempt time; one that will not is `failed`.

mod handler;
pub mod provider;
mod registry;

pub use handler::{CallbackHandler, Handled, HandlerError};
pub use registry::{CallbackService, IncomingCallback, Received, Registry};
