use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::*;
use MessageType as T;

fn var(name: &str, kind: VariableType) -> VariableSpec {
    VariableSpec {
        name: name.to_owned(),
        kind,
        required: false,
        default: None,
    }
}

fn required(name: &str, kind: VariableType) -> VariableSpec {
    VariableSpec {
        required: true,
        ..var(name, kind)
    }
}

fn with_default(name: &str, kind: VariableType, default: Value) -> VariableSpec {
    VariableSpec {
        default: Some(default),
        ..var(name, kind)
    }
}

fn values(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn compiled(kind: MessageType, content: Value, variables: Vec<VariableSpec>) -> Template {
    match Template::compile(kind, content, variables) {
        Ok(template) => template,
        Err(e) => panic!("{e}"),
    }
}

/// The compile problems as `(path, message)`, failing if it compiles.
fn problems(
    kind: MessageType,
    content: Value,
    variables: Vec<VariableSpec>,
) -> Vec<TemplateProblem> {
    match Template::compile(kind, content, variables) {
        Ok(_) => panic!("compiled"),
        Err(e) => e.problems,
    }
}

/// Asserts one problem at `path` whose message contains `hint`.
fn has_problem(problems: &[TemplateProblem], path: &str, hint: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.path == path && p.message.contains(hint)),
        "no problem at {path} mentioning `{hint}` in {problems:#?}"
    );
}

fn codes(problems: &[VariableProblem]) -> Vec<(&str, &str)> {
    problems.iter().map(|p| (p.name.as_str(), p.code)).collect()
}

// ---- compile ----

#[test]
fn a_valid_template_keeps_what_it_was_given() {
    let variables = vec![required("name", VariableType::String)];
    let template = compiled(
        T::Text,
        json!({"text": "Hello {{name}}"}),
        variables.clone(),
    );
    assert_eq!(template.message_type(), T::Text);
    assert_eq!(template.content(), &json!({"text": "Hello {{name}}"}));
    assert_eq!(template.variables(), variables.as_slice());
}

#[test]
fn content_must_be_an_object() {
    for content in [json!("{{a}}"), json!([]), json!(null)] {
        let found = problems(T::Text, content, vec![]);
        has_problem(&found, "content", "JSON object");
    }
}

#[test]
fn an_unclosed_placeholder_is_reported_at_its_path() {
    let found = problems(
        T::Text,
        json!({"text": "Hi {{name", "x": {"deep": ["ok", "{{ a }} and {{b"]}}),
        vec![var("a", VariableType::String)],
    );
    has_problem(&found, "content.text", "at byte 3 has no closing");
    has_problem(&found, "content.x.deep[1]", "at byte 12 has no closing");
}

#[test]
fn an_invalid_placeholder_name_is_reported() {
    for bad in [
        "{{}}", "{{ }}", "{{1a}}", "{{a-b}}", "{{a b}}", "{{名}}", "{{{a}}",
    ] {
        let found = problems(T::Text, json!({ "text": format!("x {bad}") }), vec![]);
        has_problem(&found, "content.text", "is not a valid placeholder");
    }
    let long = format!("{{{{{}}}}}", "a".repeat(65));
    let found = problems(T::Text, json!({ "text": long }), vec![]);
    has_problem(&found, "content.text", "is not a valid placeholder");
}

#[test]
fn an_undeclared_placeholder_is_reported() {
    let found = problems(
        T::AtMention,
        json!({"text": "hi", "mentions": ["{{ who }}", "{{boss}}"]}),
        vec![var("who", VariableType::String)],
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    has_problem(
        &found,
        "content.mentions[1]",
        "`{{boss}}` names no declared variable",
    );
}

#[test]
fn variable_names_must_be_valid_and_unique() {
    let found = problems(
        T::Text,
        json!({"text": "{{a}} {{_b9}}"}),
        vec![
            var("a", VariableType::String),
            var("9a", VariableType::String),
            var("_b9", VariableType::String),
            var("a", VariableType::Integer),
            var("", VariableType::String),
            var(&"n".repeat(65), VariableType::String),
        ],
    );
    has_problem(&found, "variables[1].name", "not a valid name");
    has_problem(
        &found,
        "variables[3].name",
        "already declared by variables[0]",
    );
    has_problem(&found, "variables[4].name", "not a valid name");
    has_problem(&found, "variables[5].name", "not a valid name");
    assert_eq!(found.len(), 4, "{found:#?}");
    // 64 characters is the longest name.
    let long = "n".repeat(64);
    compiled(
        T::Text,
        json!({ "text": format!("{{{{{long}}}}}") }),
        vec![var(&long, VariableType::String)],
    );
}

#[test]
fn at_most_fifty_variables() {
    let declare = |n: usize| -> (Value, Vec<VariableSpec>) {
        let names: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
        let text: String = names.iter().map(|n| format!("{{{{{n}}}}}")).collect();
        let variables = names
            .iter()
            .map(|n| var(n, VariableType::Integer))
            .collect();
        (json!({ "text": text }), variables)
    };
    let (content, variables) = declare(50);
    compiled(T::Text, content, variables);
    let (content, variables) = declare(51);
    let found = problems(T::Text, content, variables);
    has_problem(&found, "variables", "at most 50");
    assert_eq!(found.len(), 1, "{found:#?}");
}

#[test]
fn a_default_must_have_the_variables_type() {
    let cases = [
        (VariableType::String, json!(1), false),
        (VariableType::String, json!("s"), true),
        (VariableType::String, json!("s".repeat(2049)), false),
        (VariableType::Integer, json!(1.5), false),
        (VariableType::Integer, json!(1.0), false),
        (VariableType::Integer, json!("1"), false),
        (VariableType::Integer, json!(-3), true),
        (VariableType::Integer, json!(u64::MAX), true),
        (VariableType::Number, json!(1), true),
        (VariableType::Number, json!(1.5), true),
        (VariableType::Number, json!(true), false),
        (VariableType::Boolean, json!(false), true),
        (VariableType::Boolean, json!("true"), false),
        (VariableType::Boolean, json!([]), false),
    ];
    for (kind, default, fits) in cases {
        let result = Template::compile(
            T::Text,
            json!({"text": "v={{v}}"}),
            vec![with_default("v", kind, default.clone())],
        );
        match (result, fits) {
            (Ok(_), true) => {}
            (Err(e), false) => has_problem(&e.problems, "variables[0].default", kind.as_str()),
            (other, _) => panic!("{kind} default {default}: {other:?}"),
        }
    }
}

#[test]
fn an_unused_variable_is_reported() {
    let found = problems(
        T::Text,
        json!({"text": "Hello {{name}}"}),
        vec![
            var("name", VariableType::String),
            var("nmae", VariableType::String),
        ],
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    has_problem(
        &found,
        "variables[1]",
        "`nmae` is declared but no placeholder uses it",
    );
}

#[test]
fn the_content_filled_with_samples_must_pass_the_type_check() {
    // Missing key for the type.
    let found = problems(
        T::Text,
        json!({"body": "{{a}}"}),
        vec![var("a", VariableType::String)],
    );
    has_problem(&found, "content", "`text` is required");
    // A URL placeholder filled with the string sample "x" is not a URL ...
    let found = problems(
        T::Image,
        json!({"url": "{{u}}"}),
        vec![var("u", VariableType::String)],
    );
    has_problem(&found, "content", "`url` must be an http");
    // ... but is with a default, or a fixed prefix.
    compiled(
        T::Image,
        json!({"url": "{{u}}"}),
        vec![with_default(
            "u",
            VariableType::String,
            json!("https://e.com/a.png"),
        )],
    );
    compiled(
        T::Image,
        json!({"url": "https://cdn.example.com/{{id}}.png"}),
        vec![required("id", VariableType::Integer)],
    );
    // Fixed text already too long.
    let found = problems(
        T::Text,
        json!({ "text": format!("{}{{{{n}}}}", "a".repeat(2048)) }),
        vec![var("n", VariableType::Boolean)],
    );
    has_problem(&found, "content", "2048");
    // Wrong content type for a typed field.
    let found = problems(
        T::AtMention,
        json!({"text": "{{t}}", "mentions": "{{who}}"}),
        vec![
            var("t", VariableType::String),
            var("who", VariableType::String),
        ],
    );
    has_problem(&found, "content", "`mentions` must be an array");
}

#[test]
fn every_compile_problem_is_reported_at_once() {
    let found = problems(
        T::Text,
        json!({"body": "{{ name }} {{age", "list": ["{{nope}}", "{{bad name}}"]}),
        vec![
            var("name", VariableType::String),
            var("name", VariableType::String),
            with_default("flag", VariableType::Boolean, json!("yes")),
            var("x-y", VariableType::String),
        ],
    );
    has_problem(&found, "variables[1].name", "already declared");
    has_problem(&found, "variables[2].default", "true or false");
    has_problem(&found, "variables[3].name", "not a valid name");
    has_problem(&found, "content.body", "has no closing");
    has_problem(&found, "content.list[0]", "names no declared variable");
    has_problem(&found, "content.list[1]", "not a valid placeholder");
    has_problem(
        &found,
        "variables[2]",
        "`flag` is declared but no placeholder uses it",
    );
    has_problem(&found, "content", "`text` is required");
    assert_eq!(found.len(), 8, "{found:#?}");

    let error = Template::compile(T::Text, json!({"body": "x"}), vec![]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the template does not compile: content: filled with sample values: `text` is required"
    );
}

#[test]
fn a_variable_spec_reads_and_writes_the_api_shape() {
    let spec: VariableSpec =
        serde_json::from_value(json!({"name": "n", "type": "integer", "default": 3})).unwrap();
    assert_eq!(spec, with_default("n", VariableType::Integer, json!(3)));
    let spec: VariableSpec =
        serde_json::from_value(json!({"name": "n", "type": "boolean", "required": true})).unwrap();
    assert_eq!(spec, required("n", VariableType::Boolean));
    assert_eq!(
        serde_json::to_value(var("s", VariableType::String)).unwrap(),
        json!({"name": "s", "type": "string", "required": false})
    );
    assert!(serde_json::from_value::<VariableSpec>(json!({"name": "n", "type": "date"})).is_err());
}

// ---- render ----

#[test]
fn render_fills_every_kind_of_value_as_text() {
    let template = compiled(
        T::Text,
        json!({"text": "{{s}}|{{ i }}|{{n}}|{{b}}|{{  s  }}", "keep": [1, {"x": null}]}),
        vec![
            var("s", VariableType::String),
            var("i", VariableType::Integer),
            var("n", VariableType::Number),
            var("b", VariableType::Boolean),
        ],
    );
    let rendered = template
        .render(&values(
            json!({"s": "é你😀", "i": -42, "n": 2.5, "b": false}),
        ))
        .unwrap();
    assert_eq!(
        rendered,
        json!({"text": "é你😀|-42|2.5|false|é你😀", "keep": [1, {"x": null}]})
    );
}

#[test]
fn render_uses_defaults_then_empty_for_optional_values() {
    let template = compiled(
        T::Text,
        json!({"text": "Hi {{name}}{{suffix}}, you have {{count}} new"}),
        vec![
            with_default("name", VariableType::String, json!("there")),
            var("suffix", VariableType::String),
            VariableSpec {
                required: true,
                ..with_default("count", VariableType::Integer, json!(0))
            },
        ],
    );
    assert_eq!(
        template.render(&Map::new()).unwrap(),
        json!({"text": "Hi there, you have 0 new"})
    );
    assert_eq!(
        template
            .render(&values(json!({"name": "Li", "suffix": "!", "count": 3})))
            .unwrap(),
        json!({"text": "Hi Li!, you have 3 new"})
    );
}

#[test]
fn render_reports_missing_wrong_type_and_unknown_together() {
    let template = compiled(
        T::Text,
        json!({"text": "{{a}} {{b}} {{c}} {{d}} {{e}}"}),
        vec![
            required("a", VariableType::String),
            var("b", VariableType::Integer),
            var("c", VariableType::Boolean),
            var("d", VariableType::String),
            required("e", VariableType::Number),
        ],
    );
    let problems = template
        .render(&values(json!({
            "b": 1.5,
            "c": "true",
            "d": "d".repeat(2049),
            "e": 1,
            "zz": 1,
            "aa": "x",
        })))
        .unwrap_err();
    let mut found = codes(&problems);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("a", "missing"),
            ("aa", "unknown"),
            ("b", "wrong_type"),
            ("c", "wrong_type"),
            ("d", "wrong_type"),
            ("zz", "unknown"),
        ]
    );
    let b = problems.iter().find(|p| p.name == "b").unwrap();
    assert!(b.message.contains("integer"), "{}", b.message);
}

#[test]
fn null_is_a_wrong_type_not_an_absent_value() {
    let template = compiled(
        T::Text,
        json!({"text": "x{{a}}"}),
        vec![with_default("a", VariableType::String, json!("d"))],
    );
    let problems = template.render(&values(json!({"a": null}))).unwrap_err();
    assert_eq!(codes(&problems), [("a", "wrong_type")]);
}

#[test]
fn render_fills_nested_arrays_and_objects() {
    let template = compiled(
        T::AtMention,
        json!({
            "text": "{{ greeting }}, team",
            "mentions": ["{{lead}}", "fixed", "{{ lead }}"],
            "meta": {"tags": [["{{greeting}}"], 7]},
        }),
        vec![
            required("greeting", VariableType::String),
            required("lead", VariableType::String),
        ],
    );
    let rendered = template
        .render(&values(json!({"greeting": "早上好", "lead": "zhangsan"})))
        .unwrap();
    assert_eq!(
        rendered,
        json!({
            "text": "早上好, team",
            "mentions": ["zhangsan", "fixed", "zhangsan"],
            "meta": {"tags": [["早上好"], 7]},
        })
    );
}

#[test]
fn content_that_is_invalid_once_filled_is_invalid_content() {
    let template = compiled(
        T::Text,
        json!({"text": "{{a}}{{b}}"}),
        vec![
            required("a", VariableType::String),
            var("b", VariableType::String),
        ],
    );
    // Each value fits a string variable, but together they exceed the text limit.
    let long = "a".repeat(1500);
    let problems = template
        .render(&values(json!({"a": long, "b": long})))
        .unwrap_err();
    assert_eq!(codes(&problems), [("content", "invalid_content")]);
    assert!(
        problems[0].message.contains("2048"),
        "{}",
        problems[0].message
    );
    // Only whitespace once filled.
    let problems = template.render(&values(json!({"a": "  "}))).unwrap_err();
    assert_eq!(codes(&problems), [("content", "invalid_content")]);
    // An optional value rendering empty can leave a required field empty.
    let mention = compiled(
        T::AtMention,
        json!({"text": "hi", "mentions": ["{{who}}"]}),
        vec![var("who", VariableType::String)],
    );
    let problems = mention.render(&Map::new()).unwrap_err();
    assert_eq!(codes(&problems), [("content", "invalid_content")]);
    assert!(problems[0].message.contains("mentions[0]"));
}

#[test]
fn variable_problems_serialize_for_the_api() {
    let problem = VariableProblem {
        name: "a".to_owned(),
        code: "missing",
        message: "`a` is required".to_owned(),
    };
    assert_eq!(
        serde_json::to_value(&problem).unwrap(),
        json!({"name": "a", "code": "missing", "message": "`a` is required"})
    );
    let error = TemplateError {
        problems: vec![TemplateProblem {
            path: "content".to_owned(),
            message: "m".to_owned(),
        }],
    };
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"problems": [{"path": "content", "message": "m"}]})
    );
}

proptest! {
    /// A substituted value is never scanned again: text that looks like a placeholder in a
    /// value is sent as written, and the result is the plain concatenation.
    #[test]
    fn values_are_not_expanded_again(
        prefix in "[a-z {}]{0,8}",
        value in "[a-z {}x]{0,40}",
        other in "[a-z]{1,10}",
    ) {
        let literal = prefix.replace("{{", "(");
        let template = compiled(
            T::Text,
            json!({ "text": format!("{literal}[{{{{v}}}}|{{{{x}}}}]") }),
            vec![required("v", VariableType::String), required("x", VariableType::String)],
        );
        let value = format!("{{{{x}}}}{value}{{{{ v }}}}");
        let rendered = template.render(&values(json!({"v": value, "x": other}))).unwrap();
        prop_assert_eq!(
            rendered,
            json!({ "text": format!("{literal}[{value}|{other}]") })
        );
    }

    /// Any string value fits a string variable: rendering it never reports a variable problem
    /// and never panics.
    #[test]
    fn any_string_value_renders(value in "\\PC{0,100}") {
        let template = compiled(
            T::Markdown,
            json!({"markdown": "> {{v}}"}),
            vec![required("v", VariableType::String)],
        );
        let rendered = template.render(&values(json!({ "v": value }))).unwrap();
        prop_assert_eq!(rendered, json!({ "markdown": format!("> {value}") }));
    }
}
