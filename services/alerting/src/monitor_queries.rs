//! The monitor's read side for tenants: one account's metrics over a time range, and message
//! statistics, both read from the metric store.

use std::collections::BTreeMap;

use fleet_core::{clock::Millis, ids::TenantId, ValidationError};
use fleet_monitor::{
    rules::{Aggregate, Sample},
    store::SeriesQuery,
};
use fleet_store::{accounts, Scope};

use crate::{AlertingError, AlertingService};

/// The metrics recorded per account.
const ACCOUNT_METRICS: [&str; 4] = [
    "account_offline_seconds",
    "login_success",
    "message_failed",
    "message_send_ms",
];
/// The longest range one request may read.
const MAX_RANGE_MS: Millis = 31 * 24 * 3600 * 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct MetricSeries {
    pub metric: String,
    pub labels: BTreeMap<String, String>,
    pub samples: Vec<Sample>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageStats {
    pub total: u64,
    pub succeeded: u64,
    pub failed: u64,
    /// `succeeded / total`; `None` without messages.
    pub success_rate: Option<f64>,
    /// Mean time from due to sent or failed; `None` without sends.
    pub avg_response_ms: Option<f64>,
}

fn check_range(start: Millis, end: Millis) -> Result<(), ValidationError> {
    if end < start {
        return Err(ValidationError::new("until", "must not be before `since`"));
    }
    if end - start > MAX_RANGE_MS {
        return Err(ValidationError::new(
            "until",
            "a range covers at most 31 days",
        ));
    }
    Ok(())
}

impl AlertingService {
    fn query(
        &self,
        metric: &str,
        matchers: &[(&str, &str)],
        start: Millis,
        end: Millis,
    ) -> SeriesQuery {
        SeriesQuery {
            metric: metric.to_owned(),
            matchers: matchers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            start,
            end,
        }
    }

    pub async fn account_metrics(
        &self,
        tenant: TenantId,
        account_id: &str,
        start: Millis,
        end: Millis,
    ) -> Result<Vec<MetricSeries>, AlertingError> {
        check_range(start, end)?;
        {
            let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
            accounts::get(&mut tx, tenant, account_id)
                .await?
                .ok_or(AlertingError::NotFound("account"))?;
        }
        let tenant = tenant.to_string();
        let mut out = Vec::new();
        for metric in ACCOUNT_METRICS {
            let query = self.query(
                metric,
                &[("tenant", &tenant), ("account", account_id)],
                start,
                end,
            );
            let series = self
                .metrics
                .series(&query)
                .await
                .map_err(|e| AlertingError::MetricsUnavailable(e.to_string()))?;
            out.extend(series.into_iter().map(|s| MetricSeries {
                metric: metric.to_owned(),
                labels: s.labels,
                samples: s.samples,
            }));
        }
        Ok(out)
    }

    /// Sums an aggregate over every series of `metric` for the tenant.
    async fn total(
        &self,
        metric: &str,
        aggregate: Aggregate,
        tenant: &str,
        start: Millis,
        end: Millis,
    ) -> Result<f64, AlertingError> {
        let values = self
            .metrics
            .aggregate(
                &self.query(metric, &[("tenant", tenant)], start, end),
                aggregate,
            )
            .await
            .map_err(|e| AlertingError::MetricsUnavailable(e.to_string()))?;
        Ok(values.iter().filter_map(|v| v.value).sum())
    }

    pub async fn message_stats(
        &self,
        tenant: TenantId,
        start: Millis,
        end: Millis,
    ) -> Result<MessageStats, AlertingError> {
        check_range(start, end)?;
        let tenant = tenant.to_string();
        let total = self
            .total("message_failed", Aggregate::Count, &tenant, start, end)
            .await?;
        let failed = self
            .total("message_failed", Aggregate::Sum, &tenant, start, end)
            .await?;
        let sends = self
            .total("message_send_ms", Aggregate::Count, &tenant, start, end)
            .await?;
        let latency = self
            .total("message_send_ms", Aggregate::Sum, &tenant, start, end)
            .await?;
        let (total, failed) = (total.round() as u64, failed.round() as u64);
        let succeeded = total.saturating_sub(failed);
        Ok(MessageStats {
            total,
            succeeded,
            failed,
            success_rate: (total > 0).then(|| succeeded as f64 / total as f64),
            avg_response_ms: (sends > 0.0).then(|| latency / sends),
        })
    }
}
