//! The look-only endpoint (`GET /v1/simulate/messages`): what the simulated provider sent,
//! for tests that run WeCom Fleet in another process and must count deliveries per client
//! message id or measure pacing. Not part of the protocol.

use std::sync::Arc;

use poem::{
    handler,
    web::{Data, Json},
};
use serde_json::{json, Value};

use super::ProviderSim;

/// Every message sent, in send order; a repeated client message id appears once, with how
/// many send calls carried it. The content is left out: tests count and time sends.
#[handler]
pub(super) async fn sent_messages(Data(sim): Data<&Arc<ProviderSim>>) -> Json<Value> {
    let messages: Vec<Value> = sim
        .simulator
        .sent_messages()
        .into_iter()
        .map(|m| {
            json!({
                "instance_id": m.instance_id,
                "client_message_id": m.client_message_id,
                "provider_message_id": m.provider_message_id,
                "conversation_id": m.conversation_id,
                "message_type": m.message_type,
                "sent_at": m.sent_at,
                "send_calls": m.send_calls,
            })
        })
        .collect();
    Json(json!({ "messages": messages }))
}
