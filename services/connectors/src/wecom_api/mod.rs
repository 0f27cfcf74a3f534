//! The official WeCom server API for a corp app (`qyapi.weixin.qq.com`).
//!
//! An account driven this way is a corp app: its settings carry the corp id, the app's agent
//! id and the app's secret, and there is no QR step — the secret alone signs it in. Every API
//! call needs an access token, which WeCom rate-limits and which lives about two hours, so
//! tokens are cached per app and refreshed by one caller at a time (`token_cache`). Every
//! answer is HTTP 200 with an `errcode`; `errcode` decides what each code means for the
//! caller, and `client` applies it (refetch a rejected token once, back off on the frequency
//! limit). Messages go out as app messages (`app_message`); the official API reports no
//! delivery.

mod app_message;
mod backoff;
mod client;
mod connector;
mod errcode;
mod settings;
mod token_cache;

use std::time::Duration;

pub use connector::WecomApiConnector;
pub use settings::AppCredentials;

/// How the connector talks to WeCom. The defaults suit production; tests point `base_url` at
/// an [`crate::official_api_sim::OfficialApiSim`] and shrink the durations.
#[derive(Debug, Clone)]
pub struct WecomApiOptions {
    /// Scheme and host of the API, without a trailing path.
    pub base_url: String,
    /// The whole-request timeout for one HTTP exchange.
    pub request_timeout: Duration,
    /// How long before its expiry a cached token is replaced, so that a call never carries
    /// a token that expires on the way.
    pub refresh_margin: Duration,
    /// Extra attempts after WeCom answers 45009 (API frequency limit).
    pub rate_limit_retries: u32,
    /// The first wait after a 45009; it doubles with each retry and varies by ±20% so that
    /// many callers limited together do not come back together.
    pub rate_limit_backoff: Duration,
}

impl Default for WecomApiOptions {
    fn default() -> Self {
        Self {
            base_url: "https://qyapi.weixin.qq.com".into(),
            request_timeout: Duration::from_secs(10),
            refresh_margin: Duration::from_secs(300),
            rate_limit_retries: 3,
            rate_limit_backoff: Duration::from_secs(1),
        }
    }
}
