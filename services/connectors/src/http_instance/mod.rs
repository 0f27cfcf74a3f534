//! The `http_instance` connector: accounts hosted by an account-hosting provider that speaks
//! the HTTP instance protocol (`openapi/http-instance-protocol.yaml`). Calls go to the
//! provider; what happens to an instance comes back as signed callbacks, received by the API
//! at `/callbacks/provider/{account_id}` and handled through the callback registry.
//!
//! The provider's address and token are the operator's configuration, not a tenant's: an
//! account of this kind takes no settings. Delivery of sent messages is reported by the
//! provider's `message_delivered` callback, not by this connector.

mod client;

use std::time::Duration;

use fleet_core::ValidationError;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{
    Connector, ConnectorError, ConnectorKind, Conversation, Instance, LoginStart, LoginTicket,
    OutgoingMessage, SendReceipt,
};
use client::ProviderClient;

#[derive(Debug, Clone)]
pub struct HttpInstanceOptions {
    /// The provider's base URL.
    pub base_url: String,
    /// Presented as `Authorization: Bearer`.
    pub api_token: String,
    /// Where the provider sends callbacks; the account id is appended.
    pub callback_base_url: String,
    pub request_timeout: Duration,
}

pub struct HttpInstanceConnector {
    client: ProviderClient,
    callback_base_url: String,
}

impl HttpInstanceConnector {
    pub fn new(options: HttpInstanceOptions) -> Result<Self, ConnectorError> {
        Ok(Self {
            callback_base_url: options.callback_base_url.trim_end_matches('/').to_owned(),
            client: ProviderClient::new(&options)?,
        })
    }
}

#[derive(Deserialize)]
struct Created {
    instance_id: String,
}

#[derive(Deserialize)]
struct Ticket {
    qr_payload: String,
    expires_at: i64,
}

#[derive(Deserialize)]
struct Status {
    state: String,
}

#[derive(Deserialize)]
struct Conversations {
    conversations: Vec<ConversationBody>,
}

#[derive(Deserialize)]
struct ConversationBody {
    id: String,
    name: String,
    kind: String,
    member_count: i64,
}

#[derive(Deserialize)]
struct Receipt {
    provider_message_id: String,
    duplicate: bool,
}

fn path(instance: &Instance<'_>, operation: &str) -> String {
    format!("/v1/instances/{}/{operation}", instance.instance_id)
}

#[async_trait::async_trait]
impl Connector for HttpInstanceConnector {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::HttpInstance
    }

    fn check_settings(&self, settings: &Value) -> Result<(), ConnectorError> {
        match settings {
            Value::Null => Ok(()),
            Value::Object(map) if map.is_empty() => Ok(()),
            _ => Err(ValidationError::new(
                "connector_settings",
                "http_instance accounts take no settings: the provider is configured by the operator",
            )
            .into()),
        }
    }

    async fn create_instance(
        &self,
        account_id: &str,
        _settings: &Value,
    ) -> Result<String, ConnectorError> {
        let body = json!({
            "account_id": account_id,
            "callback_url": format!("{}/{account_id}", self.callback_base_url),
        });
        let created: Created = self.client.post("/v1/instances", &body, None).await?;
        Ok(created.instance_id)
    }

    async fn start_login(&self, instance: Instance<'_>) -> Result<LoginStart, ConnectorError> {
        let ticket: Ticket = self
            .client
            .post(
                &path(&instance, "login"),
                &json!({}),
                Some(instance.instance_id),
            )
            .await?;
        Ok(LoginStart::Qr(LoginTicket {
            qr_payload: ticket.qr_payload,
            expires_at: ticket.expires_at,
        }))
    }

    async fn submit_verification(
        &self,
        instance: Instance<'_>,
        code: &str,
    ) -> Result<(), ConnectorError> {
        self.client
            .post_empty(
                &path(&instance, "verification"),
                &json!({ "code": code }),
                instance.instance_id,
            )
            .await
    }

    async fn logout(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        self.client
            .post_empty(&path(&instance, "logout"), &json!({}), instance.instance_id)
            .await
    }

    async fn reconnect(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        self.client
            .post_empty(
                &path(&instance, "reconnect"),
                &json!({}),
                instance.instance_id,
            )
            .await
    }

    async fn probe(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        let status: Status = self
            .client
            .get(&path(&instance, "status"), instance.instance_id)
            .await?;
        if status.state == "online" {
            Ok(())
        } else {
            Err(ConnectorError::WrongState(format!(
                "the provider reports the instance {}",
                status.state
            )))
        }
    }

    async fn list_conversations(
        &self,
        instance: Instance<'_>,
    ) -> Result<Vec<Conversation>, ConnectorError> {
        let listed: Conversations = self
            .client
            .get(&path(&instance, "conversations"), instance.instance_id)
            .await?;
        Ok(listed
            .conversations
            .into_iter()
            .map(|c| Conversation {
                id: c.id,
                name: c.name,
                kind: c.kind,
                member_count: c.member_count,
            })
            .collect())
    }

    /// The protocol's send is idempotent on `client_message_id`, so a retried send is passed
    /// on as it is and the provider answers whether it was a repeat.
    async fn send(
        &self,
        instance: Instance<'_>,
        message: OutgoingMessage<'_>,
    ) -> Result<SendReceipt, ConnectorError> {
        let body = json!({
            "client_message_id": message.client_message_id,
            "conversation_id": message.conversation_id,
            "message_type": message.message_type,
            "content": message.content,
        });
        let receipt: Receipt = self
            .client
            .post(
                &path(&instance, "messages"),
                &body,
                Some(instance.instance_id),
            )
            .await?;
        Ok(SendReceipt {
            provider_message_id: receipt.provider_message_id,
            duplicate: receipt.duplicate,
        })
    }
}
