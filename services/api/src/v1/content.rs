//! The shapes of message content, one per `message_type`, as the document shows them. The
//! content itself travels as JSON and is checked by `fleet_core::message::check_content`,
//! which holds the exact rules (limits in bytes, as WeCom counts them); these types only
//! describe it for clients.

use poem_openapi::{types::Type, Object};

use crate::types::{Kind, Kinds};

/// `text`: plain text.
#[derive(Debug, Object)]
pub struct TextContent {
    /// 1–2048 bytes, not only whitespace.
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub text: String,
}

/// `markdown`: WeCom markdown.
#[derive(Debug, Object)]
pub struct MarkdownContent {
    /// 1–4096 bytes.
    #[oai(validator(min_length = 1, max_length = 4096))]
    pub markdown: String,
}

/// `image`: exactly one of `media_id` (uploaded to WeCom) and `url` (fetched from there).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ImageContent {
    /// 1–256 bytes.
    #[oai(validator(min_length = 1, max_length = 256))]
    pub media_id: Option<String>,
    /// `http://` or `https://`, at most 2048 bytes.
    #[oai(validator(min_length = 8, max_length = 2048))]
    pub url: Option<String>,
}

/// `file`: as `image`, with an optional file name.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct FileContent {
    #[oai(validator(min_length = 1, max_length = 256))]
    pub media_id: Option<String>,
    #[oai(validator(min_length = 8, max_length = 2048))]
    pub url: Option<String>,
    /// At most 255 bytes.
    #[oai(validator(max_length = 255))]
    pub filename: Option<String>,
}

/// `at_mention`: text that notifies members.
#[derive(Debug, Object)]
pub struct AtMentionContent {
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub text: String,
    /// 1–100 member ids of 1–64 bytes; `@all` notifies everyone.
    #[oai(validator(min_items = 1, max_items = 100))]
    pub mentions: Vec<String>,
}

/// `mini_program`: a mini program card.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MiniProgramContent {
    #[oai(validator(min_length = 1))]
    pub appid: String,
    /// 1–64 characters.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub title: String,
    #[oai(validator(min_length = 1))]
    pub pagepath: String,
    pub thumb_media_id: Option<String>,
}

/// `message_type` decides the shape of `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentKinds;

impl Kinds for ContentKinds {
    const TAG: &'static str = "message_type";
    const PAYLOAD: &'static str = "content";
    const ANY_PAYLOAD: &'static str = "MessageContent";
    const KINDS: &'static [Kind] = &[
        Kind {
            tag: "text",
            prefix: "Text",
            payload: Some(TextContent::schema_ref),
            required: true,
            register: TextContent::register,
        },
        Kind {
            tag: "image",
            prefix: "Image",
            payload: Some(ImageContent::schema_ref),
            required: true,
            register: ImageContent::register,
        },
        Kind {
            tag: "file",
            prefix: "File",
            payload: Some(FileContent::schema_ref),
            required: true,
            register: FileContent::register,
        },
        Kind {
            tag: "at_mention",
            prefix: "AtMention",
            payload: Some(AtMentionContent::schema_ref),
            required: true,
            register: AtMentionContent::register,
        },
        Kind {
            tag: "mini_program",
            prefix: "MiniProgram",
            payload: Some(MiniProgramContent::schema_ref),
            required: true,
            register: MiniProgramContent::register,
        },
        Kind {
            tag: "markdown",
            prefix: "Markdown",
            payload: Some(MarkdownContent::schema_ref),
            required: true,
            register: MarkdownContent::register,
        },
    ];
}

#[cfg(test)]
mod tests {
    use fleet_core::message::MessageType;

    use super::*;

    /// One schema per message type the domain knows, and no other.
    #[test]
    fn every_message_type_has_its_content_schema() {
        let tags: Vec<&str> = ContentKinds::KINDS.iter().map(|k| k.tag).collect();
        let types: Vec<&str> = MessageType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, types);
    }
}
