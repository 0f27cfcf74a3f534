//! `/api/v1/alerts`: the tenant's active alerts, their history, the notification log and the
//! tenant's quiet hours.

use std::{collections::BTreeMap, sync::Arc};

use fleet_alerting::{ActiveAlert, HistoryQuery, QuietHoursInput};
use fleet_core::{audit::AuditAction, roles::Role};
use fleet_monitor::rules::Severity;
use poem::web::Data;
use poem_openapi::{param::Query, payload::Json, Enum, Object, OpenApi};
use serde::Deserialize;

use super::{
    alert_channels::{to_notification, AlertNotification},
    audited::{audited, shown},
    common::{enum_name, stored, ApiTags},
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum AlertState {
    /// The condition holds; its `for` has not passed yet.
    Pending,
    Firing,
    Resolved,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Alert {
    pub alert_id: String,
    /// The rule's name (the `alertname` label).
    pub rule: String,
    /// Identifies the alert (rule and labels) across incidents.
    pub fingerprint: String,
    pub severity: Severity,
    pub state: AlertState,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// The aggregate at the last evaluation; absent without data.
    pub value: Option<f64>,
    pub active_at: Timestamp,
    pub fired_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    /// Silences keeping it out of notifications now.
    pub silenced_by: Vec<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields, skip_serializing_if_is_none)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// `HH:MM` in the tenant's timezone; absent with `end` to have no quiet hours.
    #[oai(validator(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: Option<String>,
    /// `HH:MM`; before `start` spans midnight (`22:00`–`07:00`).
    #[oai(validator(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub end: Option<String>,
    /// Whether critical alerts wait too (default false: critical goes out at once).
    pub mute_critical: Option<bool>,
}

fn to_alert(a: ActiveAlert) -> ApiResult<Alert> {
    Ok(Alert {
        severity: stored(&a.severity)?,
        state: stored(&a.state)?,
        alert_id: a.id,
        rule: a.rule,
        fingerprint: a.fingerprint,
        labels: a.labels,
        annotations: a.annotations,
        value: a.value,
        active_at: Timestamp(a.active_at),
        fired_at: Timestamp::opt(a.fired_at),
        resolved_at: Timestamp::opt(a.resolved_at),
        silenced_by: a.silenced_by,
    })
}

fn minute_of(
    field: &'static str,
    text: Option<String>,
) -> Result<Option<u32>, crate::error::ApiError> {
    let Some(text) = text else { return Ok(None) };
    let parsed = text
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60 && text.len() == 5);
    match parsed {
        Some((h, m)) => Ok(Some(h * 60 + m)),
        None => Err(crate::error::ApiError::validation(
            fleet_core::ValidationError::new(field, "must be a time of day as HH:MM"),
        )),
    }
}

fn to_quiet_hours(q: QuietHoursInput) -> QuietHours {
    let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    QuietHours {
        start: q.start_minute.map(hhmm),
        end: q.end_minute.map(hhmm),
        mute_critical: Some(q.mute_critical),
    }
}

#[derive(Default)]
pub struct AlertsApi;

#[OpenApi(prefix_path = "/api/v1/alerts", tag = "ApiTags::Alerts")]
impl AlertsApi {
    /// Pending and firing alerts, newest first.
    #[oai(path = "/", method = "get", operation_id = "alerts_list")]
    async fn active(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Alert>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let alerts = state.alerting.active_alerts(tenant).await?;
        let alerts = alerts
            .into_iter()
            .map(to_alert)
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(Json(Page::slice(alerts, paging(page.0, size.0))))
    }

    /// Every alert incident, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/history", method = "get", operation_id = "alerts_history")]
    async fn history(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        #[oai(name = "state")] alert_state: Query<Option<AlertState>>,
        /// A rule name.
        rule: Query<Option<String>>,
        severity: Query<Option<Severity>>,
        /// Incidents that became active at or after it.
        since: Query<Option<Timestamp>>,
        /// Incidents that became active before it.
        until: Query<Option<Timestamp>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Alert>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let query = HistoryQuery {
            state: alert_state.0.map(|s| enum_name(&s)),
            rule: rule.0,
            severity: severity.0.map(|s| s.as_str().to_owned()),
            since: since.0.map(Timestamp::millis),
            until: until.0.map(Timestamp::millis),
        };
        let found = state
            .alerting
            .alert_history(tenant, query, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_alert)?))
    }

    /// Every notification sent to the tenant's channels and how it went, newest first.
    #[oai(
        path = "/notifications",
        method = "get",
        operation_id = "alerts_notifications"
    )]
    async fn notifications(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<AlertNotification>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .alerting
            .notification_log(tenant, None, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_notification)?))
    }

    /// The tenant's quiet hours.
    #[oai(
        path = "/quiet-hours",
        method = "get",
        operation_id = "alerts_get_quiet_hours"
    )]
    async fn quiet_hours(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
    ) -> ApiResult<Json<QuietHours>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_quiet_hours(
            state.alerting.quiet_hours(tenant).await?,
        )))
    }

    /// Set the quiet hours (tenant admins): notifications wait until they end, critical ones
    /// excepted unless `mute_critical`.
    #[oai(
        path = "/quiet-hours",
        method = "put",
        operation_id = "alerts_set_quiet_hours"
    )]
    async fn set_quiet_hours(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<QuietHours>,
    ) -> ApiResult<Json<QuietHours>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let b = body.0;
        let input = QuietHoursInput {
            start_minute: minute_of("start", b.start)?,
            end_minute: minute_of("end", b.end)?,
            mute_critical: b.mute_critical.unwrap_or(false),
        };
        let before = shown(&to_quiet_hours(state.alerting.quiet_hours(tenant).await?));
        let set = to_quiet_hours(state.alerting.set_quiet_hours(tenant, input).await?);
        let target = ("tenant", tenant.to_string());
        let after = shown(&set);
        let action = AuditAction::QuietHoursUpdated;
        audited(&state, &principal, action, target, before, after).await;
        Ok(Json(set))
    }
}
