//! `POST /callbacks/provider/{account_id}`: events from account-hosting providers (the HTTP
//! instance protocol, `openapi/http-instance-protocol.yaml`). Verified with the operator's
//! callback secret (Standard Webhooks), stored once per delivery id, acknowledged, and handled
//! by the account handlers in the callback registry. Not part of `/api/v1`: providers are not
//! API users and authenticate by signature, not bearer token.

use std::sync::Arc;

use fleet_callbacks::{
    provider::{self, DeliveryHeaders, ProviderCallbackError},
    IncomingCallback,
};
use fleet_core::{clock::now_ms, webhook_signature::SignatureError};
use poem::{
    handler,
    web::{Data, Json, Path},
    Body, Request,
};
use serde_json::{json, Value};

use crate::{
    error::{ApiError, ErrorCode},
    json_body::payload_too_large,
    state::AppState,
};

/// Providers send small events; anything bigger is refused before it is read whole.
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn refused(err: ProviderCallbackError) -> ApiError {
    let code = match &err {
        ProviderCallbackError::Signature(SignatureError::StaleTimestamp) => {
            ErrorCode::StaleTimestamp
        }
        ProviderCallbackError::BadBody(_) => {
            return ApiError::new(ErrorCode::InvalidCallback, err.to_string())
        }
        _ => ErrorCode::InvalidSignature,
    };
    ApiError::new(code, err.to_string())
}

#[handler]
pub async fn receive(
    req: &Request,
    Path(account_id): Path<String>,
    body: Body,
    state: Data<&Arc<AppState>>,
) -> Result<Json<Value>, ApiError> {
    let bytes = body
        .into_bytes_limit(MAX_CALLBACK_BYTES)
        .await
        .map_err(|_| payload_too_large(MAX_CALLBACK_BYTES))?;
    let headers = DeliveryHeaders {
        id: header(req, "webhook-id"),
        timestamp: header(req, "webhook-timestamp"),
        signature: header(req, "webhook-signature"),
    };
    // Without a configured secret nothing can be verified: every callback is refused.
    let verified = provider::verify(
        &state.provider_callback_secrets,
        headers,
        &bytes,
        now_ms() / 1000,
    )
    .map_err(refused)?;

    let account = state
        .accounts
        .find(&account_id)
        .await
        .map_err(|_| ApiError::not_found("account"))?;
    if account.connector != "http_instance"
        || account.instance_id.as_deref() != Some(verified.event.instance_id.as_str())
    {
        return Err(ApiError::not_found("instance"));
    }
    let tenant = account
        .tenant_id
        .parse()
        .map_err(|_| ApiError::internal("stored account has a bad tenant id"))?;
    let received = state
        .callbacks
        .receive(IncomingCallback {
            tenant,
            source: "provider",
            account_id: Some(account_id.clone()),
            dedup_key: format!("{account_id}:{}", verified.delivery_id),
            kind: provider::registry_kind(&verified.event.kind),
            payload: verified.payload,
        })
        .await?;
    Ok(Json(json!({
        "event_id": received.event_id,
        "duplicate": received.duplicate,
        "status": received.status,
    })))
}
