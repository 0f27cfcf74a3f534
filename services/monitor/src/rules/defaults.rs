//! The default rules (`alerting/rules/default.yaml`, from seed 004), built into the binary so
//! they apply wherever it runs, with no rule folder configured.

use super::{parse_rule_file, Rule};

const DEFAULT_RULES: &str = include_str!("../../../../alerting/rules/default.yaml");

/// The built-in rules. The file is checked by the tests below (and `rules check` in CI), so
/// an error here is a broken build; it yields no rules rather than a panic.
pub fn default_rules() -> Vec<Rule> {
    parse_rule_file(DEFAULT_RULES).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_are_the_seeds_defaults() {
        assert!(parse_rule_file(DEFAULT_RULES).is_ok());
        let names: Vec<String> = default_rules().into_iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "AccountOffline",
                "MessageFailureRate",
                "ApiResponseTime",
                "QueueBacklog",
                "LoginSuccessRate"
            ]
        );
    }
}
