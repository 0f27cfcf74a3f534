//! The HTTP API of WeCom Fleet: `/api/v1/...` operations described by poem-openapi (the
//! OpenAPI document is generated from these types), authentication, rate limiting, health,
//! Prometheus metrics and Swagger UI.

mod allow_header;
mod app;
pub mod assemble;
pub mod auth;
mod contract;
pub mod error;
mod error_catcher;
pub mod health;
pub mod http_metrics;
pub mod json_body;
pub mod login_limits;
mod nul_guard;
pub mod provider_callbacks;
pub mod rate_limit;
pub mod redis_link;
pub mod request_id;
pub mod state;
pub mod types;
pub mod v1;
pub mod wecom_callbacks;

pub use app::{build_app, build_app_with, openapi_json};
pub use state::{ApiSettings, AppState};

/// The client's address as seen by this process.
pub fn client_ip(req: &poem::Request) -> Option<String> {
    req.remote_addr()
        .as_socket_addr()
        .map(|addr| addr.ip().to_string())
}
