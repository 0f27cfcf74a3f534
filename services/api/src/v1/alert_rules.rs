//! `/api/v1/alerts/rules`: the tenant's alert rules, and (read-only, id `file:<name>`) the
//! rules from the rule files that apply to every tenant.

use std::{collections::BTreeMap, sync::Arc};

use fleet_alerting::{RuleSource, RuleView};
use fleet_core::{audit::AuditAction, roles::Role, ValidationError};
use fleet_monitor::rules::{Aggregate, NoData, Operator, RuleSpec, Severity};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Enum, Object, OpenApi,
};
use serde::{Deserialize, Serialize};

use super::{
    audited::{audited, shown},
    common::{ApiTags, NoContent},
};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

/// A threshold rule: `aggregate(metric[window]) operator threshold`, held for `for`.
#[derive(Debug, Clone, Object, Serialize, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleSpec {
    /// Becomes the `alertname` label; unique per tenant. 1–100 of letters, digits, `_`, `-`.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
    /// e.g. `account_offline_seconds`, `message_failed`, `api_response_ms`, `queue_backlog`,
    /// `login_success` (see the README's metric list).
    pub metric: String,
    /// Only series whose labels equal these (e.g. `{"account": "…"}`). `tenant` is always
    /// yours and cannot be named.
    #[oai(default)]
    #[serde(default)]
    pub matchers: BTreeMap<String, String>,
    pub aggregate: Aggregate,
    /// How far back the aggregate looks: `90s`, `5m`, `1h30m`.
    pub window: String,
    pub operator: Operator,
    pub threshold: f64,
    /// How long the condition must hold before the alert fires (default `0s`).
    #[oai(rename = "for")]
    #[serde(rename = "for", default = "zero")]
    pub for_: String,
    /// `critical` reaches every channel, `warning` email and WeCom robots, `info` WeCom
    /// robots only.
    pub severity: Severity,
    #[oai(default)]
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Templates: `{{ $value }}` and `{{ $labels.<name> }}` are filled in.
    #[oai(default)]
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// Without samples in the window (default `ok`).
    #[oai(default)]
    #[serde(default)]
    pub no_data: NoData,
}

fn zero() -> String {
    "0s".into()
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleInput {
    pub rule: AlertRuleSpec,
    /// Default true.
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum AlertRuleSource {
    /// The tenant's own rule.
    Tenant,
    /// A rule file's rule, applied to every tenant; read-only.
    File,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AlertRule {
    /// `rule_…` for the tenant's rules, `file:<name>` for rule files' rules (read-only).
    pub rule_id: String,
    pub source: AlertRuleSource,
    pub rule: AlertRuleSpec,
    pub enabled: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

#[derive(ApiResponse)]
pub enum AlertRuleCreated {
    #[oai(status = 201)]
    Created(Json<AlertRule>),
}

/// The API's shape and the rule files' shape are the same JSON; serde checks the enums.
fn to_spec(spec: AlertRuleSpec) -> Result<RuleSpec, ApiError> {
    let value = serde_json::to_value(spec).map_err(ApiError::internal)?;
    serde_json::from_value(value)
        .map_err(|e| ApiError::validation(ValidationError::new("rule", format!("{e}"))))
}

fn to_rule(view: RuleView) -> Result<AlertRule, ApiError> {
    let value = serde_json::to_value(&view.spec).map_err(ApiError::internal)?;
    Ok(AlertRule {
        rule_id: view.id,
        source: match view.source {
            RuleSource::File => AlertRuleSource::File,
            RuleSource::Tenant => AlertRuleSource::Tenant,
        },
        rule: serde_json::from_value(value).map_err(ApiError::internal)?,
        enabled: view.enabled,
        created_at: Timestamp::opt(view.created_at),
        updated_at: Timestamp::opt(view.updated_at),
    })
}

#[derive(Default)]
pub struct AlertRulesApi;

#[OpenApi(prefix_path = "/api/v1/alerts/rules", tag = "ApiTags::AlertRules")]
impl AlertRulesApi {
    /// Add an alert rule (tenant admins). It sees only the tenant's series.
    #[oai(path = "/", method = "post", operation_id = "alert_rules_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<AlertRuleInput>,
    ) -> ApiResult<AlertRuleCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let spec = to_spec(body.0.rule)?;
        let view = state
            .alerting
            .create_rule(tenant, spec, body.0.enabled.unwrap_or(true))
            .await?;
        let rule = to_rule(view)?;
        let target = ("alert_rule", rule.rule_id.clone());
        let after = shown(&rule);
        audited(
            &state,
            &principal,
            AuditAction::AlertRuleCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(AlertRuleCreated::Created(Json(rule)))
    }

    /// The rule files' rules, then the tenant's own.
    #[oai(path = "/", method = "get", operation_id = "alert_rules_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<AlertRule>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .alerting
            .list_rules(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_rule)?))
    }

    /// One rule: the tenant's own, or a rule file's (`file:<name>`).
    #[oai(path = "/:id", method = "get", operation_id = "alert_rules_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AlertRule>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_rule(state.alerting.rule(tenant, &id.0).await?)?))
    }

    /// Replace a rule (tenant admins). Its open alerts resolve and it starts over.
    #[oai(path = "/:id", method = "put", operation_id = "alert_rules_update")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<AlertRuleInput>,
    ) -> ApiResult<Json<AlertRule>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let spec = to_spec(body.0.rule)?;
        let before = shown(&to_rule(state.alerting.rule(tenant, &id.0).await?)?);
        let view = state
            .alerting
            .update_rule(tenant, &id.0, spec, body.0.enabled.unwrap_or(true))
            .await?;
        let rule = to_rule(view)?;
        let target = ("alert_rule", id.0.clone());
        let after = shown(&rule);
        audited(
            &state,
            &principal,
            AuditAction::AlertRuleUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(rule))
    }

    /// Delete a rule (tenant admins); its firing alerts are sent as resolved.
    #[oai(path = "/:id", method = "delete", operation_id = "alert_rules_delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_rule(state.alerting.rule(tenant, &id.0).await?)?);
        state.alerting.delete_rule(tenant, &id.0).await?;
        let target = ("alert_rule", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::AlertRuleDeleted,
            target,
            before,
            None,
        )
        .await;
        Ok(NoContent::Done)
    }
}
