//! The [`Connector`] for corp apps on the official API. An app has no session of its own:
//! "online" means its secret still yields a token and the app still exists, which is what
//! login, reconnect and probe all check with `agent/get`.

use futures::{StreamExt, TryStreamExt};
use reqwest::Method;
use serde_json::{json, Value};

use super::{app_message::app_message, client::ApiClient, AppCredentials, WecomApiOptions};
use crate::{
    Connector, ConnectorError, ConnectorKind, Conversation, Instance, LoginStart, OutgoingMessage,
    SendReceipt,
};

/// How many `groupchat/get` calls one listing runs at once: enough to be quick, few enough
/// to stay clear of WeCom's concurrency limit (45033) for the app.
const GROUP_CHAT_CONCURRENCY: usize = 4;
/// Page size for `groupchat/list` (WeCom allows 1 to 1000).
const GROUP_CHAT_PAGE: u64 = 100;
/// A bound on pages followed, against a server that keeps handing out cursors.
const MAX_GROUP_CHAT_PAGES: usize = 100;

pub struct WecomApiConnector {
    client: ApiClient,
}

impl WecomApiConnector {
    /// Builds the connector and its one HTTP client (shared by every account, so connections
    /// are pooled).
    pub fn new(options: WecomApiOptions) -> Result<Self, ConnectorError> {
        Ok(Self {
            client: ApiClient::new(options)?,
        })
    }

    /// Calls any WeCom API `path` (e.g. `/cgi-bin/message/send`) as `app`. The access token
    /// is added to `query`; a refused token is refetched once and the frequency limit waited
    /// out, as configured. Returns the reply body, whose errcode was 0.
    pub async fn call(
        &self,
        app: &AppCredentials,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, ConnectorError> {
        self.client.call(app, method, path, query, body).await
    }

    /// Checks that the app exists and its token works.
    async fn check_agent(&self, app: &AppCredentials) -> Result<(), ConnectorError> {
        let agent_id = app.agent_id().to_string();
        self.call(
            app,
            Method::GET,
            "/cgi-bin/agent/get",
            &[("agentid", &agent_id)],
            None,
        )
        .await
        .map(drop)
    }

    async fn group_chat_ids(&self, app: &AppCredentials) -> Result<Vec<String>, ConnectorError> {
        let mut ids = Vec::new();
        let mut cursor = String::new();
        for _ in 0..MAX_GROUP_CHAT_PAGES {
            let mut body = json!({"status_filter": 0, "limit": GROUP_CHAT_PAGE});
            if !cursor.is_empty() {
                body["cursor"] = json!(cursor);
            }
            let page = self
                .call(
                    app,
                    Method::POST,
                    "/cgi-bin/externalcontact/groupchat/list",
                    &[],
                    Some(&body),
                )
                .await?;
            let chats = page
                .get("group_chat_list")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            ids.extend(
                chats
                    .iter()
                    .filter_map(|chat| chat.get("chat_id").and_then(Value::as_str))
                    .map(str::to_owned),
            );
            cursor = page
                .get("next_cursor")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if cursor.is_empty() || chats.is_empty() {
                break;
            }
        }
        Ok(ids)
    }

    async fn group_chat(
        &self,
        app: &AppCredentials,
        chat_id: String,
    ) -> Result<Conversation, ConnectorError> {
        let reply = self
            .call(
                app,
                Method::POST,
                "/cgi-bin/externalcontact/groupchat/get",
                &[],
                Some(&json!({"chat_id": chat_id})),
            )
            .await?;
        let chat = reply.get("group_chat");
        let name = chat
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let members = chat
            .and_then(|c| c.get("member_list"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        Ok(Conversation {
            id: chat_id,
            name,
            kind: "group".into(),
            member_count: i64::try_from(members).unwrap_or(i64::MAX),
        })
    }
}

fn credentials(instance: Instance<'_>) -> Result<AppCredentials, ConnectorError> {
    Ok(AppCredentials::from_settings(instance.settings)?)
}

#[async_trait::async_trait]
impl Connector for WecomApiConnector {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::WecomApi
    }

    fn check_settings(&self, settings: &Value) -> Result<(), ConnectorError> {
        AppCredentials::from_settings(settings)?;
        Ok(())
    }

    /// A corp app answers only when asked, so the sweeper probes it instead.
    fn pushes_heartbeats(&self) -> bool {
        false
    }

    async fn create_instance(
        &self,
        _account_id: &str,
        settings: &Value,
    ) -> Result<String, ConnectorError> {
        Ok(AppCredentials::from_settings(settings)?.instance_id())
    }

    async fn start_login(&self, instance: Instance<'_>) -> Result<LoginStart, ConnectorError> {
        self.check_agent(&credentials(instance)?).await?;
        Ok(LoginStart::SignedIn)
    }

    async fn submit_verification(
        &self,
        _instance: Instance<'_>,
        _code: &str,
    ) -> Result<(), ConnectorError> {
        Err(ConnectorError::WrongState(
            "official API accounts have no verification step".into(),
        ))
    }

    async fn logout(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        self.client.forget_token(&credentials(instance)?);
        Ok(())
    }

    async fn reconnect(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        let app = credentials(instance)?;
        self.client.forget_token(&app);
        self.check_agent(&app).await
    }

    async fn probe(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        self.check_agent(&credentials(instance)?).await
    }

    async fn list_conversations(
        &self,
        instance: Instance<'_>,
    ) -> Result<Vec<Conversation>, ConnectorError> {
        let app = credentials(instance)?;
        let ids = self.group_chat_ids(&app).await?;
        futures::stream::iter(ids)
            .map(|id| self.group_chat(&app, id))
            .buffered(GROUP_CHAT_CONCURRENCY)
            .try_collect()
            .await
    }

    /// An app message (`message/send`) to the users the conversation id names; see
    /// `app_message` for the body. WeCom's errcodes decide the error as for every call (45009
    /// is waited out, then retryable). The API takes no client message id, so `duplicate` is
    /// always false: WeCom's own duplicate check drops a repeat of the same content within its
    /// window instead, without saying so. No delivery is ever reported.
    async fn send(
        &self,
        instance: Instance<'_>,
        message: OutgoingMessage<'_>,
    ) -> Result<SendReceipt, ConnectorError> {
        let app = credentials(instance)?;
        let body = app_message(app.agent_id(), &message)?;
        let reply = self
            .call(
                &app,
                Method::POST,
                "/cgi-bin/message/send",
                &[],
                Some(&body),
            )
            .await?;
        let left_out = reply
            .get("invaliduser")
            .and_then(Value::as_str)
            .is_some_and(|users| !users.is_empty());
        if left_out {
            tracing::debug!("WeCom left out some recipients of an app message (invaliduser)");
        }
        // Sent, but without an id to record: a retry is absorbed by the duplicate check.
        let msgid = reply
            .get("msgid")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                ConnectorError::retryable("bad_reply", "message/send answered without a msgid")
            })?;
        Ok(SendReceipt {
            provider_message_id: msgid.to_owned(),
            duplicate: false,
        })
    }
}
