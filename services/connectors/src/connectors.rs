//! The connectors one process runs, by kind. It lives here rather than with any one user
//! (the account service, the message pipeline) so that each can look connectors up without
//! depending on the others.

use std::sync::Arc;

use crate::{
    http_instance::HttpInstanceConnector, simulator::Simulator, wecom_api::WecomApiConnector,
    Connector, ConnectorKind,
};

/// The connectors this process can drive accounts with; a kind left `None` is not
/// configured here.
#[derive(Clone, Default)]
pub struct Connectors {
    pub simulator: Option<Arc<Simulator>>,
    pub http_instance: Option<Arc<HttpInstanceConnector>>,
    pub wecom_api: Option<Arc<WecomApiConnector>>,
}

impl Connectors {
    /// The connector of `kind`, if this process runs one.
    pub fn get(&self, kind: ConnectorKind) -> Option<Arc<dyn Connector>> {
        match kind {
            ConnectorKind::Simulator => self.simulator.clone().map(|c| c as Arc<dyn Connector>),
            ConnectorKind::HttpInstance => {
                self.http_instance.clone().map(|c| c as Arc<dyn Connector>)
            }
            ConnectorKind::WecomApi => self.wecom_api.clone().map(|c| c as Arc<dyn Connector>),
        }
    }
}
