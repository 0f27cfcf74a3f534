//! InfluxQL statements for the InfluxDB stores and the reading of `/query?epoch=ms` answers.
//! Names and values are always quoted and escaped, never pasted: a tenant's label value
//! cannot change the statement.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{SeriesQuery, StoreError};
use crate::rules::{Aggregate, Sample, Series, SeriesValue};

/// A name (measurement, tag key, database): `"..."`.
pub(super) fn identifier(name: &str) -> String {
    quoted(name, '"')
}

/// A string literal (tag value): `'...'`.
pub(super) fn literal(value: &str) -> String {
    quoted(value, '\'')
}

/// InfluxQL strings know the escapes `\\`, `\'`, `\"` and `\n`; a raw newline would end the
/// statement's string early, so it goes escaped too.
fn quoted(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(super) fn create_database(database: &str) -> String {
    format!("CREATE DATABASE {}", identifier(database))
}

/// Every sample of the matching series, one result series per tag set.
pub(super) fn select_series(query: &SeriesQuery, retention_policy: Option<&str>) -> String {
    select(r#""value""#, query, retention_policy)
}

/// One row per matching series with `aggregate` computed by InfluxDB.
pub(super) fn select_aggregate(
    query: &SeriesQuery,
    aggregate: Aggregate,
    retention_policy: Option<&str>,
) -> String {
    let function = match aggregate {
        Aggregate::Avg => "mean",
        Aggregate::Min => "min",
        Aggregate::Max => "max",
        Aggregate::Sum => "sum",
        Aggregate::Count => "count",
        Aggregate::Last => "last",
    };
    let expression = format!(r#"{function}("value") AS "value""#);
    select(&expression, query, retention_policy)
}

fn select(expression: &str, query: &SeriesQuery, retention_policy: Option<&str>) -> String {
    let measurement = match retention_policy {
        Some(rp) => format!("{}.{}", identifier(rp), identifier(&query.metric)),
        None => identifier(&query.metric),
    };
    let mut statement = format!(
        "SELECT {expression} FROM {measurement} WHERE time >= {}ms AND time <= {}ms",
        query.start, query.end
    );
    // An empty value matches series without the tag, as in PromQL.
    for (key, value) in &query.matchers {
        statement.push_str(&format!(" AND {} = {}", identifier(key), literal(value)));
    }
    statement.push_str(" GROUP BY *");
    statement
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    results: Vec<StatementResult>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct StatementResult {
    #[serde(default)]
    series: Vec<ResultSeries>,
    error: Option<String>,
    #[serde(default)]
    partial: bool,
}

#[derive(Deserialize)]
struct ResultSeries {
    #[serde(default)]
    tags: BTreeMap<String, String>,
    columns: Vec<String>,
    #[serde(default)]
    values: Vec<Vec<serde_json::Value>>,
    #[serde(default)]
    partial: bool,
}

/// The answer's series; an `error` anywhere in it is a [`StoreError::Protocol`]. A
/// measurement that does not exist (yet) is an answer without series.
fn result_series(body: &[u8]) -> Result<Vec<ResultSeries>, StoreError> {
    let answer: Answer = serde_json::from_slice(body)
        .map_err(|err| StoreError::Protocol(format!("InfluxDB answer: {err}")))?;
    if let Some(error) = answer.error {
        return Err(StoreError::Protocol(error));
    }
    let mut all = Vec::new();
    for result in answer.results {
        if let Some(error) = result.error {
            return Err(StoreError::Protocol(error));
        }
        // A row limit (max-row-limit) cut the answer: a value made of it would be wrong.
        if result.partial || result.series.iter().any(|s| s.partial) {
            return Err(StoreError::Protocol("InfluxDB answered partially".into()));
        }
        all.extend(result.series);
    }
    Ok(all)
}

/// Checks an answer that carries no series (`CREATE DATABASE`).
pub(super) fn check(body: &[u8]) -> Result<(), StoreError> {
    result_series(body).map(drop)
}

pub(super) fn parse_series(body: &[u8]) -> Result<Vec<Series>, StoreError> {
    result_series(body)?
        .into_iter()
        .map(|series| {
            let samples = rows(&series)?
                .into_iter()
                .filter_map(|(at, value)| Some(Sample { at, value: value? }))
                .collect();
            Ok(Series {
                labels: labels(series.tags),
                samples,
            })
        })
        .collect()
}

/// Aggregate answers: one row per series.
pub(super) fn parse_values(body: &[u8]) -> Result<Vec<SeriesValue>, StoreError> {
    result_series(body)?
        .into_iter()
        .map(|series| {
            let value = rows(&series)?.into_iter().find_map(|(_, value)| value);
            Ok(SeriesValue {
                labels: labels(series.tags),
                value,
            })
        })
        .collect()
}

/// `(time, value)` of each row; `None` for a null value.
fn rows(series: &ResultSeries) -> Result<Vec<(i64, Option<f64>)>, StoreError> {
    let column = |name: &str| {
        series
            .columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| StoreError::Protocol(format!("InfluxDB answer has no {name} column")))
    };
    let (time, value) = (column("time")?, column("value")?);
    let mut rows = Vec::with_capacity(series.values.len());
    for row in &series.values {
        let at = row
            .get(time)
            .and_then(serde_json::Value::as_i64)
            .ok_or_else(|| {
                StoreError::Protocol("InfluxDB answer has a row without epoch ms time".into())
            })?;
        rows.push((at, row.get(value).and_then(serde_json::Value::as_f64)));
    }
    Ok(rows)
}

/// `GROUP BY *` gives every series every tag key of the measurement, empty where it has
/// none; labels are only the tags a series has.
fn labels(tags: BTreeMap<String, String>) -> BTreeMap<String, String> {
    tags.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> SeriesQuery {
        SeriesQuery {
            metric: r#"api "latency""#.into(),
            matchers: [
                ("tenant".to_owned(), r"t1' OR 1=1 \".to_owned()),
                ("a\"b".to_owned(), String::new()),
            ]
            .into(),
            start: 1_000,
            end: 2_000,
        }
    }

    #[test]
    fn names_and_values_are_quoted_and_escaped() {
        assert_eq!(
            select_series(&query(), None),
            r#"SELECT "value" FROM "api \"latency\"" WHERE time >= 1000ms AND time <= 2000ms AND "a\"b" = '' AND "tenant" = 't1\' OR 1=1 \\' GROUP BY *"#
        );
        assert_eq!(literal("two\nlines"), r"'two\nlines'");
        assert_eq!(create_database("fleet"), r#"CREATE DATABASE "fleet""#);
    }

    #[test]
    fn aggregates_are_pushed_down_under_one_column_name() {
        let q = SeriesQuery {
            matchers: BTreeMap::new(),
            metric: "m".into(),
            ..query()
        };
        assert_eq!(
            select_aggregate(&q, Aggregate::Avg, Some("week")),
            r#"SELECT mean("value") AS "value" FROM "week"."m" WHERE time >= 1000ms AND time <= 2000ms GROUP BY *"#
        );
        assert!(select_aggregate(&q, Aggregate::Last, None).starts_with(r#"SELECT last("value")"#));
    }

    #[test]
    fn answers_become_series_with_only_the_tags_they_have() {
        let body = br#"{"results":[{"statement_id":0,"series":[
            {"name":"m","tags":{"a":"1","b":""},"columns":["time","value"],"values":[[1,1.5],[2,null],[3,4]]},
            {"name":"m","tags":{"a":"2","b":"x"},"columns":["time","value"],"values":[[1,2]]}]}]}"#;
        let series = parse_series(body).unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].labels, [("a".to_owned(), "1".to_owned())].into());
        assert_eq!(
            series[0].samples,
            [Sample { at: 1, value: 1.5 }, Sample { at: 3, value: 4.0 }]
        );
        assert_eq!(parse_values(body).unwrap()[1].value, Some(2.0));
    }

    #[test]
    fn errors_and_missing_measurements_are_told_apart() {
        assert!(parse_series(br#"{"results":[{"statement_id":0}]}"#)
            .unwrap()
            .is_empty());
        for body in [
            &br#"{"results":[{"statement_id":0,"error":"database not found: x"}]}"#[..],
            br#"{"error":"error parsing query"}"#,
            br#"{"results":[{"series":[{"columns":["time","value"],"values":[[1,1]],"partial":true}]}]}"#,
            br#"{"results":[{"series":[{"columns":["time","value"],"values":[["2024-01-01T00:00:00Z",1]]}]}]}"#,
            b"<html>",
        ] {
            assert!(
                matches!(parse_series(body), Err(StoreError::Protocol(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
