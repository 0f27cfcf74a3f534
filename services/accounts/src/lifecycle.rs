//! Applying one event to one account: read, decide with the pure transition function, save
//! with compare-and-set, and on a lost race read again.

use fleet_core::{
    account::{transition, AccountEvent, AccountState},
    clock::now_ms,
    events::DomainEvent,
    ids::TenantId,
};
use fleet_store::{
    accounts::{self, AccountRecord, StateChange},
    Scope,
};
use serde_json::json;

use crate::{AccountError, AccountService};

/// The event published for every status (or login stage) change.
pub const STATUS_CHANGED: &str = "account.status_changed";

/// How often a change is retried when other writers win the compare-and-set.
const CAS_ATTEMPTS: usize = 5;

pub(crate) fn state_of(rec: &AccountRecord) -> Result<AccountState, AccountError> {
    AccountState::from_columns(
        &rec.status,
        rec.login_stage.as_deref(),
        rec.login_origin.as_deref(),
    )
    .ok_or_else(|| {
        AccountError::Corrupt(format!(
            "account {} has status {} / {:?}",
            rec.id, rec.status, rec.login_stage
        ))
    })
}

/// Whether `event` applies now; the error names the current state.
pub(crate) fn check(
    rec: &AccountRecord,
    event: AccountEvent,
) -> Result<AccountState, AccountError> {
    transition(state_of(rec)?, event).map_err(|_| invalid(rec, event))
}

fn invalid(rec: &AccountRecord, event: AccountEvent) -> AccountError {
    AccountError::InvalidState {
        status: rec.status.clone(),
        login_stage: rec.login_stage.clone(),
        event: event.as_str(),
    }
}

/// Writes `to` into the lifecycle columns, keeping the bookkeeping that follows from it.
fn enter(rec: &mut AccountRecord, from: AccountState, to: AccountState, now: i64) {
    rec.status = to.status().to_owned();
    rec.login_stage = to.login_stage().map(|s| s.as_str().to_owned());
    rec.login_origin = to.login_origin().map(|o| o.as_str().to_owned());
    rec.updated_at = now;
    if to.login_stage().is_none() {
        rec.login_token = None;
        rec.qr_payload = None;
        rec.qr_expires_at = None;
    }
    match to {
        AccountState::Online => {
            rec.last_heartbeat_at = Some(now);
            rec.recovery_attempts = 0;
            rec.next_recovery_at = None;
            if from != AccountState::Online && from != AccountState::Recovering {
                rec.online_since = Some(now);
            }
        }
        // Recovery starts right away; the sweeper backs off between failed attempts.
        AccountState::Recovering if from == AccountState::Online => {
            rec.recovery_attempts = 0;
            rec.next_recovery_at = Some(now);
        }
        AccountState::Recovering => {}
        _ => rec.online_since = None,
    }
}

impl AccountService {
    /// Applies `event` to the account, then `extra` (e.g. a new QR code), and saves both.
    pub(crate) async fn change(
        &self,
        tenant: TenantId,
        account_id: &str,
        event: AccountEvent,
        detail: serde_json::Value,
        extra: impl Fn(&mut AccountRecord),
    ) -> Result<AccountRecord, AccountError> {
        self.change_if(tenant, account_id, event, detail, |_| true, extra)
            .await?
            .ok_or(AccountError::Contended)
    }

    /// Like [`Self::change`], but only while `still_applies` holds for the freshly read account
    /// (`Ok(None)` when it no longer does): the sweeper's view may be stale by the time it acts.
    pub(crate) async fn change_if(
        &self,
        tenant: TenantId,
        account_id: &str,
        event: AccountEvent,
        detail: serde_json::Value,
        still_applies: impl Fn(&AccountRecord) -> bool,
        extra: impl Fn(&mut AccountRecord),
    ) -> Result<Option<AccountRecord>, AccountError> {
        for _ in 0..CAS_ATTEMPTS {
            let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
            let mut rec = accounts::get(&mut tx, tenant, account_id)
                .await?
                .ok_or(AccountError::NotFound)?;
            if !still_applies(&rec) {
                return Ok(None);
            }
            let from = state_of(&rec)?;
            let to = transition(from, event).map_err(|_| invalid(&rec, event))?;
            let (old_status, old_stage) = (rec.status.clone(), rec.login_stage.clone());
            let now = now_ms();
            enter(&mut rec, from, to, now);
            extra(&mut rec);
            // A heartbeat on an online account changes no status: it is not history.
            let change = (event != AccountEvent::Heartbeat || from != to).then(|| StateChange {
                old_status: &old_status,
                old_stage: old_stage.as_deref(),
                reason: event.as_str(),
                detail: detail.clone(),
            });
            if accounts::save_state(&mut tx, &rec, change).await? {
                tx.commit().await?;
                rec.version += 1;
                tracing::debug!(account = account_id, from = %old_status, to = %rec.status, reason = event.as_str(), "account status changed");
                if from != to {
                    self.events.publish(DomainEvent::new(
                        STATUS_CHANGED,
                        rec.tenant_id.clone(),
                        rec.id.clone(),
                        json!({
                            "account_id": rec.id,
                            "old_status": old_status,
                            "old_stage": old_stage,
                            "new_status": rec.status,
                            "new_stage": rec.login_stage,
                            "reason": event.as_str(),
                            "detail": detail,
                        }),
                    ));
                }
                return Ok(Some(rec));
            }
        }
        Err(AccountError::Contended)
    }
}
