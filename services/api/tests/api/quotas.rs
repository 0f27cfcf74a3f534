//! Daily quotas, exact under concurrency: a tenant with N messages left gets exactly N
//! accepted however many requests race, singly or in a batch; an account's own cap applies
//! under the tenant's; the usage report counts what was charged.

use futures::future::join_all;
use serde_json::json;

use crate::{
    messaging_support::conv,
    support::{each_backend, TestApp},
};

#[tokio::test]
async fn fifty_concurrent_sends_with_ten_left_accept_exactly_ten() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("quota").await;
        let account = app.online_account(&t, "sender").await;
        app.set_quota(&t, 15).await;
        for i in 0..5 {
            app.send_text(&t, &account, &format!("early {i}")).await;
        }
        let replies = join_all((0..50).map(|i| {
            app.send(
                &t,
                json!({ "account_id": account, "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": format!("race {i}") } }),
                None,
            )
        }))
        .await;
        let accepted = replies.iter().filter(|r| r.status.as_u16() == 202).count();
        assert_eq!(accepted, 10, "{backend:?}");
        for refused in replies.iter().filter(|r| r.status.as_u16() != 202) {
            let body = refused.expect(429, Some("quota_exceeded"));
            assert_eq!(body["details"]["limit"], 15);
            assert_eq!(body["details"]["used"], 15);
            assert_eq!(body["details"]["scope"], "tenant");
            assert!(body["details"]["resets_at"].is_string());
            let retry_after: u64 = refused.headers["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=86_400).contains(&retry_after));
        }
        let listed = app.get("/api/v1/messages?size=200", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 15, "{backend:?}");
        let usage = app.get("/api/v1/tenant/usage", &t.admin_token).await;
        let usage = usage.expect(200, None);
        assert_eq!(usage["timezone"], "Asia/Shanghai");
        assert_eq!(usage["days"].as_array().unwrap().len(), 7);
        let today = usage["days"].as_array().unwrap().last().unwrap();
        assert_eq!((today["used"].as_i64(), today["pending"].as_i64()), (Some(15), Some(15)));
    })
    .await;
}

#[tokio::test]
async fn a_batch_fills_the_quota_exactly_and_rejects_the_rest_one_by_one() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("batchquota").await;
        let account = app.online_account(&t, "sender").await;
        app.set_quota(&t, 10).await;
        let messages: Vec<_> = (0..15)
            .map(|i| {
                if i == 3 {
                    json!({ "conversation_id": conv(&account, 1), "message_type": "text", "content": { "words": "no text" } })
                } else {
                    json!({ "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": format!("m{i}") } })
                }
            })
            .collect();
        let reply = app
            .post(
                "/api/v1/messages/batch-send",
                &t.admin_token,
                json!({ "account_id": account, "messages": messages }),
            )
            .await;
        let body = reply.expect(202, None).clone();
        assert_eq!((body["total_count"].as_i64(), body["accepted_count"].as_i64()), (Some(15), Some(10)));
        let rejected: Vec<(i64, String)> = body["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["index"].as_i64().unwrap(), r["code"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            rejected,
            [
                (3, "validation_failed".to_owned()),
                (11, "quota_exceeded".to_owned()),
                (12, "quota_exceeded".to_owned()),
                (13, "quota_exceeded".to_owned()),
                (14, "quota_exceeded".to_owned()),
            ],
            "{backend:?}"
        );
        let batch_id = body["batch_id"].as_str().unwrap();
        let report = app.get(&format!("/api/v1/batches/{batch_id}"), &t.admin_token).await;
        let report = report.expect(200, None);
        assert_eq!((report["total"].as_i64(), report["accepted"].as_i64(), report["rejected"].as_i64()), (Some(15), Some(10), Some(5)));
        assert_eq!(report["pending"], 10);
        app.drain().await;
        let report = app.get(&format!("/api/v1/batches/{batch_id}"), &t.admin_token).await;
        assert_eq!(report.expect(200, None)["sent"], 10);
        let listed = app
            .get(&format!("/api/v1/messages?batch_id={batch_id}&status=sent"), &t.admin_token)
            .await;
        assert_eq!(listed.expect(200, None)["total"], 10);
        // The quota is spent: one more single send is refused.
        app.send(
            &t,
            json!({ "account_id": account, "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "late" } }),
            None,
        )
        .await
        .expect(429, Some("quota_exceeded"));
    })
    .await;
}

#[tokio::test]
async fn an_account_cap_applies_under_the_tenant_quota() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("accountcap").await;
        let capped = app.online_account(&t, "capped").await;
        let free = app.online_account(&t, "free").await;
        let set = app
            .call(
                poem::http::Method::PUT,
                &format!("/api/v1/accounts/{capped}/messaging"),
                Some(&t.admin_token),
                Some(json!({ "pacing_profile": null, "max_daily_messages": 2 })),
            )
            .await;
        assert_eq!(set.expect(200, None)["max_daily_messages"], 2);
        app.send_text(&t, &capped, "one").await;
        app.send_text(&t, &capped, "two").await;
        let refused = app
            .send(
                &t,
                json!({ "account_id": capped, "conversation_id": conv(&capped, 1), "message_type": "text", "content": { "text": "three" } }),
                None,
            )
            .await;
        let body = refused.expect(429, Some("quota_exceeded"));
        assert_eq!((body["details"]["scope"].as_str(), body["details"]["limit"].as_i64()), (Some("account"), Some(2)));
        app.send_text(&t, &free, "the other account is not capped").await;
    })
    .await;
}
