//! Message templates: content with `{{name}}` placeholders, filled per message from typed
//! variables.
//!
//! A placeholder is `{{name}}`, with optional whitespace inside the braces (`{{ name }}`), in
//! any string value of the content at any depth (object keys are never templated). `{{` always
//! opens a placeholder: there is no escape, so content cannot contain a literal `{{`. A
//! substituted value is never scanned again, so a value that itself contains `{{x}}` is sent as
//! that text.
//!
//! [`Template::compile`] refuses anything that could not render into valid content, reporting
//! every problem at once, and records where the placeholders are so that
//! [`Template::render`], which runs for every message, only copies and concatenates.

use std::{borrow::Cow, collections::HashMap, fmt};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{check_content, MessageType};

/// The most variables one template may declare.
pub const MAX_VARIABLES: usize = 50;
/// The longest variable name, in bytes (names are ASCII).
pub const MAX_NAME_LEN: usize = 64;
/// The longest string a `string` variable may hold, in bytes.
pub const MAX_STRING_VALUE_BYTES: usize = 2048;

/// The JSON type a variable's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum VariableType {
    /// A JSON string of at most 2048 bytes.
    String,
    /// A JSON number without fraction or exponent (`1`, not `1.0`).
    Integer,
    /// Any JSON number.
    Number,
    Boolean,
}

impl VariableType {
    pub fn as_str(self) -> &'static str {
        match self {
            VariableType::String => "string",
            VariableType::Integer => "integer",
            VariableType::Number => "number",
            VariableType::Boolean => "boolean",
        }
    }

    /// Whether `value` is a value of this type (the same rule for defaults and for values given
    /// at render time).
    fn accepts(self, value: &Value) -> bool {
        match self {
            VariableType::String => value
                .as_str()
                .is_some_and(|s| s.len() <= MAX_STRING_VALUE_BYTES),
            VariableType::Integer => value.is_i64() || value.is_u64(),
            VariableType::Number => value.is_number(),
            VariableType::Boolean => value.is_boolean(),
        }
    }

    fn expectation(self) -> String {
        match self {
            VariableType::String => {
                format!("must be a string of at most {MAX_STRING_VALUE_BYTES} bytes")
            }
            VariableType::Integer => "must be an integer".to_owned(),
            VariableType::Number => "must be a number".to_owned(),
            VariableType::Boolean => "must be true or false".to_owned(),
        }
    }

    /// What compile fills in for a variable without a default, to check the content's shape.
    fn sample(self) -> Value {
        match self {
            VariableType::String => Value::from("x"),
            VariableType::Integer => Value::from(1),
            VariableType::Number => Value::from(1.5),
            VariableType::Boolean => Value::from(true),
        }
    }
}

impl fmt::Display for VariableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A variable a template declares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariableSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: VariableType,
    /// A required variable without a default must be given a value at render time.
    #[serde(default)]
    pub required: bool,
    /// Used when no value is given (whether or not the variable is required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
}

/// Content with placeholders, checked and ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    message_type: MessageType,
    content: Value,
    variables: Vec<VariableSpec>,
    compiled: Node,
}

/// The content with its placeholders located: index `i` in a [`Segment::Variable`] is
/// `variables[i]`.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A subtree without placeholders, copied as it is.
    Fixed(Value),
    Text(Vec<Segment>),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Variable(usize),
}

/// Why one variable (or the rendered content, under the name `content`) cannot render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariableProblem {
    pub name: String,
    /// `missing`, `wrong_type`, `unknown`, or `invalid_content` (under the name `content`).
    pub code: &'static str,
    pub message: String,
}

/// A template that cannot compile, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("the template does not compile: {}", describe(.problems))]
pub struct TemplateError {
    pub problems: Vec<TemplateProblem>,
}

/// One reason a template does not compile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateProblem {
    /// Where: `content`, `content.text`, `content.mentions[1]`, `variables`,
    /// `variables[2].name`, `variables[2].default`, `variables[2]`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn describe(problems: &[TemplateProblem]) -> String {
    let parts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

impl Template {
    /// Refuses a template that cannot render: content that is not an object, a broken or
    /// undeclared placeholder, an invalid, duplicate or unused variable, more than 50
    /// variables, a default of the wrong type, or content that does not pass
    /// [`check_content`] once filled with each variable's default (else `"x"`, `1`, `1.5` or
    /// `true` by type). Every problem is reported.
    pub fn compile(
        message_type: MessageType,
        content: Value,
        variables: Vec<VariableSpec>,
    ) -> Result<Template, TemplateError> {
        let mut compiler = Compiler::new(&variables);
        let compiled = if content.is_object() {
            compiler.node(&content, "content".to_owned())
        } else {
            compiler.problem("content", "must be a JSON object");
            Node::Fixed(Value::Null)
        };
        let Compiler {
            mut problems,
            declared,
            used,
        } = compiler;

        let mut unused: Vec<usize> = declared.values().copied().filter(|i| !used[*i]).collect();
        unused.sort_unstable();
        for i in unused {
            problems.push(TemplateProblem {
                path: format!("variables[{i}]"),
                message: format!(
                    "`{}` is declared but no placeholder uses it",
                    variables[i].name
                ),
            });
        }

        if content.is_object() {
            let samples: Vec<Cow<'_, str>> = variables
                .iter()
                .map(|v| match &v.default {
                    Some(default) if v.kind.accepts(default) => as_text(default),
                    _ => Cow::Owned(as_text(&v.kind.sample()).into_owned()),
                })
                .collect();
            if let Err(e) = check_content(message_type, &fill(&compiled, &samples)) {
                problems.push(TemplateProblem {
                    path: "content".to_owned(),
                    message: format!("filled with sample values: {}", e.message),
                });
            }
        }

        if problems.is_empty() {
            Ok(Template {
                message_type,
                content,
                variables,
                compiled,
            })
        } else {
            Err(TemplateError { problems })
        }
    }

    pub fn message_type(&self) -> MessageType {
        self.message_type
    }

    /// The content as written, placeholders included.
    pub fn content(&self) -> &Value {
        &self.content
    }

    pub fn variables(&self) -> &[VariableSpec] {
        &self.variables
    }

    /// Fills the placeholders. Every problem is reported, not just the first.
    ///
    /// A given value must have its variable's type (`wrong_type`); a value that is not given
    /// falls back to the default, then is `missing` if required, else renders as the empty
    /// string. A value for a name the template does not declare is `unknown`. Numbers render as
    /// their JSON text, booleans as `true`/`false`. The filled content must pass
    /// [`check_content`], else the problem is `invalid_content` under the name `content`.
    pub fn render(&self, values: &Map<String, Value>) -> Result<Value, Vec<VariableProblem>> {
        let mut problems = Vec::new();
        let mut texts: Vec<Cow<'_, str>> = Vec::with_capacity(self.variables.len());
        for spec in &self.variables {
            let text = match (values.get(&spec.name), &spec.default) {
                (Some(value), _) if spec.kind.accepts(value) => as_text(value),
                (Some(_), _) => {
                    problems.push(VariableProblem {
                        name: spec.name.clone(),
                        code: "wrong_type",
                        message: format!("`{}` {}", spec.name, spec.kind.expectation()),
                    });
                    Cow::Borrowed("")
                }
                (None, Some(default)) => as_text(default),
                (None, None) if spec.required => {
                    problems.push(VariableProblem {
                        name: spec.name.clone(),
                        code: "missing",
                        message: format!("`{}` is required", spec.name),
                    });
                    Cow::Borrowed("")
                }
                (None, None) => Cow::Borrowed(""),
            };
            texts.push(text);
        }
        for name in values.keys() {
            if !self.variables.iter().any(|v| &v.name == name) {
                problems.push(VariableProblem {
                    name: name.clone(),
                    code: "unknown",
                    message: format!("`{name}` is not a variable of this template"),
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let rendered = fill(&self.compiled, &texts);
        match check_content(self.message_type, &rendered) {
            Ok(()) => Ok(rendered),
            Err(e) => Err(vec![VariableProblem {
                name: "content".to_owned(),
                code: "invalid_content",
                message: e.message,
            }]),
        }
    }
}

/// Collects problems while locating placeholders.
struct Compiler<'a> {
    problems: Vec<TemplateProblem>,
    /// Each valid name and the index of its first declaration.
    declared: HashMap<&'a str, usize>,
    /// By variable index: whether a placeholder names it.
    used: Vec<bool>,
}

impl<'a> Compiler<'a> {
    fn new(variables: &'a [VariableSpec]) -> Self {
        let mut compiler = Compiler {
            problems: Vec::new(),
            declared: HashMap::new(),
            used: vec![false; variables.len()],
        };
        if variables.len() > MAX_VARIABLES {
            compiler.problem(
                "variables",
                format!(
                    "at most {MAX_VARIABLES} variables are allowed (there are {})",
                    variables.len()
                ),
            );
        }
        for (i, spec) in variables.iter().enumerate() {
            let name = spec.name.as_str();
            if !is_valid_name(name) {
                compiler.problem(
                    format!("variables[{i}].name"),
                    format!("`{name}` is not a valid name: {NAME_RULE}"),
                );
            } else if let Some(first) = compiler.declared.get(name) {
                compiler.problem(
                    format!("variables[{i}].name"),
                    format!("`{name}` is already declared by variables[{first}]"),
                );
            } else {
                compiler.declared.insert(name, i);
            }
            if let Some(default) = &spec.default {
                if !spec.kind.accepts(default) {
                    compiler.problem(
                        format!("variables[{i}].default"),
                        format!(
                            "the default of {} `{name}` {}",
                            spec.kind,
                            spec.kind.expectation()
                        ),
                    );
                }
            }
        }
        compiler
    }

    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(TemplateProblem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn node(&mut self, value: &Value, path: String) -> Node {
        match value {
            Value::String(text) => self.text(text, &path),
            Value::Array(items) => {
                let nodes: Vec<Node> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.node(item, format!("{path}[{i}]")))
                    .collect();
                if nodes.iter().all(|n| matches!(n, Node::Fixed(_))) {
                    Node::Fixed(value.clone())
                } else {
                    Node::Array(nodes)
                }
            }
            Value::Object(map) => {
                let entries: Vec<(String, Node)> = map
                    .iter()
                    .map(|(key, item)| (key.clone(), self.node(item, format!("{path}.{key}"))))
                    .collect();
                if entries.iter().all(|(_, n)| matches!(n, Node::Fixed(_))) {
                    Node::Fixed(value.clone())
                } else {
                    Node::Object(entries)
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => Node::Fixed(value.clone()),
        }
    }

    /// Splits a string at its placeholders. A broken or undeclared placeholder is reported
    /// and kept as literal text, so the sample check still sees content of about the right
    /// shape.
    fn text(&mut self, text: &str, path: &str) -> Node {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            literal.push_str(&rest[..open]);
            let inside = &rest[open + 2..];
            let Some(close) = inside.find("}}") else {
                self.problem(
                    path,
                    format!(
                        "`{{{{` at byte {} has no closing `}}}}`",
                        text.len() - rest.len() + open
                    ),
                );
                literal.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let whole = &rest[open..open + 2 + close + 2];
            let name = inside[..close].trim();
            match self.declared.get(name) {
                Some(&i) => {
                    self.used[i] = true;
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Variable(i));
                }
                None => {
                    if is_valid_name(name) {
                        self.problem(path, format!("`{whole}` names no declared variable"));
                    } else {
                        self.problem(
                            path,
                            format!("`{whole}` is not a valid placeholder: {NAME_RULE}"),
                        );
                    }
                    literal.push_str(whole);
                }
            }
            rest = &inside[close + 2..];
        }
        literal.push_str(rest);
        if segments.is_empty() {
            return Node::Fixed(Value::String(text.to_owned()));
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Node::Text(segments)
    }
}

const NAME_RULE: &str = "a name is a letter or `_` followed by up to 63 letters, digits or `_`";

/// `[A-Za-z_][A-Za-z0-9_]{0,63}`
fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    let starts_well = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    starts_well
        && name.len() <= MAX_NAME_LEN
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The text a value renders as.
fn as_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Bool(true) => Cow::Borrowed("true"),
        Value::Bool(false) => Cow::Borrowed("false"),
        other => Cow::Owned(other.to_string()),
    }
}

/// Builds the content with `texts[i]` in place of variable `i`.
fn fill(node: &Node, texts: &[Cow<'_, str>]) -> Value {
    let text_of = |i: usize| texts.get(i).map_or("", |t| t.as_ref());
    match node {
        Node::Fixed(value) => value.clone(),
        Node::Text(segments) => {
            let len = segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(l) => l.len(),
                    Segment::Variable(i) => text_of(*i).len(),
                })
                .sum();
            let mut out = String::with_capacity(len);
            for segment in segments {
                match segment {
                    Segment::Literal(l) => out.push_str(l),
                    Segment::Variable(i) => out.push_str(text_of(*i)),
                }
            }
            Value::String(out)
        }
        Node::Array(items) => Value::Array(items.iter().map(|n| fill(n, texts)).collect()),
        Node::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, n)| (key.clone(), fill(n, texts)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests;
