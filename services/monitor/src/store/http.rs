//! What the HTTP stores (InfluxDB, VictoriaMetrics) share: the client with its time limits,
//! URLs under a configured base, the line protocol body of a batch and how HTTP failures
//! map to [`StoreError`].

use std::time::Duration;

use url::Url;

use super::StoreError;
use crate::metrics::Point;

/// A store that does not answer within this is down as far as the writer is concerned;
/// it retries later rather than waiting on it.
pub(super) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub(super) fn client() -> Result<reqwest::Client, StoreError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|err| StoreError::Config(format!("HTTP client: {err}")))
}

/// The configured base URL, checked once so that later joins cannot fail.
pub(super) fn base_url(url: &str) -> Result<Url, StoreError> {
    let parsed = Url::parse(url).map_err(|err| StoreError::Config(format!("{url:?}: {err}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
        return Err(StoreError::Config(format!("{url:?} is not an HTTP URL")));
    }
    Ok(parsed)
}

/// `path` under the base URL, keeping a base path a reverse proxy may need
/// (`http://host/influx` + `query` → `http://host/influx/query`).
pub(super) fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend(path.split('/'));
    }
    url
}

/// A batch as line protocol, one point a line. Points that line protocol cannot carry
/// (no fields, NaN) are left out, as a store could not keep them anyway.
pub(super) fn line_protocol(points: &[Point]) -> String {
    let mut body = String::with_capacity(points.len() * 96);
    for line in points.iter().filter_map(Point::line) {
        body.push_str(&line);
        body.push('\n');
    }
    body
}

/// Transport failures (refused, timed out, reset) are worth a retry.
pub(super) fn unreachable(err: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(err.to_string())
}

/// A non-success answer: the store refusing the request itself (400, 413, 422) will refuse
/// it again; anything else (auth, missing database, overload, 5xx) may pass later.
pub(super) fn refused(status: u16, body: &str) -> StoreError {
    let message = format!("HTTP {status}: {}", body.trim());
    match status {
        400 | 413 | 422 => StoreError::Protocol(message),
        _ => StoreError::Unavailable(message),
    }
}

/// The response if it is a success, else the error its status and body make.
pub(super) async fn success(
    response: Result<reqwest::Response, reqwest::Error>,
) -> Result<reqwest::Response, StoreError> {
    let response = response.map_err(unreachable)?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.text().await.unwrap_or_default();
    Err(refused(status.as_u16(), &body))
}

/// GET `path` answering with a success, for the stores' `ping` (InfluxDB's `/ping` says
/// 204 on 1.x and 2.x, 200 on 3.x; VictoriaMetrics' `/health` says 200).
pub(super) async fn ping(http: &reqwest::Client, base: &Url, path: &str) -> Result<(), StoreError> {
    success(http.get(endpoint(base, path)).send().await)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_the_base_path() {
        let at = |base: &str, path| endpoint(&base_url(base).unwrap(), path).to_string();
        assert_eq!(at("http://h:8086", "query"), "http://h:8086/query");
        assert_eq!(at("http://h/influx/", "query"), "http://h/influx/query");
        assert_eq!(
            at("http://h/vm", "api/v1/export"),
            "http://h/vm/api/v1/export"
        );
        assert!(matches!(base_url("mailto:a@b"), Err(StoreError::Config(_))));
        assert!(matches!(base_url("not a url"), Err(StoreError::Config(_))));
    }

    #[test]
    fn refusals_that_will_repeat_are_protocol_errors() {
        assert!(matches!(refused(400, "bad"), StoreError::Protocol(_)));
        assert!(matches!(refused(404, "no db"), StoreError::Unavailable(_)));
        assert!(matches!(refused(503, ""), StoreError::Unavailable(_)));
    }
}
