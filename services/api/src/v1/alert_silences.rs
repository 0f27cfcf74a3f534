//! `/api/v1/alerts/silences`: label matchers over a time range that keep matching alerts out
//! of notifications.

use std::{collections::BTreeMap, sync::Arc};

use fleet_alerting::SilenceInput;
use fleet_core::{audit::AuditAction, roles::Role};
use fleet_store::alerting::silences::SilenceRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
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
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateSilence {
    /// Alerts whose labels carry every one of these values are silenced, e.g.
    /// `{"alertname": "AccountOffline", "account": "…"}`.
    pub matchers: BTreeMap<String, String>,
    #[oai(validator(max_length = 1000))]
    pub comment: Option<String>,
    /// Default now.
    pub starts_at: Option<Timestamp>,
    /// In the future; at most 90 days after `starts_at`.
    pub ends_at: Timestamp,
}

#[derive(Debug, Object)]
pub struct Silence {
    pub silence_id: String,
    pub matchers: BTreeMap<String, String>,
    pub comment: String,
    /// Who created it (`user:<id>` or `api_key:<id>`).
    pub created_by: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// Whether it is in force now.
    pub active: bool,
    pub created_at: Timestamp,
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
        starts_at: Timestamp(s.starts_at),
        ends_at: Timestamp(s.ends_at),
        created_at: Timestamp(s.created_at),
    }
}

#[derive(Default)]
pub struct AlertSilencesApi;

#[OpenApi(
    prefix_path = "/api/v1/alerts/silences",
    tag = "ApiTags::AlertSilences"
)]
impl AlertSilencesApi {
    /// Silence matching alerts for a while (operators and up).
    #[oai(path = "/", method = "post", operation_id = "alert_silences_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateSilence>,
    ) -> ApiResult<SilenceCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let b = body.0;
        let input = SilenceInput {
            matchers: b.matchers,
            comment: b.comment,
            starts_at: b.starts_at.map(Timestamp::millis),
            ends_at: b.ends_at.millis(),
        };
        let by = format!(
            "{}:{}",
            principal.identity.actor.kind(),
            principal.identity.actor.id().unwrap_or_default()
        );
        let created = to_silence(state.alerting.create_silence(tenant, &by, input).await?);
        let target = ("alert_silence", created.silence_id.clone());
        let after = shown(&created);
        audited(
            &state,
            &principal,
            AuditAction::AlertSilenceCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(SilenceCreated::Created(Json(created)))
    }

    /// The tenant's silences, newest first.
    #[oai(path = "/", method = "get", operation_id = "alert_silences_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only those in force now.
        active: Query<Option<bool>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Silence>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .alerting
            .list_silences(tenant, active.0.unwrap_or(false), paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |s| Ok(to_silence(s)))?))
    }

    /// One silence.
    #[oai(path = "/:id", method = "get", operation_id = "alert_silences_get")]
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
    #[oai(
        path = "/:id",
        method = "delete",
        operation_id = "alert_silences_delete"
    )]
    async fn expire(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Silence>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let before = shown(&to_silence(state.alerting.silence(tenant, &id.0).await?));
        let expired = to_silence(state.alerting.expire_silence(tenant, &id.0).await?);
        let target = ("alert_silence", id.0.clone());
        let after = shown(&expired);
        audited(
            &state,
            &principal,
            AuditAction::AlertSilenceExpired,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(expired))
    }
}
