//! Retention of the busiest tables: finished messages with their attempts, account status
//! history (each account's newest change kept) and idempotency keys; on PostgreSQL whole
//! months of messages dropped as partitions.

use std::time::Duration;

use fleet_core::clock::{now_ms, to_rfc3339};
use fleet_store::{
    retention::{purge, Retention},
    Dialect, Scope,
};
use serde_json::{json, Value};

use crate::{
    messaging_support::conv,
    support::{each_backend, Tenant, TestApp},
};

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut tx = app.state.db.read(Scope::Platform).await.unwrap();
    sqlx::query_scalar(sql).fetch_one(tx.conn()).await.unwrap()
}

async fn listed_messages(app: &TestApp, t: &Tenant) -> Vec<String> {
    let page = app.get("/api/v1/messages?size=100", &t.admin_token).await;
    let page = page.expect(200, None);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_owned())
        .collect()
}

fn text(account: &str, text: &str) -> Value {
    json!({ "account_id": account, "conversation_id": conv(account, 1), "message_type": "text", "content": { "text": text } })
}

/// A message scheduled an hour ahead: pending, so retention must keep it however old.
async fn scheduled(app: &TestApp, t: &Tenant, account: &str) -> String {
    let mut body = text(account, "later");
    body["send_time"] = json!(to_rfc3339(now_ms() + 3_600_000));
    let reply = app.send(t, body, None).await;
    reply.expect(202, None)["message_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn finished_messages_old_history_and_expired_keys_are_purged_and_the_rest_kept() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("retained").await;
        let account = app.online_account(&t, "sender").await;
        app.send(&t, text(&account, "one"), Some("key-1"))
            .await
            .expect(202, None);
        app.send(&t, text(&account, "two"), None)
            .await
            .expect(202, None);
        let batch = json!({ "account_id": account, "messages": [
            { "conversation_id": conv(&account, 2), "message_type": "text", "content": { "text": "b1" } },
            { "conversation_id": conv(&account, 3), "message_type": "text", "content": { "text": "b2" } },
        ] });
        let batched = app.post("/api/v1/messages/batch-send", &t.admin_token, batch).await;
        batched.expect(202, None);
        app.drain().await;
        let pending = scheduled(&app, &t, &account).await;
        let attempts = count(&app, "SELECT COUNT(*) FROM message_attempts").await;
        assert_eq!(attempts, 4);
        let history = format!("/api/v1/accounts/{account}/history");
        let before = app.get(&history, &t.admin_token).await.expect(200, None)["total"].clone();
        assert!(before.as_i64().unwrap() > 1, "{before}");

        let everything = Retention {
            messages: Some(Duration::ZERO),
            account_history: Some(Duration::ZERO),
            idempotency_keys: Some(Duration::ZERO),
            ..Default::default()
        };
        let purged = purge(&app.state.db, everything, now_ms() + 1)
            .await
            .unwrap();
        assert_eq!(
            (purged.messages, purged.idempotency_keys),
            (4, 1),
            "{backend:?}: {purged:?}"
        );
        assert_eq!(
            listed_messages(&app, &t).await,
            std::slice::from_ref(&pending),
            "{backend:?}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM message_attempts").await,
            0
        );
        let batches = count(&app, "SELECT COUNT(*) FROM message_batches").await;
        assert_eq!(batches, 0, "{backend:?}: the emptied batch stays");
        let after = app.get(&history, &t.admin_token).await;
        let after = after.expect(200, None);
        assert_eq!(after["total"], 1, "the newest change stays: {after}");
        assert_eq!(after["items"][0]["new_status"], "online");

        // The purged key is free again: another body under it is a new request, not a 422.
        let again = app.send(&t, text(&account, "another"), Some("key-1")).await;
        again.expect(202, None);
    })
    .await;
}

#[tokio::test]
async fn an_idempotency_key_past_its_window_is_claimed_afresh_before_any_purge() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("keys").await;
        let account = app.online_account(&t, "sender").await;
        let first = app.send(&t, text(&account, "one"), Some("k")).await;
        let first_id = first.expect(202, None)["message_id"].clone();
        let repeat = app.send(&t, text(&account, "one"), Some("k")).await;
        assert_eq!(
            repeat.expect(202, None)["message_id"],
            first_id,
            "inside the window"
        );

        // Age the key past the 24-hour window without purging it.
        let mut tx = app.state.db.begin(Scope::Platform).await.unwrap();
        sqlx::query("UPDATE idempotency_keys SET created_at = created_at - 86400001")
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let later = app.send(&t, text(&account, "two"), Some("k")).await;
        let later_id = later.expect(202, None)["message_id"].clone();
        assert_ne!(
            later_id, first_id,
            "{backend:?}: an expired key answered a new request"
        );
    })
    .await;
}

#[tokio::test]
async fn on_postgres_whole_months_are_dropped_unless_a_message_in_them_is_still_to_be_sent() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        if app.state.db.dialect() != Dialect::Postgres {
            return;
        }
        let t = app.tenant("months").await;
        let account = app.online_account(&t, "sender").await;
        for n in 0..3 {
            app.send(&t, text(&account, &format!("m{n}")), None)
                .await
                .expect(202, None);
        }
        app.drain().await;
        let pending = scheduled(&app, &t, &account).await;

        // Move the sent ones (and their attempts) into January 2025 and the pending one into
        // February 2025; both months' partitions are made as the scheduler would.
        let january: i64 = 1_736_000_000_000; // 2025-01-04
        let february: i64 = 1_739_000_000_000; // 2025-02-08
        let mut tx = app.state.db.begin(Scope::Platform).await.unwrap();
        for table in ["messages", "message_attempts"] {
            sqlx::query("SELECT fleet_partitions_ensure($1, $2, $3)")
                .bind(table)
                .bind(january)
                .bind(february)
                .execute(tx.conn())
                .await
                .unwrap();
        }
        for sql in [
            "UPDATE messages SET created_at = $1 WHERE status = 'sent'",
            "UPDATE message_attempts SET started_at = $1",
        ] {
            sqlx::query(sql)
                .bind(january)
                .execute(tx.conn())
                .await
                .unwrap();
        }
        sqlx::query("UPDATE messages SET created_at = $1 WHERE id = $2")
            .bind(february)
            .bind(&pending)
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let ninety_days = Retention {
            messages: Some(Duration::from_secs(90 * 24 * 3600)),
            ..Default::default()
        };
        let purged = purge(&app.state.db, ninety_days, now_ms()).await.unwrap();
        assert_eq!(purged.messages, 3, "{purged:?}");
        let exists = |name: &str| format!("SELECT COUNT(*) FROM pg_class WHERE relname = '{name}'");
        assert_eq!(
            count(&app, &exists("messages_y2025m01")).await,
            0,
            "January was not dropped"
        );
        assert_eq!(count(&app, &exists("message_attempts_y2025m01")).await, 0);
        assert_eq!(
            count(&app, &exists("messages_y2025m02")).await,
            1,
            "a pending message's month went"
        );
        assert_eq!(listed_messages(&app, &t).await, [pending]);

        // The months ahead exist, so new rows never land in the default partition.
        let ahead = chrono::Utc::now() + chrono::Months::new(2);
        let name = format!("messages_y{}", ahead.format("%Ym%m"));
        assert_eq!(count(&app, &exists(&name)).await, 1, "{name} is missing");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM messages WHERE tableoid = 'messages_default'::regclass"
            )
            .await,
            0
        );
    })
    .await;
}
