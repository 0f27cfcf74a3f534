//! The simulator: in-process WeCom instances that behave like hosted accounts — a QR login
//! with scan, confirm and new-device verification, sessions that drop and come back — with
//! configurable latency and injectable failures. It is a product feature (the demo runs on it)
//! as much as a test double. A person (or a test) plays the phone through the drive methods
//! ([`Simulator::scan`], [`Simulator::confirm`], ...), which return the event the account
//! service applies. Messages sent through it are logged and deduplicated, can be made to
//! fail ([`Simulator::fail_sends`]), and are reported delivered a while later
//! ([`Simulator::delivery_round`]).

mod messages;

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex, MutexGuard,
    },
    time::Duration,
};

use fleet_core::{account::AccountEvent, clock::now_ms};

use rand::Rng;
use serde_json::Value;

use crate::{
    Connector, ConnectorError, ConnectorEvent, ConnectorKind, Conversation, Instance, LoginStart,
    LoginTicket, OutgoingMessage, SendReceipt,
};

pub use messages::{SendFailureRule, SentMessage};

#[derive(Debug, Clone)]
pub struct SimulatorSettings {
    /// Added to every connector call.
    pub latency: Duration,
    /// The code a new-device check accepts.
    pub verification_code: String,
    /// How long a QR code stays valid.
    pub qr_ttl: Duration,
    /// How often online instances send a heartbeat.
    pub heartbeat_interval: Duration,
    /// The chance, at each heartbeat, that an online session drops silently (0.0 to 1.0).
    pub disconnect_rate: f64,
    /// The chance that a connector call fails with `error_code` (0.0 to 1.0), as a busy
    /// WeCom would.
    pub error_rate: f64,
    /// The code of those failures; they are retryable.
    pub error_code: String,
    /// How long after a send its delivery is reported ([`Simulator::delivery_round`]);
    /// `None` never reports delivery.
    pub delivery_delay: Option<Duration>,
}

impl Default for SimulatorSettings {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            verification_code: "000000".into(),
            qr_ttl: Duration::from_secs(120),
            heartbeat_interval: Duration::from_secs(30),
            disconnect_rate: 0.0,
            error_rate: 0.0,
            error_code: "-1".into(),
            delivery_delay: Some(Duration::from_secs(1)),
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

impl Phase {
    /// The name the HTTP instance protocol gives the state (`GET /status`).
    fn as_str(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::WaitingScan => "waiting_scan",
            Phase::WaitingConfirm => "waiting_confirm",
            Phase::NeedsVerification => "needs_verification",
            Phase::Online => "online",
            Phase::Dropped => "dropped",
        }
    }
}

struct SimInstance {
    account_id: String,
    phase: Phase,
    /// Calls about this instance never answer (a stuck provider), until cleared.
    hung: bool,
}

pub struct Simulator {
    settings: SimulatorSettings,
    instances: Mutex<HashMap<String, SimInstance>>,
    /// When set, connector calls fail with it (until cleared).
    failure: Mutex<Option<ConnectorError>>,
    serial: AtomicU64,
    messages: messages::MessageLog,
}

impl Simulator {
    pub fn new(settings: SimulatorSettings) -> Self {
        Self {
            settings,
            instances: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
            serial: AtomicU64::new(0),
            messages: messages::MessageLog::default(),
        }
    }

    /// Makes every following connector call fail with `failure` (`None` restores service).
    pub fn inject_failure(&self, failure: Option<ConnectorError>) {
        if let Ok(mut slot) = self.failure.lock() {
            *slot = failure;
        }
    }

    /// Makes every following call about `instance_id` hang forever (`false` ends that).
    pub fn hang(&self, instance_id: &str, hung: bool) -> Result<(), ConnectorError> {
        let mut instances = self.instances()?;
        let instance = instances
            .get_mut(instance_id)
            .ok_or_else(|| ConnectorError::UnknownInstance(instance_id.to_owned()))?;
        instance.hung = hung;
        Ok(())
    }

    /// The instance's state as the HTTP instance protocol names it (`idle`, `waiting_scan`,
    /// `waiting_confirm`, `needs_verification`, `online`, `dropped`); `None` for an unknown
    /// instance. Reading it takes no latency and ignores injected failures: it is a look at
    /// the simulated phone, not a connector call.
    pub fn phase_of(&self, instance_id: &str) -> Option<&'static str> {
        self.instances()
            .ok()?
            .get(instance_id)
            .map(|instance| instance.phase.as_str())
    }

    pub fn heartbeat_interval(&self) -> Duration {
        self.settings.heartbeat_interval
    }

    /// How long after a send its delivery is reported; `None` when it never is.
    pub fn delivery_delay(&self) -> Option<Duration> {
        self.settings.delivery_delay
    }

    /// One heartbeat round: every online instance either beats or, at the configured
    /// disconnect rate, drops silently. Returns the accounts whose instances beat.
    pub fn heartbeat_round(&self) -> Vec<String> {
        let Ok(mut instances) = self.instances() else {
            return Vec::new();
        };
        let mut rng = rand::thread_rng();
        let mut beating = Vec::new();
        for instance in instances.values_mut() {
            if instance.phase != Phase::Online || instance.hung {
                continue;
            }
            if self.settings.disconnect_rate > 0.0
                && rng.gen_bool(self.settings.disconnect_rate.min(1.0))
            {
                instance.phase = Phase::Dropped;
            } else {
                beating.push(instance.account_id.clone());
            }
        }
        beating
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
        let instance = instances
            .get_mut(id)
            .ok_or_else(|| ConnectorError::UnknownInstance(id.to_owned()))?;
        if instance.phase != from {
            return Err(ConnectorError::WrongState(format!(
                "the simulated phone is {:?}, not {from:?}",
                instance.phase
            )));
        }
        instance.phase = to;
        Ok(ConnectorEvent {
            account_id: instance.account_id.clone(),
            event,
        })
    }

    fn instances(&self) -> Result<MutexGuard<'_, HashMap<String, SimInstance>>, ConnectorError> {
        self.instances
            .lock()
            .map_err(|_| ConnectorError::Retryable {
                code: "simulator_poisoned".into(),
                message: "simulator state lock poisoned".into(),
            })
    }

    /// Latency, a hang if one is injected for `instance_id`, then the injected failure if any,
    /// then a failure at the configured error rate.
    async fn call(&self, instance_id: &str) -> Result<(), ConnectorError> {
        if !self.settings.latency.is_zero() {
            tokio::time::sleep(self.settings.latency).await;
        }
        let hung = self.instances()?.get(instance_id).is_some_and(|i| i.hung);
        if hung {
            std::future::pending::<()>().await;
        }
        if let Some(err) = self.failure.lock().ok().and_then(|f| f.clone()) {
            return Err(err);
        }
        let rate = self.settings.error_rate.clamp(0.0, 1.0);
        if rate > 0.0 && rand::thread_rng().gen_bool(rate) {
            return Err(ConnectorError::retryable(
                self.settings.error_code.clone(),
                "simulated WeCom error",
            ));
        }
        Ok(())
    }

    /// The account of `id` when it is online.
    fn online_account(&self, id: &str) -> Result<String, ConnectorError> {
        let instances = self.instances()?;
        let instance = instances
            .get(id)
            .ok_or_else(|| ConnectorError::UnknownInstance(id.to_owned()))?;
        if instance.phase != Phase::Online {
            return Err(ConnectorError::WrongState(
                "the account is not online".into(),
            ));
        }
        Ok(instance.account_id.clone())
    }

    fn set_phase(&self, id: &str, allowed: &[Phase], to: Phase) -> Result<(), ConnectorError> {
        let mut instances = self.instances()?;
        let instance = instances
            .get_mut(id)
            .ok_or_else(|| ConnectorError::UnknownInstance(id.to_owned()))?;
        if !allowed.contains(&instance.phase) {
            return Err(ConnectorError::WrongState(format!(
                "the simulated instance is {:?}",
                instance.phase
            )));
        }
        instance.phase = to;
        Ok(())
    }
}

#[async_trait::async_trait]
impl Connector for Simulator {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::Simulator
    }

    async fn create_instance(
        &self,
        account_id: &str,
        _settings: &Value,
    ) -> Result<String, ConnectorError> {
        let id = format!("sim-{account_id}");
        self.call(&id).await?;
        self.instances()?.insert(
            id.clone(),
            SimInstance {
                account_id: account_id.to_owned(),
                phase: Phase::Idle,
                hung: false,
            },
        );
        Ok(id)
    }

    async fn start_login(&self, instance: Instance<'_>) -> Result<LoginStart, ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
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
        Ok(LoginStart::Qr(LoginTicket {
            qr_payload: format!("https://wecom-fleet.invalid/simulator/qr/{instance_id}/{serial}"),
            expires_at: now_ms().saturating_add(ttl_ms),
        }))
    }

    async fn submit_verification(
        &self,
        instance: Instance<'_>,
        code: &str,
    ) -> Result<(), ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
        if code != self.settings.verification_code {
            return Err(ConnectorError::Permanent {
                code: "invalid_verification_code".into(),
                message: "the verification code is wrong".into(),
            });
        }
        self.set_phase(instance_id, &[Phase::NeedsVerification], Phase::Online)
    }

    async fn logout(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
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

    async fn reconnect(&self, instance: Instance<'_>) -> Result<(), ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
        self.set_phase(instance_id, &[Phase::Dropped, Phase::Online], Phase::Online)
    }

    async fn list_conversations(
        &self,
        instance: Instance<'_>,
    ) -> Result<Vec<Conversation>, ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
        self.online_account(instance_id)?;
        Ok(canned_conversations(instance_id))
    }

    async fn send(
        &self,
        instance: Instance<'_>,
        message: OutgoingMessage<'_>,
    ) -> Result<SendReceipt, ConnectorError> {
        self.send_message(instance, message).await
    }
}

/// Every simulated account has the same three conversations, named after its instance.
fn canned_conversations(instance_id: &str) -> Vec<Conversation> {
    let conversation = |id: &str, name: &str, kind: &str, members| Conversation {
        id: format!("{instance_id}:{id}"),
        name: name.into(),
        kind: kind.into(),
        member_count: members,
    };
    vec![
        conversation("c1", "Customer Li Lei", "private", 2),
        conversation("c2", "VIP customers", "group", 48),
        conversation("c3", "After-sales support", "group", 12),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_SETTINGS: Value = Value::Null;

    fn at(instance_id: &str) -> Instance<'_> {
        Instance {
            account_id: "a1",
            instance_id,
            settings: &NO_SETTINGS,
        }
    }

    #[tokio::test]
    async fn a_qr_login_with_verification() {
        let sim = Simulator::new(SimulatorSettings::default());
        let id = sim.create_instance("a1", &NO_SETTINGS).await.unwrap();
        assert!(
            sim.scan(&id).is_err(),
            "nothing to scan before a login starts"
        );
        let LoginStart::Qr(ticket) = sim.start_login(at(&id)).await.unwrap() else {
            panic!("the simulator logs in by QR code");
        };
        assert!(ticket.qr_payload.contains(&id) && ticket.expires_at > now_ms());
        let scanned = sim.scan(&id).unwrap();
        assert_eq!(
            (scanned.account_id.as_str(), scanned.event),
            ("a1", AccountEvent::QrScanned)
        );
        assert_eq!(
            sim.require_verification(&id).unwrap().event,
            AccountEvent::VerificationRequired
        );
        let wrong = sim
            .submit_verification(at(&id), "999999")
            .await
            .unwrap_err();
        assert!(
            matches!(wrong, ConnectorError::Permanent { ref code, .. } if code == "invalid_verification_code")
        );
        sim.submit_verification(at(&id), "000000").await.unwrap();
        assert_eq!(sim.list_conversations(at(&id)).await.unwrap().len(), 3);
        assert_eq!(
            sim.disconnect(&id).unwrap().event,
            AccountEvent::Disconnected
        );
        assert!(sim.list_conversations(at(&id)).await.is_err());
        sim.reconnect(at(&id)).await.unwrap();
        sim.logout(at(&id)).await.unwrap();
        assert!(
            sim.reconnect(at(&id)).await.is_err(),
            "a logged-out session does not come back"
        );
    }

    #[tokio::test]
    async fn phases_are_named_as_the_protocol_names_them() {
        let sim = Simulator::new(SimulatorSettings::default());
        assert_eq!(sim.phase_of("nope"), None);
        let id = sim.create_instance("a1", &NO_SETTINGS).await.unwrap();
        assert_eq!(sim.phase_of(&id), Some("idle"));
        sim.start_login(at(&id)).await.unwrap();
        assert_eq!(sim.phase_of(&id), Some("waiting_scan"));
        sim.scan(&id).unwrap();
        assert_eq!(sim.phase_of(&id), Some("waiting_confirm"));
        sim.require_verification(&id).unwrap();
        assert_eq!(sim.phase_of(&id), Some("needs_verification"));
        sim.submit_verification(at(&id), "000000").await.unwrap();
        assert_eq!(sim.phase_of(&id), Some("online"));
        sim.disconnect(&id).unwrap();
        assert_eq!(sim.phase_of(&id), Some("dropped"));
    }

    #[tokio::test]
    async fn injected_failures_and_unknown_instances() {
        let sim = Simulator::new(SimulatorSettings::default());
        let id = sim.create_instance("a1", &NO_SETTINGS).await.unwrap();
        let busy = ConnectorError::retryable("-1", "system busy");
        sim.inject_failure(Some(busy.clone()));
        assert_eq!(sim.start_login(at(&id)).await.unwrap_err(), busy);
        sim.inject_failure(None);
        sim.start_login(at(&id)).await.unwrap();
        assert_eq!(
            sim.scan("nope").unwrap_err(),
            ConnectorError::UnknownInstance("nope".into())
        );
    }

    async fn online(sim: &Simulator, account_id: &str) -> String {
        let id = sim.create_instance(account_id, &NO_SETTINGS).await.unwrap();
        sim.start_login(at(&id)).await.unwrap();
        sim.scan(&id).unwrap();
        sim.confirm(&id).unwrap();
        id
    }

    #[tokio::test]
    async fn calls_fail_at_the_configured_error_rate_with_its_code() {
        let always = Simulator::new(SimulatorSettings {
            error_rate: 1.0,
            error_code: "45009".into(),
            ..SimulatorSettings::default()
        });
        let err = always
            .create_instance("a1", &NO_SETTINGS)
            .await
            .unwrap_err();
        assert!(matches!(err, ConnectorError::Retryable { ref code, .. } if code == "45009"));
        let never = Simulator::new(SimulatorSettings::default());
        for _ in 0..100 {
            never.create_instance("a1", &NO_SETTINGS).await.unwrap();
        }
    }

    #[tokio::test]
    async fn heartbeats_come_from_online_instances_and_stop_when_they_drop() {
        let sim = Simulator::new(SimulatorSettings::default());
        let first = online(&sim, "a1").await;
        online(&sim, "a2").await;
        sim.create_instance("a3", &NO_SETTINGS).await.unwrap();
        let mut beating = sim.heartbeat_round();
        beating.sort();
        assert_eq!(beating, ["a1", "a2"]);
        sim.disconnect(&first).unwrap();
        assert_eq!(sim.heartbeat_round(), ["a2"]);

        let flaky = Simulator::new(SimulatorSettings {
            disconnect_rate: 1.0,
            ..SimulatorSettings::default()
        });
        let id = online(&flaky, "a1").await;
        assert!(
            flaky.heartbeat_round().is_empty(),
            "the session dropped silently"
        );
        assert!(flaky.list_conversations(at(&id)).await.is_err());
        flaky.reconnect(at(&id)).await.unwrap();
    }

    #[tokio::test]
    async fn a_hung_instance_does_not_answer_but_the_others_do() {
        let sim = Simulator::new(SimulatorSettings::default());
        let stuck = online(&sim, "a1").await;
        let fine = online(&sim, "a2").await;
        sim.hang(&stuck, true).unwrap();
        let waited =
            tokio::time::timeout(Duration::from_millis(50), sim.reconnect(at(&stuck))).await;
        assert!(waited.is_err(), "the hung instance never answers");
        sim.reconnect(at(&fine)).await.unwrap();
        sim.hang(&stuck, false).unwrap();
        sim.reconnect(at(&stuck)).await.unwrap();
    }
}
