//! The domain spells its enumerations' names (`as_str`, what rows store); the document's
//! spelling comes from the `openapi` derive. These tests hold the two equal, so a renamed
//! variant cannot make the API answer something the rows do not say.

#[cfg(test)]
mod tests {
    use fleet_connectors::ConnectorKind;
    use fleet_core::{
        account::{AccountEvent, AccountStatus, LoginStage},
        audit::AuditAction,
        message::{MessageStatus, MessageType},
        roles::Role,
        tenant::TenantStatus,
    };
    use fleet_monitor::{notify::ChannelKind, rules::Severity};
    use poem_openapi::types::ToJSON;
    use serde_json::Value;

    fn same<T: ToJSON>(values: impl IntoIterator<Item = (T, &'static str)>) {
        for (value, stored) in values {
            assert_eq!(value.to_json(), Some(Value::from(stored)));
        }
    }

    #[test]
    fn document_and_domain_spell_every_name_alike() {
        same(AuditAction::ALL.map(|a| (a, a.as_str())));
        same(AccountEvent::ALL.map(|e| (e, e.as_str())));
        same(AccountStatus::ALL.map(|s| (s, s.as_str())));
        same(MessageStatus::ALL.map(|s| (s, s.as_str())));
        same(MessageType::ALL.map(|t| (t, t.as_str())));
        same(Severity::ALL.map(|s| (s, s.as_str())));
        same(ChannelKind::ALL.map(|k| (k, k.as_str())));
        same(
            [
                Role::PlatformAdmin,
                Role::TenantAdmin,
                Role::Operator,
                Role::Viewer,
            ]
            .map(|r| (r, r.as_str())),
        );
        same(
            [
                TenantStatus::Active,
                TenantStatus::Suspended,
                TenantStatus::Deleted,
            ]
            .map(|s| (s, s.as_str())),
        );
        same(
            [
                LoginStage::WaitingScan,
                LoginStage::WaitingConfirm,
                LoginStage::NeedsVerification,
            ]
            .map(|s| (s, s.as_str())),
        );
        same(
            [
                ConnectorKind::Simulator,
                ConnectorKind::HttpInstance,
                ConnectorKind::WecomApi,
            ]
            .map(|k| (k, k.as_str())),
        );
    }
}
