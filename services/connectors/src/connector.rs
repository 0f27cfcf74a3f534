use std::{fmt, str::FromStr};

use fleet_core::{account::AccountEvent, clock::Millis, ValidationError};
use serde_json::Value;

/// Which connector drives an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum ConnectorKind {
    /// In-process WeCom instances, for demos and tests.
    Simulator,
    /// An account-hosting provider speaking the HTTP instance protocol.
    HttpInstance,
    /// The official WeCom server API for a corp app.
    WecomApi,
}

impl ConnectorKind {
    pub const ALL: [Self; 3] = [Self::Simulator, Self::HttpInstance, Self::WecomApi];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectorKind::Simulator => "simulator",
            ConnectorKind::HttpInstance => "http_instance",
            ConnectorKind::WecomApi => "wecom_api",
        }
    }
}

impl FromStr for ConnectorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "simulator" => Ok(ConnectorKind::Simulator),
            "http_instance" => Ok(ConnectorKind::HttpInstance),
            "wecom_api" => Ok(ConnectorKind::WecomApi),
            other => Err(format!("unknown connector `{other}`")),
        }
    }
}

impl fmt::Display for ConnectorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A QR login in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginTicket {
    /// What the QR code encodes.
    pub qr_payload: String,
    pub expires_at: Millis,
}

/// What starting a login led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStart {
    /// A person has to scan this QR code with the WeCom app.
    Qr(LoginTicket),
    /// The credentials alone sign the account in (the official API has no QR step).
    SignedIn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: String,
    pub name: String,
    /// `private` or `group`.
    pub kind: String,
    pub member_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectorError {
    /// Worth retrying later (busy, rate limited, network).
    #[error("connector busy ({code}): {message}")]
    Retryable { code: String, message: String },
    /// Will fail again the same way (bad credentials, wrong code, banned).
    #[error("connector refused ({code}): {message}")]
    Permanent { code: String, message: String },
    #[error("the connector has no instance `{0}`")]
    UnknownInstance(String),
    /// The instance is not in a state where the operation applies.
    #[error("the instance cannot do that now: {0}")]
    WrongState(String),
    /// The account's connector settings are unusable (a missing corp id, a wrong type).
    #[error(transparent)]
    InvalidSettings(#[from] ValidationError),
}

impl ConnectorError {
    pub fn retryable(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Retryable {
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn permanent(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Permanent {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Something a connector reports about an account (a QR scan, a drop, a heartbeat), to be
/// applied by the account service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorEvent {
    pub account_id: String,
    pub event: AccountEvent,
}

/// The account a connector call is about.
#[derive(Debug, Clone, Copy)]
pub struct Instance<'a> {
    pub account_id: &'a str,
    /// The connector's own id, as `create_instance` returned it.
    pub instance_id: &'a str,
    /// The account's connector settings (decrypted); `Null` when it has none.
    pub settings: &'a Value,
}

/// A message to send through an account.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingMessage<'a> {
    /// Stable across retries of the same message: a repeat must not be delivered twice.
    pub client_message_id: &'a str,
    pub conversation_id: &'a str,
    /// text, image, file, at_mention, mini_program, markdown
    pub message_type: &'a str,
    /// The rendered content object (shape per type, e.g. {"text": ".."}).
    pub content: &'a Value,
}

/// What a connector answered to a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub provider_message_id: String,
    /// true when this id was sent before and nothing new went out
    pub duplicate: bool,
}

/// A connector's report that a sent message reached its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    pub account_id: String,
    pub client_message_id: String,
    pub provider_message_id: String,
}

/// One way of driving WeCom accounts.
#[async_trait::async_trait]
pub trait Connector: Send + Sync {
    fn kind(&self) -> ConnectorKind;

    /// Checks an account's settings before the account is stored.
    fn check_settings(&self, settings: &Value) -> Result<(), ConnectorError> {
        let _ = settings;
        Ok(())
    }

    /// Whether online sessions report heartbeats by themselves. When not, the sweeper asks
    /// [`Connector::probe`] about a silent account before it declares the session lost.
    fn pushes_heartbeats(&self) -> bool {
        true
    }

    /// Prepares an instance for a new account and returns its id.
    async fn create_instance(
        &self,
        account_id: &str,
        settings: &Value,
    ) -> Result<String, ConnectorError>;

    /// Starts a login (or issues a fresh QR code for one in progress).
    async fn start_login(&self, instance: Instance<'_>) -> Result<LoginStart, ConnectorError>;

    /// Submits the code a new-device check asks for.
    async fn submit_verification(
        &self,
        instance: Instance<'_>,
        code: &str,
    ) -> Result<(), ConnectorError>;

    /// Ends the instance's session.
    async fn logout(&self, instance: Instance<'_>) -> Result<(), ConnectorError>;

    /// Re-establishes a dropped session (recovery).
    async fn reconnect(&self, instance: Instance<'_>) -> Result<(), ConnectorError>;

    /// Checks that the session still works (for connectors that push no heartbeats).
    async fn probe(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        Err(ConnectorError::WrongState(format!(
            "the {} connector cannot probe instance {}",
            self.kind(),
            instance.instance_id
        )))
    }

    async fn list_conversations(
        &self,
        instance: Instance<'_>,
    ) -> Result<Vec<Conversation>, ConnectorError>;

    /// Sends a message. Callers retry with the same `client_message_id` after a failure or a
    /// crash, so a connector that can deduplicate on it must: the second call sends nothing
    /// and answers the first receipt with `duplicate: true`. Whether and how delivery is
    /// reported later is the connector's own (a callback, a polled round, or never).
    async fn send(
        &self,
        instance: Instance<'_>,
        message: OutgoingMessage<'_>,
    ) -> Result<SendReceipt, ConnectorError>;
}
