//! Quota usage and pacing choices: `/api/v1/tenant/usage`, `/api/v1/tenant/pacing`,
//! `/api/v1/pacing-profiles`, `/api/v1/accounts/{id}/messaging`.

use std::sync::Arc;

use fleet_core::roles::Role;
use fleet_store::messaging::settings::AccountMessaging;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    Object, OpenApi,
};
use serde::Deserialize;

use super::common::ApiTags;
use crate::{auth::BearerAuth, error::ApiResult, json_body::JsonBody, state::AppState};

#[derive(Debug, Object)]
pub struct DayUsage {
    /// `YYYY-MM-DD` in the tenant's timezone.
    pub date: String,
    /// Charged to the quota (cancelled messages are given back).
    pub used: i64,
    pub pending: i64,
    pub sent: i64,
    pub delivered: i64,
    pub failed: i64,
    pub cancelled: i64,
}

#[derive(Debug, Object)]
pub struct Usage {
    pub timezone: String,
    pub daily_limit: i64,
    pub days: Vec<DayUsage>,
}

#[derive(Debug, Object)]
pub struct PacingProfile {
    pub name: String,
    /// Gap between two sends of one account: drawn from min..=max milliseconds.
    pub min_gap_ms: u64,
    pub max_gap_ms: u64,
    /// Sends per account per day; absent for no cap.
    pub daily_cap: Option<u32>,
    /// Least time between two sends to the same conversation.
    pub recipient_gap_ms: u64,
}

#[derive(Debug, Object)]
pub struct PacingProfiles {
    pub profiles: Vec<PacingProfile>,
    /// Used when neither the account nor its tenant chose one.
    pub default_profile: String,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TenantPacing {
    /// A profile name; null for the default.
    pub pacing_profile: Option<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct AccountMessagingBody {
    /// A profile name; null to follow the tenant's.
    pub pacing_profile: Option<String>,
    /// The account's own daily cap under the tenant's quota; null for none.
    pub max_daily_messages: Option<i64>,
}

pub struct PacingApi;

#[OpenApi(tag = "ApiTags::Messages")]
impl PacingApi {
    /// Messages per day from `from` to `to` (`YYYY-MM-DD`, inclusive, tenant timezone; the
    /// last 7 days by default, at most 92).
    #[oai(path = "/api/v1/tenant/usage", method = "get")]
    async fn usage(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
    ) -> ApiResult<Json<Usage>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let report = state
            .messaging
            .usage(tenant, from.0.as_deref(), to.0.as_deref())
            .await?;
        Ok(Json(Usage {
            timezone: report.timezone,
            daily_limit: report.daily_limit,
            days: report
                .days
                .into_iter()
                .map(|d| DayUsage {
                    date: d.date,
                    used: d.used,
                    pending: d.messages.pending,
                    sent: d.messages.sent,
                    delivered: d.messages.delivered,
                    failed: d.messages.failed,
                    cancelled: d.messages.cancelled,
                })
                .collect(),
        }))
    }

    /// The pacing profiles this service offers.
    #[oai(path = "/api/v1/pacing-profiles", method = "get")]
    async fn profiles(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
    ) -> ApiResult<Json<PacingProfiles>> {
        auth.0.tenant_with(Role::Viewer)?;
        let settings = state.messaging.settings();
        Ok(Json(PacingProfiles {
            profiles: settings
                .profiles
                .iter()
                .map(|(name, p)| PacingProfile {
                    name: name.clone(),
                    min_gap_ms: p.min_gap_ms,
                    max_gap_ms: p.max_gap_ms,
                    daily_cap: p.daily_cap,
                    recipient_gap_ms: p.recipient_gap_ms,
                })
                .collect(),
            default_profile: settings.default_profile.clone(),
        }))
    }

    #[oai(path = "/api/v1/tenant/pacing", method = "get")]
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
    #[oai(path = "/api/v1/tenant/pacing", method = "put")]
    async fn set_tenant_pacing(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<TenantPacing>,
    ) -> ApiResult<Json<TenantPacing>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        state
            .messaging
            .set_tenant_pacing(tenant, body.0.pacing_profile.as_deref())
            .await?;
        Ok(Json(body.0))
    }

    #[oai(path = "/api/v1/accounts/:id/messaging", method = "get")]
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
    #[oai(path = "/api/v1/accounts/:id/messaging", method = "put")]
    async fn set_account_messaging(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<AccountMessagingBody>,
    ) -> ApiResult<Json<AccountMessagingBody>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
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
        Ok(Json(AccountMessagingBody {
            pacing_profile: saved.pacing_profile,
            max_daily_messages: saved.max_daily_messages,
        }))
    }
}
