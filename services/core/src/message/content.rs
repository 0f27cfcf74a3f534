//! The shape each kind of message's content must have. The bounds are WeCom's (text 2048 bytes,
//! markdown 4096 bytes, mini program titles 64 characters) so a message that passes here is not
//! refused later by the provider for its shape. Keys that are not named here are allowed and
//! passed through: connectors may understand more than this checks.

use std::io;

use serde_json::{Map, Value};

use super::MessageType;
use crate::ValidationError;

/// The most bytes the whole content may take as compact JSON.
pub const MAX_CONTENT_BYTES: usize = 16 * 1024;
const MAX_TEXT_BYTES: usize = 2048;
const MAX_MARKDOWN_BYTES: usize = 4096;
const MAX_MEDIA_ID_BYTES: usize = 256;
const MAX_URL_BYTES: usize = 2048;
const MAX_FILENAME_BYTES: usize = 255;
const MAX_MENTIONS: usize = 100;
const MAX_MENTION_BYTES: usize = 64;
const MAX_TITLE_CHARS: usize = 64;

/// Checks that `content` (must be a JSON object) has the shape the type needs. Errors use field
/// "content" and name the offending key in the message.
///
/// - text: `text`, 1–2048 bytes, not only whitespace
/// - markdown: `markdown`, 1–4096 bytes
/// - image: exactly one of `media_id` (1–256 bytes) or `url` (`http://` or `https://`, at most
///   2048 bytes)
/// - file: as image, plus an optional `filename` string of at most 255 bytes
/// - at_mention: `text` (1–2048 bytes) and `mentions`, 1–100 user ids of 1–64 bytes (`@all`
///   mentions everyone)
/// - mini_program: `appid`, `title` (1–64 characters), `pagepath`, optional `thumb_media_id`
///
/// and the whole content at most 16 KiB as JSON.
pub fn check_content(kind: MessageType, content: &Value) -> Result<(), ValidationError> {
    let Value::Object(map) = content else {
        return Err(invalid("must be a JSON object"));
    };
    let size = serialized_len(content)?;
    if size > MAX_CONTENT_BYTES {
        return Err(invalid(format!(
            "must take at most {MAX_CONTENT_BYTES} bytes as JSON (it takes {size})"
        )));
    }
    match kind {
        MessageType::Text => {
            let text = required_str(map, "text")?;
            bytes_between("text", text, 1, MAX_TEXT_BYTES)?;
            if text.trim().is_empty() {
                return Err(invalid("`text` must not be only whitespace"));
            }
            Ok(())
        }
        MessageType::Markdown => bytes_between(
            "markdown",
            required_str(map, "markdown")?,
            1,
            MAX_MARKDOWN_BYTES,
        ),
        MessageType::Image => check_media(map),
        MessageType::File => {
            check_media(map)?;
            if let Some(filename) = optional_str(map, "filename")? {
                bytes_between("filename", filename, 0, MAX_FILENAME_BYTES)?;
            }
            Ok(())
        }
        MessageType::AtMention => {
            bytes_between("text", required_str(map, "text")?, 1, MAX_TEXT_BYTES)?;
            check_mentions(map)
        }
        MessageType::MiniProgram => {
            bytes_between("appid", required_str(map, "appid")?, 1, usize::MAX)?;
            let title = required_str(map, "title")?;
            let chars = title.chars().count();
            if !(1..=MAX_TITLE_CHARS).contains(&chars) {
                return Err(invalid(format!(
                    "`title` must be 1 to {MAX_TITLE_CHARS} characters (it has {chars})"
                )));
            }
            bytes_between("pagepath", required_str(map, "pagepath")?, 1, usize::MAX)?;
            optional_str(map, "thumb_media_id")?;
            Ok(())
        }
    }
}

/// Image and file content: a media id already uploaded to WeCom, or a URL to fetch it from.
fn check_media(map: &Map<String, Value>) -> Result<(), ValidationError> {
    match (map.contains_key("media_id"), map.contains_key("url")) {
        (true, true) => Err(invalid(
            "give exactly one of `media_id` and `url`, not both",
        )),
        (false, false) => Err(invalid("one of `media_id` and `url` is required")),
        (true, false) => bytes_between(
            "media_id",
            required_str(map, "media_id")?,
            1,
            MAX_MEDIA_ID_BYTES,
        ),
        (false, true) => {
            let url = required_str(map, "url")?;
            bytes_between("url", url, 1, MAX_URL_BYTES)?;
            let rest = strip_prefix_ignore_case(url, "https://")
                .or_else(|| strip_prefix_ignore_case(url, "http://"));
            match rest {
                Some(rest)
                    if !rest.is_empty()
                        && !rest.chars().any(|c| c.is_whitespace() || c.is_control()) =>
                {
                    Ok(())
                }
                _ => Err(invalid(
                    "`url` must be an http:// or https:// address without spaces",
                )),
            }
        }
    }
}

fn check_mentions(map: &Map<String, Value>) -> Result<(), ValidationError> {
    let Some(Value::Array(mentions)) = map.get("mentions") else {
        return Err(invalid(if map.contains_key("mentions") {
            "`mentions` must be an array of user ids"
        } else {
            "`mentions` is required"
        }));
    };
    if mentions.is_empty() || mentions.len() > MAX_MENTIONS {
        return Err(invalid(format!(
            "`mentions` must list 1 to {MAX_MENTIONS} user ids (it lists {})",
            mentions.len()
        )));
    }
    for (i, mention) in mentions.iter().enumerate() {
        let ok = mention
            .as_str()
            .is_some_and(|id| (1..=MAX_MENTION_BYTES).contains(&id.len()));
        if !ok {
            return Err(invalid(format!(
                "`mentions[{i}]` must be a user id (or `@all`) of 1 to {MAX_MENTION_BYTES} bytes"
            )));
        }
    }
    Ok(())
}

fn invalid(message: impl Into<String>) -> ValidationError {
    ValidationError::new("content", message)
}

fn required_str<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, ValidationError> {
    optional_str(map, key)?.ok_or_else(|| invalid(format!("`{key}` is required")))
}

/// `None` when the key is absent; a present key must hold a string.
fn optional_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, ValidationError> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(format!("`{key}` must be a string"))),
    }
}

fn bytes_between(key: &str, value: &str, min: usize, max: usize) -> Result<(), ValidationError> {
    let len = value.len();
    if len < min {
        return Err(invalid(format!("`{key}` must not be empty")));
    }
    if len > max {
        return Err(invalid(format!(
            "`{key}` must be at most {max} bytes (it is {len})"
        )));
    }
    Ok(())
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        value.get(prefix.len()..)
    } else {
        None
    }
}

/// The length of the compact JSON text, counted without building it.
fn serialized_len(content: &Value) -> Result<usize, ValidationError> {
    struct Counter(usize);
    impl io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, content)
        .map_err(|e| invalid(format!("cannot be written as JSON: {e}")))?;
    Ok(counter.0)
}

#[cfg(test)]
mod tests;
