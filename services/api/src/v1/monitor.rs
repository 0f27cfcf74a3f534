//! `/api/v1/monitor`: an account's metrics, message statistics and the service's health as the
//! monitor sees it.

use std::{collections::BTreeMap, sync::Arc};

use fleet_core::{clock::now_ms, roles::Role};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    Enum, Object, OpenApi,
};

use super::common::ApiTags;
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    health::{dependencies, dependency, DependencyState, DependencyStatus},
    state::AppState,
    types::Timestamp,
};

/// Without a range: the last hour.
const DEFAULT_RANGE_MS: i64 = 3600 * 1000;

#[derive(Debug, Object)]
pub struct MetricPoint {
    pub at: Timestamp,
    pub value: f64,
}

#[derive(Debug, Object)]
pub struct MetricSeries {
    /// `account_offline_seconds`, `login_success`, `message_failed` or `message_send_ms`.
    pub metric: String,
    pub labels: BTreeMap<String, String>,
    pub points: Vec<MetricPoint>,
}

#[derive(Debug, Object)]
pub struct AccountMetrics {
    pub account_id: String,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub series: Vec<MetricSeries>,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MessageStats {
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    /// Messages whose send ended (sent or failed) in the range.
    pub total: u64,
    pub success_count: u64,
    pub failure_count: u64,
    /// `success_count / total`; absent without messages.
    pub success_rate: Option<f64>,
    /// Mean milliseconds from a message being due to its send ending; absent without sends.
    pub avg_response_time_ms: Option<f64>,
}

#[derive(Debug, Object)]
pub struct WriterState {
    /// Points waiting to be written.
    pub buffered: u64,
    /// Points dropped since start because the buffer was full (the store was down too long).
    pub dropped: u64,
    pub written: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum HealthStatus {
    /// Every dependency answers.
    Ok,
    Degraded,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MonitorHealth {
    pub status: HealthStatus,
    pub uptime_seconds: u64,
    /// The database, Redis (when configured) and the metric store.
    pub dependencies: Vec<DependencyState>,
    /// This process's metric writer.
    pub metrics_writer: Option<WriterState>,
}

fn range(start: Option<Timestamp>, end: Option<Timestamp>) -> (i64, i64) {
    let end = end.map_or_else(now_ms, Timestamp::millis);
    let start = start.map_or(end - DEFAULT_RANGE_MS, Timestamp::millis);
    (start, end)
}

#[derive(Default)]
pub struct MonitorApi;

#[OpenApi(prefix_path = "/api/v1/monitor", tag = "ApiTags::Monitor")]
impl MonitorApi {
    /// An account's metrics between two times (default: the last hour; at most 31 days).
    #[oai(
        path = "/accounts/:id/metrics",
        method = "get",
        operation_id = "monitor_account_metrics"
    )]
    async fn account_metrics(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        /// From (default: an hour before `until`).
        since: Query<Option<Timestamp>>,
        /// Until (default: now).
        until: Query<Option<Timestamp>>,
    ) -> ApiResult<Json<AccountMetrics>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (start, end) = range(since.0, until.0);
        let series = state
            .alerting
            .account_metrics(tenant, &id.0, start, end)
            .await?;
        Ok(Json(AccountMetrics {
            account_id: id.0,
            start_time: Timestamp(start),
            end_time: Timestamp(end),
            series: series
                .into_iter()
                .map(|s| MetricSeries {
                    metric: s.metric,
                    labels: s.labels,
                    points: s
                        .samples
                        .into_iter()
                        .map(|p| MetricPoint {
                            at: Timestamp(p.at),
                            value: p.value,
                        })
                        .collect(),
                })
                .collect(),
        }))
    }

    /// Message totals, success rate and mean send time between two times (default: the last
    /// hour; at most 31 days).
    #[oai(
        path = "/messages/stats",
        method = "get",
        operation_id = "monitor_message_stats"
    )]
    async fn message_stats(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// From (default: an hour before `until`).
        since: Query<Option<Timestamp>>,
        /// Until (default: now).
        until: Query<Option<Timestamp>>,
    ) -> ApiResult<Json<MessageStats>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (start, end) = range(since.0, until.0);
        let stats = state.alerting.message_stats(tenant, start, end).await?;
        Ok(Json(MessageStats {
            start_time: Timestamp(start),
            end_time: Timestamp(end),
            total: stats.total,
            success_count: stats.succeeded,
            failure_count: stats.failed,
            success_rate: stats.success_rate,
            avg_response_time_ms: stats.avg_response_ms,
        }))
    }

    /// The service's health: each dependency's state, uptime and the metric writer.
    #[oai(path = "/health", method = "get", operation_id = "monitor_health")]
    async fn health(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
    ) -> ApiResult<Json<MonitorHealth>> {
        auth.0.require(Role::Viewer)?;
        let mut deps = dependencies(&state).await;
        let store = state.alerting.metric_store();
        deps.push(dependency(
            &format!("metric_store:{}", store.name()),
            store.ping().await.map_err(|e| e.to_string()),
        ));
        let ok = deps.iter().all(|d| d.status == DependencyStatus::Up);
        Ok(Json(MonitorHealth {
            status: if ok {
                HealthStatus::Ok
            } else {
                HealthStatus::Degraded
            },
            uptime_seconds: state.started_at.elapsed().as_secs(),
            dependencies: deps,
            metrics_writer: state.metric_writer.as_ref().map(|w| {
                let stats = w.stats();
                WriterState {
                    buffered: stats.buffered as u64,
                    dropped: stats.dropped,
                    written: stats.written,
                }
            }),
        }))
    }
}
