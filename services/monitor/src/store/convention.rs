//! The stores' one convention: a metric is one measurement whose single field is `value`;
//! its series are told apart by their tags, which are their labels.

use std::collections::BTreeMap;

use crate::{
    metrics::{Field, Point},
    rules::{Sample, Series},
};

pub(super) type Labels = BTreeMap<String, String>;

/// A point's `value` as a number, if it has a finite one (no store keeps NaN).
pub(super) fn value_of(point: &Point) -> Option<f64> {
    let value = match point.fields.get("value")? {
        Field::Float(v) => *v,
        Field::Int(v) => *v as f64,
        Field::Bool(_) | Field::Text(_) => return None,
    };
    value.is_finite().then_some(value)
}

/// A point's labels: its tags, less empty ones (line protocol cannot carry them).
pub(super) fn labels_of(point: &Point) -> Labels {
    point
        .tags
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Label equality; an empty matcher value matches series without the label, as in PromQL
/// and InfluxQL.
pub(super) fn matches(labels: &Labels, matchers: &Labels) -> bool {
    matchers
        .iter()
        .all(|(k, v)| labels.get(k).map_or("", String::as_str) == v)
}

/// Samples gathered by label set, as series with their samples oldest first.
pub(super) fn in_time_order(groups: BTreeMap<Labels, Vec<Sample>>) -> Vec<Series> {
    groups
        .into_iter()
        .map(|(labels, mut samples)| {
            samples.sort_by_key(|s| s.at);
            Series { labels, samples }
        })
        .collect()
}
