//! The simulator: in-process WeCom instances that behave like hosted accounts — a QR login
//! with scan, confirm and new-device verification, sessions that drop and come back — with
//! configurable latency and injectable failures. It is a product feature (the demo runs on it)
//! as much as a test double. A person (or a test) plays the phone through the drive methods
//! ([`Simulator::scan`], [`Simulator::confirm`], ...), which return the event the account
//! service applies.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex, MutexGuard,
    },
    time::Duration,
};

use fleet_core::{account::AccountEvent, clock::now_ms};

use crate::{Connector, ConnectorError, ConnectorEvent, ConnectorKind, Conversation, LoginTicket};

#[derive(Debug, Clone)]
pub struct SimulatorSettings {
    /// Added to every connector call.
    pub latency: Duration,
    /// The code a new-device check accepts.
    pub verification_code: String,
    /// How long a QR code stays valid.
    pub qr_ttl: Duration,
}

impl Default for SimulatorSettings {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            verification_code: "000000".into(),
            qr_ttl: Duration::from_secs(120),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    WaitingScan,
    WaitingConfirm,
    NeedsVerification,
    Online,
    /// The session dropped; `reconnect` can bring it back.
    Dropped,
}

pub struct Simulator {
    settings: SimulatorSettings,
    instances: Mutex<HashMap<String, Phase>>,
    /// When set, connector calls fail with it (until cleared).
    failure: Mutex<Option<ConnectorError>>,
    serial: AtomicU64,
}

impl Simulator {
    pub fn new(settings: SimulatorSettings) -> Self {
        Self {
            settings,
            instances: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
            serial: AtomicU64::new(0),
        }
    }

    /// Makes every following connector call fail with `failure` (`None` restores service).
    pub fn inject_failure(&self, failure: Option<ConnectorError>) {
        if let Ok(mut slot) = self.failure.lock() {
            *slot = failure;
        }
    }

    /// The phone scanned the QR code.
    pub fn scan(&self, instance_id: &str) -> Result<ConnectorEvent, ConnectorError> {
        self.drive(
            instance_id,
            Phase::WaitingScan,
            Phase::WaitingConfirm,
            AccountEvent::QrScanned,
        )
    }

    /// The phone confirmed the login.
    pub fn confirm(&self, instance_id: &str) -> Result<ConnectorEvent, ConnectorError> {
        self.drive(
            instance_id,
            Phase::WaitingConfirm,
            Phase::Online,
            AccountEvent::QrConfirmed,
        )
    }

    /// WeCom asks for a new-device verification code instead of confirming.
    pub fn require_verification(
        &self,
        instance_id: &str,
    ) -> Result<ConnectorEvent, ConnectorError> {
        self.drive(
            instance_id,
            Phase::WaitingConfirm,
            Phase::NeedsVerification,
            AccountEvent::VerificationRequired,
        )
    }

    /// The session drops (network, WeCom kicked it).
    pub fn disconnect(&self, instance_id: &str) -> Result<ConnectorEvent, ConnectorError> {
        self.drive(
            instance_id,
            Phase::Online,
            Phase::Dropped,
            AccountEvent::Disconnected,
        )
    }

    fn drive(
        &self,
        id: &str,
        from: Phase,
        to: Phase,
        event: AccountEvent,
    ) -> Result<ConnectorEvent, ConnectorError> {
        let mut instances = self.instances()?;
        let phase = instances
            .get_mut(id)
            .ok_or_else(|| ConnectorError::UnknownInstance(id.to_owned()))?;
        if *phase != from {
            return Err(ConnectorError::WrongState(format!(
                "the simulated phone is {phase:?}, not {from:?}"
            )));
        }
        *phase = to;
        Ok(ConnectorEvent {
            instance_id: id.to_owned(),
            event,
        })
    }

    fn instances(&self) -> Result<MutexGuard<'_, HashMap<String, Phase>>, ConnectorError> {
        self.instances
            .lock()
            .map_err(|_| ConnectorError::Retryable {
                code: "simulator_poisoned".into(),
                message: "simulator state lock poisoned".into(),
            })
    }

    /// Latency, then the injected failure if any.
    async fn call(&self) -> Result<(), ConnectorError> {
        if !self.settings.latency.is_zero() {
            tokio::time::sleep(self.settings.latency).await;
        }
        match self.failure.lock().ok().and_then(|f| f.clone()) {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    fn set_phase(&self, id: &str, allowed: &[Phase], to: Phase) -> Result<(), ConnectorError> {
        let mut instances = self.instances()?;
        let phase = instances
            .get_mut(id)
            .ok_or_else(|| ConnectorError::UnknownInstance(id.to_owned()))?;
        if !allowed.contains(phase) {
            return Err(ConnectorError::WrongState(format!(
                "the simulated instance is {phase:?}"
            )));
        }
        *phase = to;
        Ok(())
    }
}

#[async_trait::async_trait]
impl Connector for Simulator {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::Simulator
    }

    async fn create_instance(&self, account_id: &str) -> Result<String, ConnectorError> {
        self.call().await?;
        let id = format!("sim-{account_id}");
        self.instances()?.insert(id.clone(), Phase::Idle);
        Ok(id)
    }

    async fn start_login(&self, instance_id: &str) -> Result<LoginTicket, ConnectorError> {
        self.call().await?;
        use Phase::*;
        self.set_phase(
            instance_id,
            &[
                Idle,
                WaitingScan,
                WaitingConfirm,
                NeedsVerification,
                Dropped,
            ],
            WaitingScan,
        )?;
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let ttl_ms = i64::try_from(self.settings.qr_ttl.as_millis()).unwrap_or(i64::MAX);
        Ok(LoginTicket {
            qr_payload: format!("https://wecom-fleet.invalid/simulator/qr/{instance_id}/{serial}"),
            expires_at: now_ms().saturating_add(ttl_ms),
        })
    }

    async fn submit_verification(
        &self,
        instance_id: &str,
        code: &str,
    ) -> Result<(), ConnectorError> {
        self.call().await?;
        if code != self.settings.verification_code {
            return Err(ConnectorError::Permanent {
                code: "invalid_verification_code".into(),
                message: "the verification code is wrong".into(),
            });
        }
        self.set_phase(instance_id, &[Phase::NeedsVerification], Phase::Online)
    }

    async fn logout(&self, instance_id: &str) -> Result<(), ConnectorError> {
        self.call().await?;
        use Phase::*;
        self.set_phase(
            instance_id,
            &[
                Idle,
                WaitingScan,
                WaitingConfirm,
                NeedsVerification,
                Online,
                Dropped,
            ],
            Idle,
        )
    }

    async fn reconnect(&self, instance_id: &str) -> Result<(), ConnectorError> {
        self.call().await?;
        self.set_phase(instance_id, &[Phase::Dropped, Phase::Online], Phase::Online)
    }

    async fn list_conversations(
        &self,
        instance_id: &str,
    ) -> Result<Vec<Conversation>, ConnectorError> {
        self.call().await?;
        if self.instances()?.get(instance_id) != Some(&Phase::Online) {
            return Err(ConnectorError::WrongState(
                "the account is not online".into(),
            ));
        }
        let conversation = |id: &str, name: &str, kind: &str, members| Conversation {
            id: format!("{instance_id}:{id}"),
            name: name.into(),
            kind: kind.into(),
            member_count: members,
        };
        Ok(vec![
            conversation("c1", "Customer Li Lei", "private", 2),
            conversation("c2", "VIP customers", "group", 48),
            conversation("c3", "After-sales support", "group", 12),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_qr_login_with_verification() {
        let sim = Simulator::new(SimulatorSettings::default());
        let id = sim.create_instance("a1").await.unwrap();
        assert!(
            sim.scan(&id).is_err(),
            "nothing to scan before a login starts"
        );
        let ticket = sim.start_login(&id).await.unwrap();
        assert!(ticket.qr_payload.contains(&id) && ticket.expires_at > now_ms());
        assert_eq!(sim.scan(&id).unwrap().event, AccountEvent::QrScanned);
        assert_eq!(
            sim.require_verification(&id).unwrap().event,
            AccountEvent::VerificationRequired
        );
        let wrong = sim.submit_verification(&id, "999999").await.unwrap_err();
        assert!(
            matches!(wrong, ConnectorError::Permanent { ref code, .. } if code == "invalid_verification_code")
        );
        sim.submit_verification(&id, "000000").await.unwrap();
        assert_eq!(sim.list_conversations(&id).await.unwrap().len(), 3);
        assert_eq!(
            sim.disconnect(&id).unwrap().event,
            AccountEvent::Disconnected
        );
        assert!(sim.list_conversations(&id).await.is_err());
        sim.reconnect(&id).await.unwrap();
        sim.logout(&id).await.unwrap();
        assert!(
            sim.reconnect(&id).await.is_err(),
            "a logged-out session does not come back"
        );
    }

    #[tokio::test]
    async fn injected_failures_and_unknown_instances() {
        let sim = Simulator::new(SimulatorSettings::default());
        let id = sim.create_instance("a1").await.unwrap();
        let busy = ConnectorError::Retryable {
            code: "-1".into(),
            message: "system busy".into(),
        };
        sim.inject_failure(Some(busy.clone()));
        assert_eq!(sim.start_login(&id).await.unwrap_err(), busy);
        sim.inject_failure(None);
        sim.start_login(&id).await.unwrap();
        assert_eq!(
            sim.scan("nope").unwrap_err(),
            ConnectorError::UnknownInstance("nope".into())
        );
    }
}
