//! Evaluates rules against the series of their metric and keeps one state per (rule, label
//! set). Each series is its own alert, labelled with the series' labels, the rule's labels,
//! `alertname` and `severity`, and identified by a fingerprint of those labels.

use std::collections::{BTreeMap, HashMap, HashSet};

use fleet_core::clock::Millis;
use sha2::{Digest, Sha256};

use super::{
    state::{AlertState, Step},
    NoData, Rule, Sample,
};

/// One labelled series of the rule's metric, with its recent samples.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub labels: BTreeMap<String, String>,
    pub samples: Vec<Sample>,
}

/// One series' aggregate over the rule's window (`None`: no samples in it), as a metric
/// store computes it or [`values_of`] does from samples in memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesValue {
    pub labels: BTreeMap<String, String>,
    pub value: Option<f64>,
}

/// Each series' aggregate at `now`, computed from its samples.
pub fn values_of(rule: &Rule, series: &[Series], now: Millis) -> Vec<SeriesValue> {
    series
        .iter()
        .map(|s| SeriesValue {
            labels: s.labels.clone(),
            value: rule.aggregate.over(&s.samples, rule.window, now),
        })
        .collect()
}

/// An alert as notifications and the API show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Alert {
    pub rule: String,
    pub fingerprint: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub state: AlertState,
    /// The aggregate at the last evaluation (`None`: no data).
    pub value: Option<f64>,
    /// Set on resolved alerts (whose `state` is then the one they resolved from).
    pub resolved_at: Option<Millis>,
}

/// What an evaluation changed that people must hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum AlertChange {
    Firing(Alert),
    Resolved(Alert),
}

#[derive(Debug, Default)]
pub struct Evaluator {
    /// By rule name, then fingerprint: the alerts not inactive.
    alerts: HashMap<String, HashMap<String, Alert>>,
}

impl Evaluator {
    /// Evaluates `rule` at `now` over its series' aggregates and returns what fired or
    /// resolved. Alerts of the rule whose series are missing count as having no data.
    pub fn evaluate(
        &mut self,
        rule: &Rule,
        series: &[SeriesValue],
        now: Millis,
    ) -> Vec<AlertChange> {
        let known = self.alerts.entry(rule.name.clone()).or_default();
        let mut seen: Vec<(BTreeMap<String, String>, Option<f64>)> = series
            .iter()
            .map(|s| (alert_labels(rule, &s.labels), s.value))
            .collect();
        // With no series at all and nothing already alerting, silence itself is the alert
        // (`no_data: alerting`), on the rule's labels alone; it resolves once data returns.
        let silence = fingerprint(&alert_labels(rule, &BTreeMap::new()));
        if seen.is_empty() && rule.no_data == NoData::Alerting && known.is_empty() {
            seen.push((alert_labels(rule, &BTreeMap::new()), None));
        }
        let mut present: HashSet<String> = HashSet::with_capacity(seen.len());
        let mut changes = Vec::new();
        for (labels, value) in seen {
            let fingerprint = fingerprint(&labels);
            present.insert(fingerprint.clone());
            let holds = holds(rule, value);
            let previous = known
                .get(&fingerprint)
                .map_or(AlertState::Inactive, |a| a.state);
            let (state, step) = previous.step(holds, now, rule.for_);
            let alert = Alert {
                rule: rule.name.clone(),
                annotations: annotations(rule, &labels, value),
                fingerprint: fingerprint.clone(),
                labels,
                state,
                value,
                resolved_at: None,
            };
            record(known, alert, step, previous, now, &mut changes);
        }
        // Alerts whose series vanished: no data.
        let vanished: Vec<String> = known
            .keys()
            .filter(|f| !present.contains(*f))
            .cloned()
            .collect();
        for fingerprint in vanished {
            let Some(mut alert) = known.get(&fingerprint).cloned() else {
                continue;
            };
            let condition = if fingerprint == silence && !series.is_empty() {
                Some(false)
            } else {
                holds(rule, None)
            };
            let previous = alert.state;
            let (state, step) = previous.step(condition, now, rule.for_);
            alert.state = state;
            alert.value = None;
            record(known, alert, step, previous, now, &mut changes);
        }
        changes
    }

    /// Pending and firing alerts, of every rule.
    pub fn active(&self) -> Vec<&Alert> {
        let mut all: Vec<&Alert> = self.alerts.values().flat_map(HashMap::values).collect();
        all.sort_by(|a, b| (&a.rule, &a.fingerprint).cmp(&(&b.rule, &b.fingerprint)));
        all
    }

    /// Takes over an alert a previous leader kept (pending or firing).
    pub fn restore(&mut self, alert: Alert) {
        self.alerts
            .entry(alert.rule.clone())
            .or_default()
            .insert(alert.fingerprint.clone(), alert);
    }
}

/// Keeps the alert if it is still active and reports a firing or a resolution. A resolution
/// is told with the state it resolved from (when it started), and `resolved_at`.
fn record(
    known: &mut HashMap<String, Alert>,
    alert: Alert,
    step: Step,
    previous: AlertState,
    now: Millis,
    changes: &mut Vec<AlertChange>,
) {
    match step {
        Step::Fired => changes.push(AlertChange::Firing(alert.clone())),
        Step::Resolved => changes.push(AlertChange::Resolved(Alert {
            state: previous,
            resolved_at: Some(now),
            ..alert.clone()
        })),
        Step::Unchanged | Step::Pending | Step::Reset => {}
    }
    if alert.state == AlertState::Inactive {
        known.remove(&alert.fingerprint);
    } else {
        known.insert(alert.fingerprint.clone(), alert);
    }
}

/// Whether the condition holds for `value` (`None`: as the rule's no-data policy says).
fn holds(rule: &Rule, value: Option<f64>) -> Option<bool> {
    match (value, rule.no_data) {
        (Some(v), _) => Some(rule.operator.holds(v, rule.threshold)),
        (None, NoData::Ok) => Some(false),
        (None, NoData::Alerting) => Some(true),
        (None, NoData::KeepState) => None,
    }
}

fn alert_labels(rule: &Rule, series: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut labels = series.clone();
    labels.extend(rule.labels.clone());
    labels.insert("alertname".into(), rule.name.clone());
    labels.insert("severity".into(), rule.severity.as_str().into());
    labels
}

/// Stable across processes and restarts: a digest of the sorted labels.
pub fn fingerprint(labels: &BTreeMap<String, String>) -> String {
    let mut digest = Sha256::new();
    for (k, v) in labels {
        digest.update(k.as_bytes());
        digest.update([0]);
        digest.update(v.as_bytes());
        digest.update([0]);
    }
    hex::encode(&digest.finalize()[..8])
}

/// Fills `{{ $value }}` and `{{ $labels.<name> }}` into the rule's annotations.
fn annotations(
    rule: &Rule,
    labels: &BTreeMap<String, String>,
    value: Option<f64>,
) -> BTreeMap<String, String> {
    rule.annotations
        .iter()
        .map(|(k, template)| (k.clone(), render(template, labels, value)))
        .collect()
}

fn render(template: &str, labels: &BTreeMap<String, String>, value: Option<f64>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = rest[open + 2..open + close].trim();
        match inner.strip_prefix("$labels.") {
            Some(name) => out.push_str(labels.get(name).map_or("", String::as_str)),
            None if inner == "$value" => {
                out.push_str(&value.map_or_else(|| "no data".to_owned(), |v| format!("{v}")));
            }
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule::tests::rule;

    fn series(account: &str, points: &[(Millis, f64)]) -> Series {
        Series {
            labels: BTreeMap::from([("account_id".to_owned(), account.to_owned())]),
            samples: points
                .iter()
                .map(|&(at, value)| Sample { at, value })
                .collect(),
        }
    }

    fn eval(engine: &mut Evaluator, r: &Rule, series: &[Series], now: Millis) -> Vec<AlertChange> {
        engine.evaluate(r, &values_of(r, series, now), now)
    }

    fn kinds(changes: &[AlertChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                AlertChange::Firing(a) => format!("firing {}", a.labels["account_id"]),
                AlertChange::Resolved(a) => format!("resolved {}", a.labels["account_id"]),
            })
            .collect()
    }

    #[test]
    fn each_series_is_its_own_alert_through_pending_firing_and_resolved() {
        let mut r = rule();
        r.annotations.insert(
            "summary".into(),
            "{{ $labels.account_id }} offline for {{ $value }} s".into(),
        );
        let mut engine = Evaluator::default();
        let offline = |at: Millis| vec![series("a1", &[(at, 400.0)]), series("a2", &[(at, 10.0)])];
        assert!(
            eval(&mut engine, &r, &offline(0), 0).is_empty(),
            "pending first"
        );
        assert_eq!(engine.active().len(), 1);
        let fired = eval(&mut engine, &r, &offline(60_000), 60_000);
        assert_eq!(kinds(&fired), ["firing a1"]);
        let AlertChange::Firing(alert) = &fired[0] else {
            unreachable!()
        };
        assert_eq!(alert.annotations["summary"], "a1 offline for 400 s");
        assert_eq!(
            (
                alert.labels["alertname"].as_str(),
                alert.labels["severity"].as_str()
            ),
            ("account_offline", "critical")
        );
        assert!(
            eval(&mut engine, &r, &offline(90_000), 90_000).is_empty(),
            "firing is told once"
        );
        let back = vec![
            series("a1", &[(120_000, 0.0)]),
            series("a2", &[(120_000, 0.0)]),
        ];
        let resolved = eval(&mut engine, &r, &back, 120_000);
        assert_eq!(kinds(&resolved), ["resolved a1"]);
        let AlertChange::Resolved(alert) = &resolved[0] else {
            unreachable!()
        };
        assert_eq!(alert.resolved_at, Some(120_000));
        assert!(engine.active().is_empty());
    }

    #[test]
    fn no_data_resolves_alerts_or_raises_one_or_keeps_state_as_the_rule_says() {
        let firing = |no_data: NoData| {
            let mut r = rule();
            r.for_ = 0;
            r.no_data = no_data;
            let mut engine = Evaluator::default();
            eval(&mut engine, &r, &[series("a1", &[(0, 999.0)])], 0);
            (r, engine)
        };
        // The series stops reporting (it is missing, or its samples left the window).
        let (r, mut engine) = firing(NoData::Ok);
        assert_eq!(kinds(&eval(&mut engine, &r, &[], 120_000)), ["resolved a1"]);
        let (r, mut engine) = firing(NoData::KeepState);
        assert!(eval(&mut engine, &r, &[series("a1", &[])], 120_000).is_empty());
        assert_eq!(engine.active().len(), 1);
        let (r, mut engine) = firing(NoData::Alerting);
        assert!(
            eval(&mut engine, &r, &[], 120_000).is_empty(),
            "still firing"
        );

        // With no series at all, `alerting` raises one alert on the rule's labels.
        let mut r = rule();
        r.for_ = 0;
        r.no_data = NoData::Alerting;
        let mut engine = Evaluator::default();
        let raised = eval(&mut engine, &r, &[], 0);
        assert_eq!(raised.len(), 1);
        let AlertChange::Firing(alert) = &raised[0] else {
            unreachable!()
        };
        assert_eq!((alert.value, alert.labels.get("account_id")), (None, None));
    }

    #[test]
    fn fingerprints_depend_on_labels_only_and_templates_leave_unknown_text() {
        let a = BTreeMap::from([
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ]);
        let b = BTreeMap::from([
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&BTreeMap::new()));
        assert_eq!(
            render(
                "{{ $labels.a }}/{{$value}}/{{ other }}/{{ open",
                &a,
                Some(1.5)
            ),
            "1/1.5/{{ other }}/{{ open"
        );
        assert_eq!(
            render("{{ $labels.zz }}|{{ $value }}", &a, None),
            "|no data"
        );
    }
}
