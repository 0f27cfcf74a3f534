//! `/api/v1/alerts`: the tenant's active alerts, their history, the notification log and the
//! tenant's quiet hours.

use std::{collections::BTreeMap, sync::Arc};

use fleet_alerting::{ActiveAlert, HistoryQuery, QuietHoursInput};
use fleet_core::roles::Role;
use poem::web::Data;
use poem_openapi::{param::Query, payload::Json, Object, OpenApi};
use serde::Deserialize;

use super::{
    alert_channels::{to_notification, AlertNotificationList},
    common::{one_of, opt_time, page_request, parse_time, time, ApiTags},
};
use crate::{auth::BearerAuth, error::ApiResult, json_body::JsonBody, state::AppState};

#[derive(Debug, Object)]
pub struct Alert {
    pub alert_id: String,
    /// The rule's name (the `alertname` label).
    pub rule: String,
    /// Identifies the alert (rule and labels) across incidents.
    pub fingerprint: String,
    pub severity: String,
    /// `pending` (condition holds, `for` not yet passed), `firing` or `resolved`.
    pub state: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// The aggregate at the last evaluation; absent without data.
    pub value: Option<f64>,
    pub active_at: String,
    pub fired_at: Option<String>,
    pub resolved_at: Option<String>,
    /// Silences keeping it out of notifications now.
    pub silenced_by: Vec<String>,
}

#[derive(Debug, Object)]
pub struct AlertList {
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Object)]
pub struct AlertHistory {
    pub alerts: Vec<Alert>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// `HH:MM` in the tenant's timezone; absent with `end` to have no quiet hours.
    pub start: Option<String>,
    /// `HH:MM`; before `start` spans midnight (`22:00`–`07:00`).
    pub end: Option<String>,
    /// Whether critical alerts wait too (default false: critical goes out at once).
    pub mute_critical: Option<bool>,
}

fn to_alert(a: ActiveAlert) -> Alert {
    Alert {
        alert_id: a.id,
        rule: a.rule,
        fingerprint: a.fingerprint,
        severity: a.severity,
        state: a.state,
        labels: a.labels,
        annotations: a.annotations,
        value: a.value,
        active_at: time(a.active_at),
        fired_at: opt_time(a.fired_at),
        resolved_at: opt_time(a.resolved_at),
        silenced_by: a.silenced_by,
    }
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

pub struct AlertsApi;

#[OpenApi(prefix_path = "/api/v1/alerts", tag = "ApiTags::Alerts")]
impl AlertsApi {
    /// Pending and firing alerts, newest first.
    #[oai(path = "/", method = "get")]
    async fn active(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
    ) -> ApiResult<Json<AlertList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let alerts = state.alerting.active_alerts(tenant).await?;
        Ok(Json(AlertList {
            alerts: alerts.into_iter().map(to_alert).collect(),
        }))
    }

    /// Every alert incident, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/history", method = "get")]
    async fn history(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// `pending`, `firing` or `resolved`.
        #[oai(name = "state")]
        alert_state: Query<Option<String>>,
        /// A rule name.
        rule: Query<Option<String>>,
        /// `critical`, `warning` or `info`.
        severity: Query<Option<String>>,
        /// RFC 3339: incidents that became active at or after it.
        since: Query<Option<String>>,
        /// RFC 3339: incidents that became active before it.
        until: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AlertHistory>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let query = HistoryQuery {
            state: one_of("state", alert_state.0, &["pending", "firing", "resolved"])?,
            rule: rule.0,
            severity: one_of("severity", severity.0, &["critical", "warning", "info"])?,
            since: since.0.map(|t| parse_time("since", &t)).transpose()?,
            until: until.0.map(|t| parse_time("until", &t)).transpose()?,
        };
        let found = state.alerting.alert_history(tenant, query, page).await?;
        Ok(Json(AlertHistory {
            alerts: found.items.into_iter().map(to_alert).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// Every notification sent to the tenant's channels and how it went, newest first.
    #[oai(path = "/notifications", method = "get")]
    async fn notifications(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AlertNotificationList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state.alerting.notification_log(tenant, None, page).await?;
        Ok(Json(AlertNotificationList {
            notifications: found.items.into_iter().map(to_notification).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// The tenant's quiet hours.
    #[oai(path = "/quiet-hours", method = "get")]
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
    #[oai(path = "/quiet-hours", method = "put")]
    async fn set_quiet_hours(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<QuietHours>,
    ) -> ApiResult<Json<QuietHours>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let b = body.0;
        let input = QuietHoursInput {
            start_minute: minute_of("start", b.start)?,
            end_minute: minute_of("end", b.end)?,
            mute_critical: b.mute_critical.unwrap_or(false),
        };
        Ok(Json(to_quiet_hours(
            state.alerting.set_quiet_hours(tenant, input).await?,
        )))
    }
}
