//! Helpers of the messaging tests: online simulator accounts, sends, and driving the queue
//! by hand (one `work_once` at a time) so a test sees each step.

use fleet_store::Scope;
use poem::http::Method;
use serde_json::{json, Value};

use crate::support::{Reply, Tenant, TestApp};

/// Conversation `n` (1-3) of a simulated account.
pub(crate) fn conv(account: &str, n: u8) -> String {
    format!("sim-{account}:c{n}")
}

impl TestApp {
    /// `POST /messages/send`, with an Idempotency-Key when given.
    pub(crate) async fn send(&self, t: &Tenant, body: Value, key: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
        self.with_headers(
            Method::POST,
            "/api/v1/messages/send",
            &t.admin_token,
            &headers,
            body,
        )
        .await
    }

    /// Sends a text to the account's first conversation and returns the message id.
    pub(crate) async fn send_text(&self, t: &Tenant, account: &str, text: &str) -> String {
        let reply = self
            .send(
                t,
                json!({ "account_id": account, "conversation_id": conv(account, 1), "message_type": "text", "content": { "text": text } }),
                None,
            )
            .await;
        reply.expect(202, None)["message_id"]
            .as_str()
            .expect("message id")
            .to_owned()
    }

    pub(crate) async fn message(&self, t: &Tenant, id: &str) -> Value {
        self.get(&format!("/api/v1/messages/{id}/status"), &t.admin_token)
            .await
            .expect(200, None)
            .clone()
    }

    /// Runs the queue until a pass claims nothing.
    pub(crate) async fn drain(&self) {
        while self.state.messaging.work_once().await.expect("work") > 0 {}
    }

    /// Makes every waiting message of the tenant due now (skips retry delays and pacing).
    pub(crate) async fn make_due(&self) {
        let mut tx = self.state.db.begin(Scope::Platform).await.expect("tx");
        sqlx::query("UPDATE messages SET due_at = 0 WHERE status = 'pending'")
            .execute(tx.conn())
            .await
            .expect("update");
        sqlx::query("UPDATE account_pacing SET next_send_at = 0")
            .execute(tx.conn())
            .await
            .expect("update");
        tx.commit().await.expect("commit");
    }

    /// Sets the tenant's daily message quota (as the platform admin).
    pub(crate) async fn set_quota(&self, t: &Tenant, max_daily_messages: i64) {
        self.patch(
            &format!("/api/v1/tenants/{}", t.id),
            &self.platform_token,
            json!({ "max_daily_messages": max_daily_messages }),
        )
        .await
        .expect(200, None);
    }

    /// Creates a template and returns its id.
    pub(crate) async fn template(&self, t: &Tenant, body: Value) -> String {
        self.post("/api/v1/templates", &t.admin_token, body)
            .await
            .expect(201, None)["template_id"]
            .as_str()
            .expect("template id")
            .to_owned()
    }
}
