//! Metric stores: where points are written and where rules and the monitor API read them.
//! Every metric is one measurement with a single field, `value`; its tags are the series'
//! labels.

use std::collections::BTreeMap;

use async_trait::async_trait;
use fleet_core::clock::Millis;

use crate::{
    metrics::Point,
    rules::{Aggregate, Series, SeriesValue},
};

/// The series of one metric whose labels equal `matchers`, between `start` and `end`
/// (inclusive, milliseconds).
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesQuery {
    pub metric: String,
    pub matchers: BTreeMap<String, String>,
    pub start: Millis,
    pub end: Millis,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be reached or answered with an error; worth retrying.
    #[error("metric store unavailable: {0}")]
    Unavailable(String),
    /// The store refused the request as such (bad data, bad query) or answered something we
    /// cannot read; sending the same request again will not help.
    #[error("metric store answer not understood: {0}")]
    Protocol(String),
    /// The store's configuration cannot work (a URL that is no HTTP URL, ...).
    #[error("metric store configuration: {0}")]
    Config(String),
}

#[async_trait]
pub trait MetricStore: Send + Sync {
    /// A short name for logs and the health endpoint (`influxdb`, `embedded`, ...).
    fn name(&self) -> &'static str;

    /// Writes one batch; all or nothing as far as the store allows.
    async fn write(&self, points: &[Point]) -> Result<(), StoreError>;

    /// Every matching series with its samples, oldest first.
    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError>;

    /// One value per matching series: `aggregate` over its samples in the query's range.
    /// Stores that can compute it themselves override this.
    async fn aggregate(
        &self,
        query: &SeriesQuery,
        aggregate: Aggregate,
    ) -> Result<Vec<SeriesValue>, StoreError> {
        let window = query.end - query.start + 1;
        Ok(self
            .series(query)
            .await?
            .into_iter()
            .map(|s| SeriesValue {
                value: aggregate.over(&s.samples, window, query.end),
                labels: s.labels,
            })
            .collect())
    }

    /// Whether the store answers, for the health endpoint.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Deletes the points older than `cutoff` (ms) and says how many went. Stores that keep
    /// their own retention (InfluxDB, VictoriaMetrics) leave it to themselves.
    async fn purge_before(&self, _cutoff: Millis) -> Result<u64, StoreError> {
        Ok(0)
    }
}

mod config;
mod convention;
mod embedded;
mod http;
mod influx_query;
mod influx_v1;
mod influx_v2;
mod influxql;
mod memory;
mod retention;
mod victoria;

pub use config::{open, StoreConfig};
pub use embedded::Embedded;
pub use influx_v1::InfluxV1;
pub use influx_v2::InfluxV2;
pub use memory::Memory;
pub use retention::run_retention;
pub use victoria::VictoriaMetrics;
