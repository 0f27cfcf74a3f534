//! Quota usage and pacing choices: `/api/v1/tenant/usage`, `/api/v1/tenant/pacing`,
//! `/api/v1/pacing-profiles`, `/api/v1/accounts/{id}/messaging`.

use std::sync::Arc;

use fleet_core::{audit::AuditAction, roles::Role};
use fleet_store::messaging::settings::AccountMessaging;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    Object, OpenApi,
};
use serde::Deserialize;

use super::{
    audited::{audited, shown},
    common::ApiTags,
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize},
};

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PacingProfile {
    pub name: String,
    /// Used when neither the account nor its tenant chose a profile.
    pub default: bool,
    /// Gap between two sends of one account: drawn from min..=max milliseconds.
    pub min_gap_ms: u64,
    pub max_gap_ms: u64,
    /// Sends per account per day; absent for no cap.
    pub daily_cap: Option<u32>,
    /// Least time between two sends to the same conversation.
    pub recipient_gap_ms: u64,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields, skip_serializing_if_is_none)]
#[serde(deny_unknown_fields)]
pub struct TenantPacing {
    /// A profile name; null for the default.
    pub pacing_profile: Option<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields, skip_serializing_if_is_none)]
#[serde(deny_unknown_fields)]
pub struct AccountMessagingBody {
    /// A profile name; null to follow the tenant's.
    pub pacing_profile: Option<String>,
    /// The account's own daily cap under the tenant's quota; null for none.
    #[oai(validator(minimum(value = "1")))]
    pub max_daily_messages: Option<i64>,
}

#[derive(Default)]
pub struct PacingApi;

#[OpenApi(tag = "ApiTags::Pacing")]
impl PacingApi {
    /// The pacing profiles this service offers, by name.
    #[oai(
        path = "/api/v1/pacing-profiles",
        method = "get",
        operation_id = "pacing_profiles"
    )]
    async fn profiles(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<PacingProfile>>> {
        auth.0.tenant_with(Role::Viewer)?;
        let settings = state.messaging.settings();
        let all: Vec<PacingProfile> = settings
            .profiles
            .iter()
            .map(|(name, p)| PacingProfile {
                default: *name == settings.default_profile,
                name: name.clone(),
                min_gap_ms: p.min_gap_ms,
                max_gap_ms: p.max_gap_ms,
                daily_cap: p.daily_cap,
                recipient_gap_ms: p.recipient_gap_ms,
            })
            .collect();
        Ok(Json(Page::slice(all, paging(page.0, size.0))))
    }

    /// The tenant's pacing profile (absent: the service's default).
    #[oai(
        path = "/api/v1/tenant/pacing",
        method = "get",
        operation_id = "pacing_get_tenant"
    )]
    async fn tenant_pacing(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
    ) -> ApiResult<Json<TenantPacing>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(TenantPacing {
            pacing_profile: state.messaging.tenant_pacing(tenant).await?,
        }))
    }

    /// Choose the pacing profile of all the tenant's accounts (tenant admins).
    #[oai(
        path = "/api/v1/tenant/pacing",
        method = "put",
        operation_id = "pacing_set_tenant"
    )]
    async fn set_tenant_pacing(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<TenantPacing>,
    ) -> ApiResult<Json<TenantPacing>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&TenantPacing {
            pacing_profile: state.messaging.tenant_pacing(tenant).await?,
        });
        state
            .messaging
            .set_tenant_pacing(tenant, body.0.pacing_profile.as_deref())
            .await?;
        let target = ("tenant", tenant.to_string());
        let after = shown(&body.0);
        audited(
            &state,
            &principal,
            AuditAction::TenantPacingUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(body.0))
    }

    /// An account's own pacing profile and daily cap (absent: the tenant's).
    #[oai(
        path = "/api/v1/accounts/:id/messaging",
        method = "get",
        operation_id = "pacing_get_account"
    )]
    async fn account_messaging(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountMessagingBody>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state.messaging.account_messaging(tenant, &id.0).await?;
        Ok(Json(AccountMessagingBody {
            pacing_profile: found.pacing_profile,
            max_daily_messages: found.max_daily_messages,
        }))
    }

    /// Set an account's pacing profile and daily cap (tenant admins).
    #[oai(
        path = "/api/v1/accounts/:id/messaging",
        method = "put",
        operation_id = "pacing_set_account"
    )]
    async fn set_account_messaging(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<AccountMessagingBody>,
    ) -> ApiResult<Json<AccountMessagingBody>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let found = state.messaging.account_messaging(tenant, &id.0).await?;
        let before = shown(&AccountMessagingBody {
            pacing_profile: found.pacing_profile,
            max_daily_messages: found.max_daily_messages,
        });
        let saved = state
            .messaging
            .set_account_messaging(
                tenant,
                &id.0,
                AccountMessaging {
                    pacing_profile: body.0.pacing_profile,
                    max_daily_messages: body.0.max_daily_messages,
                },
            )
            .await?;
        let saved = AccountMessagingBody {
            pacing_profile: saved.pacing_profile,
            max_daily_messages: saved.max_daily_messages,
        };
        let target = ("account", id.0.clone());
        let after = shown(&saved);
        audited(
            &state,
            &principal,
            AuditAction::AccountMessagingUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(saved))
    }
}
