//! VictoriaMetrics: writes InfluxDB line protocol to `/api/v2/write` (the same requests as
//! InfluxDB 2.x), reads samples back through `/api/v1/export`. It names the series of
//! `m value=1` `m_value` (measurement, `_`, field), so reads ask for `<metric>_value` and
//! strip the suffix away with the rest of `__name__`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use fleet_core::clock::Millis;
use serde::Deserialize;
use url::Url;

use super::{
    convention::{in_time_order, Labels},
    http,
    influx_v2::V2Writes,
    MetricStore, SeriesQuery, StoreError,
};
use crate::{
    metrics::Point,
    rules::{Sample, Series},
};

pub struct VictoriaMetrics {
    http: reqwest::Client,
    base: Url,
    writes: V2Writes,
}

impl VictoriaMetrics {
    /// A single-node server at `url` (`http://host:8428`); it needs no org, bucket or token.
    pub fn new(url: &str) -> Result<Self, StoreError> {
        let (http, base) = (http::client()?, http::base_url(url)?);
        Ok(Self {
            writes: V2Writes::new(http.clone(), &base, "", "", ""),
            http,
            base,
        })
    }
}

#[async_trait]
impl MetricStore for VictoriaMetrics {
    fn name(&self) -> &'static str {
        "victoriametrics"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        self.writes.write(points).await
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        if query.end < 0 {
            return Ok(Vec::new()); // VictoriaMetrics keeps nothing before 1970
        }
        let form = [
            ("match[]", selector(query)),
            ("start", seconds(query.start.max(0))),
            ("end", seconds(query.end)),
        ];
        let request = self
            .http
            .post(http::endpoint(&self.base, "api/v1/export"))
            .form(&form);
        let response = http::success(request.send().await).await?;
        let body = response.bytes().await.map_err(http::unreachable)?;
        parse_export(&body)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        http::ping(&self.http, &self.base, "health").await
    }
}

/// `{__name__="<metric>_value",key="value",...}`; an empty value matches series without
/// the label.
fn selector(query: &SeriesQuery) -> String {
    let mut selector = format!("{{__name__={}", string(&format!("{}_value", query.metric)));
    for (key, value) in &query.matchers {
        selector.push(',');
        selector.push_str(&label_name(key));
        selector.push('=');
        selector.push_str(&string(value));
    }
    selector.push('}');
    selector
}

/// A label name as MetricsQL reads it: letters, digits and `_` as they are (no digit
/// first), anything else backslash-escaped (tags like `sp ace` or `k=v` are fine in line
/// protocol).
fn label_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        let plain = c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit());
        if !plain {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A double-quoted MetricsQL string.
fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Unix seconds with the milliseconds after the point, as the export API takes them.
fn seconds(ms: Millis) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

#[derive(Deserialize)]
struct ExportLine {
    metric: Labels,
    values: Vec<serde_json::Value>,
    timestamps: Vec<Millis>,
}

/// One JSON object a line; a series may come in several lines (one per stored block),
/// which are joined and put in time order.
fn parse_export(body: &[u8]) -> Result<Vec<Series>, StoreError> {
    let mut series: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
    for line in body.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let mut line: ExportLine = serde_json::from_slice(line)
            .map_err(|err| StoreError::Protocol(format!("VictoriaMetrics export: {err}")))?;
        line.metric.remove("__name__");
        let samples = series.entry(line.metric).or_default();
        for (value, at) in line.values.iter().zip(line.timestamps) {
            if let Some(value) = value.as_f64() {
                samples.push(Sample { at, value });
            }
        }
    }
    Ok(in_time_order(series))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_escape_names_and_values() {
        let query = SeriesQuery {
            metric: r#"api "x""#.into(),
            matchers: [
                ("sp ace".to_owned(), r#"a"b\c"#.to_owned()),
                ("9lives".to_owned(), String::new()),
            ]
            .into(),
            start: 0,
            end: 1,
        };
        assert_eq!(
            selector(&query),
            r#"{__name__="api \"x\"_value",\9lives="",sp\ ace="a\"b\\c"}"#
        );
        assert_eq!(seconds(1_700_000_000_005), "1700000000.005");
    }

    #[test]
    fn export_lines_of_one_series_are_joined_in_time_order() {
        let body =
            br#"{"metric":{"__name__":"m_value","a":"1"},"values":[3,4],"timestamps":[30,40]}
{"metric":{"__name__":"m_value","a":"2"},"values":[1],"timestamps":[10]}
{"metric":{"__name__":"m_value","a":"1"},"values":[1,2],"timestamps":[10,20]}
"#;
        let series = parse_export(body).unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].labels, [("a".to_owned(), "1".to_owned())].into());
        let times: Vec<Millis> = series[0].samples.iter().map(|s| s.at).collect();
        assert_eq!(times, [10, 20, 30, 40]);
        assert!(matches!(
            parse_export(b"not json\n"),
            Err(StoreError::Protocol(_))
        ));
    }
}
