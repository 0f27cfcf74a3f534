//! One claimed message, from lease to outcome: check the account, wait for pacing, send
//! through the connector with the message's stable client id, and record the attempt.

use fleet_connectors::{ConnectorError, ConnectorKind, Instance, OutgoingMessage};
use fleet_core::{clock::now_ms, ids::TenantId};
use fleet_store::{
    accounts::{self, AccountRecord},
    messaging::{messages::MessageRecord, pacing as pacing_repo, queue, settings},
    Scope,
};

use crate::{
    calendar::day_of,
    events::StatusChange,
    pacing::{decide, PacingProfile, Slot},
    MessagingError, MessagingService,
};

/// Why an attempt failed, in the connector's terms.
#[derive(Debug, Clone)]
pub(crate) struct SendFailure {
    pub code: String,
    pub message: String,
    pub retryable: bool,
}

impl SendFailure {
    fn new(code: &str, message: impl Into<String>, retryable: bool) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            retryable,
        }
    }
}

impl From<ConnectorError> for SendFailure {
    fn from(error: ConnectorError) -> Self {
        let message = error.to_string();
        match error {
            ConnectorError::Retryable { code, .. } => Self::new(&code, message, true),
            ConnectorError::Permanent { code, .. } => Self::new(&code, message, false),
            ConnectorError::UnknownInstance(_) => Self::new("unknown_instance", message, false),
            ConnectorError::WrongState(_) => Self::new("wrong_state", message, true),
            ConnectorError::InvalidSettings(_) => Self::new("invalid_settings", message, false),
        }
    }
}

impl MessagingService {
    /// Takes a claimed message as far as it can go now. Losing the lease (another worker
    /// took over, or the message was cancelled) ends the work silently.
    pub(crate) async fn dispatch(
        &self,
        m: MessageRecord,
        lease: &str,
    ) -> Result<(), MessagingError> {
        let tenant: TenantId = m.tenant_id.parse().map_err(MessagingError::corrupt)?;
        let account = {
            let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
            accounts::get(&mut tx, tenant, &m.account_id).await?
        };
        let account = match account {
            None => {
                let failure = SendFailure::new("account_deleted", "the account was deleted", false);
                return self.fail_unsent(&m, lease, failure).await;
            }
            Some(a) if a.status != "online" => {
                let failure = SendFailure::new(
                    "account_not_online",
                    format!("the account is {}", a.status),
                    true,
                );
                return self.fail_unsent(&m, lease, failure).await;
            }
            Some(a) => a,
        };
        let pacing = self.profile_for(tenant, &account).await?;
        if !self.start(&m, lease, tenant, &pacing).await? {
            return Ok(());
        }
        let started = now_ms();
        let result = self.send_through(&account, &m).await;
        self.finish_attempt(m, lease, started, result).await
    }

    /// Counts an attempt that could not even be made (the account is gone or offline), so
    /// such messages follow the retry ladder and end up dead-lettered, not stuck.
    async fn fail_unsent(
        &self,
        m: &MessageRecord,
        lease: &str,
        failure: SendFailure,
    ) -> Result<(), MessagingError> {
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let started =
            queue::start_sending(&mut tx, &m.id, lease, now + self.lease_ms(), now).await?;
        tx.commit().await?;
        if started {
            self.publish(StatusChange::of(m, Some("pending"), "sending"));
            self.finish_attempt(m.clone(), lease, now, Err(failure))
                .await?;
        }
        Ok(())
    }

    /// The pacing profile for a send: the account's choice, else its tenant's, else the
    /// connector's own (WeCom's published limits for the official API), else the default;
    /// and the tenant's timezone, whose days the daily cap counts.
    async fn profile_for(
        &self,
        tenant: TenantId,
        account: &AccountRecord,
    ) -> Result<(PacingProfile, String), MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let choices = settings::pacing_choices(&mut tx, tenant, &account.id).await?;
        let connector_default =
            (account.connector == ConnectorKind::WecomApi.as_str()).then(|| "wecom_api".to_owned());
        let profile = [
            choices.account_profile,
            choices.tenant_profile,
            connector_default,
        ]
        .into_iter()
        .flatten()
        .chain([self.settings.default_profile.clone()])
        .find_map(|name| self.settings.profile(&name).cloned())
        .unwrap_or(PacingProfile::STANDARD);
        Ok((profile, choices.timezone))
    }

    /// Marks the message `sending` if pacing lets it go now, else gives it back due when it
    /// may. False when it is not to be sent now.
    async fn start(
        &self,
        m: &MessageRecord,
        lease: &str,
        tenant: TenantId,
        (profile, timezone): &(PacingProfile, String),
    ) -> Result<bool, MessagingError> {
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if !profile.is_off() {
            let state = pacing_repo::lock(&mut tx, &m.tenant_id, &m.account_id).await?;
            let last =
                pacing_repo::last_sent_to(&mut tx, &m.account_id, &m.conversation_id).await?;
            match decide(profile, &state, last, &day_of(now, timezone), now) {
                Slot::WaitUntil(at) => {
                    queue::defer(&mut tx, &m.id, lease, at).await?;
                    tx.commit().await?;
                    return Ok(false);
                }
                Slot::Take(next) => {
                    pacing_repo::take_slot(
                        &mut tx,
                        &m.tenant_id,
                        &m.account_id,
                        &m.conversation_id,
                        &next,
                        now,
                    )
                    .await?;
                }
            }
        }
        let started =
            queue::start_sending(&mut tx, &m.id, lease, now + self.lease_ms(), now).await?;
        if !started {
            // Cancelled or taken over: give the pacing slot back untouched.
            return Ok(false);
        }
        tx.commit().await?;
        self.publish(StatusChange::of(m, Some("pending"), "sending"));
        Ok(true)
    }

    async fn send_through(
        &self,
        account: &AccountRecord,
        m: &MessageRecord,
    ) -> Result<fleet_connectors::SendReceipt, SendFailure> {
        let kind: ConnectorKind = account
            .connector
            .parse()
            .map_err(|e: String| SendFailure::new("invalid_account", e, false))?;
        let connector = self.connectors.get(kind).ok_or_else(|| {
            SendFailure::new(
                "connector_unavailable",
                format!("connector {kind} is not available here"),
                true,
            )
        })?;
        let settings = accounts::connector_settings(&self.keyring, account)
            .map_err(|e| SendFailure::new("invalid_account", e, false))?;
        let instance_id = account.instance_id.as_deref().ok_or_else(|| {
            SendFailure::new("invalid_account", "the account has no instance", false)
        })?;
        let content: serde_json::Value = serde_json::from_str(&m.content)
            .map_err(|e| SendFailure::new("invalid_message", e.to_string(), false))?;
        let instance = Instance {
            account_id: &account.id,
            instance_id,
            settings: &settings,
        };
        let message = OutgoingMessage {
            client_message_id: &m.client_message_id,
            conversation_id: &m.conversation_id,
            message_type: &m.message_type,
            content: &content,
        };
        match tokio::time::timeout(
            self.settings.send_timeout,
            connector.send(instance, message),
        )
        .await
        {
            Ok(result) => result.map_err(SendFailure::from),
            Err(_) => Err(SendFailure::new(
                "timeout",
                "the connector did not answer in time",
                true,
            )),
        }
    }

    pub(crate) fn lease_ms(&self) -> i64 {
        i64::try_from(self.settings.lease.as_millis()).unwrap_or(i64::MAX)
    }
}
