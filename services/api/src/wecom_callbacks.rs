//! `GET|POST /callbacks/wecom/{account_id}`: WeCom's own callbacks for `wecom_api` accounts.
//! GET is the URL verification when the tenant saves the callback URL in the WeCom console:
//! the `echostr` is decrypted and returned as is. POST carries an encrypted XML event: it is
//! verified, decrypted, checked against the account's corp id, stored once, and answered
//! `success` — the handler runs after, so WeCom's 5 s limit is never at its mercy.
//! Nothing is stored unless every check passed.

use std::sync::Arc;

use fleet_accounts::WecomCallbackTarget;
use fleet_callbacks::{
    wecom::{self, xml, Decrypted, WecomCryptoError},
    IncomingCallback,
};
use poem::{
    handler,
    web::{Data, Path, Query},
    Body,
};
use serde::Deserialize;
use serde_json::Value;

use crate::{
    error::{ApiError, ErrorCode},
    json_body::payload_too_large,
    provider_callbacks::MAX_CALLBACK_BYTES,
    state::AppState,
};

#[derive(Debug, Deserialize)]
pub struct SignedQuery {
    msg_signature: String,
    timestamp: String,
    nonce: String,
    /// Only on URL verification.
    echostr: Option<String>,
}

impl SignedQuery {
    /// Checks the signature over `encrypted`, decrypts it, and checks it names the corp.
    fn open(&self, target: &WecomCallbackTarget, encrypted: &str) -> Result<Decrypted, ApiError> {
        target
            .crypto
            .open(
                &self.msg_signature,
                &self.timestamp,
                &self.nonce,
                encrypted,
                &target.corp_id,
            )
            .map_err(refused)
    }
}

fn refused(err: WecomCryptoError) -> ApiError {
    match err {
        WecomCryptoError::BadSignature => {
            ApiError::new(ErrorCode::InvalidSignature, err.to_string())
        }
        WecomCryptoError::WrongReceiver => {
            ApiError::new(ErrorCode::WrongReceiveId, err.to_string())
        }
        _ => ApiError::new(ErrorCode::Undecryptable, err.to_string()),
    }
}

#[handler]
pub async fn verify_url(
    Path(account_id): Path<String>,
    Query(query): Query<SignedQuery>,
    state: Data<&Arc<AppState>>,
) -> Result<String, ApiError> {
    let target = state.accounts.wecom_callback_target(&account_id).await?;
    let echostr = query
        .echostr
        .as_deref()
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidCallback, "echostr is required"))?;
    let opened = query.open(&target, echostr)?;
    Ok(opened.message)
}

#[handler]
pub async fn receive(
    Path(account_id): Path<String>,
    Query(query): Query<SignedQuery>,
    body: Body,
    state: Data<&Arc<AppState>>,
) -> Result<&'static str, ApiError> {
    let bytes = body
        .into_bytes_limit(MAX_CALLBACK_BYTES)
        .await
        .map_err(|_| payload_too_large(MAX_CALLBACK_BYTES))?;
    let bad = |message: String| ApiError::new(ErrorCode::InvalidCallback, message);
    let envelope = std::str::from_utf8(&bytes)
        .map_err(|_| bad("the body is not UTF-8".into()))
        .and_then(|text| xml::to_json(text).map_err(|e| bad(e.to_string())))?;
    let encrypted = envelope
        .get("Encrypt")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("the body has no Encrypt element".into()))?;
    let target = state.accounts.wecom_callback_target(&account_id).await?;
    let opened = query.open(&target, encrypted)?;
    let event = xml::to_json(&opened.message).map_err(|e| bad(format!("decrypted {e}")))?;
    state
        .callbacks
        .receive(IncomingCallback {
            tenant: target.tenant,
            source: "wecom",
            account_id: Some(account_id.clone()),
            dedup_key: wecom::dedup_key(&account_id, &event, &opened.message),
            kind: wecom::registry_kind(&event),
            payload: Value::Object(event),
        })
        .await?;
    // WeCom takes exactly this body as the acknowledgement.
    Ok("success")
}
