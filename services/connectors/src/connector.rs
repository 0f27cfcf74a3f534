use std::{fmt, str::FromStr};

use fleet_core::{account::AccountEvent, clock::Millis};

/// Which connector drives an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectorKind {
    /// In-process WeCom instances, for demos and tests.
    Simulator,
    /// An account-hosting provider speaking the HTTP instance protocol.
    HttpInstance,
    /// The official WeCom server API for a corp app.
    WecomApi,
}

impl ConnectorKind {
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
}

/// Something a connector reports about an instance, to be applied to its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorEvent {
    pub instance_id: String,
    pub event: AccountEvent,
}

/// One way of driving WeCom accounts. Methods act on the connector's own instance ids.
#[async_trait::async_trait]
pub trait Connector: Send + Sync {
    fn kind(&self) -> ConnectorKind;

    /// Prepares an instance for a new account and returns its id.
    async fn create_instance(&self, account_id: &str) -> Result<String, ConnectorError>;

    /// Starts a QR login (or issues a fresh QR code for one in progress).
    async fn start_login(&self, instance_id: &str) -> Result<LoginTicket, ConnectorError>;

    /// Submits the code a new-device check asks for.
    async fn submit_verification(
        &self,
        instance_id: &str,
        code: &str,
    ) -> Result<(), ConnectorError>;

    /// Ends the instance's session.
    async fn logout(&self, instance_id: &str) -> Result<(), ConnectorError>;

    /// Re-establishes a dropped session (recovery).
    async fn reconnect(&self, instance_id: &str) -> Result<(), ConnectorError>;

    async fn list_conversations(
        &self,
        instance_id: &str,
    ) -> Result<Vec<Conversation>, ConnectorError>;
}
