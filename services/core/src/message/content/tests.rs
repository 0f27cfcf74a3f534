use serde_json::{json, Value};

use super::*;
use MessageType as T;

fn ok(kind: MessageType, content: Value) {
    if let Err(e) = check_content(kind, &content) {
        panic!("{kind} {content} refused: {e}");
    }
}

/// Refused, with field `content` and a message containing `hint`.
fn refused(kind: MessageType, content: Value, hint: &str) {
    match check_content(kind, &content) {
        Ok(()) => panic!("{kind} {content} accepted"),
        Err(e) => {
            assert_eq!(e.field, "content");
            assert!(
                e.message.contains(hint),
                "{kind}: `{}` does not mention `{hint}`",
                e.message
            );
        }
    }
}

#[test]
fn content_must_be_an_object_for_every_type() {
    for kind in MessageType::ALL {
        for content in [json!("hi"), json!(["text"]), json!(null), json!(1)] {
            refused(kind, content, "JSON object");
        }
    }
}

#[test]
fn text_bounds_in_bytes_and_not_only_whitespace() {
    ok(T::Text, json!({"text": "hello"}));
    ok(T::Text, json!({"text": "a".repeat(2048)}));
    // 682 three-byte characters = 2046 bytes; one more is over.
    ok(T::Text, json!({"text": "你".repeat(682)}));
    refused(T::Text, json!({"text": "你".repeat(683)}), "2048");
    ok(
        T::Text,
        json!({"text": "hi", "extra": {"anything": [1, 2]}}),
    );
    refused(T::Text, json!({"text": "a".repeat(2049)}), "2048");
    refused(T::Text, json!({"text": ""}), "`text` must not be empty");
    refused(T::Text, json!({"text": " \n\t\u{3000}"}), "whitespace");
    refused(T::Text, json!({}), "`text` is required");
    refused(T::Text, json!({"markdown": "hi"}), "`text` is required");
    refused(T::Text, json!({"text": 5}), "`text` must be a string");
    refused(T::Text, json!({"text": null}), "`text` must be a string");
}

#[test]
fn markdown_bounds() {
    ok(T::Markdown, json!({"markdown": "# hi"}));
    ok(T::Markdown, json!({"markdown": "a".repeat(4096)}));
    refused(T::Markdown, json!({"markdown": "a".repeat(4097)}), "4096");
    refused(T::Markdown, json!({"markdown": ""}), "must not be empty");
    refused(
        T::Markdown,
        json!({"text": "# hi"}),
        "`markdown` is required",
    );
    refused(
        T::Markdown,
        json!({"markdown": ["# hi"]}),
        "must be a string",
    );
}

#[test]
fn image_takes_exactly_one_of_media_id_and_url() {
    for kind in [T::Image, T::File] {
        ok(kind, json!({"media_id": "3a8asd892asd8asd"}));
        ok(kind, json!({"media_id": "m".repeat(256)}));
        ok(kind, json!({"url": "https://cdn.example.com/a.png"}));
        ok(kind, json!({"url": "http://cdn.example.com/a.png"}));
        ok(kind, json!({"url": "HTTPS://cdn.example.com/a.png"}));
        ok(
            kind,
            json!({"url": format!("https://e.com/{}", "a".repeat(2048 - 14))}),
        );
        refused(
            kind,
            json!({"url": format!("https://e.com/{}", "a".repeat(2048 - 13))}),
            "2048",
        );
        refused(kind, json!({"media_id": "m".repeat(257)}), "256");
        refused(
            kind,
            json!({"media_id": ""}),
            "`media_id` must not be empty",
        );
        refused(kind, json!({"media_id": 42}), "`media_id` must be a string");
        refused(
            kind,
            json!({"media_id": "m", "url": "https://e.com/a"}),
            "not both",
        );
        refused(
            kind,
            json!({"media_id": null, "url": "https://e.com/a"}),
            "not both",
        );
        refused(kind, json!({}), "one of `media_id` and `url` is required");
        for bad in [
            "ftp://e.com/a",
            "e.com/a.png",
            "https://",
            "http://",
            "https://e.com/a b.png",
            "javascript:alert(1)",
            "",
        ] {
            refused(kind, json!({ "url": bad }), "url");
        }
        refused(
            kind,
            json!({"url": ["https://e.com"]}),
            "`url` must be a string",
        );
    }
}

#[test]
fn file_takes_an_optional_filename() {
    ok(T::File, json!({"media_id": "m", "filename": "report.pdf"}));
    ok(
        T::File,
        json!({"media_id": "m", "filename": "f".repeat(255)}),
    );
    refused(
        T::File,
        json!({"media_id": "m", "filename": "f".repeat(256)}),
        "`filename` must be at most 255",
    );
    refused(
        T::File,
        json!({"media_id": "m", "filename": 7}),
        "`filename` must be a string",
    );
    refused(T::File, json!({"filename": "report.pdf"}), "media_id");
    // An image ignores `filename`, whatever it holds: extra keys pass through.
    ok(T::Image, json!({"media_id": "m", "filename": 7}));
}

#[test]
fn at_mention_needs_text_and_mentions() {
    ok(
        T::AtMention,
        json!({"text": "meeting at 3", "mentions": ["zhangsan", "@all"]}),
    );
    ok(
        T::AtMention,
        json!({"text": "x", "mentions": ["u".repeat(64)]}),
    );
    let hundred: Vec<String> = (0..100).map(|i| format!("user{i}")).collect();
    ok(T::AtMention, json!({"text": "x", "mentions": hundred}));
    let hundred_one: Vec<String> = (0..101).map(|i| format!("user{i}")).collect();
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": hundred_one}),
        "1 to 100",
    );
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": []}),
        "1 to 100",
    );
    refused(T::AtMention, json!({"text": "x"}), "`mentions` is required");
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": "@all"}),
        "`mentions` must be an array",
    );
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": ["a", ""]}),
        "mentions[1]",
    );
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": ["a", 3]}),
        "mentions[1]",
    );
    refused(
        T::AtMention,
        json!({"text": "x", "mentions": ["u".repeat(65)]}),
        "mentions[0]",
    );
    refused(
        T::AtMention,
        json!({"mentions": ["a"]}),
        "`text` is required",
    );
    refused(
        T::AtMention,
        json!({"text": "", "mentions": ["a"]}),
        "`text` must not be empty",
    );
    refused(
        T::AtMention,
        json!({"text": "a".repeat(2049), "mentions": ["a"]}),
        "2048",
    );
}

#[test]
fn mini_program_needs_appid_title_and_pagepath() {
    let base = || json!({"appid": "wx123", "title": "Open the shop", "pagepath": "pages/index"});
    ok(T::MiniProgram, base());
    let mut with_thumb = base();
    with_thumb["thumb_media_id"] = json!("thumb");
    ok(T::MiniProgram, with_thumb);
    let mut long_title = base();
    long_title["title"] = json!("标".repeat(64)); // 64 characters, 192 bytes
    ok(T::MiniProgram, long_title);

    for (key, value, hint) in [
        ("appid", json!(""), "`appid` must not be empty"),
        ("appid", json!(1), "`appid` must be a string"),
        ("title", json!(""), "`title` must be 1 to 64"),
        ("title", json!("标".repeat(65)), "`title` must be 1 to 64"),
        ("title", json!(true), "`title` must be a string"),
        ("pagepath", json!(""), "`pagepath` must not be empty"),
        (
            "thumb_media_id",
            json!(5),
            "`thumb_media_id` must be a string",
        ),
    ] {
        let mut content = base();
        content[key] = value;
        refused(T::MiniProgram, content, hint);
    }
    for key in ["appid", "title", "pagepath"] {
        let mut content = base();
        if let Value::Object(map) = &mut content {
            map.remove(key);
        }
        refused(T::MiniProgram, content, &format!("`{key}` is required"));
    }
}

#[test]
fn the_whole_content_is_at_most_16_kib() {
    // `{"pad":"…","text":"a"}` is 21 bytes plus the padding.
    let at_limit = json!({"text": "a", "pad": "p".repeat(MAX_CONTENT_BYTES - 21)});
    assert_eq!(
        serde_json::to_vec(&at_limit).unwrap().len(),
        MAX_CONTENT_BYTES
    );
    ok(T::Text, at_limit);
    refused(
        T::Text,
        json!({"text": "a", "pad": "p".repeat(MAX_CONTENT_BYTES - 20)}),
        "16384",
    );
}
