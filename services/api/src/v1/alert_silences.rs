//! `/api/v1/alerts/silences`: label matchers over a time range that keep matching alerts out
//! of notifications.

use std::{collections::BTreeMap, sync::Arc};

use fleet_alerting::SilenceInput;
use fleet_core::roles::Role;
use fleet_store::alerting::silences::SilenceRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;

use super::common::{page_request, parse_time, time, ApiTags};
use crate::{auth::BearerAuth, error::ApiResult, json_body::JsonBody, state::AppState};

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateSilence {
    /// Alerts whose labels carry every one of these values are silenced, e.g.
    /// `{"alertname": "AccountOffline", "account": "…"}`.
    pub matchers: BTreeMap<String, String>,
    pub comment: Option<String>,
    /// RFC 3339; default now.
    pub starts_at: Option<String>,
    /// RFC 3339, in the future; at most 90 days after `starts_at`.
    pub ends_at: String,
}

#[derive(Debug, Object)]
pub struct Silence {
    pub silence_id: String,
    pub matchers: BTreeMap<String, String>,
    pub comment: String,
    /// Who created it (`user:<id>` or `api_key:<id>`).
    pub created_by: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Whether it is in force now.
    pub active: bool,
    pub created_at: String,
}

#[derive(Debug, Object)]
pub struct SilenceList {
    pub silences: Vec<Silence>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(ApiResponse)]
pub enum SilenceCreated {
    #[oai(status = 201)]
    Created(Json<Silence>),
}

fn to_silence(s: SilenceRecord) -> Silence {
    let now = fleet_core::clock::now_ms();
    Silence {
        matchers: serde_json::from_str(&s.matchers).unwrap_or_default(),
        active: s.starts_at <= now && now < s.ends_at,
        silence_id: s.id,
        comment: s.comment,
        created_by: s.created_by,
        starts_at: time(s.starts_at),
        ends_at: time(s.ends_at),
        created_at: time(s.created_at),
    }
}

pub struct AlertSilencesApi;

#[OpenApi(prefix_path = "/api/v1/alerts/silences", tag = "ApiTags::Alerts")]
impl AlertSilencesApi {
    /// Silence matching alerts for a while (operators and up).
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateSilence>,
    ) -> ApiResult<SilenceCreated> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let b = body.0;
        let input = SilenceInput {
            matchers: b.matchers,
            comment: b.comment,
            starts_at: b
                .starts_at
                .map(|t| parse_time("starts_at", &t))
                .transpose()?,
            ends_at: parse_time("ends_at", &b.ends_at)?,
        };
        let by = format!(
            "{}:{}",
            auth.0.actor.kind(),
            auth.0.actor.id().unwrap_or_default()
        );
        let created = state.alerting.create_silence(tenant, &by, input).await?;
        Ok(SilenceCreated::Created(Json(to_silence(created))))
    }

    /// The tenant's silences, newest first.
    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only those in force now.
        active: Query<Option<bool>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<SilenceList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state
            .alerting
            .list_silences(tenant, active.0.unwrap_or(false), page)
            .await?;
        Ok(Json(SilenceList {
            silences: found.items.into_iter().map(to_silence).collect(),
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
    ) -> ApiResult<Json<Silence>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_silence(
            state.alerting.silence(tenant, &id.0).await?,
        )))
    }

    /// End a silence now (operators and up). It stays listed, ended.
    #[oai(path = "/:id", method = "delete")]
    async fn expire(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Silence>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_silence(
            state.alerting.expire_silence(tenant, &id.0).await?,
        )))
    }
}
