//! The settings each connector takes when an account is created, as the document shows them.
//! The connectors check them (`Connector::check_settings`); these types describe them.

use poem_openapi::{types::Type, Object};

use crate::types::{Kind, Kinds};

/// `wecom_api`: the corp app the account sends through. Stored encrypted, never returned.
#[derive(Debug, Object)]
pub struct WecomApiSettings {
    /// The corp id (`ww…`), 1–64 characters without spaces.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub corp_id: String,
    /// The app's agent id.
    #[oai(validator(minimum(value = "1")))]
    pub agent_id: i64,
    /// The app's secret, 1–256 characters.
    #[oai(validator(min_length = 1, max_length = 256))]
    pub secret: String,
}

/// Any settings: the simulator stores them (sealed) and needs none.
type FreeForm = std::collections::BTreeMap<String, serde_json::Value>;

/// `connector` decides whether and which `connector_settings` an account takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectorKinds;

fn nothing(_: &mut poem_openapi::registry::Registry) {}

impl Kinds for ConnectorKinds {
    const TAG: &'static str = "connector";
    const PAYLOAD: &'static str = "connector_settings";
    const ANY_PAYLOAD: &'static str = "ConnectorSettings";
    const KINDS: &'static [Kind] = &[
        // The simulator keeps what it is given (sealed, unused); account-hosting providers
        // are configured by the operator.
        Kind {
            tag: "simulator",
            prefix: "Simulator",
            payload: Some(<FreeForm as Type>::schema_ref),
            required: false,
            register: <FreeForm as Type>::register,
        },
        Kind {
            tag: "http_instance",
            prefix: "HttpInstance",
            payload: None,
            required: false,
            register: nothing,
        },
        Kind {
            tag: "wecom_api",
            prefix: "WecomApi",
            payload: Some(WecomApiSettings::schema_ref),
            required: true,
            register: WecomApiSettings::register,
        },
    ];
}

#[cfg(test)]
mod tests {
    use fleet_connectors::ConnectorKind;

    use super::*;

    #[test]
    fn every_connector_kind_is_described() {
        for kind in [
            ConnectorKind::Simulator,
            ConnectorKind::HttpInstance,
            ConnectorKind::WecomApi,
        ] {
            assert!(ConnectorKinds::find(kind.as_str()).is_some(), "{kind}");
        }
        assert_eq!(ConnectorKinds::KINDS.len(), 3);
    }
}
