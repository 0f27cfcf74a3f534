use fleet_connectors::{ConnectorError, ConnectorKind};
use fleet_core::ValidationError;
use fleet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("account not found")]
    NotFound,
    /// The event does not apply to the account's current state.
    #[error("{event} does not apply to an account that is {status}")]
    InvalidState {
        status: String,
        login_stage: Option<String>,
        event: &'static str,
    },
    #[error("the tenant already has its maximum of {limit} accounts")]
    LimitReached { limit: i64 },
    #[error("the simulator does not run on this service")]
    NoSimulator,
    #[error("the account is not a simulated one")]
    NotSimulated,
    #[error("connector `{0}` is not available on this service")]
    ConnectorUnavailable(ConnectorKind),
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Other writers kept changing the account; the caller may retry.
    #[error("the account changed concurrently; retry")]
    Contended,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored account is invalid: {0}")]
    Corrupt(String),
}
