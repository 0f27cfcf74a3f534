//! Callbacks from WeCom itself, for `wecom_api` accounts: the crypto, the XML, and what each
//! decrypted event is in the registry (its kind and its deduplication key).

pub mod crypto;
pub mod xml;

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

pub use crypto::{Decrypted, WecomCrypto, WecomCryptoError};

/// The registry kinds WeCom events map to (the same suffixes as provider events, so one
/// handler serves both sources).
pub fn registry_kind(event: &Map<String, Value>) -> String {
    let field = |name: &str| event.get(name).and_then(Value::as_str).unwrap_or("");
    let kind = match (field("MsgType"), field("Event"), field("ChangeType")) {
        (msg_type, _, _) if msg_type != "event" => "inbound_message".to_owned(),
        (_, "change_external_contact", "add_external_contact" | "add_half_external_contact") => {
            "contact_added".to_owned()
        }
        (_, "change_external_contact", "del_external_contact" | "del_follow_user") => {
            "contact_removed".to_owned()
        }
        (_, "change_external_chat", "update") => match field("UpdateDetail") {
            "add_member" => "group_member_joined".to_owned(),
            "del_member" => "group_member_left".to_owned(),
            other => format!("change_external_chat.{other}"),
        },
        (_, event, "") => event.to_ascii_lowercase(),
        (_, event, change) => format!("{}.{}", event.to_ascii_lowercase(), change),
    };
    format!("wecom.{kind}")
}

/// Equal for two deliveries of one event: WeCom retries a callback it got no answer to with
/// the same content (re-encrypted with new random bytes), so the decrypted text identifies
/// it; messages carry their own `MsgId`.
pub fn dedup_key(account_id: &str, event: &Map<String, Value>, decrypted: &str) -> String {
    match event.get("MsgId").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => format!("{account_id}:msg:{id}"),
        _ => format!("{account_id}:sha1:{}", hex::encode(Sha1::digest(decrypted))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn kind(event: Value) -> String {
        registry_kind(event.as_object().unwrap())
    }

    #[test]
    fn events_map_to_the_shared_kinds() {
        assert_eq!(kind(json!({"MsgType": "text"})), "wecom.inbound_message");
        let contact = |change: &str| {
            kind(
                json!({"MsgType": "event", "Event": "change_external_contact", "ChangeType": change}),
            )
        };
        assert_eq!(contact("add_external_contact"), "wecom.contact_added");
        assert_eq!(contact("del_follow_user"), "wecom.contact_removed");
        assert_eq!(
            contact("edit_external_contact"),
            "wecom.change_external_contact.edit_external_contact"
        );
        let chat = |detail: &str| {
            kind(
                json!({"MsgType": "event", "Event": "change_external_chat", "ChangeType": "update", "UpdateDetail": detail}),
            )
        };
        assert_eq!(chat("add_member"), "wecom.group_member_joined");
        assert_eq!(chat("del_member"), "wecom.group_member_left");
        assert_eq!(
            kind(json!({"MsgType": "event", "Event": "enter_agent"})),
            "wecom.enter_agent"
        );
    }

    #[test]
    fn messages_dedup_by_msg_id_and_events_by_content() {
        let message = json!({"MsgId": "42"});
        assert_eq!(
            dedup_key("a1", message.as_object().unwrap(), "x"),
            "a1:msg:42"
        );
        let event = json!({"Event": "enter_agent"});
        let first = dedup_key("a1", event.as_object().unwrap(), "<xml>1</xml>");
        assert_eq!(
            first,
            dedup_key("a1", event.as_object().unwrap(), "<xml>1</xml>")
        );
        assert_ne!(
            first,
            dedup_key("a1", event.as_object().unwrap(), "<xml>2</xml>")
        );
    }
}
