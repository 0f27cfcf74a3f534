//! WeCom's XML, read into JSON: the envelope of a callback (`<xml><Encrypt>…`) and the
//! decrypted event, whose root's children become an object (text → string, nested elements →
//! object, a repeated element → array). Attributes and comments carry nothing WeCom uses.

use quick_xml::{escape::resolve_xml_entity, events::Event, Reader};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML: {0}")]
pub struct XmlError(pub String);

/// Bodies WeCom sends are a few KiB; nesting beyond this is not WeCom's.
const MAX_DEPTH: usize = 8;

/// The children of the root element, as a JSON object.
pub fn to_json(xml: &str) -> Result<Map<String, Value>, XmlError> {
    // Text is not trimmed by the reader: an entity reference (`&amp;`) splits it into pieces
    // whose inner spaces count. A leaf's text is trimmed as a whole; CDATA stays as written.
    let mut reader = Reader::from_str(xml);
    // The stack of open elements: (name, children so far, text so far).
    let mut stack: Vec<(String, Map<String, Value>, Text)> = Vec::new();
    let mut root: Option<Map<String, Value>> = None;
    loop {
        match reader.read_event().map_err(|e| XmlError(e.to_string()))? {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH || root.is_some() {
                    return Err(XmlError("unexpected element".into()));
                }
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                stack.push((name, Map::new(), Text::default()));
            }
            Event::Empty(empty) => {
                let name = String::from_utf8_lossy(empty.name().as_ref()).into_owned();
                match stack.last_mut() {
                    Some((_, children, _)) => insert(children, name, Value::String(String::new())),
                    None if root.is_some() => return Err(XmlError("two root elements".into())),
                    None => root = Some(Map::new()),
                }
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|e| XmlError(e.to_string()))?;
                if let Some((_, _, buf)) = stack.last_mut() {
                    buf.plain(&text);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .map_err(|e| XmlError(e.to_string()))?
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| XmlError(e.to_string()))?;
                        resolve_xml_entity(&name)
                            .ok_or_else(|| XmlError(format!("unknown entity `&{name};`")))?
                            .to_owned()
                    }
                };
                if let Some((_, _, buf)) = stack.last_mut() {
                    buf.literal(&resolved);
                }
            }
            Event::CData(data) => {
                if let Some((_, _, buf)) = stack.last_mut() {
                    buf.literal(&String::from_utf8_lossy(&data));
                }
            }
            Event::End(_) => {
                let (name, children, text) = stack
                    .pop()
                    .ok_or_else(|| XmlError("unbalanced end tag".into()))?;
                let value = if children.is_empty() {
                    Value::String(text.finish())
                } else {
                    Value::Object(children)
                };
                match stack.last_mut() {
                    Some((_, parent, _)) => insert(parent, name, value),
                    None => {
                        root = Some(match value {
                            Value::Object(map) => map,
                            _ => Map::new(),
                        })
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError("unclosed element".into()));
    }
    root.ok_or_else(|| XmlError("no root element".into()))
}

/// An element's text as it is read: plain text (whose surrounding white space is layout), and
/// literal pieces (CDATA, resolved references) that are kept whole.
#[derive(Default)]
struct Text {
    buf: String,
    /// Where the literal part ends: trailing white space after it is layout.
    literal_end: usize,
}

impl Text {
    fn plain(&mut self, text: &str) {
        if self.buf.is_empty() {
            self.buf.push_str(text.trim_start());
        } else {
            self.buf.push_str(text);
        }
    }

    fn literal(&mut self, text: &str) {
        self.buf.push_str(text);
        self.literal_end = self.buf.len();
    }

    fn finish(mut self) -> String {
        let kept = self.buf[self.literal_end..].trim_end().len();
        self.buf.truncate(self.literal_end + kept);
        self.buf
    }
}

fn insert(map: &mut Map<String, Value>, name: String, value: Value) {
    match map.get_mut(&name) {
        None => {
            map.insert(name, value);
        }
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn reads_cdata_text_nesting_and_repeats() {
        let xml = "<?xml version=\"1.0\"?><xml><ToUserName><![CDATA[ww1]]></ToUserName>\
            <CreateTime>1700000000</CreateTime><Info><A>1</A><A>2</A></Info><Empty/></xml>";
        assert_eq!(
            Value::Object(to_json(xml).unwrap()),
            json!({"ToUserName": "ww1", "CreateTime": "1700000000", "Info": {"A": ["1", "2"]}, "Empty": ""})
        );
    }

    #[test]
    fn entities_keep_their_spaces_and_cdata_is_kept_whole() {
        let xml = "<xml><A>\n  Tom &amp; Jerry &#x4E2D; </A><B><![CDATA[ spaced ]]></B>\
            <C>&lt;b&gt;</C></xml>";
        assert_eq!(
            Value::Object(to_json(xml).unwrap()),
            json!({"A": "Tom & Jerry \u{4E2D}", "B": " spaced ", "C": "<b>"})
        );
        assert!(to_json("<xml><A>&bogus;</A></xml>").is_err());
    }

    #[test]
    fn refuses_what_is_not_one_balanced_document() {
        assert!(to_json("<xml><a>1</xml>").is_err());
        assert!(to_json("<xml><a>1</a>").is_err());
        assert!(to_json("plain text").is_err());
        assert!(to_json("<xml/><xml/>").is_err());
        let deep = format!("{}{}", "<a>".repeat(20), "</a>".repeat(20));
        assert!(to_json(&deep).is_err());
    }
}
