//! The protocol's operations, each a call to the wrapped simulator's [`Connector`] methods;
//! the ones that change the session report it by callback.

use std::sync::Arc;

use poem::{
    handler,
    http::StatusCode,
    web::{Data, Json, Path},
    IntoResponse, Response,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    api_error::{parse_body, ApiError},
    events::{Event, EventType},
    registry::Registration,
    ProviderSim,
};
use crate::{Connector, ConnectorError, Instance, LoginStart, OutgoingMessage};

/// Simulated instances have no per-account settings.
const NO_SETTINGS: Value = Value::Null;

/// What `POST /v1/instances/{id}/messages` may carry in `message_type`.
const MESSAGE_TYPES: [&str; 6] = [
    "text",
    "image",
    "file",
    "at_mention",
    "mini_program",
    "markdown",
];

impl ProviderSim {
    fn registration(&self, instance_id: &str) -> Result<Registration, ApiError> {
        self.registry
            .get(instance_id)
            .ok_or_else(|| ApiError::unknown_instance(instance_id))
    }

    /// The `GET /status` answer (also what the drive endpoints answer).
    pub(super) fn status_of(&self, instance_id: &str) -> Result<Value, ApiError> {
        let registration = self.registration(instance_id)?;
        let state = self
            .simulator
            .phase_of(instance_id)
            .ok_or_else(|| ApiError::unknown_instance(instance_id))?;
        Ok(json!({
            "instance_id": instance_id,
            "state": state,
            "last_heartbeat_at": registration.last_heartbeat_at,
        }))
    }
}

fn at<'a>(registration: &'a Registration, instance_id: &'a str) -> Instance<'a> {
    Instance {
        account_id: &registration.account_id,
        instance_id,
        settings: &NO_SETTINGS,
    }
}

#[derive(Deserialize)]
struct CreateInstance {
    account_id: String,
    callback_url: String,
}

#[handler]
pub(super) async fn create_instance(
    Data(sim): Data<&Arc<ProviderSim>>,
    body: Vec<u8>,
) -> Result<Response, ApiError> {
    let input: CreateInstance = parse_body(&body)?;
    if input.account_id.trim().is_empty() {
        return Err(ApiError::invalid_request("`account_id` is empty"));
    }
    let url_is_http = reqwest::Url::parse(&input.callback_url)
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https"));
    if !url_is_http {
        return Err(ApiError::invalid_request(
            "`callback_url` is not an http(s) URL",
        ));
    }
    let instance_id = sim
        .simulator
        .create_instance(&input.account_id, &NO_SETTINGS)
        .await?;
    sim.registry
        .insert(&instance_id, &input.account_id, &input.callback_url);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "instance_id": instance_id })),
    )
        .into_response())
}

#[handler]
pub(super) async fn start_login(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let registration = sim.registration(&instance_id)?;
    match sim
        .simulator
        .start_login(at(&registration, &instance_id))
        .await?
    {
        LoginStart::Qr(ticket) => Ok(Json(json!({
            "qr_payload": ticket.qr_payload,
            "expires_at": ticket.expires_at,
        }))),
        // The simulator always logs in by QR code; were that to change, there is nothing
        // to scan and the protocol has no other answer.
        LoginStart::SignedIn => Err(ConnectorError::WrongState(
            "the instance signed in without a QR code".into(),
        )
        .into()),
    }
}

#[derive(Deserialize)]
struct Verification {
    code: String,
}

#[handler]
pub(super) async fn submit_verification(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
    body: Vec<u8>,
) -> Result<StatusCode, ApiError> {
    let input: Verification = parse_body(&body)?;
    let registration = sim.registration(&instance_id)?;
    sim.simulator
        .submit_verification(at(&registration, &instance_id), &input.code)
        .await?;
    sim.report(&Event::new(
        &instance_id,
        EventType::LoggedIn,
        json!({ "via": "verification" }),
    ));
    Ok(StatusCode::NO_CONTENT)
}

#[handler]
pub(super) async fn logout(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let registration = sim.registration(&instance_id)?;
    sim.simulator
        .logout(at(&registration, &instance_id))
        .await?;
    sim.report(&Event::new(
        &instance_id,
        EventType::LoggedOut,
        json!({ "reason": "logout" }),
    ));
    Ok(StatusCode::NO_CONTENT)
}

#[handler]
pub(super) async fn reconnect(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let registration = sim.registration(&instance_id)?;
    sim.simulator
        .reconnect(at(&registration, &instance_id))
        .await?;
    sim.report(&Event::new(
        &instance_id,
        EventType::LoggedIn,
        json!({ "via": "reconnect" }),
    ));
    Ok(StatusCode::NO_CONTENT)
}

#[handler]
pub(super) async fn get_status(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    sim.status_of(&instance_id).map(Json)
}

#[handler]
pub(super) async fn list_conversations(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let registration = sim.registration(&instance_id)?;
    let conversations = sim
        .simulator
        .list_conversations(at(&registration, &instance_id))
        .await?;
    let listed: Vec<Value> = conversations
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "kind": c.kind,
                "member_count": c.member_count,
            })
        })
        .collect();
    Ok(Json(json!({ "conversations": listed })))
}

#[derive(Deserialize)]
struct SendMessage {
    client_message_id: String,
    conversation_id: String,
    message_type: String,
    content: Value,
}

impl SendMessage {
    fn check(&self) -> Result<(), ApiError> {
        if self.client_message_id.trim().is_empty() {
            return Err(ApiError::invalid_request("`client_message_id` is empty"));
        }
        if !MESSAGE_TYPES.contains(&self.message_type.as_str()) {
            return Err(ApiError::invalid_request(format!(
                "`message_type` must be one of {}",
                MESSAGE_TYPES.join(", ")
            )));
        }
        if !self.content.is_object() {
            return Err(ApiError::invalid_request("`content` must be an object"));
        }
        Ok(())
    }
}

/// Idempotent on `client_message_id`: the simulator's `send` answers a repeat with the first
/// send's id and `duplicate: true`, sending nothing. The instance must be online (409) and
/// the conversation one of its own (422 `unknown_conversation`); latency, hangs, injected and
/// scripted failures apply as to any connector call.
#[handler]
pub(super) async fn send_message(
    Data(sim): Data<&Arc<ProviderSim>>,
    Path(instance_id): Path<String>,
    body: Vec<u8>,
) -> Result<Json<Value>, ApiError> {
    let input: SendMessage = parse_body(&body)?;
    input.check()?;
    let registration = sim.registration(&instance_id)?;
    let message = OutgoingMessage {
        client_message_id: &input.client_message_id,
        conversation_id: &input.conversation_id,
        message_type: &input.message_type,
        content: &input.content,
    };
    let receipt = sim
        .simulator
        .send(at(&registration, &instance_id), message)
        .await?;
    Ok(Json(json!({
        "provider_message_id": receipt.provider_message_id,
        "duplicate": receipt.duplicate,
    })))
}
