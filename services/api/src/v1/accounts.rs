use std::sync::Arc;

use fleet_accounts::{qr_svg, AccountPatch, NewAccount};
use fleet_core::{account::AccountState, clock::now_ms, ids::TenantId, roles::Role};
use fleet_store::accounts::{AccountRecord, HistoryRecord};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::MaybeUndefined,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::Value;

use super::common::{opt_time, page_request, time, ApiTags, NoContent};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
};

#[derive(Debug, Object)]
pub struct Account {
    pub account_id: String,
    pub account_name: String,
    /// Stored encrypted.
    pub phone: Option<String>,
    /// `simulator`, `http_instance` or `wecom_api`.
    pub connector: String,
    pub config: Value,
    /// `created`, `qr_wait`, `online`, `recovering` or `offline`.
    pub status: String,
    /// In `qr_wait`: `waiting_scan`, `waiting_confirm` or `needs_verification`.
    pub login_stage: Option<String>,
    pub last_heartbeat: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    pub account_name: String,
    pub phone: Option<String>,
    /// `simulator` (demo and tests), `http_instance` or `wecom_api`.
    pub connector: String,
    /// The connector's settings, credentials included; stored encrypted, never returned.
    pub connector_settings: Option<Value>,
    /// Free-form account configuration (a JSON object, at most 16 KiB).
    pub config: Option<Value>,
}

#[derive(ApiResponse)]
pub enum AccountCreated {
    #[oai(status = 201)]
    Created(Json<Account>),
}

/// Fields to change; absent fields stay, `phone: null` clears the phone.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    pub account_name: Option<String>,
    #[serde(default)]
    pub phone: MaybeUndefined<String>,
    pub config: Option<Value>,
}

/// The callback token and EncodingAESKey set for the app in the WeCom admin console.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct WecomCallbackSettings {
    /// 1–32 letters or digits.
    pub token: String,
    /// 43 characters of base64.
    pub encoding_aes_key: String,
}

#[derive(Debug, Object)]
pub struct WecomCallbackConfigured {
    /// The path to give WeCom as the callback URL, on this service's public address.
    pub callback_path: String,
}

#[derive(Debug, Object)]
pub struct AccountList {
    pub accounts: Vec<Account>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

/// A QR login in progress: show `qrcode_url` (an SVG) to the person who will scan it.
#[derive(Debug, Object)]
pub struct LoginStarted {
    pub account_id: String,
    /// The QR image to scan; absent when the credentials alone signed the account in
    /// (`wecom_api` accounts go straight `online`).
    pub qrcode_url: Option<String>,
    /// Identifies this login attempt.
    pub login_token: Option<String>,
    /// When the QR code stops working.
    pub expires_at: Option<String>,
    pub status: String,
    pub login_stage: Option<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct VerifyAccount {
    /// The code the new-device check shows on the phone.
    pub code: String,
}

#[derive(Debug, Object)]
pub struct AccountStatus {
    pub account_id: String,
    pub status: String,
    pub login_stage: Option<String>,
    pub last_heartbeat: Option<String>,
    /// Seconds online since the last login; 0 when not online.
    pub online_duration: i64,
}

#[derive(Debug, Object)]
pub struct StatusChange {
    pub old_status: String,
    pub old_stage: Option<String>,
    pub new_status: String,
    pub new_stage: Option<String>,
    /// The event: `start_login`, `qr_scanned`, `qr_expired`, `disconnected`, `logout`, ...
    pub reason: String,
    pub detail: Value,
    pub at: String,
}

#[derive(Debug, Object)]
pub struct AccountHistory {
    pub history: Vec<StatusChange>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object)]
pub struct ConversationItem {
    pub conversation_id: String,
    pub name: String,
    /// `private` or `group`.
    pub kind: String,
    pub member_count: i64,
}

#[derive(Debug, Object)]
pub struct ConversationList {
    pub conversations: Vec<ConversationItem>,
    pub total: i64,
}

#[derive(ApiResponse)]
pub enum QrImage {
    /// The QR code to scan, as SVG.
    #[oai(status = 200, content_type = "image/svg+xml")]
    Svg(poem_openapi::payload::PlainText<String>),
}

pub(crate) fn to_account(state: &AppState, r: AccountRecord) -> ApiResult<Account> {
    Ok(Account {
        phone: state.accounts.phone_of(&r)?,
        config: serde_json::from_str(&r.config).unwrap_or(Value::Null),
        account_id: r.id,
        account_name: r.account_name,
        connector: r.connector,
        status: r.status,
        login_stage: r.login_stage,
        last_heartbeat: opt_time(r.last_heartbeat_at),
        created_at: time(r.created_at),
        updated_at: time(r.updated_at),
    })
}

pub(crate) fn to_status(r: &AccountRecord) -> AccountStatus {
    let online_duration = match (r.status.as_str(), r.online_since) {
        ("online", Some(since)) => (now_ms() - since).max(0) / 1000,
        _ => 0,
    };
    AccountStatus {
        account_id: r.id.clone(),
        status: r.status.clone(),
        login_stage: r.login_stage.clone(),
        last_heartbeat: opt_time(r.last_heartbeat_at),
        online_duration,
    }
}

fn to_change(h: HistoryRecord) -> StatusChange {
    StatusChange {
        old_status: h.old_status,
        old_stage: h.old_stage,
        new_status: h.new_status,
        new_stage: h.new_stage,
        reason: h.reason,
        detail: serde_json::from_str(&h.detail).unwrap_or(Value::Null),
        at: time(h.created_at),
    }
}

pub struct AccountsApi;

#[OpenApi(prefix_path = "/api/v1/accounts", tag = "ApiTags::Accounts")]
impl AccountsApi {
    /// Register a WeCom account (operators). 409 `account_limit_reached` at the tenant's `max_accounts`.
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateAccount>,
    ) -> ApiResult<AccountCreated> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let b = body.0;
        let input = NewAccount {
            account_name: b.account_name,
            phone: b.phone,
            connector: b.connector,
            connector_settings: b.connector_settings,
            config: b.config,
        };
        let rec = state.accounts.create(tenant, input).await?;
        Ok(AccountCreated::Created(Json(to_account(&state, rec)?)))
    }

    /// The tenant's accounts, oldest first.
    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only accounts with this status.
        status: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AccountList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        if let Some(s) = status.0.as_deref() {
            if !AccountState::LIVE_STATUSES.contains(&s) {
                return Err(fleet_core::ValidationError::new(
                    "status",
                    format!("must be one of {}", AccountState::LIVE_STATUSES.join(", ")),
                )
                .into());
            }
        }
        let found = state
            .accounts
            .list(tenant, status.0.as_deref(), page)
            .await?;
        Ok(Json(AccountList {
            accounts: found
                .items
                .into_iter()
                .map(|r| to_account(&state, r))
                .collect::<ApiResult<_>>()?,
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    #[oai(path = "/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Account>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_account(
            &state,
            state.accounts.get(tenant, &id.0).await?,
        )?))
    }

    /// Change an account's name, phone or config (operators).
    #[oai(path = "/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateAccount>,
    ) -> ApiResult<Json<Account>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let b = body.0;
        let phone = match b.phone {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(p) => Some(Some(p)),
        };
        let patch = AccountPatch {
            account_name: b.account_name,
            phone,
            config: b.config,
        };
        Ok(Json(to_account(
            &state,
            state.accounts.update(tenant, &id.0, patch).await?,
        )?))
    }

    /// Set the WeCom callback of a `wecom_api` account (tenant admins): stored encrypted and
    /// never returned. WeCom's URL verification and events then go to `callback_path`.
    #[oai(path = "/:id/wecom-callback", method = "put")]
    async fn set_wecom_callback(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<WecomCallbackSettings>,
    ) -> ApiResult<Json<WecomCallbackConfigured>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        state
            .accounts
            .set_wecom_callback(tenant, &id.0, &body.0.token, &body.0.encoding_aes_key)
            .await?;
        Ok(Json(WecomCallbackConfigured {
            callback_path: format!("/callbacks/wecom/{}", id.0),
        }))
    }

    /// Delete an account from any state; its session is ended (tenant admins).
    #[oai(path = "/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        state.accounts.delete(tenant, &id.0).await?;
        Ok(NoContent::Done)
    }

    /// Start a QR login, or get a fresh QR code for one in progress (operators).
    #[oai(path = "/:id/login", method = "put")]
    async fn login(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<LoginStarted>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let r = state.accounts.login(tenant, &id.0).await?;
        Ok(Json(LoginStarted {
            qrcode_url: r
                .qr_payload
                .is_some()
                .then(|| format!("/api/v1/accounts/{}/qrcode", r.id)),
            login_token: r.login_token.clone(),
            expires_at: opt_time(r.qr_expires_at),
            account_id: r.id,
            status: r.status,
            login_stage: r.login_stage,
        }))
    }

    /// The login QR code as an SVG image. 409 `invalid_state` when no login is waiting.
    #[oai(path = "/:id/qrcode", method = "get")]
    async fn qrcode(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<QrImage> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let r = state.accounts.get(tenant, &id.0).await?;
        let payload = r
            .qr_payload
            .filter(|_| r.login_stage.as_deref() == Some("waiting_scan"))
            .ok_or_else(|| {
                ApiError::conflict(
                    "invalid_state",
                    "no QR code is waiting to be scanned; start a login",
                )
                .with_details(
                    serde_json::json!({ "status": r.status, "login_stage": r.login_stage }),
                )
            })?;
        Ok(QrImage::Svg(poem_openapi::payload::PlainText(qr_svg(
            &payload,
        )?)))
    }

    /// Submit the code a new-device check asks for (operators).
    #[oai(path = "/:id/verify", method = "post")]
    async fn verify(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<VerifyAccount>,
    ) -> ApiResult<Json<AccountStatus>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_status(
            &state.accounts.verify(tenant, &id.0, &body.0.code).await?,
        )))
    }

    /// Log the account out (operators).
    #[oai(path = "/:id/logout", method = "put")]
    async fn logout(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountStatus>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_status(
            &state.accounts.logout(tenant, &id.0).await?,
        )))
    }

    #[oai(path = "/:id/status", method = "get")]
    async fn status(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountStatus>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_status(&state.accounts.get(tenant, &id.0).await?)))
    }

    /// Status changes with their reasons, oldest first.
    #[oai(path = "/:id/history", method = "get")]
    async fn history(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AccountHistory>> {
        let tenant: TenantId = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state.accounts.history(tenant, &id.0, page).await?;
        Ok(Json(AccountHistory {
            history: found.items.into_iter().map(to_change).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// The account's conversations, from its connector (the account must be online).
    #[oai(path = "/:id/conversations", method = "get")]
    async fn conversations(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<ConversationList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state.accounts.conversations(tenant, &id.0).await?;
        Ok(Json(ConversationList {
            total: found.len() as i64,
            conversations: found
                .into_iter()
                .map(|c| ConversationItem {
                    conversation_id: c.id,
                    name: c.name,
                    kind: c.kind,
                    member_count: c.member_count,
                })
                .collect(),
        }))
    }
}
