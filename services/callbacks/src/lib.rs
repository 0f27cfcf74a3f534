//! Inbound callbacks, the way every one of them is taken in: verified (by the caller, who
//! knows the source's scheme), stored durably with a deduplication key, acknowledged, then
//! dispatched to the handler registered for its kind. Services register their own handlers
//! (the account service handles provider lifecycle events); this crate knows none of them
//! but the conversation handlers, which only turn events into domain events.
//!
//! A second delivery of a stored event is acknowledged and not processed again. Kinds nobody
//! handles are stored as `unhandled`, not refused. A handler failure that may pass is left
//! `pending` with a next attempt time, with backoff, until the retries run out and it is
//! `failed`; one that will not pass is `failed` at once. Events stored but not dispatched
//! (the process died) are dispatched when their lease runs out, by any process.

pub mod conversation;
mod dispatcher;
mod handler;
mod polling;
pub mod provider;
mod registry;
mod service;
mod settings;
pub mod wecom;

pub use handler::{CallbackHandler, Handled, HandlerError};
pub use registry::{IncomingCallback, Received, Registry};
pub use service::CallbackService;
pub use settings::DispatchSettings;
