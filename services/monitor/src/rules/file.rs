//! Rule files: YAML with a `rules:` list of [`RuleSpec`]s. Every problem of a file is
//! reported at once — each bad rule by its index, name and field, a YAML syntax error by its
//! line and column — so one run of `rules check` shows all there is to fix.

use std::{
    collections::BTreeMap,
    fmt,
    path::{Path, PathBuf},
};

use serde::Deserialize;
use serde_norway::Value;

use super::{Rule, RuleSpec};

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFileError {
    /// Set when the rules came from a file on disk.
    pub file: Option<PathBuf>,
    /// For YAML syntax errors: the line and column where the parser stopped (1-based).
    pub location: Option<(u32, u32)>,
    /// The rule's position in `rules:` (0-based) and its name when it has one.
    pub rule: Option<(usize, Option<String>)>,
    /// The field at fault, as a path such as `operator` or `matchers.route`.
    pub field: Option<String>,
    pub message: String,
}

impl RuleFileError {
    fn new(message: impl Into<String>) -> Self {
        RuleFileError {
            file: None,
            location: None,
            rule: None,
            field: None,
            message: message.into(),
        }
    }

    fn in_rule(mut self, index: usize, name: Option<&str>) -> Self {
        self.rule = Some((index, name.map(str::to_owned)));
        self
    }

    fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_owned());
        self
    }
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        match &self.rule {
            Some((index, Some(name))) => write!(f, "rules[{index}] ({name}): ")?,
            Some((index, None)) => write!(f, "rules[{index}]: ")?,
            None => {}
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleFileError {}

/// The file's top level, with each rule kept raw so that one bad rule does not hide the others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: Vec<Value>,
}

/// The rules of one YAML file, or every problem in it. Duplicate names are problems too.
pub fn parse_rule_file(text: &str) -> Result<Vec<Rule>, Vec<RuleFileError>> {
    let document: Value = serde_norway::from_str(text).map_err(|e| vec![syntax_error(&e)])?;
    if document.is_null() {
        return Ok(Vec::new()); // an empty file holds no rules
    }
    let raw: RawFile = serde_path_to_error::deserialize(document).map_err(|e| {
        let message = e.inner().to_string();
        vec![naming_the_field(
            RuleFileError::new(hint_for_prometheus_files(message)),
            e.path(),
        )]
    })?;
    let mut rules = Vec::with_capacity(raw.rules.len());
    let mut errors = Vec::new();
    for (index, value) in raw.rules.into_iter().enumerate() {
        let name = value.get("name").and_then(Value::as_str).map(str::to_owned);
        match rule_of(value) {
            Ok(rule) => rules.push((index, rule)),
            Err(e) => errors.push(e.in_rule(index, name.as_deref())),
        }
    }
    errors.extend(duplicate_names(&rules));
    if errors.is_empty() {
        Ok(rules.into_iter().map(|(_, rule)| rule).collect())
    } else {
        Err(errors)
    }
}

/// Reads the `*.yaml` and `*.yml` files of `dir` in name order. Names must be unique across
/// the whole directory; every problem of every file is reported, each naming its file.
pub fn load_rule_dir(dir: &Path) -> Result<Vec<Rule>, Vec<RuleFileError>> {
    let files = rule_files_in(dir).map_err(|e| vec![e])?;
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    let mut defined_in: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        match read_rule_file(&file) {
            Ok(found) => {
                for rule in found {
                    if let Some(first) = defined_in.get(&rule.name) {
                        let message = format!(
                            "`{}` is already the name of a rule in {}",
                            rule.name,
                            first.display()
                        );
                        errors.push(RuleFileError::new(message).at_field("name").in_file(&file));
                        continue;
                    }
                    defined_in.insert(rule.name.clone(), file.clone());
                    rules.push(rule);
                }
            }
            Err(found) => errors.extend(found),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// One rule file from disk; its errors name the file.
pub fn read_rule_file(file: &Path) -> Result<Vec<Rule>, Vec<RuleFileError>> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| vec![RuleFileError::new(format!("cannot read: {e}")).in_file(file)])?;
    parse_rule_file(&text).map_err(|errors| errors.into_iter().map(|e| e.in_file(file)).collect())
}

/// The rule files of `dir`, sorted by name.
pub(crate) fn rule_files_in(dir: &Path) -> Result<Vec<PathBuf>, RuleFileError> {
    let unreadable = |e: std::io::Error| {
        RuleFileError::new(format!("cannot read the rule directory: {e}")).in_file(dir)
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn rule_of(value: Value) -> Result<Rule, RuleFileError> {
    let spec: RuleSpec = serde_path_to_error::deserialize(value).map_err(|e| {
        let error = RuleFileError::new(e.inner().to_string());
        naming_the_field(error, e.path())
    })?;
    spec.to_rule()
        .map_err(|e| RuleFileError::new(e.message).at_field(e.field))
}

/// Names the field a serde error is about: its path, or for unknown and missing fields
/// (reported by the rule itself) the field the message quotes.
fn naming_the_field(error: RuleFileError, path: &serde_path_to_error::Path) -> RuleFileError {
    let path = path.to_string();
    if path != "." {
        return error.at_field(path);
    }
    let quoted = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|prefix| error.message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned);
    match quoted {
        Some(field) => error.at_field(field),
        None => error,
    }
}

fn syntax_error(error: &serde_norway::Error) -> RuleFileError {
    let mut found = RuleFileError::new(error.to_string());
    let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX); // keeps the error small
    found.location = error
        .location()
        .map(|at| (small(at.line()), small(at.column())));
    found
}

/// A Prometheus rule file (`groups:`) is a common mistake; say so.
fn hint_for_prometheus_files(message: String) -> String {
    if message.starts_with("unknown field `groups`") {
        format!("{message} (this looks like a Prometheus rule file; list the rules under `rules:`)")
    } else {
        message
    }
}

/// Rules named like an earlier one, each with its index in the file.
fn duplicate_names(rules: &[(usize, Rule)]) -> Vec<RuleFileError> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (index, rule) in rules {
        let index = *index;
        if let Some(earlier) = first.get(rule.name.as_str()) {
            let message = format!("`{}` is already the name of rules[{earlier}]", rule.name);
            errors.push(
                RuleFileError::new(message)
                    .at_field("name")
                    .in_rule(index, Some(&rule.name)),
            );
        } else {
            first.insert(&rule.name, index);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "  - name: Good
    metric: m
    aggregate: max
    window: 1m
    operator: '>='
    threshold: 1
    severity: critical
";

    fn errors(text: &str) -> Vec<RuleFileError> {
        parse_rule_file(text).unwrap_err()
    }

    /// `(rule index, field)` of each error.
    fn places(errors: &[RuleFileError]) -> Vec<(Option<usize>, Option<&str>)> {
        errors
            .iter()
            .map(|e| (e.rule.as_ref().map(|r| r.0), e.field.as_deref()))
            .collect()
    }

    #[test]
    fn every_bad_rule_is_reported_with_its_index_name_and_field() {
        let text = format!(
            "rules:\n{GOOD}{}{}{}{}{}",
            GOOD.replace("Good", "Typo")
                .replace("threshold", "treshold"),
            GOOD.replace("Good", "Op").replace("'>='", "'=>'"),
            GOOD.replace("Good", "Window").replace("1m", "5 minutes"),
            GOOD.replace("Good", "Route")
                .replace("metric: m", "metric: m\n    matchers: {route: [1]}"),
            GOOD,
        );
        let found = errors(&text);
        assert_eq!(
            places(&found),
            [
                (Some(1), Some("treshold")),
                (Some(2), Some("operator")),
                (Some(3), Some("window")),
                (Some(4), Some("matchers.route")),
                (Some(5), Some("name")),
            ],
            "{found:?}"
        );
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("rules[1] (Typo): treshold: unknown field"),
            "{shown:?}"
        );
        assert!(shown[1].contains("unknown variant `=>`"), "{shown:?}");
        assert!(
            shown[2].contains("`5 minutes` is not a duration"),
            "{shown:?}"
        );
        assert_eq!(
            shown[4],
            "rules[5] (Good): name: `Good` is already the name of rules[0]"
        );
    }

    #[test]
    fn missing_fields_and_rules_without_names_are_named_by_index() {
        let found = errors("rules:\n  - metric: m\n");
        assert_eq!(places(&found), [(Some(0), Some("name"))]);
        assert!(
            found[0]
                .to_string()
                .starts_with("rules[0]: name: missing field"),
            "{found:?}"
        );
    }

    #[test]
    fn yaml_syntax_errors_give_line_and_column() {
        let found = errors(&format!(
            "rules:\n{}",
            GOOD.replace("threshold: 1", "threshold: [1")
        ));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].location.is_some_and(|(line, _)| line >= 8),
            "{found:?}"
        );
        assert!(found[0].message.contains("line"), "{found:?}");
    }

    #[test]
    fn the_top_level_holds_only_rules() {
        assert_eq!(parse_rule_file("").unwrap(), []);
        assert_eq!(parse_rule_file("rules: []").unwrap(), []);
        let found = errors("groups:\n  - name: x\n");
        assert!(
            found[0].to_string().contains("Prometheus rule file"),
            "{found:?}"
        );
        assert_eq!(places(&errors("- 1\n")), [(None, None)]);
    }

    #[test]
    fn a_directory_is_read_in_name_order_and_names_are_unique_across_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.yml"), format!("rules:\n{GOOD}")).unwrap();
        let renamed = GOOD.replace("Good", "First");
        std::fs::write(dir.path().join("a.yaml"), format!("rules:\n{renamed}")).unwrap();
        let names = |rules: Vec<Rule>| rules.into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(names(load_rule_dir(dir.path()).unwrap()), ["First", "Good"]);

        std::fs::write(dir.path().join("c.yaml"), format!("rules:\n{GOOD}")).unwrap();
        std::fs::write(dir.path().join("d.yaml"), "rules: {").unwrap();
        let found = load_rule_dir(dir.path()).unwrap_err();
        assert_eq!(found.len(), 2, "{found:?}");
        let shown = found[0].to_string();
        assert!(
            shown.contains("c.yaml: name: `Good` is already the name of a rule in"),
            "{shown}"
        );
        assert!(shown.ends_with("b.yml"), "{shown}");
        assert!(found[1].to_string().contains("d.yaml"), "{found:?}");
    }

    #[test]
    fn the_default_rules_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../alerting/rules");
        let rules = load_rule_dir(&dir).unwrap();
        let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
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
