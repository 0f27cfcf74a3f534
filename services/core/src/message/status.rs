//! The lifecycle of one message.
//!
//! ```text
//! pending ──▶ sending ──▶ sent ──▶ delivered
//!  │  ▲          │ │        │
//!  │  └──────────┘ └──▶ failed ──(replay)──▶ pending
//!  └──▶ cancelled          ▲
//!                 sent ────┘ (the connector reports a loss after accepting it)
//! ```
//!
//! `sending → pending` puts a message back in the queue: a retry after a transient error, a
//! lease lost by the worker that held it, or pacing that deferred it. A message can only be
//! cancelled while nobody is sending it.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::ValidationError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum MessageStatus {
    /// Queued, waiting for a worker.
    Pending,
    /// A worker holds it and is handing it to the connector.
    Sending,
    /// The connector accepted it.
    Sent,
    /// The connector reported it reached the recipient.
    Delivered,
    Failed,
    Cancelled,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 6] = [
        MessageStatus::Pending,
        MessageStatus::Sending,
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Failed,
        MessageStatus::Cancelled,
    ];

    /// The name as stored and shown; also the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Pending => "pending",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Failed => "failed",
            MessageStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the pipeline is done with the message: no worker will pick it up again on its
    /// own. `sent` counts, because many connectors never report delivery; a `sent` message may
    /// still become `delivered` when one does. A `failed` message only moves again if someone
    /// replays it.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            MessageStatus::Sent
                | MessageStatus::Delivered
                | MessageStatus::Failed
                | MessageStatus::Cancelled
        )
    }

    /// Whether a message in `self` may move to `next` (see the module diagram). Staying in the
    /// same status is not a transition.
    pub fn can_become(self, next: MessageStatus) -> bool {
        use MessageStatus as S;
        matches!(
            (self, next),
            (S::Pending, S::Sending)
                | (S::Pending, S::Cancelled)
                | (S::Sending, S::Sent)
                | (S::Sending, S::Pending)
                | (S::Sending, S::Failed)
                | (S::Sent, S::Delivered)
                | (S::Sent, S::Failed)
                | (S::Failed, S::Pending)
        )
    }
}

impl FromStr for MessageStatus {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MessageStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                let allowed: Vec<&str> = MessageStatus::ALL.iter().map(|k| k.as_str()).collect();
                ValidationError::new(
                    "status",
                    format!(
                        "unknown message status `{s}`: must be one of {}",
                        allowed.join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declared edges, written out independently of `can_become`.
    const DECLARED: &[(&str, &str)] = &[
        ("pending", "sending"),
        ("pending", "cancelled"),
        ("sending", "sent"),
        ("sending", "pending"),
        ("sending", "failed"),
        ("sent", "delivered"),
        ("sent", "failed"),
        ("failed", "pending"),
    ];

    #[test]
    fn every_pair_is_allowed_exactly_when_declared() {
        let mut checked = 0;
        for from in MessageStatus::ALL {
            for to in MessageStatus::ALL {
                let declared = DECLARED.contains(&(from.as_str(), to.as_str()));
                assert_eq!(from.can_become(to), declared, "{from} -> {to}");
                checked += 1;
            }
        }
        assert_eq!(checked, 36);
    }

    #[test]
    fn terminal_statuses_are_sent_delivered_failed_cancelled() {
        let terminal: Vec<&str> = MessageStatus::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .map(MessageStatus::as_str)
            .collect();
        assert_eq!(terminal, ["sent", "delivered", "failed", "cancelled"]);
    }

    #[test]
    fn only_pending_and_sending_have_a_way_forward_without_replay_or_delivery_report() {
        // Every non-terminal status can leave; delivered and cancelled never can.
        for status in MessageStatus::ALL {
            let exits = MessageStatus::ALL
                .into_iter()
                .filter(|next| status.can_become(*next))
                .count();
            match status {
                MessageStatus::Delivered | MessageStatus::Cancelled => assert_eq!(exits, 0),
                _ => assert!(exits > 0, "{status} is stuck"),
            }
        }
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for status in MessageStatus::ALL {
            assert_eq!(status.as_str().parse::<MessageStatus>(), Ok(status));
            assert_eq!(status.to_string(), status.as_str());
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::from(status.as_str())
            );
        }
        for bad in ["", "Pending", "queued", "canceled"] {
            let err = bad.parse::<MessageStatus>().unwrap_err();
            assert_eq!(err.field, "status");
            assert!(err
                .message
                .contains("pending, sending, sent, delivered, failed, cancelled"));
        }
    }
}
