//! A threshold rule: `aggregate(metric[window]) operator threshold`, held for `for`.

use std::collections::BTreeMap;

use fleet_core::clock::Millis;
use serde::{Deserialize, Serialize};

use super::Aggregate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
pub enum Operator {
    #[serde(rename = ">")]
    #[cfg_attr(feature = "openapi", oai(rename = ">"))]
    Gt,
    #[serde(rename = ">=")]
    #[cfg_attr(feature = "openapi", oai(rename = ">="))]
    Ge,
    #[serde(rename = "<")]
    #[cfg_attr(feature = "openapi", oai(rename = "<"))]
    Lt,
    #[serde(rename = "<=")]
    #[cfg_attr(feature = "openapi", oai(rename = "<="))]
    Le,
    #[serde(rename = "==")]
    #[cfg_attr(feature = "openapi", oai(rename = "=="))]
    Eq,
    #[serde(rename = "!=")]
    #[cfg_attr(feature = "openapi", oai(rename = "!="))]
    Ne,
}

impl Operator {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Operator::Gt => value > threshold,
            Operator::Ge => value >= threshold,
            Operator::Lt => value < threshold,
            Operator::Le => value <= threshold,
            Operator::Eq => value == threshold,
            Operator::Ne => value != threshold,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// The severity named `text` (as alerts carry it in their `severity` label).
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What a series with no samples in the window means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum NoData {
    /// The condition does not hold (an alert resolves), as in Prometheus when a series goes.
    #[default]
    Ok,
    /// The condition holds: silence is itself the problem (a writer that stopped).
    Alerting,
    /// Nothing changes until data comes back.
    KeepState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: String,
    pub metric: String,
    /// Only series whose labels equal these (e.g. a tenant rule's `tenant`).
    pub matchers: BTreeMap<String, String>,
    pub aggregate: Aggregate,
    pub window: Millis,
    pub operator: Operator,
    pub threshold: f64,
    /// How long the condition must hold before the alert fires (0: at once).
    pub for_: Millis,
    pub severity: Severity,
    pub labels: BTreeMap<String, String>,
    /// Templates: `{{ $value }}` and `{{ $labels.<name> }}` are filled in.
    pub annotations: BTreeMap<String, String>,
    pub no_data: NoData,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule `{rule}`: {field} {message}")]
pub struct RuleError {
    pub rule: String,
    pub field: &'static str,
    pub message: String,
}

impl Rule {
    /// Refuses what cannot be evaluated sensibly.
    pub fn check(&self) -> Result<(), RuleError> {
        let bad = |field: &'static str, message: &str| {
            Err(RuleError {
                rule: self.name.clone(),
                field,
                message: message.to_owned(),
            })
        };
        let is_name = |s: &str| {
            !s.is_empty()
                && s.len() <= 128
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.:-".contains(c))
        };
        if !is_name(&self.name) {
            return bad(
                "name",
                "must be 1-128 letters, digits, `_`, `.`, `:` or `-`",
            );
        }
        if !is_name(&self.metric) {
            return bad(
                "metric",
                "must be 1-128 letters, digits, `_`, `.`, `:` or `-`",
            );
        }
        if self.window <= 0 {
            return bad("window", "must be longer than zero");
        }
        if self.for_ < 0 {
            return bad("for", "must not be negative");
        }
        if !self.threshold.is_finite() {
            return bad("threshold", "must be a finite number");
        }
        if self.matchers.keys().any(|k| !is_name(k)) {
            return bad(
                "matchers",
                "names must be letters, digits, `_`, `.`, `:` or `-`",
            );
        }
        if self.labels.keys().any(|k| !is_name(k)) {
            return bad(
                "labels",
                "names must be letters, digits, `_`, `.`, `:` or `-`",
            );
        }
        Ok(())
    }
}

/// Parses a Prometheus-style duration: `90s`, `5m`, `1h`, `1d`, `250ms`, or combinations
/// such as `1h30m`.
pub fn parse_duration(text: &str) -> Option<Millis> {
    let mut total: Millis = 0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let (number, tail) = rest.split_at(digits);
        let n: Millis = number.parse().ok()?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let scale = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(scale)?)?;
        rest = tail;
    }
    Some(total)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rule() -> Rule {
        Rule {
            name: "account_offline".into(),
            metric: "account_offline_seconds".into(),
            matchers: BTreeMap::new(),
            aggregate: Aggregate::Max,
            window: 60_000,
            operator: Operator::Gt,
            threshold: 300.0,
            for_: 60_000,
            severity: Severity::Critical,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            no_data: NoData::Ok,
        }
    }

    #[test]
    fn operators_compare_as_written() {
        assert!(Operator::Gt.holds(2.0, 1.0) && !Operator::Gt.holds(1.0, 1.0));
        assert!(Operator::Ge.holds(1.0, 1.0) && Operator::Le.holds(1.0, 1.0));
        assert!(Operator::Lt.holds(0.5, 1.0) && Operator::Ne.holds(0.5, 1.0));
        assert!(Operator::Eq.holds(1.0, 1.0));
    }

    #[test]
    fn durations_read_like_prometheus() {
        assert_eq!(parse_duration("5m"), Some(300_000));
        assert_eq!(parse_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration("250ms"), Some(250));
        assert_eq!(parse_duration("2d"), Some(172_800_000));
        for bad in ["", "5", "m", "5x", "-5m", "1.5h"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn rules_that_cannot_be_evaluated_are_refused_naming_the_field() {
        assert!(rule().check().is_ok());
        let field = |edit: fn(&mut Rule)| {
            let mut r = rule();
            edit(&mut r);
            r.check().unwrap_err().field
        };
        assert_eq!(field(|r| r.name = "has space".into()), "name");
        assert_eq!(field(|r| r.metric = String::new()), "metric");
        assert_eq!(field(|r| r.window = 0), "window");
        assert_eq!(field(|r| r.for_ = -1), "for");
        assert_eq!(field(|r| r.threshold = f64::NAN), "threshold");
        assert_eq!(
            field(|r| {
                r.labels.insert("a b".into(), "x".into());
            }),
            "labels"
        );
    }
}
