//! A metric point and its InfluxDB line protocol
//! (`measurement,tag=v field=1i,other="text" <timestamp>`), which InfluxDB 1.x `/write`,
//! 2.x `/api/v2/write` and VictoriaMetrics all accept.

use std::collections::BTreeMap;

use fleet_core::clock::Millis;

#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Float(f64),
    Int(i64),
    Bool(bool),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub measurement: String,
    /// Tags are indexed: tenant, account, route, status (low cardinality).
    pub tags: BTreeMap<String, String>,
    pub fields: BTreeMap<String, Field>,
    pub at: Millis,
}

impl Point {
    pub fn new(measurement: &str, at: Millis) -> Self {
        Self {
            measurement: measurement.to_owned(),
            tags: BTreeMap::new(),
            fields: BTreeMap::new(),
            at,
        }
    }

    /// A point of a metric as the stores read them back: one field, `value`.
    pub fn metric(measurement: &str, value: f64, at: Millis) -> Self {
        Self::new(measurement, at).field("value", Field::Float(value))
    }

    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.tags.insert(key.to_owned(), value.to_owned());
        self
    }

    pub fn field(mut self, key: &str, value: Field) -> Self {
        self.fields.insert(key.to_owned(), value);
        self
    }

    /// One line, timestamp in milliseconds (write with `precision=ms`). `None` for a point
    /// without fields or with a non-finite float, which line protocol cannot carry.
    pub fn line(&self) -> Option<String> {
        if self.fields.is_empty() {
            return None;
        }
        let mut line = escape(&self.measurement, &[',', ' ']);
        for (k, v) in &self.tags {
            if v.is_empty() {
                continue; // an empty tag value is invalid; an absent tag means the same
            }
            line.push(',');
            line.push_str(&escape(k, &[',', '=', ' ']));
            line.push('=');
            line.push_str(&escape(v, &[',', '=', ' ']));
        }
        let mut first = true;
        for (k, v) in &self.fields {
            line.push(if first { ' ' } else { ',' });
            first = false;
            line.push_str(&escape(k, &[',', '=', ' ']));
            line.push('=');
            match v {
                Field::Float(f) if !f.is_finite() => return None,
                Field::Float(f) => line.push_str(&format!("{f:?}")),
                Field::Int(i) => line.push_str(&format!("{i}i")),
                Field::Bool(b) => line.push_str(if *b { "true" } else { "false" }),
                Field::Text(t) => {
                    line.push('"');
                    line.push_str(&escape(t, &['"', '\\']));
                    line.push('"');
                }
            }
        }
        line.push(' ');
        line.push_str(&self.at.to_string());
        Some(line)
    }
}

/// Backslash-escapes `special` characters (and newlines, which would end the line).
fn escape(text: &str, special: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push_str("\\n");
            continue;
        }
        if special.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_escape_what_line_protocol_needs() {
        let p = Point::new("api request", 1_700_000_000_123)
            .tag("route", "/api/v1/messages,send")
            .tag("tenant", "t=1")
            .tag("empty", "")
            .field("latency_ms", Field::Float(12.5))
            .field("count", Field::Int(3))
            .field("ok", Field::Bool(true))
            .field("error", Field::Text("say \"hi\" \\ bye".into()));
        assert_eq!(
            p.line().unwrap(),
            r#"api\ request,route=/api/v1/messages\,send,tenant=t\=1 count=3i,error="say \"hi\" \\ bye",latency_ms=12.5,ok=true 1700000000123"#
        );
        assert_eq!(
            Point::new("m", 1)
                .field("v", Field::Float(1.0))
                .line()
                .unwrap(),
            "m v=1.0 1"
        );
        assert_eq!(Point::new("m", 1).line(), None, "no fields");
        assert_eq!(
            Point::new("m", 1).field("v", Field::Float(f64::NAN)).line(),
            None
        );
    }
}
