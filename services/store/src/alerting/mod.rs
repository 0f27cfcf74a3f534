//! Alerting: tenant rules, silences, channels and quiet hours (what tenants configure); the
//! alerts the engine keeps (open ones and their history); and the notification outbox, which
//! is also the log of every notification sent and how it went.

pub mod alerts;
pub mod channels;
pub mod notifications;
pub mod rules;
pub mod settings;
pub mod silences;
