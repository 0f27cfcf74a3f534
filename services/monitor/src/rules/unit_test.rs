//! Unit tests for alert rules, in the spirit of `promtool test rules`: input series written in
//! the expanding notation, the evaluator run from time 0 every `evaluation_interval`, and the
//! firing alerts of a rule compared with the expected ones at chosen times.
//!
//! ```yaml
//! rule_files: [../rules/default.yaml]   # relative to the test file
//! evaluation_interval: 15s              # default 1m
//! tests:
//!   - name: an account offline for six minutes fires
//!     interval: 1m                      # step of the input series; default evaluation_interval
//!     input_series:
//!       - series: 'account_offline_seconds{tenant="t1",account="a1"}'
//!         values: '0+60x10'
//!     alert_rule_test:
//!       - eval_time: 10m
//!         alertname: AccountOffline
//!         exp_alerts:                   # the firing alerts; an empty list: none
//!           - exp_labels: {tenant: t1, account: a1, severity: critical}
//!             exp_annotations: {summary: "..."}   # compared exactly when given
//! ```

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use fleet_core::clock::Millis;
use serde::Deserialize;

use super::{
    format_duration, parse_duration, read_rule_file,
    series_notation::{expand_values, parse_series},
    values_of, AlertState, Evaluator, Rule, Sample, Series, TestAlert, TestFailure, TestOutcome,
    TestReport,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    rule_files: Vec<PathBuf>,
    #[serde(default = "one_minute")]
    evaluation_interval: String,
    #[serde(default)]
    tests: Vec<TestGroup>,
}

fn one_minute() -> String {
    "1m".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestGroup {
    #[serde(default)]
    name: String,
    interval: Option<String>,
    #[serde(default)]
    input_series: Vec<InputSeries>,
    #[serde(default)]
    alert_rule_test: Vec<AlertRuleTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputSeries {
    series: String,
    values: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlertRuleTest {
    eval_time: String,
    alertname: String,
    #[serde(default)]
    exp_alerts: Vec<ExpectedAlert>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedAlert {
    #[serde(default)]
    exp_labels: BTreeMap<String, String>,
    exp_annotations: Option<BTreeMap<String, String>>,
}

/// How far a test may run: a mistyped `eval_time` must not keep `rules test` busy for days.
const MAX_EVALUATIONS: Millis = 1_000_000;

/// An input series: its metric and its samples in time order.
struct Input {
    metric: String,
    series: Series,
}

/// Runs the tests of one rule test file.
pub fn run_test_file(path: &Path) -> TestReport {
    let (errors, tests) = match load(path) {
        Ok((file, rules, every)) => {
            let outcomes = file
                .tests
                .iter()
                .enumerate()
                .map(|(index, test)| TestOutcome {
                    name: if test.name.is_empty() {
                        format!("tests[{index}]")
                    } else {
                        test.name.clone()
                    },
                    failures: run_test(&rules, test, every),
                });
            (Vec::new(), outcomes.collect())
        }
        Err(errors) => (errors, Vec::new()),
    };
    TestReport {
        file: path.to_owned(),
        errors,
        tests,
    }
}

/// The test file, the rules it names and its evaluation interval.
fn load(path: &Path) -> Result<(TestFile, Vec<Rule>, Millis), Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![format!("cannot read: {e}")])?;
    let file: TestFile = serde_norway::from_str(&text).map_err(|e| vec![e.to_string()])?;
    let rules = load_rules(path.parent().unwrap_or(Path::new(".")), &file.rule_files)?;
    let every =
        positive_duration("evaluation_interval", &file.evaluation_interval).map_err(|e| vec![e])?;
    Ok((file, rules, every))
}

/// The rules of every listed file (relative to `base`), whose names must not repeat.
fn load_rules(base: &Path, files: &[PathBuf]) -> Result<Vec<Rule>, Vec<String>> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match read_rule_file(&base.join(file)) {
            Ok(found) => rules.extend(found),
            Err(found) => errors.extend(found.iter().map(ToString::to_string)),
        }
    }
    let mut names = BTreeSet::new();
    for rule in &rules {
        if !names.insert(&rule.name) {
            errors.push(format!("two rules are named `{}`", rule.name));
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

fn positive_duration(field: &str, text: &str) -> Result<Millis, String> {
    match parse_duration(text) {
        Some(ms) if ms > 0 => Ok(ms),
        _ => Err(format!(
            "{field}: `{text}` is not a duration longer than zero"
        )),
    }
}

/// Runs one test; its failures, or an empty list when it passed.
fn run_test(rules: &[Rule], test: &TestGroup, every: Millis) -> Vec<TestFailure> {
    let prepared = prepare(rules, test, every);
    let (inputs, checks) = match prepared {
        Ok(prepared) => prepared,
        Err(problems) => return problems.into_iter().map(TestFailure::Invalid).collect(),
    };
    let end = checks.iter().map(|(at, _)| *at).max().unwrap_or(0);
    let mut evaluator = Evaluator::default();
    let mut failures = Vec::new();
    for step in 0..=end / every {
        let now = step * every;
        for rule in rules {
            let series = series_at(rule, &inputs, now);
            evaluator.evaluate(rule, &values_of(rule, &series, now), now);
        }
        for (_, check) in checks.iter().filter(|(at, _)| *at == now) {
            failures.extend(compare(&evaluator, check, now));
        }
    }
    failures
}

/// A test's expectations, each with its evaluation time.
type Checks<'t> = Vec<(Millis, &'t AlertRuleTest)>;

/// The test's input series and its checks, or every reason it cannot run.
fn prepare<'t>(
    rules: &[Rule],
    test: &'t TestGroup,
    every: Millis,
) -> Result<(Vec<Input>, Checks<'t>), Vec<String>> {
    let mut problems = Vec::new();
    let interval = match &test.interval {
        Some(text) => positive_duration("interval", text).unwrap_or_else(|e| {
            problems.push(e);
            every
        }),
        None => every,
    };
    let mut inputs = Vec::new();
    for (index, input) in test.input_series.iter().enumerate() {
        match read_input(input, interval) {
            Ok(read) => inputs.push(read),
            Err(e) => problems.push(format!("input_series[{index}]: {e}")),
        }
    }
    let mut checks = Vec::new();
    for (index, check) in test.alert_rule_test.iter().enumerate() {
        let at = parse_duration(&check.eval_time);
        match at {
            None => problems.push(format!(
                "alert_rule_test[{index}]: eval_time `{}` is not a duration",
                check.eval_time
            )),
            Some(at) if at % every != 0 => problems.push(format!(
                "alert_rule_test[{index}]: eval_time {} falls between evaluations (every {})",
                check.eval_time,
                format_duration(every)
            )),
            Some(at) if at / every > MAX_EVALUATIONS => problems.push(format!(
                "alert_rule_test[{index}]: eval_time {} is more than {MAX_EVALUATIONS} \
                 evaluations away",
                check.eval_time
            )),
            Some(at) => checks.push((at, check)),
        }
        if !rules.iter().any(|r| r.name == check.alertname) {
            problems.push(format!(
                "alert_rule_test[{index}]: no rule is named `{}`",
                check.alertname
            ));
        }
    }
    if problems.is_empty() {
        Ok((inputs, checks))
    } else {
        Err(problems)
    }
}

/// Sample `i` of the values is at `i * interval`; missing ones (`_`) are left out.
fn read_input(input: &InputSeries, interval: Millis) -> Result<Input, String> {
    let (metric, labels) = parse_series(&input.series)?;
    let values = expand_values(&input.values)?;
    let samples = (0..)
        .zip(values)
        .filter_map(|(i, value): (Millis, _)| {
            value.map(|value| Sample {
                at: i.saturating_mul(interval),
                value,
            })
        })
        .collect();
    Ok(Input {
        metric,
        series: Series { labels, samples },
    })
}

/// The rule's series as a store would hold them at `now`: only samples at or before `now`,
/// and only series that have begun (a series does not exist before its first sample).
fn series_at(rule: &Rule, inputs: &[Input], now: Millis) -> Vec<Series> {
    inputs
        .iter()
        .filter(|input| {
            input.metric == rule.metric
                && rule
                    .matchers
                    .iter()
                    .all(|(k, v)| input.series.labels.get(k) == Some(v))
        })
        .filter_map(|input| {
            let seen = input.series.samples.partition_point(|s| s.at <= now);
            (seen > 0).then(|| Series {
                labels: input.series.labels.clone(),
                samples: input.series.samples[..seen].to_vec(),
            })
        })
        .collect()
}

/// A mismatch when the rule's firing alerts are not the expected ones.
fn compare(evaluator: &Evaluator, check: &AlertRuleTest, now: Millis) -> Option<TestFailure> {
    let mut got: Vec<TestAlert> = evaluator
        .active()
        .into_iter()
        .filter(|a| a.rule == check.alertname && matches!(a.state, AlertState::Firing { .. }))
        .map(|a| {
            let mut labels = a.labels.clone();
            labels.remove("alertname");
            TestAlert {
                labels,
                annotations: Some(a.annotations.clone()),
            }
        })
        .collect();
    let mut expected: Vec<TestAlert> = check
        .exp_alerts
        .iter()
        .map(|e| {
            let mut labels = e.exp_labels.clone();
            // promtool adds `alertname` itself; stating it as well is harmless.
            if labels.get("alertname") == Some(&check.alertname) {
                labels.remove("alertname");
            }
            TestAlert {
                labels,
                annotations: e.exp_annotations.clone(),
            }
        })
        .collect();
    got.sort_by(|a, b| a.labels.cmp(&b.labels));
    expected.sort_by(|a, b| a.labels.cmp(&b.labels));
    let matches = |e: &TestAlert, g: &TestAlert| {
        e.labels == g.labels && (e.annotations.is_none() || e.annotations == g.annotations)
    };
    let same = expected.len() == got.len() && expected.iter().zip(&got).all(|(e, g)| matches(e, g));
    (!same).then(|| TestFailure::Mismatch {
        alertname: check.alertname.clone(),
        eval_time: now,
        expected,
        got,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = "rules:
  - name: Backlog
    metric: queue_backlog
    aggregate: last
    window: 1m
    operator: '>'
    threshold: 10
    for: 2m
    severity: warning
    labels: {team: ops}
    annotations: {summary: '{{ $labels.tenant }} has {{ $value }} waiting'}
";

    /// Runs `tests` (the YAML of the `tests:` list) against [`RULES`].
    fn run(tests: &str) -> TestReport {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("rules")).unwrap();
        std::fs::write(dir.path().join("rules/r.yaml"), RULES).unwrap();
        let file = dir.path().join("t.test.yaml");
        let text = format!("rule_files: [rules/r.yaml]\nevaluation_interval: 1m\ntests:\n{tests}");
        std::fs::write(&file, text).unwrap();
        run_test_file(&file)
    }

    const BACKLOG: &str = "  - name: backlog grows
    input_series:
      - series: 'queue_backlog{tenant=\"t1\"}'
        values: '5 20x4 _ 3'
      - series: 'queue_backlog{tenant=\"t2\"}'
        values: '1x6'
    alert_rule_test:
";

    #[test]
    fn a_test_passes_through_pending_firing_and_resolved() {
        let checks = "      - {eval_time: 2m, alertname: Backlog}
      - eval_time: 3m
        alertname: Backlog
        exp_alerts:
          - exp_labels: {tenant: t1, team: ops, severity: warning}
            exp_annotations: {summary: t1 has 20 waiting}
      - eval_time: 5m
        alertname: Backlog
        exp_alerts: [{exp_labels: {alertname: Backlog, tenant: t1, team: ops, severity: warning}}]
      - {eval_time: 6m, alertname: Backlog}
";
        let report = run(&format!("{BACKLOG}{checks}"));
        assert!(report.passed(), "{report}");
        assert_eq!(report.tests.len(), 1);
        assert!(
            report.to_string().contains("PASS  backlog grows"),
            "{report}"
        );
    }

    #[test]
    fn a_failing_test_shows_expected_against_got() {
        let checks = "      - eval_time: 3m
        alertname: Backlog
        exp_alerts:
          - exp_labels: {tenant: t2, team: ops, severity: warning}
      - eval_time: 4m
        alertname: Backlog
        exp_alerts:
          - exp_labels: {tenant: t1, team: ops, severity: warning}
            exp_annotations: {summary: wrong}
";
        let report = run(&format!("{BACKLOG}{checks}"));
        assert!(!report.passed());
        let failures = &report.tests[0].failures;
        assert_eq!(failures.len(), 2, "{report}");
        let TestFailure::Mismatch { eval_time, got, .. } = &failures[0] else {
            panic!("{report}")
        };
        assert_eq!(
            (*eval_time, got[0].labels["tenant"].as_str()),
            (180_000, "t1")
        );
        let text = report.to_string();
        for shown in [
            "FAIL  backlog grows",
            "alertname: Backlog, time: 3m",
            "expected:",
            "labels: {severity=\"warning\", team=\"ops\", tenant=\"t2\"}",
            "got:",
            "annotations: {summary=\"t1 has 20 waiting\"}",
            "annotations: {summary=\"wrong\"}",
        ] {
            assert!(text.contains(shown), "`{shown}` missing from:\n{text}");
        }
    }

    #[test]
    fn tests_that_cannot_run_say_why() {
        let checks = "      - {eval_time: 90s, alertname: Backlog}
      - {eval_time: 2m, alertname: Nope}
      - {eval_time: 100000d, alertname: Backlog}
  - name: bad series
    input_series: [{series: 'queue_backlog{tenant=t1}', values: '1 x'}]
";
        let report = run(&format!("{BACKLOG}{checks}"));
        let text = report.to_string();
        for shown in [
            "eval_time 90s falls between evaluations (every 1m)",
            "no rule is named `Nope`",
            "eval_time 100000d is more than 1000000 evaluations away",
            "input_series[0]",
            "FAIL  bad series",
        ] {
            assert!(text.contains(shown), "`{shown}` missing from:\n{text}");
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.yaml");
        std::fs::write(
            &file,
            "rule_files: [missing.yaml]\nevaluation_interval: 1m\n",
        )
        .unwrap();
        let report = run_test_file(&file);
        assert!(!report.passed());
        assert!(report.errors[0].contains("missing.yaml"), "{report}");
        std::fs::write(&file, "rule_files: []\nevaluation_intervall: 1m\n").unwrap();
        assert!(run_test_file(&file).errors[0].contains("evaluation_intervall"));
    }

    #[test]
    fn the_shipped_rule_tests_pass() {
        let file =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../alerting/tests/default.test.yaml");
        let report = run_test_file(&file);
        assert!(report.passed(), "{report}");
        assert!(report.tests.len() >= 5, "{report}");
    }
}
