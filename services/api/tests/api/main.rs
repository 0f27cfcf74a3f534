//! The API integration suite: the real application, in-process, on SQLite and on PostgreSQL
//! (the backends named by `FLEET_TEST_BACKENDS`, both by default).

mod credentials;
mod hostile_input;
mod isolation;
mod observability;
mod sessions;
mod support;
mod tenants;
mod users;
