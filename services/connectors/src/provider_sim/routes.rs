//! The route table: the protocol, drive and look-only endpoints behind the bearer check, the
//! official-API simulator at the root without it.

use std::sync::Arc;

use poem::{get, post, EndpointExt, Route};

use super::{auth::require_bearer, drive, observe, protocol, ProviderSim};

impl ProviderSim {
    /// Every endpoint of the simulated provider (see the module doc).
    pub fn routes(self: &Arc<Self>) -> Route {
        let instances = Route::new()
            .at("/", post(protocol::create_instance))
            .at("/:instance_id/login", post(protocol::start_login))
            .at(
                "/:instance_id/verification",
                post(protocol::submit_verification),
            )
            .at("/:instance_id/logout", post(protocol::logout))
            .at("/:instance_id/reconnect", post(protocol::reconnect))
            .at("/:instance_id/status", get(protocol::get_status))
            .at(
                "/:instance_id/conversations",
                get(protocol::list_conversations),
            )
            .at("/:instance_id/messages", post(protocol::send_message))
            .at("/:instance_id/simulate/:action", post(drive::drive))
            .data(Arc::clone(self));
        let simulate = Route::new()
            .at("/messages", get(observe::sent_messages))
            .data(Arc::clone(self));
        self.official
            .routes()
            .nest("/v1/instances", require_bearer(instances, Arc::clone(self)))
            .nest("/v1/simulate", require_bearer(simulate, Arc::clone(self)))
    }
}
