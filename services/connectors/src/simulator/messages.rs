//! Sending through simulated instances: a send log that deduplicates on the client message
//! id (so tests can check that a retried send is never delivered twice), scripted send
//! failures (for tests of retries and fallbacks), and delivery reports a configurable while
//! after each send, as a provider would report them.
//!
//! The log keeps every message sent for the simulator's lifetime: it is what tests read, and
//! a simulator does not live long enough for that to matter.

use std::{
    collections::{HashMap, HashSet},
    sync::{Mutex, MutexGuard, PoisonError},
};

use fleet_core::clock::{now_ms, Millis};
use serde_json::Value;
use uuid::Uuid;

use super::Simulator;
use crate::{ConnectorError, DeliveryReport, Instance, OutgoingMessage, SendReceipt};

/// A scripted send failure (see [`Simulator::fail_sends`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailureRule {
    /// Only sends of this message type fail; `None` for every type.
    pub message_type: Option<String>,
    /// What those sends answer.
    pub error: ConnectorError,
    /// How many sends fail; `None` until [`Simulator::clear_send_failures`].
    pub times: Option<u32>,
}

impl SendFailureRule {
    fn matches(&self, message_type: &str) -> bool {
        self.message_type
            .as_deref()
            .is_none_or(|only| only == message_type)
    }
}

/// A message a simulated instance accepted, as [`Simulator::sent_messages`] lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub instance_id: String,
    pub account_id: String,
    pub client_message_id: String,
    pub provider_message_id: String,
    pub conversation_id: String,
    pub message_type: String,
    pub content: Value,
    /// When the first send was accepted: what pacing is measured on.
    pub sent_at: Millis,
    /// How many accepted send calls carried this client message id, the first and its
    /// duplicates. Failed calls are not counted: they recorded nothing.
    pub send_calls: u32,
}

#[derive(Default)]
pub(super) struct MessageLog {
    inner: Mutex<Log>,
}

#[derive(Default)]
struct Log {
    /// In send order.
    sent: Vec<SentMessage>,
    /// (instance id, client message id) → index in `sent`.
    by_client_id: HashMap<(String, String), usize>,
    /// Indexes in `sent` whose delivery is not reported yet, oldest first.
    unreported: Vec<usize>,
    /// Active scripted failures, in the order they were added.
    rules: Vec<SendFailureRule>,
}

impl MessageLog {
    // Every change is complete under one lock; a poisoned lock is safe to reuse.
    fn log(&self) -> MutexGuard<'_, Log> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Log {
    /// The error of the first rule matching `message_type`, counting that rule down.
    fn scripted_failure(&mut self, message_type: &str) -> Option<ConnectorError> {
        let position = self.rules.iter().position(|r| r.matches(message_type))?;
        let rule = self.rules.get_mut(position)?;
        let error = rule.error.clone();
        if let Some(left) = rule.times.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.rules.remove(position);
            }
        }
        Some(error)
    }

    /// The receipt of an earlier send of the same message, counting this call.
    fn repeat(&mut self, key: &(String, String)) -> Option<SendReceipt> {
        let earlier = self.sent.get_mut(*self.by_client_id.get(key)?)?;
        earlier.send_calls = earlier.send_calls.saturating_add(1);
        Some(SendReceipt {
            provider_message_id: earlier.provider_message_id.clone(),
            duplicate: true,
        })
    }

    fn record(&mut self, key: (String, String), message: SentMessage) -> SendReceipt {
        let receipt = SendReceipt {
            provider_message_id: message.provider_message_id.clone(),
            duplicate: false,
        };
        let index = self.sent.len();
        self.sent.push(message);
        self.by_client_id.insert(key, index);
        self.unreported.push(index);
        receipt
    }
}

impl Simulator {
    /// Makes following sends fail as `rule` says. Several rules may be active: a send fails
    /// with the first one matching its type, which counts down. Scripted failures apply after
    /// the checks of the instance and the conversation and before deduplication, so a repeat
    /// of an accepted message fails too, as it would at a provider that is refusing sends.
    /// A rule with `times: Some(0)` fails nothing.
    pub fn fail_sends(&self, rule: SendFailureRule) {
        if rule.times != Some(0) {
            self.messages.log().rules.push(rule);
        }
    }

    /// Ends every scripted send failure.
    pub fn clear_send_failures(&self) {
        self.messages.log().rules.clear();
    }

    /// Every message sent, in send order (a repeated client message id appears once).
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.messages.log().sent.clone()
    }

    /// One delivery round: every message sent at least `delivery_delay` ago whose delivery
    /// was not reported yet is reported now, once. Nothing is reported when the delay is
    /// `None`, nor for hung instances (until they answer again). Takes no latency and ignores
    /// injected failures: it is what the simulated WeCom does on its own.
    pub fn delivery_round(&self) -> Vec<DeliveryReport> {
        self.due_deliveries()
            .into_iter()
            .map(|(_, report)| report)
            .collect()
    }

    /// [`Simulator::delivery_round`], each report with the instance that sent the message
    /// (the simulated provider's callbacks are about instances).
    pub(crate) fn due_deliveries(&self) -> Vec<(String, DeliveryReport)> {
        let Some(delay) = self.settings.delivery_delay else {
            return Vec::new();
        };
        let delay_ms = Millis::try_from(delay.as_millis()).unwrap_or(Millis::MAX);
        let due_until = now_ms().saturating_sub(delay_ms);
        let hung: HashSet<String> = self
            .instances()
            .map(|instances| {
                instances
                    .iter()
                    .filter(|(_, instance)| instance.hung)
                    .map(|(id, _)| id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut log = self.messages.log();
        let Log {
            sent, unreported, ..
        } = &mut *log;
        let mut reports = Vec::new();
        unreported.retain(|&index| {
            let Some(message) = sent.get(index) else {
                return false;
            };
            if message.sent_at > due_until || hung.contains(&message.instance_id) {
                return true;
            }
            let report = DeliveryReport {
                account_id: message.account_id.clone(),
                client_message_id: message.client_message_id.clone(),
                provider_message_id: message.provider_message_id.clone(),
            };
            reports.push((message.instance_id.clone(), report));
            false
        });
        reports
    }

    /// [`crate::Connector::send`]: a connector call like the others (latency, hangs, injected
    /// failures), then an online instance and one of its conversations, then the scripted
    /// failures, then deduplication on (instance, client message id).
    pub(super) async fn send_message(
        &self,
        instance: Instance<'_>,
        message: OutgoingMessage<'_>,
    ) -> Result<SendReceipt, ConnectorError> {
        let instance_id = instance.instance_id;
        self.call(instance_id).await?;
        let account_id = self.online_account(instance_id)?;
        let known = super::canned_conversations(instance_id)
            .iter()
            .any(|c| c.id == message.conversation_id);
        if !known {
            return Err(ConnectorError::permanent(
                "unknown_conversation",
                format!(
                    "the instance has no conversation `{}`",
                    message.conversation_id
                ),
            ));
        }
        let mut log = self.messages.log();
        if let Some(error) = log.scripted_failure(message.message_type) {
            return Err(error);
        }
        let key = (instance_id.to_owned(), message.client_message_id.to_owned());
        if let Some(receipt) = log.repeat(&key) {
            return Ok(receipt);
        }
        let sent = SentMessage {
            instance_id: instance_id.to_owned(),
            account_id,
            client_message_id: message.client_message_id.to_owned(),
            provider_message_id: format!("pmsg_{}", Uuid::now_v7().simple()),
            conversation_id: message.conversation_id.to_owned(),
            message_type: message.message_type.to_owned(),
            content: message.content.clone(),
            sent_at: now_ms(),
            send_calls: 1,
        };
        Ok(log.record(key, sent))
    }
}
