//! The kinds of message WeCom can carry.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The kind of a message; decides the shape of its content (see [`super::check_content`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum MessageType {
    Text,
    Image,
    File,
    /// Text that notifies the listed members (or everyone, with `@all`).
    AtMention,
    MiniProgram,
    Markdown,
}

impl MessageType {
    pub const ALL: [MessageType; 6] = [
        MessageType::Text,
        MessageType::Image,
        MessageType::File,
        MessageType::AtMention,
        MessageType::MiniProgram,
        MessageType::Markdown,
    ];

    /// The name as stored and shown; also the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::Text => "text",
            MessageType::Image => "image",
            MessageType::File => "file",
            MessageType::AtMention => "at_mention",
            MessageType::MiniProgram => "mini_program",
            MessageType::Markdown => "markdown",
        }
    }
}

impl FromStr for MessageType {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MessageType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| {
                let allowed: Vec<&str> = MessageType::ALL.iter().map(|k| k.as_str()).collect();
                ValidationError::new(
                    "message_type",
                    format!(
                        "unknown message type `{s}`: must be one of {}",
                        allowed.join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_display_and_serde() {
        let names: Vec<&str> = MessageType::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "text",
                "image",
                "file",
                "at_mention",
                "mini_program",
                "markdown"
            ]
        );
        for kind in MessageType::ALL {
            assert_eq!(kind.as_str().parse::<MessageType>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_allowed_list() {
        for bad in ["", "Text", "TEXT", "video", "at-mention", " text"] {
            let err = bad.parse::<MessageType>().unwrap_err();
            assert_eq!(err.field, "message_type");
            for kind in MessageType::ALL {
                assert!(err.message.contains(kind.as_str()), "{}", err.message);
            }
        }
    }
}
