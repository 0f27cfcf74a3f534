//! The bearer check in front of the protocol (and drive) routes.

use std::sync::Arc;

use poem::{error::ResponseError, http::header, Endpoint, EndpointExt, IntoResponse, Request};

use super::{api_error::ApiError, ProviderSim};

/// Wraps `routes` so that a request without `Authorization: Bearer <api_token>` gets the
/// protocol's 401 `unauthorized` and never reaches them.
pub(super) fn require_bearer(
    routes: impl Endpoint + 'static,
    sim: Arc<ProviderSim>,
) -> impl Endpoint {
    routes.around(move |inner, request: Request| {
        let sim = Arc::clone(&sim);
        async move {
            if presents_token(&request, &sim.api_token) {
                inner.call(request).await.map(IntoResponse::into_response)
            } else {
                Ok(ApiError::unauthorized().as_response())
            }
        }
    })
}

fn presents_token(request: &Request, token: &str) -> bool {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|presented| same_bytes(presented.trim().as_bytes(), token.as_bytes()))
}

/// Compares without stopping at the first difference, so the answer time says nothing about
/// how much of a guessed token was right.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
