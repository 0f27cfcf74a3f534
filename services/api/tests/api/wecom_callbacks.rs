//! WeCom's own callbacks for `wecom_api` accounts: URL verification, encrypted events stored
//! once and dispatched to the conversation handlers, and everything that must be refused
//! without storing anything.

use fleet_store::Dialect;
use poem::http::Method;
use serde_json::{json, Value};

use crate::{
    support::{each_backend, TestApp},
    wecom_api_accounts::{app, official_api},
    wecom_support::{change_event, text_message, wecom_account, WecomSender, AES_KEY, TOKEN},
};

async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    app.get(&format!("/api/v1/callbacks/events?{query}"), token)
        .await
        .expect(200, None)
        .clone()
}

async fn wecom_app(backend: Dialect) -> TestApp {
    let (_sim, base) = official_api().await;
    app(backend, &base).await
}

#[tokio::test]
async fn url_verification_returns_the_decrypted_echostr_and_refuses_a_bad_signature() {
    each_backend(|backend| async move {
        let app = wecom_app(backend).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let sender = WecomSender::new(&id);
        let ok = sender.verify_url(&app, "echo-5e1f", false).await;
        assert_eq!(
            (ok.status.as_u16(), ok.body.clone()),
            (200, json!("echo-5e1f")),
            "{backend:?}"
        );
        sender
            .verify_url(&app, "echo-5e1f", true)
            .await
            .expect(401, Some("invalid_signature"));
        // Another account id, or one without a callback set: nothing to verify against.
        let stranger = WecomSender::new("00000000-0000-0000-0000-000000000000");
        stranger
            .verify_url(&app, "x", false)
            .await
            .expect(404, Some("not_found"));
        assert_eq!(events(&app, &t.admin_token, "").await["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn an_event_is_stored_once_acknowledged_and_announced() {
    each_backend(|backend| async move {
        let app = wecom_app(backend).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let mut bus = app.events.subscribe();
        let sender = WecomSender::new(&id);
        let xml = text_message("7001", "你好, fleet");
        let first = sender.post(&app, &xml).await;
        assert_eq!(
            (first.status.as_u16(), first.body.clone()),
            (200, json!("success")),
            "{backend:?}"
        );
        // WeCom resends what it got no answer to: same event, new random bytes.
        let again = sender.post(&app, &xml).await;
        assert_eq!(again.body, json!("success"));

        let stored = events(&app, &t.admin_token, "source=wecom").await;
        assert_eq!(stored["total"], 1, "{stored}");
        let event = &stored["items"][0];
        assert_eq!(
            (
                event["kind"].as_str(),
                event["status"].as_str(),
                event["account_id"].as_str()
            ),
            (
                Some("wecom.inbound_message"),
                Some("processed"),
                Some(id.as_str())
            )
        );
        assert_eq!(event["payload"]["Content"], "你好, fleet");
        assert_eq!(event["payload"]["MsgId"], "7001");

        let announced = loop {
            let e = bus.recv().await.unwrap();
            if e.kind == "message.received" {
                break e;
            }
        };
        assert_eq!(announced.id, event["event_id"].as_str().unwrap());
        assert_eq!(announced.tenant_id, t.id);
        assert_eq!(announced.data["details"]["Content"], "你好, fleet");
        assert_eq!(announced.data["account_id"], id.as_str());
        assert!(bus.try_recv().is_err(), "the duplicate announced nothing");
    })
    .await;
}

#[tokio::test]
async fn contact_and_group_changes_map_to_their_kinds_and_unknown_events_are_kept() {
    each_backend(|backend| async move {
        let app = wecom_app(backend).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let sender = WecomSender::new(&id);
        let cases = [
            (
                change_event(
                    "change_external_contact",
                    "add_external_contact",
                    "<ExternalUserID>wm-1</ExternalUserID>",
                ),
                "wecom.contact_added",
                "processed",
            ),
            (
                change_event(
                    "change_external_contact",
                    "del_follow_user",
                    "<ExternalUserID>wm-1</ExternalUserID>",
                ),
                "wecom.contact_removed",
                "processed",
            ),
            (
                change_event(
                    "change_external_chat",
                    "update",
                    "<ChatId>wr1</ChatId><UpdateDetail>add_member</UpdateDetail>",
                ),
                "wecom.group_member_joined",
                "processed",
            ),
            (
                change_event(
                    "change_external_chat",
                    "update",
                    "<ChatId>wr1</ChatId><UpdateDetail>del_member</UpdateDetail>",
                ),
                "wecom.group_member_left",
                "processed",
            ),
            (
                change_event("enter_agent", "", ""),
                "wecom.enter_agent",
                "unhandled",
            ),
        ];
        for (xml, kind, status) in &cases {
            sender.post(&app, xml).await.expect(200, None);
            let found = events(&app, &t.admin_token, &format!("kind={kind}")).await;
            assert_eq!(found["total"], 1, "{kind}: {found}");
            assert_eq!(found["items"][0]["status"], *status, "{kind}");
        }
        let unhandled = events(&app, &t.admin_token, "status=unhandled").await;
        assert_eq!(unhandled["total"], 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_bad_signature_a_changed_ciphertext_or_another_corp_stores_nothing() {
    each_backend(|backend| async move {
        let app = wecom_app(backend).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let sender = WecomSender::new(&id);
        let xml = text_message("7002", "hi");
        sender
            .post_as(&app, &xml, "ww-other-corp", false)
            .await
            .expect(400, Some("wrong_receive_id"));
        sender
            .post_as(&app, &xml, "ww-corp", true)
            .await
            .expect(401, Some("invalid_signature"));
        let impostor = WecomSender {
            crypto: fleet_callbacks::wecom::WecomCrypto::new("otherToken", AES_KEY).unwrap(),
            account_id: id.clone(),
        };
        impostor
            .post(&app, &xml)
            .await
            .expect(401, Some("invalid_signature"));
        let path = format!("/callbacks/wecom/{id}?msg_signature=x&timestamp=1&nonce=n");
        app.callback(Method::POST, &path, b"not xml".to_vec())
            .await
            .expect(400, Some("invalid_callback"));
        app.callback(
            Method::POST,
            &path,
            b"<xml><ToUserName>a</ToUserName></xml>".to_vec(),
        )
        .await
        .expect(400, Some("invalid_callback"));
        app.callback(Method::POST, &path, vec![b'a'; 70 * 1024])
            .await
            .expect(413, None);
        assert_eq!(
            events(&app, &t.admin_token, "").await["total"],
            0,
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn callback_settings_are_checked_kept_to_wecom_api_accounts_and_never_shown() {
    each_backend(|backend| async move {
        let app = wecom_app(backend).await;
        let t = app.tenant("alpha").await;
        let other = app.tenant("beta").await;
        let id = wecom_account(&app, &t).await;
        let put = |token: String, account: String, body: Value| {
            let app = &app;
            async move {
                app.call(
                    Method::PUT,
                    &format!("/api/v1/accounts/{account}/wecom-callback"),
                    Some(&token),
                    Some(body),
                )
                .await
            }
        };
        let good = json!({ "token": TOKEN, "encoding_aes_key": AES_KEY });
        put(
            t.admin_token.clone(),
            id.clone(),
            json!({ "token": TOKEN, "encoding_aes_key": "short" }),
        )
        .await
        .expect(400, Some("validation_failed"));
        put(
            t.admin_token.clone(),
            id.clone(),
            json!({ "token": "has space", "encoding_aes_key": AES_KEY }),
        )
        .await
        .expect(400, Some("validation_failed"));
        put(
            t.admin_token.clone(),
            id.clone(),
            json!({ "token": TOKEN, "encoding_aes_key": AES_KEY, "extra": 1 }),
        )
        .await
        .expect(400, None);
        put(other.admin_token.clone(), id.clone(), good.clone())
            .await
            .expect(404, Some("not_found"));
        let sim = app
            .post(
                "/api/v1/accounts",
                &t.admin_token,
                json!({ "account_name": "sim", "connector": "simulator" }),
            )
            .await;
        let sim_id = sim.expect(201, None)["account_id"]
            .as_str()
            .unwrap()
            .to_owned();
        put(t.admin_token.clone(), sim_id, good.clone())
            .await
            .expect(400, Some("validation_failed"));
        let (_, viewer) = app.user(&t, "viewer@alpha.test", "viewer").await;
        put(viewer, id.clone(), good.clone())
            .await
            .expect(403, None);
        let shown = app
            .get(&format!("/api/v1/accounts/{id}"), &t.admin_token)
            .await;
        let text = shown.expect(200, None).to_string();
        assert!(
            !text.contains(AES_KEY) && !text.contains(TOKEN),
            "{backend:?}: {text}"
        );
    })
    .await;
}
