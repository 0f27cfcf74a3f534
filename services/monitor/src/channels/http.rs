//! One HTTP exchange for the webhook and WeCom robot channels. The `reqwest::Client` comes
//! from the caller, who guards it against SSRF (DNS, no redirects, a timeout); this side
//! only makes sure an answer cannot make us buffer without end.

use reqwest::{RequestBuilder, Response, StatusCode};

use super::ChannelError;

/// A 2xx answer and the start of its body.
pub(super) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

/// Enough for a WeCom JSON answer or an error page's first lines.
const BODY_LIMIT: usize = 16 * 1024;

/// How much of a refusal's body goes into the error message.
const SNIPPET_LIMIT: usize = 300;

/// Sends `request`; answers other than 2xx become classified errors.
pub(super) async fn exchange(request: RequestBuilder) -> Result<Answer, ChannelError> {
    let mut response = request.send().await.map_err(ChannelError::from_request)?;
    let status = response.status();
    if status.is_success() {
        let body = read_at_most(&mut response, BODY_LIMIT).await?;
        Ok(Answer { status, body })
    } else {
        // The refusal is what matters; a body that breaks off changes nothing.
        let body = read_at_most(&mut response, SNIPPET_LIMIT)
            .await
            .unwrap_or_default();
        Err(ChannelError::from_status(status, &body))
    }
}

async fn read_at_most(response: &mut Response, limit: usize) -> Result<Vec<u8>, ChannelError> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await.map_err(ChannelError::from_request)? {
            Some(chunk) => body.extend_from_slice(&chunk),
            None => break,
        }
    }
    body.truncate(limit);
    Ok(body)
}
