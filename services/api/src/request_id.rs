//! `X-Request-Id`: every request gets one — the caller's, when it sent a sane one, or a new
//! UUID — and every response, log line and error body carries it, so a report quoting it leads
//! to the request's logs.

use poem::{http::HeaderValue, Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";
/// Longer ids are replaced: they would bloat every log line.
const MAX_LEN: usize = 128;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Accepts ids of visible ASCII letters, digits and `-_.:`; anything else gets a fresh one.
fn accepted(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let sane = !text.is_empty()
        && text.len() <= MAX_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    sane.then(|| text.to_owned())
}

pub async fn with_request_id<E: Endpoint>(ep: E, req: Request) -> poem::Result<Response> {
    let id = req
        .headers()
        .get(HEADER)
        .and_then(accepted)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let span = tracing::info_span!("request", request_id = %id);
    let result = REQUEST_ID
        .scope(id.clone(), ep.call(req).instrument(span))
        .await;
    let mut response = match result {
        Ok(output) => output.into_response(),
        Err(err) => err.into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_ids_are_taken_from_the_caller() {
        let ok =
            |s: &str| accepted(&HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static("")));
        assert_eq!(ok("req-42.a:b_c"), Some("req-42.a:b_c".into()));
        for bad in ["", "a b", "<script>", "é", &"x".repeat(129)] {
            assert_eq!(ok(bad), None, "{bad:?}");
        }
    }
}
