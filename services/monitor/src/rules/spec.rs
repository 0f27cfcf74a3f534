//! A rule as people write it — in YAML rule files and in the JSON of the API — with durations
//! as text (`5m`, `1h30m`), turned into the [`Rule`] the evaluator runs and back.

use std::collections::BTreeMap;

use fleet_core::clock::Millis;
use serde::{Deserialize, Serialize};

use super::{parse_duration, Aggregate, NoData, Operator, Rule, RuleError, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Becomes the `alertname` label.
    pub name: String,
    pub metric: String,
    /// Only series whose labels equal these.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub matchers: BTreeMap<String, String>,
    pub aggregate: Aggregate,
    pub window: String,
    pub operator: Operator,
    pub threshold: f64,
    #[serde(rename = "for", default = "no_wait")]
    pub for_: String,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub no_data: NoData,
}

fn no_wait() -> String {
    "0s".to_owned()
}

impl RuleSpec {
    /// The rule to evaluate, refused (naming the field) when it cannot be evaluated sensibly.
    pub fn to_rule(&self) -> Result<Rule, RuleError> {
        let duration = |field: &'static str, text: &str| {
            parse_rule_duration(text).ok_or_else(|| RuleError {
                rule: self.name.clone(),
                field,
                message: format!("`{text}` is not a duration (write e.g. 90s, 5m, 1h30m)"),
            })
        };
        let rule = Rule {
            name: self.name.clone(),
            metric: self.metric.clone(),
            matchers: self.matchers.clone(),
            aggregate: self.aggregate,
            window: duration("window", &self.window)?,
            operator: self.operator,
            threshold: self.threshold,
            for_: duration("for", &self.for_)?,
            severity: self.severity,
            labels: self.labels.clone(),
            annotations: self.annotations.clone(),
            no_data: self.no_data,
        };
        rule.check()?;
        Ok(rule)
    }

    /// The spec that [`RuleSpec::to_rule`] turns back into `rule`, durations written compactly.
    pub fn from_rule(rule: &Rule) -> RuleSpec {
        RuleSpec {
            name: rule.name.clone(),
            metric: rule.metric.clone(),
            matchers: rule.matchers.clone(),
            aggregate: rule.aggregate,
            window: format_duration(rule.window),
            operator: rule.operator,
            threshold: rule.threshold,
            for_: format_duration(rule.for_),
            severity: rule.severity,
            labels: rule.labels.clone(),
            annotations: rule.annotations.clone(),
            no_data: rule.no_data,
        }
    }
}

/// A duration as rules write it; a bare `0` is allowed too, as Prometheus allows it.
fn parse_rule_duration(text: &str) -> Option<Millis> {
    if text.trim() == "0" {
        return Some(0);
    }
    parse_duration(text)
}

/// Writes a duration the way Prometheus does, largest unit first: `1m`, `1m30s`, `1h30m`,
/// `1d2h`, `250ms`, `0s`. [`parse_duration`] reads it back to the same value.
pub fn format_duration(duration: Millis) -> String {
    const UNITS: [(&str, Millis); 5] = [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];
    if duration <= 0 {
        // Negative durations never pass `Rule::check`; print them readably all the same.
        return if duration == 0 {
            "0s".to_owned()
        } else {
            format!("-{}", format_duration(duration.saturating_neg()))
        };
    }
    let mut rest = duration;
    let mut text = String::new();
    for (unit, size) in UNITS {
        if rest >= size {
            text.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule::tests::rule;

    #[test]
    fn durations_print_compactly_and_read_back_the_same() {
        for (ms, text) in [
            (0, "0s"),
            (250, "250ms"),
            (60_000, "1m"),
            (90_000, "1m30s"),
            (120_000, "2m"),
            (5_400_000, "1h30m"),
            (90_061_001, "1d1h1m1s1ms"),
        ] {
            assert_eq!(format_duration(ms), text);
            assert_eq!(parse_duration(text), Some(ms), "{text}");
        }
        for ms in (0..200).map(|i| i * 7_919_113) {
            assert_eq!(parse_duration(&format_duration(ms)), Some(ms));
        }
    }

    #[test]
    fn a_rule_survives_the_trip_through_its_spec() {
        let mut r = rule();
        r.for_ = 90_000;
        r.window = 5_400_000;
        r.labels.insert("team".into(), "ops".into());
        r.annotations
            .insert("summary".into(), "{{ $labels.account }} down".into());
        r.no_data = NoData::KeepState;
        let spec = RuleSpec::from_rule(&r);
        assert_eq!(
            (spec.window.as_str(), spec.for_.as_str()),
            ("1h30m", "1m30s")
        );
        assert_eq!(spec.to_rule(), Ok(r.clone()));
        let json = serde_json::to_string(&spec).unwrap();
        let back: RuleSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
        assert_eq!(back.to_rule(), Ok(r));
    }

    #[test]
    fn optional_fields_default_and_bad_durations_name_their_field() {
        let spec: RuleSpec = serde_norway::from_str(
            "name: X\nmetric: m\naggregate: avg\nwindow: 1m\noperator: '<='\nthreshold: 3\n\
             severity: info\n",
        )
        .unwrap();
        let r = spec.to_rule().unwrap();
        assert_eq!(
            (r.for_, r.operator, r.threshold, r.no_data),
            (0, Operator::Le, 3.0, NoData::Ok)
        );
        let field = |edit: fn(&mut RuleSpec)| {
            let mut s = spec.clone();
            edit(&mut s);
            s.to_rule().unwrap_err().field
        };
        assert_eq!(field(|s| s.window = "5x".into()), "window");
        assert_eq!(field(|s| s.window = "0".into()), "window");
        assert_eq!(field(|s| s.for_ = "soon".into()), "for");
        assert_eq!(field(|s| s.name = "two words".into()), "name");
    }
}
