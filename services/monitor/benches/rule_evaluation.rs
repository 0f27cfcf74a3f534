//! Rules × series evaluated per second by the engine's evaluator: each round evaluates every
//! rule over every series' aggregate (as a metric store returns them), stepping each alert's
//! state, building its labels, fingerprint and annotations. A quarter of the series hold the
//! condition, so alerts go pending, fire and stay firing as in a bad hour.
//!
//! Run: `cargo bench -p fleet-monitor --bench rule_evaluation`

use std::{collections::BTreeMap, time::Instant};

use fleet_monitor::rules::{Aggregate, Evaluator, NoData, Operator, Rule, SeriesValue, Severity};

fn rule(n: usize) -> Rule {
    Rule {
        name: format!("Rule{n}"),
        metric: "account_offline_seconds".into(),
        matchers: BTreeMap::new(),
        aggregate: Aggregate::Max,
        window: 60_000,
        operator: Operator::Gt,
        threshold: 300.0,
        for_: 60_000,
        severity: Severity::Critical,
        labels: BTreeMap::from([("team".to_owned(), "ops".to_owned())]),
        annotations: BTreeMap::from([(
            "summary".to_owned(),
            "{{ $labels.account }} of {{ $labels.tenant }} offline for {{ $value }} s".to_owned(),
        )]),
        no_data: NoData::Ok,
    }
}

fn series(count: usize) -> Vec<SeriesValue> {
    (0..count)
        .map(|i| SeriesValue {
            labels: BTreeMap::from([
                ("tenant".to_owned(), format!("tenant-{}", i % 50)),
                ("account".to_owned(), format!("account-{i}")),
            ]),
            value: Some(if i % 4 == 0 { 900.0 } else { 10.0 }),
        })
        .collect()
}

fn main() {
    println!("rules × series | rounds | evaluations/s | ms per round");
    for (rules, per_rule) in [(5, 1_000), (5, 10_000), (50, 1_000), (20, 10_000)] {
        let rules: Vec<Rule> = (0..rules).map(rule).collect();
        let values = series(per_rule);
        let mut evaluator = Evaluator::default();
        let rounds = 10;
        let started = Instant::now();
        for round in 0..rounds {
            let now = round * 15_000;
            for r in &rules {
                std::hint::black_box(evaluator.evaluate(r, &values, now));
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        let evaluations = (rules.len() * per_rule) as f64 * rounds as f64;
        println!(
            "{} × {per_rule} | {rounds} | {:.0} | {:.1}",
            rules.len(),
            evaluations / elapsed,
            elapsed * 1000.0 / rounds as f64
        );
    }
}
