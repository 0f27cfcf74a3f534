//! How WeCom Fleet drives accounts. Every kind of connector implements [`Connector`]; the
//! account service knows nothing else about them. Events a connector reports (a QR code was
//! scanned, the session dropped) reach the account service as [`ConnectorEvent`]s.

mod connector;
pub mod official_api_sim;
pub mod simulator;
pub mod wecom_api;

pub use connector::{
    Connector, ConnectorError, ConnectorEvent, ConnectorKind, Conversation, Instance, LoginStart,
    LoginTicket,
};
