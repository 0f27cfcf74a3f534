//! The notation of `promtool test rules` input series: a series as
//! `metric{label="value",...}` and its values as `1 2 _ 3`, `0+10x5` (six values: 0, 10, ...,
//! 50), `100-5x3`, `7x2` (7 three times), `_` (a missing sample) and `_x4` (four missing).

use std::collections::BTreeMap;

/// How many values one series may expand to: a typo such as `0+1x99999999` must not eat
/// the machine's memory.
const MAX_VALUES: usize = 1_000_000;

/// A metric name and its labels, from `metric{label="value",...}`.
pub fn parse_series(text: &str) -> Result<(String, BTreeMap<String, String>), String> {
    let text = text.trim();
    let (metric, labels) = match text.find('{') {
        Some(open) => (&text[..open], Some(&text[open + 1..])),
        None => (text, None),
    };
    let metric = metric.trim();
    if !is_name(metric) {
        return Err(format!("`{text}`: `{metric}` is not a metric name"));
    }
    let labels = match labels {
        None => BTreeMap::new(),
        Some(inner) => {
            let inner = inner
                .trim_end()
                .strip_suffix('}')
                .ok_or_else(|| format!("`{text}`: the labels must end with `}}`"))?;
            parse_labels(inner).map_err(|e| format!("`{text}`: {e}"))?
        }
    };
    Ok((metric.to_owned(), labels))
}

/// `a="x", b="y\"z"` (a trailing comma is allowed, as in PromQL).
fn parse_labels(mut rest: &str) -> Result<BTreeMap<String, String>, String> {
    let mut labels = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(labels);
        }
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("expected `name=\"value\"` at `{rest}`"))?;
        let name = rest[..eq].trim();
        if !is_name(name) {
            return Err(format!("`{name}` is not a label name"));
        }
        let (value, tail) = quoted(rest[eq + 1..].trim_start())?;
        if labels.insert(name.to_owned(), value).is_some() {
            return Err(format!("label `{name}` appears twice"));
        }
        rest = tail.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else if !rest.is_empty() {
            return Err(format!("expected `,` or `}}` at `{rest}`"));
        }
    }
}

/// A double-quoted string with `\"` and `\\` escapes, and the text after it.
fn quoted(text: &str) -> Result<(String, &str), String> {
    let body = text
        .strip_prefix('"')
        .ok_or_else(|| format!("label values are double-quoted, at `{text}`"))?;
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &body[i + 1..])),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            c => value.push(c),
        }
    }
    Err(format!("unterminated label value at `{text}`"))
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_:.-".contains(c))
}

/// The values of a series, one per interval step; `None` is a missing sample.
pub fn expand_values(text: &str) -> Result<Vec<Option<f64>>, String> {
    let mut values = Vec::new();
    for token in text.split_whitespace() {
        expand_token(token, &mut values).map_err(|e| {
            let quoted = format!("`{token}`");
            if e.starts_with(&quoted) {
                e
            } else {
                format!("{quoted}: {e}")
            }
        })?;
        if values.len() > MAX_VALUES {
            return Err(format!("more than {MAX_VALUES} values"));
        }
    }
    Ok(values)
}

fn expand_token(token: &str, values: &mut Vec<Option<f64>>) -> Result<(), String> {
    if token == "_" {
        values.push(None);
        return Ok(());
    }
    let Some((start, times)) = token.rsplit_once('x') else {
        values.push(Some(number(token)?));
        return Ok(());
    };
    let times: usize = times
        .parse()
        .map_err(|_| format!("`{times}` after `x` is not a count"))?;
    if times > MAX_VALUES {
        return Err(format!("more than {MAX_VALUES} values"));
    }
    if start == "_" {
        values.extend(std::iter::repeat_n(None, times));
        return Ok(());
    }
    let (first, step) = split_step(start)?;
    // `a+bxn` is n+1 values; computed from `a` each time so that errors do not add up.
    values.extend((0..=times).map(|k| Some(first + step * k as f64)));
    Ok(())
}

/// `a+b` or `a-b` into `(a, ±b)`; a plain `a` steps by zero. The sign of a negative `a` and
/// of an exponent (`1e-3`) is part of the number, not the step.
fn split_step(text: &str) -> Result<(f64, f64), String> {
    let bytes = text.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&i| matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E'));
    match split {
        None => Ok((number(text)?, 0.0)),
        Some(i) => {
            let step = number(&text[i + 1..])?;
            let step = if bytes[i] == b'-' { -step } else { step };
            Ok((number(&text[..i])?, step))
        }
    }
}

fn number(text: &str) -> Result<f64, String> {
    let lower = text.to_ascii_lowercase();
    let plain = lower.trim_start_matches(['+', '-']);
    // Rust also reads `infinity` and `nan`; PromQL spells them `Inf` and `NaN`, and digits
    // must lead otherwise (so `x` or `e` alone are mistakes, not numbers).
    let spelled_out = matches!(plain, "inf" | "nan");
    if !spelled_out && !plain.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Err(format!("`{text}` is not a number"));
    }
    text.parse::<f64>()
        .map_err(|_| format!("`{text}` is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Option<f64>> {
        expand_values(text).unwrap()
    }

    #[test]
    fn expands_the_promtool_notation() {
        assert_eq!(
            values("0+60x3"),
            [Some(0.0), Some(60.0), Some(120.0), Some(180.0)]
        );
        assert_eq!(values("10-2.5x2"), [Some(10.0), Some(7.5), Some(5.0)]);
        assert_eq!(values("-1+1x1"), [Some(-1.0), Some(0.0)]);
        assert_eq!(
            values("7x2 _ 1e3"),
            [Some(7.0), Some(7.0), Some(7.0), None, Some(1000.0)]
        );
        assert_eq!(values("_x3 2"), [None, None, None, Some(2.0)]);
        assert_eq!(values("1e-3+1e+3x1"), [Some(0.001), Some(1000.001)]);
        assert_eq!(values("  "), []);
        let odd = values("Inf -Inf NaN");
        assert_eq!(odd[..2], [Some(f64::INFINITY), Some(f64::NEG_INFINITY)]);
        assert!(odd[2].is_some_and(f64::is_nan));
    }

    #[test]
    fn refuses_malformed_values_naming_the_token() {
        for (bad, quoted) in [
            ("1 two 3", "`two`"),
            ("0+1x", "`0+1x`"),
            ("0+1x-2", "`0+1x-2`"),
            ("0+x3", "`0+x3`"),
            ("x3", "`x3`"),
            ("1++1x2", "`1++1x2`"),
            ("_+1x2", "`_+1x2`"),
            ("infinity", "`infinity`"),
            ("0+1x99999999", "more than"),
        ] {
            let error = expand_values(bad).unwrap_err();
            assert!(error.contains(quoted), "{bad}: {error}");
        }
        assert!(
            expand_values("1x600000 1x600000").is_err(),
            "the cap is on the total"
        );
    }

    #[test]
    fn parses_series_with_quoted_labels() {
        let (metric, labels) =
            parse_series(r#"api_response_ms{route="/api/v1/messages", note="say \"hi\"",}"#)
                .unwrap();
        assert_eq!(metric, "api_response_ms");
        assert_eq!(labels["route"], "/api/v1/messages");
        assert_eq!(labels["note"], "say \"hi\"");
        assert_eq!(parse_series("queue_backlog").unwrap().1.len(), 0);
        assert_eq!(
            parse_series("up{}").unwrap(),
            ("up".to_owned(), BTreeMap::new())
        );
        for bad in [
            "",
            "{a=\"1\"}",
            "m{a=\"1\"",
            "m{a=1}",
            "m{a=\"1\" b=\"2\"}",
            "m{a=\"1\",a=\"2\"}",
            "m{=\"1\"}",
            "m{a=\"open}",
            "9lives",
        ] {
            assert!(parse_series(bad).is_err(), "{bad}");
        }
    }
}
