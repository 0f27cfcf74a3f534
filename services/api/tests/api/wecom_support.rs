//! Playing WeCom: a `wecom_api` account with its callback set, and signed, encrypted
//! callbacks for it made with the same crypto WeCom uses.

use fleet_callbacks::wecom::WecomCrypto;
use poem::http::Method;
use serde_json::json;

use crate::{
    support::{Reply, Tenant, TestApp},
    wecom_api_accounts::create_and_log_in,
};

pub const TOKEN: &str = "fleetT0ken";
/// 43 characters of base64, like the console's "random" button makes.
pub const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
/// The corp of the official-API simulator's app.
pub const CORP: &str = "ww-corp";

/// Percent-encodes what base64 puts in a query value.
fn q(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

pub struct WecomSender {
    pub crypto: WecomCrypto,
    pub account_id: String,
}

impl WecomSender {
    pub fn new(account_id: &str) -> Self {
        Self {
            crypto: WecomCrypto::new(TOKEN, AES_KEY).unwrap(),
            account_id: account_id.to_owned(),
        }
    }

    fn path(&self, signature: &str, timestamp: &str, nonce: &str) -> String {
        format!(
            "/callbacks/wecom/{}?msg_signature={signature}&timestamp={timestamp}&nonce={nonce}",
            self.account_id
        )
    }

    /// The console's URL verification for `plaintext`.
    pub async fn verify_url(&self, app: &TestApp, plaintext: &str, tamper: bool) -> Reply {
        let echostr = self.crypto.encrypt(plaintext, CORP, rand_bytes());
        let mut signature = self.crypto.signature("1700000000", "n1", &echostr);
        if tamper {
            signature = signature.replace(
                &signature[..1],
                if signature.starts_with('0') { "1" } else { "0" },
            );
        }
        let path = format!(
            "{}&echostr={}",
            self.path(&signature, "1700000000", "n1"),
            q(&echostr)
        );
        app.callback(Method::GET, &path, Vec::new()).await
    }

    /// An event as WeCom posts it, encrypted for `receive_id`, optionally with the
    /// ciphertext changed after signing.
    pub async fn post_as(&self, app: &TestApp, xml: &str, receive_id: &str, tamper: bool) -> Reply {
        let mut encrypted = self.crypto.encrypt(xml, receive_id, rand_bytes());
        let signature = self.crypto.signature("1700000001", "n2", &encrypted);
        if tamper {
            let first = if encrypted.starts_with('A') { 'B' } else { 'A' };
            encrypted = format!("{first}{}", &encrypted[1..]);
        }
        let body = format!(
            "<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID>\
             <Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        );
        app.callback(
            Method::POST,
            &self.path(&signature, "1700000001", "n2"),
            body.into_bytes(),
        )
        .await
    }

    pub async fn post(&self, app: &TestApp, xml: &str) -> Reply {
        self.post_as(app, xml, CORP, false).await
    }
}

fn rand_bytes() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

/// A signed-in `wecom_api` account of `t` with the callback set.
pub async fn wecom_account(app: &TestApp, t: &Tenant) -> String {
    let (id, login) = create_and_log_in(app, t, "app-secret").await;
    login.expect(200, None);
    app.call(
        Method::PUT,
        &format!("/api/v1/accounts/{id}/wecom-callback"),
        Some(&t.admin_token),
        Some(json!({ "token": TOKEN, "encoding_aes_key": AES_KEY })),
    )
    .await
    .expect(200, None);
    id
}

/// An inbound text message from an external contact.
pub fn text_message(msg_id: &str, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><FromUserName><![CDATA[wm-ext-1]]></FromUserName>\
         <CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>\
         <Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId><AgentID>1000002</AgentID></xml>"
    )
}

/// A `change_external_contact` or `change_external_chat` event.
pub fn change_event(event: &str, change: &str, extra: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
         <CreateTime>1700000100</CreateTime><MsgType><![CDATA[event]]></MsgType>\
         <Event><![CDATA[{event}]]></Event><ChangeType><![CDATA[{change}]]></ChangeType>{extra}</xml>"
    )
}
