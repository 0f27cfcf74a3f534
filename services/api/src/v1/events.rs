//! `GET /api/v1/events`: the caller's tenant's events, live, as Server-Sent Events — the same
//! events (and `data`) webhooks carry, for clients that would rather hold a connection than
//! receive calls: the portal, dashboards, scripts. A client that reconnects with
//! `Last-Event-ID` (browsers do it by themselves) gets what it missed within the process's
//! window, then the live events; past the window it gets a `stream.gap` event and should
//! re-read what it shows.

use std::{sync::Arc, time::Duration};

use fleet_core::{
    event_log::{EventFilter, EventLog, Followed},
    roles::Role,
};
use futures::{stream::BoxStream, StreamExt};
use poem::web::{sse::Event, Data};
use poem_openapi::{
    param::{Header, Query},
    payload::EventStream,
    types::ToJSON,
    Object, OpenApi,
};

use super::{
    common::ApiTags,
    webhook_events::{WebhookEventType, EVENT_KINDS},
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    state::AppState,
    types::{Kind, Kinds, OneOf, Timestamp, Variant},
};

/// An idle stream carries a comment this often, so proxies keep it open and a dead client is
/// noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The `type` of the event that says events may have been missed.
pub const GAP: &str = "stream.gap";

/// What every streamed event carries beside its `type` and `data`.
#[derive(Debug, Object)]
pub struct StreamEventFields {
    /// The event's id (also the SSE `id`, which `Last-Event-ID` resumes after); the same id
    /// as the webhook delivery's `event_id`.
    pub id: String,
    /// When it happened.
    pub timestamp: Timestamp,
}

impl Variant for StreamEventFields {
    type Kinds = StreamKinds;
    const UNION: &'static str = "StreamEvent";
    const DESCRIPTION: &'static str = "An event of the tenant's event stream: the webhook \
        event's `type`, `timestamp` and `data`, with its `id`. `stream.gap` (no `data`) says \
        events may have been missed: re-read what you show. New types may be added; ignore \
        the ones you do not know.";
}

pub type StreamEvent = OneOf<StreamEventFields>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamKinds;

impl Kinds for StreamKinds {
    const TAG: &'static str = "type";
    const PAYLOAD: &'static str = "data";
    const ANY_PAYLOAD: &'static str = "StreamEventData";
    const KINDS: &'static [Kind] = &STREAM_KINDS;
}

const fn no_payload(_: &mut poem_openapi::registry::Registry) {}

/// The webhook events, then the gap.
const STREAM_KINDS: [Kind; EVENT_KINDS.len() + 1] = {
    let mut all = [Kind {
        tag: GAP,
        prefix: "Gap",
        payload: None,
        required: false,
        register: no_payload,
    }; EVENT_KINDS.len() + 1];
    let mut i = 0;
    while i < EVENT_KINDS.len() {
        all[i] = EVENT_KINDS[i];
        i += 1;
    }
    all
};

#[derive(Default)]
pub struct EventsApi;

#[OpenApi(prefix_path = "/api/v1", tag = "ApiTags::Events")]
impl EventsApi {
    /// Follow the tenant's events (Server-Sent Events).
    ///
    /// Each SSE message has the event's id as `id`, its type as `event` and a `StreamEvent` as
    /// `data`. Reconnect with `Last-Event-ID` to resume; the window is the node's latest
    /// 10,000 events of at most 15 minutes. A comment line is sent every 15 s while idle.
    #[oai(path = "/events", method = "get", operation_id = "events_stream")]
    async fn stream(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only these types (repeat the parameter); all when absent.
        #[oai(name = "type")]
        types: Query<Option<Vec<WebhookEventType>>>,
        /// Only the events of this account.
        account_id: Query<Option<String>>,
        /// The id of the last event received, to resume after it.
        #[oai(name = "Last-Event-ID")]
        last_event_id: Header<Option<String>>,
    ) -> ApiResult<EventStream<BoxStream<'static, StreamEvent>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let filter = EventFilter {
            tenant_id: tenant.to_string(),
            types: types
                .0
                .unwrap_or_default()
                .into_iter()
                .map(WebhookEventType::name)
                .collect(),
            account_id: account_id.0,
        };
        Ok(
            EventStream::new(follow(&state.event_log, filter, last_event_id.0.as_deref()))
                .keep_alive(KEEP_ALIVE)
                .to_event(to_sse),
        )
    }
}

/// The events `filter` picks, as the API shows them, from after `last_event_id` until the log
/// closes.
pub fn follow(
    log: &EventLog,
    filter: EventFilter,
    last_event_id: Option<&str>,
) -> BoxStream<'static, StreamEvent> {
    log.follow(last_event_id, filter)
        .into_stream()
        .map(|followed| shown(&followed))
        .boxed()
}

/// An event (or a gap) as a `StreamEvent`.
pub fn shown(followed: &Followed) -> StreamEvent {
    match followed {
        Followed::Event(event) => OneOf::new(
            StreamEventFields {
                id: event.id.clone(),
                timestamp: Timestamp(event.occurred_at),
            },
            event.kind.clone(),
            Some(event.shown_data()),
        ),
        Followed::Gap => OneOf::new(
            StreamEventFields {
                id: uuid::Uuid::now_v7().to_string(),
                timestamp: Timestamp(fleet_core::clock::now_ms()),
            },
            GAP,
            None,
        ),
    }
}

/// One SSE message. A gap carries no SSE `id`: resuming after it would mean nothing, so the
/// client keeps the id of the last event it really received.
pub fn to_sse(event: StreamEvent) -> Event {
    let data = event.to_json_string();
    let message = Event::message(data).event_type(event.kind.clone());
    if event.kind == GAP {
        message
    } else {
        message.id(event.fields.id)
    }
}
