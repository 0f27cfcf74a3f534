//! The account handlers of provider callbacks (the HTTP instance protocol): each event type
//! becomes the lifecycle event that applies to the account's current state. Events that no
//! longer apply (a QR scan reported for an account already online) are ignored, with the
//! reason kept on the stored callback.

use std::sync::Arc;

use fleet_callbacks::{
    provider::{registry_kind, ProviderEvent, SESSION_KINDS},
    CallbackHandler, Handled, HandlerError, Registry,
};
use fleet_core::{
    account::{AccountEvent, AccountState, LoginStage},
    clock::now_ms,
    ids::TenantId,
};
use fleet_store::callback_events::CallbackEventRecord;
use serde_json::json;

use crate::{lifecycle::state_of, AccountError, AccountService};

/// Registers the account handlers for every provider event type about a session.
pub fn register_provider_handlers(registry: &mut Registry, accounts: AccountService) {
    let handler = Arc::new(ProviderEventHandler { accounts });
    for kind in SESSION_KINDS {
        registry.register(&registry_kind(kind), handler.clone());
    }
}

struct ProviderEventHandler {
    accounts: AccountService,
}

/// What a provider event means for an account in `state`; `None` when it means nothing now.
fn lifecycle_event(provider_type: &str, state: AccountState) -> Option<AccountEvent> {
    use AccountState as S;
    let qr_stage = match state {
        S::QrWait { stage, .. } => Some(stage),
        _ => None,
    };
    Some(match provider_type {
        "qr_scanned" => AccountEvent::QrScanned,
        "qr_confirmed" => AccountEvent::QrConfirmed,
        "verification_required" => AccountEvent::VerificationRequired,
        // Online again, not after a call of ours: what that means depends on where the
        // account was.
        "logged_in" => match (state, qr_stage) {
            (_, Some(LoginStage::WaitingConfirm)) => AccountEvent::QrConfirmed,
            (_, Some(LoginStage::NeedsVerification)) => AccountEvent::Verified,
            (S::Recovering, _) => AccountEvent::Recovered,
            (S::Online, _) => AccountEvent::Heartbeat,
            _ => return None,
        },
        "logged_out" => AccountEvent::LoggedOut,
        "disconnected" => AccountEvent::Disconnected,
        "heartbeat" => AccountEvent::Heartbeat,
        _ => return None,
    })
}

/// The consequence of a call this service made, which it applied itself when the call
/// returned: a `logged_out` after our logout (`data.reason == "logout"`), a `logged_in` after
/// our verification code or reconnect (`data.via`). Applying it again could undo a newer
/// change (a logout acknowledged after the next login started), so it is only recorded.
fn acknowledges_our_call(event: &ProviderEvent) -> bool {
    match event.kind.as_str() {
        "logged_out" => event.data["reason"] == "logout",
        "logged_in" => matches!(
            event.data["via"].as_str(),
            Some("verification" | "reconnect")
        ),
        _ => false,
    }
}

fn handler_error(err: AccountError) -> HandlerError {
    match err {
        AccountError::Store(_) | AccountError::Contended | AccountError::Connector(_) => {
            HandlerError::retryable(err.to_string())
        }
        other => HandlerError::permanent(other.to_string()),
    }
}

#[async_trait::async_trait]
impl CallbackHandler for ProviderEventHandler {
    async fn handle(&self, event: &CallbackEventRecord) -> Result<Handled, HandlerError> {
        let tenant: TenantId = event
            .tenant_id
            .parse()
            .map_err(|_| HandlerError::permanent("bad tenant id"))?;
        let account_id = event
            .account_id
            .as_deref()
            .ok_or_else(|| HandlerError::permanent("no account"))?;
        let body: ProviderEvent = serde_json::from_str(&event.payload)
            .map_err(|e| HandlerError::permanent(format!("bad payload: {e}")))?;
        let rec = match self.accounts.get(tenant, account_id).await {
            Ok(rec) => rec,
            Err(AccountError::NotFound) => {
                return Ok(Handled::Ignored("the account is gone".into()))
            }
            Err(err) => return Err(handler_error(err)),
        };
        if acknowledges_our_call(&body) {
            return Ok(Handled::Ignored(format!(
                "{} acknowledges a call this service made",
                body.kind
            )));
        }
        let state = state_of(&rec).map_err(handler_error)?;
        let Some(lifecycle) = lifecycle_event(&body.kind, state) else {
            return Ok(Handled::Ignored(format!(
                "{} means nothing to an account that is {}",
                body.kind, rec.status
            )));
        };
        if lifecycle == AccountEvent::Heartbeat && state == AccountState::Online {
            self.accounts
                .record_heartbeats(std::slice::from_ref(&rec.id), now_ms())
                .await
                .map_err(handler_error)?;
            return Ok(Handled::Processed);
        }
        let detail = json!({ "source": "provider", "callback_event_id": event.id });
        match self
            .accounts
            .apply_connector_event(tenant, account_id, lifecycle, detail)
            .await
        {
            Ok(_) => Ok(Handled::Processed),
            Err(err @ AccountError::InvalidState { .. }) => Ok(Handled::Ignored(err.to_string())),
            Err(err) => Err(handler_error(err)),
        }
    }
}

#[cfg(test)]
mod tests {
    use fleet_core::account::LoginOrigin;

    use super::*;

    #[test]
    fn message_deliveries_are_not_the_accounts_business() {
        let kinds = SESSION_KINDS;
        assert!(!kinds.contains(&"message_delivered"));
        assert!(kinds.contains(&"heartbeat") && kinds.contains(&"logged_out"));
    }

    #[test]
    fn logged_in_means_what_the_state_needs() {
        let waiting = |stage| AccountState::QrWait {
            stage,
            origin: LoginOrigin::Created,
        };
        assert_eq!(
            lifecycle_event("logged_in", waiting(LoginStage::WaitingConfirm)),
            Some(AccountEvent::QrConfirmed)
        );
        assert_eq!(
            lifecycle_event("logged_in", waiting(LoginStage::NeedsVerification)),
            Some(AccountEvent::Verified)
        );
        assert_eq!(
            lifecycle_event("logged_in", AccountState::Recovering),
            Some(AccountEvent::Recovered)
        );
        assert_eq!(lifecycle_event("logged_in", AccountState::Offline), None);
        assert_eq!(lifecycle_event("made_coffee", AccountState::Online), None);
    }

    #[test]
    fn only_the_consequences_of_our_own_calls_are_acknowledgements() {
        let logged_out = |data| ProviderEvent {
            kind: "logged_out".into(),
            instance_id: "i1".into(),
            occurred_at: 1,
            data,
        };
        assert!(acknowledges_our_call(&logged_out(
            json!({ "reason": "logout" })
        )));
        assert!(!acknowledges_our_call(&logged_out(
            json!({ "reason": "phone" })
        )));
        assert!(!acknowledges_our_call(&logged_out(json!({}))));
        let logged_in = |data| ProviderEvent {
            kind: "logged_in".into(),
            ..logged_out(data)
        };
        assert!(acknowledges_our_call(&logged_in(
            json!({ "via": "verification" })
        )));
        assert!(acknowledges_our_call(&logged_in(
            json!({ "via": "reconnect" })
        )));
        assert!(!acknowledges_our_call(&logged_in(json!({}))));
    }
}
