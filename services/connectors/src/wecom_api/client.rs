//! One WeCom API call from start to finish: the token, the HTTP exchange, and what each
//! answer leads to — a refetched token after 40014/42001, waits after 45009, an error
//! otherwise. Neither the secret nor a token is ever logged or put into an error: reqwest's
//! errors carry the request URL, whose query holds them, so URLs are stripped first.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::{
    backoff::rate_limit_wait,
    errcode::{judge, Verdict},
    token_cache::{FreshToken, TokenCache},
    AppCredentials, WecomApiOptions,
};
use crate::ConnectorError;

/// What WeCom promises for a token when a reply leaves `expires_in` out.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(7200);

pub(super) struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    rate_limit_retries: u32,
    rate_limit_backoff: Duration,
    tokens: TokenCache,
}

impl ApiClient {
    pub(super) fn new(options: WecomApiOptions) -> Result<Self, ConnectorError> {
        let http = reqwest::Client::builder()
            .timeout(options.request_timeout)
            .build()
            .map_err(|e| {
                ConnectorError::permanent(
                    "http_client",
                    format!("cannot build the HTTP client: {e}"),
                )
            })?;
        Ok(Self {
            http,
            base_url: options.base_url.trim_end_matches('/').to_owned(),
            rate_limit_retries: options.rate_limit_retries,
            rate_limit_backoff: options.rate_limit_backoff,
            tokens: TokenCache::new(options.refresh_margin),
        })
    }

    /// Calls `path` as `app`, adding the access token to `query`, and returns the reply body
    /// once its errcode is 0.
    pub(super) async fn call(
        &self,
        app: &AppCredentials,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, ConnectorError> {
        let mut token = self.token(app).await?;
        let mut token_refetched = false;
        let mut rate_limit_retry = 0;
        loop {
            let mut full_query = Vec::with_capacity(query.len() + 1);
            full_query.push(("access_token", token.as_str()));
            full_query.extend_from_slice(query);
            let reply = self
                .exchange(method.clone(), path, &full_query, body)
                .await?;
            match judge(&reply) {
                Verdict::Success => return Ok(reply),
                Verdict::StaleToken(_) if !token_refetched => {
                    tracing::debug!(
                        path,
                        corp_id = app.corp_id(),
                        agent_id = app.agent_id(),
                        "WeCom refused the access token; fetching a new one"
                    );
                    self.tokens.invalidate(app, &token);
                    token = self.token(app).await?;
                    token_refetched = true;
                }
                Verdict::RateLimited(_) if rate_limit_retry < self.rate_limit_retries => {
                    let wait = rate_limit_wait(self.rate_limit_backoff, rate_limit_retry);
                    tracing::debug!(path, ?wait, "WeCom frequency limit (45009); waiting");
                    tokio::time::sleep(wait).await;
                    rate_limit_retry += 1;
                }
                Verdict::StaleToken(e) | Verdict::RateLimited(e) | Verdict::Failed(e) => {
                    tracing::debug!(path, error = %e, "WeCom call failed");
                    return Err(e);
                }
            }
        }
    }

    /// The app's access token, from the cache or from `gettoken`.
    pub(super) async fn token(&self, app: &AppCredentials) -> Result<String, ConnectorError> {
        self.tokens.token(app, || self.fetch_token(app)).await
    }

    /// Drops the app's cached token, so the next call fetches a new one.
    pub(super) fn forget_token(&self, app: &AppCredentials) {
        self.tokens.forget(app);
    }

    async fn fetch_token(&self, app: &AppCredentials) -> Result<FreshToken, ConnectorError> {
        tracing::debug!(
            corp_id = app.corp_id(),
            agent_id = app.agent_id(),
            "fetching a WeCom access token"
        );
        let query = [("corpid", app.corp_id()), ("corpsecret", app.secret())];
        let reply = self
            .exchange(Method::GET, "/cgi-bin/gettoken", &query, None)
            .await?;
        match judge(&reply) {
            Verdict::Success => {}
            Verdict::StaleToken(e) | Verdict::RateLimited(e) | Verdict::Failed(e) => return Err(e),
        }
        let value = reply
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ConnectorError::retryable("bad_reply", "gettoken answered without an access_token")
            })?;
        let expires_in = reply
            .get("expires_in")
            .and_then(Value::as_u64)
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        Ok(FreshToken {
            value: value.to_owned(),
            expires_in,
        })
    }

    /// One HTTP request, its reply parsed as JSON. Whatever keeps a reply from arriving or
    /// parsing is retryable, except a 4xx status: that points at a wrong `base_url` or
    /// path, which retrying does not fix.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, ConnectorError> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        let http_error = |what: &str, e: reqwest::Error| {
            ConnectorError::retryable("http", format!("{what} {path}: {}", e.without_url()))
        };
        let response = request
            .send()
            .await
            .map_err(|e| http_error("cannot reach WeCom for", e))?;
        let status = response.status();
        if status.is_client_error()
            && status != reqwest::StatusCode::REQUEST_TIMEOUT
            && status != reqwest::StatusCode::TOO_MANY_REQUESTS
        {
            return Err(ConnectorError::permanent(
                "http",
                format!("WeCom answered HTTP {status} for {path}"),
            ));
        }
        if !status.is_success() {
            return Err(ConnectorError::retryable(
                "http",
                format!("WeCom answered HTTP {status} for {path}"),
            ));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| http_error("the reply broke off for", e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            ConnectorError::retryable("http", format!("the reply for {path} is not JSON: {e}"))
        })
    }
}
