//! `rules check` and `rules test` on the shipped alert rules and on broken ones.

use std::path::{Path, PathBuf};

use crate::process::{run, TempDir};

fn alerting(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../alerting")
        .join(path)
}

/// Exit code, stdout and stderr of `wecom-fleet rules ARGS`.
fn rules(dir: &TempDir, args: &[&Path]) -> (Option<i32>, String, String) {
    let mut all = vec!["rules"];
    all.extend(args.iter().map(|a| a.to_str().unwrap()));
    let out = run(&dir.0, &[], &all);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_shipped_rules_pass_check_and_broken_ones_fail_naming_the_field() {
    let dir = TempDir::new();
    let default = alerting("rules/default.yaml");
    let (code, out, err) = rules(&dir, &[Path::new("check"), &default]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("default.yaml: 5 rules OK"), "{out}");

    let broken = dir.0.join("broken.yaml");
    let text = std::fs::read_to_string(&default)
        .unwrap()
        .replacen("operator: \">\"", "operator: \"=>\"", 1)
        .replacen("window: 5m", "window: 5 minutes", 1);
    std::fs::write(&broken, text).unwrap();
    let (code, out, err) = rules(&dir, &[Path::new("check"), &broken, &default]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("broken.yaml: rules[0] (AccountOffline): operator: unknown variant `=>`"),
        "{err}"
    );
    assert!(
        err.contains("rules[1] (MessageFailureRate): window: `5 minutes` is not a duration"),
        "{err}"
    );
    assert!(
        out.contains("default.yaml: 5 rules OK"),
        "every file is checked: {out}"
    );
}

#[test]
fn the_shipped_rule_tests_pass_and_a_wrong_expectation_fails_showing_both_sides() {
    let dir = TempDir::new();
    let tests = alerting("tests/default.test.yaml");
    let (code, out, err) = rules(&dir, &[Path::new("test"), &tests]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("PASS") && !out.contains("FAIL"), "{out}");

    let wrong = dir.0.join("wrong.test.yaml");
    let text = format!(
        "rule_files: [{:?}]
evaluation_interval: 15s
tests:
  - name: backlog of the wrong tenant
    interval: 15s
    input_series:
      - {{series: 'queue_backlog{{tenant=\"t1\"}}', values: '1200x4'}}
    alert_rule_test:
      - eval_time: 1m
        alertname: QueueBacklog
        exp_alerts:
          - exp_labels: {{tenant: t2, severity: warning}}
",
        alerting("rules/default.yaml")
    );
    std::fs::write(&wrong, text).unwrap();
    let (code, out, err) = rules(&dir, &[Path::new("test"), &wrong]);
    assert_eq!(code, Some(1), "{out}{err}");
    for shown in [
        "FAIL  backlog of the wrong tenant",
        "alertname: QueueBacklog, time: 1m",
        "expected:",
        "labels: {severity=\"warning\", tenant=\"t2\"}",
        "got:",
        "labels: {severity=\"warning\", tenant=\"t1\"}",
        "annotations: {description=",
    ] {
        assert!(out.contains(shown), "`{shown}` missing from:\n{out}");
    }
}
