//! Alert rules and their evaluation.

mod aggregate;
mod evaluator;
mod rule;
mod state;

pub use aggregate::{Aggregate, Sample};
pub use evaluator::{Alert, AlertChange, Evaluator, Series};
pub use rule::{parse_duration, NoData, Operator, Rule, RuleError, Severity};
pub use state::AlertState;
