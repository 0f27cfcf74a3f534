//! The API integration suite: the real application, in-process, on SQLite and on PostgreSQL
//! (the backends named by `FLEET_TEST_BACKENDS`, both by default).

// Test fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod alerting;
mod audit_trail;
mod callback_registry;
mod credentials;
mod event_stream;
mod hostile_input;
mod isolation;
mod message_inputs;
mod message_sync;
mod messages;
mod messaging_support;
mod observability;
mod quotas;
mod recovery;
mod retention;
mod sessions;
mod support;
mod templates;
mod tenants;
mod users;
mod webhook_receiver;
mod webhooks;
mod webhooks_reference_receiver;
mod wecom_api_accounts;
mod wecom_callbacks;
mod wecom_support;
