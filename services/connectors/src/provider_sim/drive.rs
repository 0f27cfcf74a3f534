//! The drive endpoints (`/v1/instances/{id}/simulate/...`): a person or a test plays the
//! phone and the network. Not part of the protocol.

use std::sync::Arc;

use poem::{
    handler,
    web::{Data, Json, Path},
};
use serde_json::{json, Value};

use super::{
    api_error::ApiError,
    events::{Event, EventType},
    ProviderSim,
};
use crate::{simulator::Simulator, ConnectorError, ConnectorEvent};

/// What the person driving the simulation can make happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drive {
    Scan,
    Confirm,
    RequireVerification,
    Disconnect,
    /// A disconnect nobody is told about: no callback, the heartbeats just stop.
    Drop,
}

impl Drive {
    fn parse(action: &str) -> Option<Self> {
        match action {
            "scan" => Some(Drive::Scan),
            "confirm" => Some(Drive::Confirm),
            "require-verification" => Some(Drive::RequireVerification),
            "disconnect" => Some(Drive::Disconnect),
            "drop" => Some(Drive::Drop),
            _ => None,
        }
    }

    fn apply(
        self,
        simulator: &Simulator,
        instance_id: &str,
    ) -> Result<ConnectorEvent, ConnectorError> {
        match self {
            Drive::Scan => simulator.scan(instance_id),
            Drive::Confirm => simulator.confirm(instance_id),
            Drive::RequireVerification => simulator.require_verification(instance_id),
            Drive::Disconnect | Drive::Drop => simulator.disconnect(instance_id),
        }
    }

    /// The callback reporting what happened, if anyone is told.
    fn report(self, instance_id: &str, happened: &ConnectorEvent) -> Option<Event> {
        if self == Drive::Drop {
            return None;
        }
        let kind = EventType::reporting(happened.event)?;
        let data = match kind {
            EventType::Disconnected => json!({ "reason": "simulated" }),
            _ => json!({}),
        };
        Some(Event::new(instance_id, kind, data))
    }
}

/// `POST /v1/instances/{id}/simulate/{action}`: applies the action and answers the
/// instance's status.
#[handler]
pub(super) async fn drive(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path((instance_id, action)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let drive = Drive::parse(&action).ok_or_else(|| {
        ApiError::not_found(format!(
            "no simulate action `{action}` (scan, confirm, require-verification, disconnect, drop)"
        ))
    })?;
    sim.change_and_report(|simulator| {
        let happened = drive.apply(simulator, &instance_id)?;
        Ok(drive.report(&instance_id, &happened).into_iter().collect())
    })?;
    sim.status_of(&instance_id).map(Json)
}
