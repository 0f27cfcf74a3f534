//! How WeCom Fleet drives accounts. Every kind of connector implements [`Connector`]; its
//! users (the account service, the message pipeline) know nothing else about them. Events a
//! connector reports (a QR code was scanned, the session dropped) reach the account service
//! as [`ConnectorEvent`]s.
//!
//! [`simulator`] runs in-process accounts; [`provider_sim`] serves the same simulator as an
//! account-hosting provider over the HTTP instance protocol (`wecom-fleet simulate`);
//! [`wecom_api`] drives corp apps through the official WeCom server API, and
//! [`official_api_sim`] answers like that API for the demo and the tests. [`Connectors`] holds
//! the ones a process runs, by kind.

mod connector;
mod connectors;
pub mod http_instance;
pub mod official_api_sim;
pub mod provider_sim;
pub mod simulator;
pub mod wecom_api;

pub use connector::{
    Connector, ConnectorError, ConnectorEvent, ConnectorKind, Conversation, DeliveryReport,
    Instance, LoginStart, LoginTicket, OutgoingMessage, SendReceipt,
};
pub use connectors::Connectors;
