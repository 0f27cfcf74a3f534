//! The embedded store: metrics in a SQLite file of their own (not the service's database,
//! so their write volume never contends with it), for the single-binary default.

use std::{collections::BTreeMap, path::Path, time::Duration};

use async_trait::async_trait;
use fleet_core::clock::Millis;
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    QueryBuilder, Row, Sqlite, SqlitePool,
};

use super::{
    convention::{in_time_order, labels_of, value_of, Labels},
    MetricStore, SeriesQuery, StoreError,
};
use crate::{
    metrics::Point,
    rules::{Aggregate, Sample, Series, SeriesValue},
};

/// `series` is the canonical JSON of the sorted labels, so one label set is one string.
/// The key leads with (metric, at) because every read is one metric over a time range; a
/// second write of a series at the same time replaces the first, as in InfluxDB.
const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS metric_points (
        metric TEXT NOT NULL,
        series TEXT NOT NULL,
        at INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (metric, at, series)
    ) WITHOUT ROWID",
    // Retention deletes by age alone.
    "CREATE INDEX IF NOT EXISTS metric_points_by_age ON metric_points (at)",
];

/// Rows per INSERT: four variables each, under 999, the lowest limit SQLite ever had.
const ROWS_PER_INSERT: usize = 999 / 4;

/// Rows per retention DELETE, so that a large purge never holds the write lock for long.
const PURGE_BATCH: i64 = 10_000;

pub struct Embedded {
    pool: SqlitePool,
}

fn unavailable(err: sqlx::Error) -> StoreError {
    StoreError::Unavailable(format!("embedded metric store: {err}"))
}

impl Embedded {
    /// Opens (creating if needed) the metric database at `path`.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL loses at most the last commits on power loss, never
            // consistency: right for metrics.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(unavailable)?;
        for statement in SCHEMA {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .map_err(unavailable)?;
        }
        Ok(Self { pool })
    }
}

/// `WHERE` for a query: the metric, the time range, and each matcher as a test on the
/// series' labels. Keys and values are bound, never put in the SQL; `json_each` rather than
/// a `json_extract` path because a path cannot spell a key that holds a `"`.
fn push_filter<'q>(sql: &mut QueryBuilder<'q, Sqlite>, query: &'q SeriesQuery) {
    sql.push(" WHERE metric = ")
        .push_bind(query.metric.as_str())
        .push(" AND at >= ")
        .push_bind(query.start)
        .push(" AND at <= ")
        .push_bind(query.end);
    for (key, value) in &query.matchers {
        if value.is_empty() {
            // An empty value matches series without the label (empty labels are never
            // stored).
            sql.push(" AND NOT EXISTS (SELECT 1 FROM json_each(series) WHERE key = ")
                .push_bind(key.as_str())
                .push(")");
        } else {
            sql.push(" AND EXISTS (SELECT 1 FROM json_each(series) WHERE key = ")
                .push_bind(key.as_str())
                .push(" AND value = ")
                .push_bind(value.as_str())
                .push(")");
        }
    }
}

fn labels_from(series: &str) -> Result<Labels, StoreError> {
    serde_json::from_str(series)
        .map_err(|err| StoreError::Protocol(format!("stored series {series:?}: {err}")))
}

#[async_trait]
impl MetricStore for Embedded {
    fn name(&self) -> &'static str {
        "embedded"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        let mut rows = Vec::with_capacity(points.len());
        for point in points {
            let Some(value) = value_of(point) else {
                continue;
            };
            let series = serde_json::to_string(&labels_of(point))
                .map_err(|err| StoreError::Protocol(err.to_string()))?;
            rows.push((point.measurement.as_str(), series, point.at, value));
        }
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await.map_err(unavailable)?;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO metric_points (metric, series, at, value) ",
            );
            insert.push_values(chunk, |mut row, (metric, series, at, value)| {
                row.push_bind(*metric)
                    .push_bind(series.as_str())
                    .push_bind(*at)
                    .push_bind(*value);
            });
            insert
                .build()
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        tx.commit().await.map_err(unavailable)
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        let mut sql = QueryBuilder::new("SELECT series, at, value FROM metric_points");
        push_filter(&mut sql, query);
        let rows = sql
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        let mut by_series: BTreeMap<String, Vec<Sample>> = BTreeMap::new();
        for row in rows {
            by_series
                .entry(row.try_get("series").map_err(unavailable)?)
                .or_default()
                .push(Sample {
                    at: row.try_get("at").map_err(unavailable)?,
                    value: row.try_get("value").map_err(unavailable)?,
                });
        }
        let mut groups = BTreeMap::new();
        for (series, samples) in by_series {
            groups.insert(labels_from(&series)?, samples);
        }
        Ok(in_time_order(groups))
    }

    async fn aggregate(
        &self,
        query: &SeriesQuery,
        aggregate: Aggregate,
    ) -> Result<Vec<SeriesValue>, StoreError> {
        let computed = match aggregate {
            Aggregate::Avg => "AVG(value)",
            Aggregate::Min => "MIN(value)",
            Aggregate::Max => "MAX(value)",
            Aggregate::Sum => "SUM(value)",
            Aggregate::Count => "COUNT(value) * 1.0",
            // In a MAX() query SQLite takes a bare column from the row holding the maximum:
            // the newest sample's value.
            Aggregate::Last => "value, MAX(at)",
        };
        let mut sql = QueryBuilder::new(format!("SELECT series, {computed} FROM metric_points"));
        push_filter(&mut sql, query);
        sql.push(" GROUP BY series");
        let rows = sql
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        rows.iter()
            .map(|row| {
                let series: String = row.try_get(0).map_err(unavailable)?;
                Ok(SeriesValue {
                    labels: labels_from(&series)?,
                    value: row.try_get(1).map_err(unavailable)?,
                })
            })
            .collect()
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(unavailable)
    }

    /// Deletes in batches: each one a short transaction, so writes go on between them.
    async fn purge_before(&self, cutoff: Millis) -> Result<u64, StoreError> {
        let mut purged = 0;
        loop {
            let deleted = sqlx::query(
                "DELETE FROM metric_points WHERE (metric, at, series) IN
                    (SELECT metric, at, series FROM metric_points WHERE at < ? LIMIT ?)",
            )
            .bind(cutoff)
            .bind(PURGE_BATCH)
            .execute(&self.pool)
            .await
            .map_err(unavailable)?
            .rows_affected();
            purged += deleted;
            if deleted < PURGE_BATCH as u64 {
                return Ok(purged);
            }
        }
    }
}
