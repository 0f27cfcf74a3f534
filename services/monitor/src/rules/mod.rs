//! Alert rules: their shape in files and the API, the built-in defaults, reloading rule
//! folders, evaluation with Prometheus alert states, and promtool-style rule unit tests.

mod aggregate;
mod defaults;
mod evaluator;
mod file;
mod reload;
mod rule;
mod series_notation;
mod spec;
mod state;
mod test_report;
mod unit_test;

pub use aggregate::{Aggregate, Sample};
pub use defaults::default_rules;
pub use evaluator::{fingerprint, values_of, Alert, AlertChange, Evaluator, Series, SeriesValue};
pub use file::{load_rule_dir, parse_rule_file, read_rule_file, RuleFileError};
pub use reload::RuleFiles;
pub use rule::{parse_duration, NoData, Operator, Rule, RuleError, Severity};
pub use spec::{format_duration, RuleSpec};
pub use state::AlertState;
pub use test_report::{TestAlert, TestFailure, TestOutcome, TestReport};
pub use unit_test::run_test_file;
