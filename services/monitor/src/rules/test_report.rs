//! What a rule test file's run found, printed the way `promtool test rules` does: each test
//! passed or failed, and for a failure the alerts expected against the alerts that fired.

use std::{collections::BTreeMap, fmt, path::PathBuf};

use fleet_core::clock::Millis;

use super::format_duration;

/// The run of one rule test file.
#[derive(Debug, Clone, PartialEq)]
pub struct TestReport {
    pub file: PathBuf,
    /// Problems that stopped the whole file: unreadable, malformed, or bad rule files.
    pub errors: Vec<String>,
    pub tests: Vec<TestOutcome>,
}

/// One entry of the file's `tests:` list.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub name: String,
    /// Empty when the test passed.
    pub failures: Vec<TestFailure>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestFailure {
    /// The test cannot run as written (bad series notation, an `eval_time` between
    /// evaluations, an alert no rule raises).
    Invalid(String),
    /// The firing alerts of a rule at an evaluation were not the expected ones.
    Mismatch {
        alertname: String,
        eval_time: Millis,
        expected: Vec<TestAlert>,
        got: Vec<TestAlert>,
    },
}

/// An alert as a test states or sees it: every label but `alertname`, and its annotations
/// (`None` in an expectation: not compared).
#[derive(Debug, Clone, PartialEq)]
pub struct TestAlert {
    pub labels: BTreeMap<String, String>,
    pub annotations: Option<BTreeMap<String, String>>,
}

impl TestReport {
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.tests.iter().all(TestOutcome::passed)
    }
}

impl TestOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for TestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}:", self.file.display())?;
        for error in &self.errors {
            writeln!(f, "  ERROR {error}")?;
        }
        for test in &self.tests {
            write!(f, "{test}")?;
        }
        Ok(())
    }
}

impl fmt::Display for TestOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.passed() { "PASS" } else { "FAIL" };
        writeln!(f, "  {verdict}  {}", self.name)?;
        for failure in &self.failures {
            write!(f, "{failure}")?;
        }
        Ok(())
    }
}

impl fmt::Display for TestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestFailure::Invalid(message) => writeln!(f, "        {message}"),
            TestFailure::Mismatch {
                alertname,
                eval_time,
                expected,
                got,
            } => {
                writeln!(
                    f,
                    "        alertname: {alertname}, time: {}",
                    format_duration(*eval_time)
                )?;
                write_alerts(f, "expected", expected)?;
                write_alerts(f, "got", got)
            }
        }
    }
}

fn write_alerts(f: &mut fmt::Formatter<'_>, title: &str, alerts: &[TestAlert]) -> fmt::Result {
    if alerts.is_empty() {
        return writeln!(f, "          {title}: none firing");
    }
    writeln!(f, "          {title}:")?;
    for alert in alerts {
        writeln!(f, "            labels: {}", braces(&alert.labels))?;
        if let Some(annotations) = &alert.annotations {
            writeln!(f, "            annotations: {}", braces(annotations))?;
        }
    }
    Ok(())
}

/// `{a="1", b="2"}`, as Prometheus prints label sets.
fn braces(map: &BTreeMap<String, String>) -> String {
    let pairs: Vec<String> = map.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{{{}}}", pairs.join(", "))
}
