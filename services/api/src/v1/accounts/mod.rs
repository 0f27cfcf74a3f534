//! `/api/v1/accounts`: WeCom accounts — their lifecycle, QR login, status and history.

mod qr_answer;
mod schema;

use std::sync::Arc;

use base64::Engine;
use fleet_accounts::{qr_svg, AccountPatch, NewAccount};
use fleet_core::{
    account::AccountStatus as Status, audit::AuditAction, roles::Role, validation::bounded_text,
};
use fleet_store::accounts::AccountFilter;
use poem::{web::Data, Request};
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::MaybeUndefined,
    ApiResponse, OpenApi,
};
pub use qr_answer::{QrAnswer, QrCode};
pub use schema::*;

use super::{
    audited::{audited, shown},
    common::{ApiTags, NoContent},
};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult, ErrorCode, ErrorDetails},
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(ApiResponse)]
pub enum AccountCreated {
    #[oai(status = 201)]
    Created(Json<Account>),
}

#[derive(Default)]
pub struct AccountsApi;

#[OpenApi(prefix_path = "/api/v1/accounts", tag = "ApiTags::Accounts")]
impl AccountsApi {
    /// Register a WeCom account (operators). 409 `account_limit_reached` at the tenant's
    /// `max_accounts`.
    #[oai(path = "/", method = "post", operation_id = "accounts_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateAccount>,
    ) -> ApiResult<AccountCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let b = body.0;
        let input = NewAccount {
            account_name: b.fields.account_name,
            phone: b.fields.phone,
            connector: b.kind,
            connector_settings: b.payload,
            config: json_of(b.fields.config),
        };
        let rec = state.accounts.create(tenant, input).await?;
        let account = to_account(&state, rec)?;
        let target = ("account", account.account_id.clone());
        let after = shown(&account);
        audited(
            &state,
            &principal,
            AuditAction::AccountCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(AccountCreated::Created(Json(account)))
    }

    /// The tenant's accounts, oldest first.
    #[oai(path = "/", method = "get", operation_id = "accounts_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only accounts with this status (deleted accounts are never listed).
        status: Query<Option<Status>>,
        /// Only accounts whose name contains this, in any case.
        name: Query<Option<String>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Account>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let name = name
            .0
            .map(|n| bounded_text("name", &n, 1, 100))
            .transpose()?;
        let filter = AccountFilter {
            status: status.0.map(Status::as_str),
            name: name.as_deref(),
        };
        let found = state
            .accounts
            .list(tenant, filter, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |r| to_account(&state, r))?))
    }

    /// One account.
    #[oai(path = "/:id", method = "get", operation_id = "accounts_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Account>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let rec = state.accounts.get(tenant, &id.0).await?;
        Ok(Json(to_account(&state, rec)?))
    }

    /// Change an account's name, phone or config (operators).
    #[oai(path = "/:id", method = "patch", operation_id = "accounts_update")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateAccount>,
    ) -> ApiResult<Json<Account>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let before = shown(&to_account(
            &state,
            state.accounts.get(tenant, &id.0).await?,
        )?);
        let b = body.0;
        let phone = match b.phone {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(p) => Some(Some(p)),
        };
        let patch = AccountPatch {
            account_name: b.account_name,
            phone,
            config: json_of(b.config),
        };
        let rec = state.accounts.update(tenant, &id.0, patch).await?;
        let account = to_account(&state, rec)?;
        let target = ("account", id.0.clone());
        let after = shown(&account);
        audited(
            &state,
            &principal,
            AuditAction::AccountUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(account))
    }

    /// Set the WeCom callback of a `wecom_api` account (tenant admins): stored encrypted and
    /// never returned. WeCom's URL verification and events then go to `callback_path`.
    #[oai(
        path = "/:id/wecom-callback",
        method = "put",
        operation_id = "accounts_configure_wecom_callback"
    )]
    async fn set_wecom_callback(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<WecomCallbackSettings>,
    ) -> ApiResult<Json<WecomCallbackConfigured>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        state
            .accounts
            .set_wecom_callback(tenant, &id.0, &body.0.token, &body.0.encoding_aes_key)
            .await?;
        // The token and key are secrets: the entry says only that they changed.
        let target = ("account", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::AccountCallbackConfigured,
            target,
            None,
            None,
        )
        .await;
        Ok(Json(WecomCallbackConfigured {
            callback_path: format!("/callbacks/wecom/{}", id.0),
        }))
    }

    /// Delete an account from any state; its session is ended (tenant admins).
    #[oai(path = "/:id", method = "delete", operation_id = "accounts_delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_account(
            &state,
            state.accounts.get(tenant, &id.0).await?,
        )?);
        state.accounts.delete(tenant, &id.0).await?;
        let target = ("account", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::AccountDeleted,
            target,
            before,
            None,
        )
        .await;
        Ok(NoContent::Done)
    }

    /// Start a QR login, or get a fresh QR code for one in progress (operators). The answer
    /// carries the QR code to show.
    #[oai(
        path = "/:id/login",
        method = "put",
        operation_id = "accounts_start_login"
    )]
    async fn login(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<LoginStarted>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let r = state.accounts.login(tenant, &id.0).await?;
        let target = ("account", id.0.clone());
        let after = shown(&to_status(&r)?);
        audited(
            &state,
            &principal,
            AuditAction::AccountLoginStarted,
            target,
            None,
            after,
        )
        .await;
        let qrcode_data_url = r
            .qr_payload
            .as_deref()
            .map(|payload| qr_svg(payload).map(|svg| svg_data_url(&svg)))
            .transpose()?;
        Ok(Json(LoginStarted {
            qrcode_url: qrcode_data_url
                .as_ref()
                .map(|_| format!("/api/v1/accounts/{}/qrcode", r.id)),
            qrcode_data_url,
            login_token: r.login_token.clone(),
            expires_at: Timestamp::opt(r.qr_expires_at),
            status: stored_status(&r.status)?,
            login_stage: r
                .login_stage
                .as_deref()
                .map(super::common::stored)
                .transpose()?,
            account_id: r.id,
        }))
    }

    /// The login QR code, as JSON with a data URL or (`Accept: image/svg+xml`) as the image.
    /// 409 `invalid_state` when no login is waiting.
    #[oai(path = "/:id/qrcode", method = "get", operation_id = "accounts_qrcode")]
    async fn qrcode(
        &self,
        state: Data<&Arc<AppState>>,
        req: &Request,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<QrAnswer> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let r = state.accounts.get(tenant, &id.0).await?;
        let payload = r
            .qr_payload
            .filter(|_| r.login_stage.as_deref() == Some("waiting_scan"))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidState,
                    "no QR code is waiting to be scanned; start a login",
                )
                .with_details(ErrorDetails {
                    status: Some(r.status.clone()),
                    login_stage: r.login_stage.clone(),
                    ..ErrorDetails::default()
                })
            })?;
        let svg = qr_svg(&payload)?;
        let code = QrCode {
            account_id: r.id,
            data_url: svg_data_url(&svg),
            expires_at: Timestamp(r.qr_expires_at.unwrap_or_default()),
        };
        Ok(QrAnswer::for_request(req, code, svg))
    }

    /// Submit the code a new-device check asks for (operators).
    #[oai(
        path = "/:id/verify",
        method = "post",
        operation_id = "accounts_verify"
    )]
    async fn verify(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<VerifyAccount>,
    ) -> ApiResult<Json<AccountState>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let rec = state.accounts.verify(tenant, &id.0, &body.0.code).await?;
        Ok(Json(to_status(&rec)?))
    }

    /// Log the account out (operators).
    #[oai(path = "/:id/logout", method = "put", operation_id = "accounts_logout")]
    async fn logout(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let rec = state.accounts.logout(tenant, &id.0).await?;
        let status = to_status(&rec)?;
        let target = ("account", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::AccountLoggedOut,
            target,
            None,
            shown(&status),
        )
        .await;
        Ok(Json(status))
    }

    /// The account's status, login stage, last heartbeat and time online.
    #[oai(path = "/:id/status", method = "get", operation_id = "accounts_status")]
    async fn status(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_status(&state.accounts.get(tenant, &id.0).await?)?))
    }

    /// Status changes with their reasons, oldest first.
    #[oai(
        path = "/:id/history",
        method = "get",
        operation_id = "accounts_history"
    )]
    async fn history(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<StatusChange>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .accounts
            .history(tenant, &id.0, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_change)?))
    }

    /// The account's conversations, from its connector (the account must be online).
    #[oai(
        path = "/:id/conversations",
        method = "get",
        operation_id = "accounts_conversations"
    )]
    async fn conversations(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Conversation>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let all = state.accounts.conversations(tenant, &id.0).await?;
        let all = all
            .into_iter()
            .map(to_conversation)
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(Json(Page::slice(all, paging(page.0, size.0))))
    }
}

fn stored_status(text: &str) -> ApiResult<Status> {
    super::common::stored(text)
}

/// The SVG as a `data:` URL, for clients that show the QR code without a second request.
fn svg_data_url(svg: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg);
    format!("data:image/svg+xml;base64,{encoded}")
}
