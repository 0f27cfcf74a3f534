//! The WeCom group robot channel: a markdown message to the robot's webhook URL. WeCom
//! answers HTTP 200 with `{"errcode": 0, "errmsg": "ok"}` on success and another errcode
//! when it refuses.

use serde::Deserialize;
use serde_json::json;

use super::{http::exchange, ChannelError, Delivered};

/// WeCom's limit on a markdown message's content, in UTF-8 bytes.
pub const CONTENT_LIMIT: usize = 4096;

const TRUNCATED: &str = "\n> …(truncated)";

/// Errcodes that mean "busy, later": -1 system busy, 45009 the robot's frequency limit
/// (20 messages a minute), 45033 too many concurrent calls. Any other refusal (a bad key,
/// 93000 an invalid webhook URL, a malformed message) will be refused again.
const BUSY: [i64; 3] = [-1, 45009, 45033];

#[derive(Deserialize)]
struct WecomAnswer {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

pub(super) async fn send(
    http: &reqwest::Client,
    url: &str,
    markdown: &str,
) -> Result<Delivered, ChannelError> {
    let body = json!({
        "msgtype": "markdown",
        "markdown": { "content": truncate(markdown, CONTENT_LIMIT) },
    });
    let answer = exchange(http.post(url).json(&body)).await?;
    let answer: WecomAnswer = serde_json::from_slice(&answer.body).map_err(|e| {
        ChannelError::permanent(format!("the WeCom robot's answer is not its JSON: {e}"))
    })?;
    let detail = format!("errcode {}: {}", answer.errcode, answer.errmsg);
    match answer.errcode {
        0 => Ok(Delivered { detail }),
        code if BUSY.contains(&code) => Err(ChannelError::retryable(detail)),
        _ => Err(ChannelError::permanent(detail)),
    }
}

/// `content` cut to at most `limit` bytes with a note saying so. It is cut at the last line
/// break that fits, so no line (nor its `<font>` tag) is left half-open; a single line
/// longer than that is cut at a character boundary.
fn truncate(content: &str, limit: usize) -> String {
    if content.len() <= limit {
        return content.to_owned();
    }
    let mut end = limit.saturating_sub(TRUNCATED.len());
    while !content.is_char_boundary(end) {
        end -= 1;
    }
    let end = content[..end].rfind('\n').unwrap_or(end);
    format!("{}{TRUNCATED}", &content[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_content_is_left_alone() {
        assert_eq!(truncate("**ok**", 10), "**ok**");
    }

    #[test]
    fn long_content_is_cut_at_a_line_break_and_marked() {
        let content = "line one\nline two\nline three, and a good deal more\n";
        let cut = truncate(content, 14 + TRUNCATED.len());
        assert_eq!(cut, format!("line one{TRUNCATED}"));
    }

    #[test]
    fn a_long_line_of_wide_characters_is_cut_at_a_character_boundary() {
        let content = "告警".repeat(2_000);
        for limit in [100, 101, 102, CONTENT_LIMIT] {
            let cut = truncate(&content, limit);
            assert!(cut.len() <= limit, "{limit}: {}", cut.len());
            assert!(cut.starts_with("告警告"));
            assert!(cut.ends_with(TRUNCATED));
        }
    }
}
