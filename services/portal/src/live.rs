//! `GET /portal/events`: the signed-in user's tenant events as Server-Sent Events, from the
//! same event log as the API's `/api/v1/events` (so resuming and gaps work alike). The pages
//! only need to know that something they show changed, so each message carries the event's
//! type and subject; the page re-fetches the part it shows from the server.

use std::{sync::Arc, time::Duration};

use fleet_core::event_log::{EventFilter, Followed};
use futures::StreamExt;
use poem::{
    web::{
        sse::{Event, SSE},
        Data, Query,
    },
    IntoResponse, Request, Response,
};
use serde::Deserialize;

use crate::Portal;

#[derive(Deserialize)]
pub struct LiveQuery {
    account_id: Option<String>,
}

#[poem::handler]
pub async fn events(
    req: &Request,
    portal: Data<&Arc<Portal>>,
    Query(q): Query<LiveQuery>,
) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    let last_seen = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let filter = EventFilter {
        tenant_id: session.tenant.to_string(),
        types: Vec::new(),
        account_id: q.account_id,
    };
    let stream = portal
        .event_log
        .follow(last_seen.as_deref(), filter)
        .into_stream()
        .map(|followed| to_sse(&followed));
    SSE::new(stream.boxed())
        .keep_alive(Duration::from_secs(15))
        .into_response()
}

fn to_sse(followed: &Followed) -> Event {
    match followed {
        Followed::Event(event) => Event::message(
            serde_json::json!({ "type": event.kind, "subject_id": event.subject_id }).to_string(),
        )
        .id(event.id.clone()),
        Followed::Gap => Event::message(r#"{"type":"stream.gap"}"#),
    }
}
