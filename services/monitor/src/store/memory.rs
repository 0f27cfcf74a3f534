//! A store in memory, for `rules test` runs and tests: it keeps every point it is given.

use std::{
    collections::BTreeMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use async_trait::async_trait;

use super::{
    convention::{in_time_order, labels_of, matches, value_of, Labels},
    MetricStore, SeriesQuery, StoreError,
};
use crate::{
    metrics::Point,
    rules::{Sample, Series},
};

#[derive(Debug, Default)]
pub struct Memory {
    points: Mutex<Vec<Point>>,
}

impl Memory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every point written so far, in the order written.
    pub fn points(&self) -> Vec<Point> {
        self.locked().clone()
    }

    fn locked(&self) -> MutexGuard<'_, Vec<Point>> {
        // A panic elsewhere while holding the lock leaves the points as they were: still
        // fine to read.
        self.points.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl MetricStore for Memory {
    fn name(&self) -> &'static str {
        "memory"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        self.locked().extend_from_slice(points);
        Ok(())
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        let mut series: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
        let in_range =
            |p: &&Point| p.measurement == query.metric && p.at >= query.start && p.at <= query.end;
        for point in self.locked().iter().filter(in_range) {
            let Some(value) = value_of(point) else {
                continue;
            };
            let labels = labels_of(point);
            if matches(&labels, &query.matchers) {
                series.entry(labels).or_default().push(Sample {
                    at: point.at,
                    value,
                });
            }
        }
        Ok(in_time_order(series))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
