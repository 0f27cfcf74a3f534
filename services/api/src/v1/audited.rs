//! The audit trail of the changes a tenant's own auditors may ask about — accounts and their
//! credentials, templates, webhook endpoints, alert rules, channels, silences, quiet hours,
//! pacing: who did it, to which object, its fields before and after as the API shows them
//! (secrets are never in those), from which address and in which request.
//!
//! The services own the transaction of a change; the entry is written in its own transaction
//! right after that one commits. A process killed between the two loses the entry (the change
//! stays); writing it cannot fail the change, and a failure to write it is logged and counted.

use fleet_core::audit::AuditAction;
use fleet_store::{audit as audit_log, Scope};
use poem_openapi::types::ToJSON;
use serde_json::{Map, Value};

use crate::{auth::Principal, state::AppState};

/// An object as the audit trail shows it: its API answer.
pub fn shown<T: ToJSON>(value: &T) -> Option<Value> {
    value.to_json()
}

pub async fn audited(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    target: (&'static str, String),
    before: Option<Value>,
    after: Option<Value>,
) {
    let mut detail = Map::new();
    if let Some(before) = before {
        detail.insert("before".into(), before);
    }
    if let Some(after) = after {
        detail.insert("after".into(), after);
    }
    let caller = principal.caller();
    let event = caller.audit(action, target, Value::Object(detail));
    let scope = caller.tenant_id.map_or(Scope::Platform, Scope::Tenant);
    let written = async {
        let mut tx = state.db.begin(scope).await?;
        audit_log::record(&mut tx, event).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = written {
        tracing::error!(error = %err, action = action.as_str(), "an audit entry was not written");
        metrics::counter!("fleet_audit_failures_total").increment(1);
    }
}
