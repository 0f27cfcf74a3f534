//! An outgoing message as the official app-message API (`message/send`) wants it.
//!
//! The recipients are the conversation id: WeCom's `touser`, user ids joined by `|` (or
//! `@all`). The content shapes read, per message type:
//!
//! - `text`: `{"text": ".."}` → `{"msgtype": "text", "text": {"content": ..}}`.
//! - `markdown`: `{"markdown": ".."}` (or `{"text": ".."}`) → `markdown.content`.
//! - `image`, `file`: `{"media_id": ".."}` → `image.media_id` / `file.media_id`. WeCom only
//!   sends media uploaded to it beforehand; content with only a `url` is refused
//!   (`unsupported_content`), as uploading is not this connector's job.
//! - `at_mention`: `{"text": "..", "mentions": ["userid", ..]}` → a text message that starts
//!   with `<@userid>` per mention, then the text. App messages have no mention of their own
//!   (that is group robots' `mentioned_list`); `<@userid>` is how WeCom writes a mention in
//!   message text, and it at least names the people meant.
//! - `mini_program`: `{"appid": .., "title": .., "pagepath"?: .., "description"?: ..}` →
//!   `miniprogram_notice` (the app must be linked to that mini program).
//!
//! Missing or mistyped fields are refused as `invalid_content`, other types as
//! `unsupported_message_type`; both permanent.
//!
//! The official API takes no client message id, so a retried send cannot be recognised as
//! such. Every message asks WeCom's own duplicate check instead (`enable_duplicate_check`):
//! WeCom drops a message identical to one the app sent the same recipients within
//! [`DUPLICATE_CHECK_SECS`], which covers a send retried after a crash.

use serde_json::{json, Map, Value};

use crate::{ConnectorError, OutgoingMessage};

/// WeCom's default (and this connector's) duplicate-check window: 30 minutes.
pub(super) const DUPLICATE_CHECK_SECS: u64 = 1800;

/// The `message/send` body for `message`, sent as app `agent_id`.
pub(super) fn app_message(
    agent_id: i64,
    message: &OutgoingMessage<'_>,
) -> Result<Value, ConnectorError> {
    let content = message.content;
    let (msgtype, payload) = match message.message_type {
        "text" => ("text", json!({ "content": text(content, "text")? })),
        "markdown" => {
            let markdown = text(content, "markdown").or_else(|_| text(content, "text"))?;
            ("markdown", json!({ "content": markdown }))
        }
        kind @ ("image" | "file") => (kind, json!({ "media_id": media_id(content)? })),
        "at_mention" => ("text", json!({ "content": mention_text(content)? })),
        "mini_program" => ("miniprogram_notice", mini_program(content)?),
        other => {
            return Err(ConnectorError::permanent(
                "unsupported_message_type",
                format!("the official API cannot send `{other}` messages"),
            ))
        }
    };
    let mut body = Map::new();
    body.insert("touser".into(), json!(message.conversation_id));
    body.insert("agentid".into(), json!(agent_id));
    body.insert("msgtype".into(), json!(msgtype));
    body.insert(msgtype.into(), payload);
    body.insert("enable_duplicate_check".into(), json!(1));
    body.insert(
        "duplicate_check_interval".into(),
        json!(DUPLICATE_CHECK_SECS),
    );
    Ok(Value::Object(body))
}

fn invalid(message: impl Into<String>) -> ConnectorError {
    ConnectorError::permanent("invalid_content", message)
}

/// The string field `key`, which must not be empty.
fn text<'a>(content: &'a Value, key: &str) -> Result<&'a str, ConnectorError> {
    content
        .get(key)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .ok_or_else(|| invalid(format!("the content needs a non-empty string `{key}`")))
}

fn optional_text<'a>(content: &'a Value, key: &str) -> Result<Option<&'a str>, ConnectorError> {
    match content.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => text(content, key).map(Some),
    }
}

fn media_id(content: &Value) -> Result<&str, ConnectorError> {
    if content.get("media_id").is_none() && content.get("url").is_some() {
        return Err(ConnectorError::permanent(
            "unsupported_content",
            "the official API sends uploaded media only: the content needs a `media_id`, not a `url`",
        ));
    }
    text(content, "media_id")
}

fn mention_text(content: &Value) -> Result<String, ConnectorError> {
    let body = text(content, "text")?;
    let mentions = content
        .get("mentions")
        .and_then(Value::as_array)
        .filter(|mentions| !mentions.is_empty())
        .ok_or_else(|| invalid("the content needs a non-empty `mentions` list of user ids"))?;
    let tags = mentions
        .iter()
        .map(|mention| {
            mention
                .as_str()
                .filter(|id| !id.is_empty())
                .map(|id| format!("<@{id}>"))
                .ok_or_else(|| invalid("every mention must be a non-empty user id"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(format!("{} {body}", tags.join(" ")))
}

fn mini_program(content: &Value) -> Result<Value, ConnectorError> {
    let mut notice = Map::new();
    notice.insert("appid".into(), json!(text(content, "appid")?));
    notice.insert("title".into(), json!(text(content, "title")?));
    // Our content names the mini program's page `pagepath` (the shape every connector
    // shares); WeCom's notice calls it `page`.
    for (ours, theirs) in [("pagepath", "page"), ("description", "description")] {
        if let Some(value) = optional_text(content, ours)? {
            notice.insert(theirs.into(), json!(value));
        }
    }
    Ok(Value::Object(notice))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(message_type: &str, content: Value) -> Result<Value, ConnectorError> {
        app_message(
            1000002,
            &OutgoingMessage {
                client_message_id: "m1",
                conversation_id: "zhangsan|lisi",
                message_type,
                content: &content,
            },
        )
    }

    fn code(err: ConnectorError) -> String {
        match err {
            ConnectorError::Permanent { code, .. } => code,
            other => panic!("expected a permanent error, got {other:?}"),
        }
    }

    #[test]
    fn text_goes_to_the_conversations_users_with_the_duplicate_check() {
        assert_eq!(
            body("text", json!({"text": "hello"})).unwrap(),
            json!({
                "touser": "zhangsan|lisi",
                "agentid": 1000002,
                "msgtype": "text",
                "text": {"content": "hello"},
                "enable_duplicate_check": 1,
                "duplicate_check_interval": 1800,
            })
        );
    }

    #[test]
    fn each_type_fills_its_own_field() {
        let markdown = body("markdown", json!({"markdown": "**hi**"})).unwrap();
        assert_eq!(markdown["markdown"], json!({"content": "**hi**"}));
        let image = body("image", json!({"media_id": "MEDIA"})).unwrap();
        assert_eq!(
            (&image["msgtype"], &image["image"]),
            (&json!("image"), &json!({"media_id": "MEDIA"}))
        );
        let file = body("file", json!({"media_id": "F"})).unwrap();
        assert_eq!(file["file"]["media_id"], "F");
        let mention = body(
            "at_mention",
            json!({"text": "see this", "mentions": ["u1", "u2"]}),
        );
        let mention = mention.unwrap();
        assert_eq!(mention["msgtype"], "text");
        assert_eq!(mention["text"]["content"], "<@u1> <@u2> see this");
        let mini = body(
            "mini_program",
            json!({"appid": "wx1", "title": "Offer", "pagepath": "pages/index"}),
        )
        .unwrap();
        assert_eq!(mini["msgtype"], "miniprogram_notice");
        assert_eq!(
            mini["miniprogram_notice"],
            json!({"appid": "wx1", "title": "Offer", "page": "pages/index"})
        );
    }

    #[test]
    fn unusable_content_is_refused_permanently() {
        let url_only = body("image", json!({"url": "https://example.com/a.png"}));
        assert_eq!(code(url_only.unwrap_err()), "unsupported_content");
        for (kind, content) in [
            ("text", json!({})),
            ("text", json!({"text": ""})),
            ("file", json!({"media_id": 7})),
            ("at_mention", json!({"text": "hi", "mentions": []})),
            ("at_mention", json!({"text": "hi", "mentions": [1]})),
            ("mini_program", json!({"title": "no appid"})),
            (
                "mini_program",
                json!({"appid": "wx1", "title": "t", "pagepath": 3}),
            ),
        ] {
            assert_eq!(
                code(body(kind, content.clone()).unwrap_err()),
                "invalid_content",
                "{kind} {content}"
            );
        }
        assert_eq!(
            code(body("video", json!({})).unwrap_err()),
            "unsupported_message_type"
        );
    }
}
