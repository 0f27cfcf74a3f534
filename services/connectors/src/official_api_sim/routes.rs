//! The simulated API over HTTP: each route hands the query and body to the answers.

use std::{collections::HashMap, sync::Arc};

use poem::{endpoint::make, get, post, web::Json, Endpoint, Request, Route};

use super::{
    answers::{AGENT_GET, GETTOKEN, GROUPCHAT_GET, GROUPCHAT_LIST, MESSAGE_SEND},
    OfficialApiSim,
};

impl OfficialApiSim {
    /// The endpoints, at WeCom's paths (`/cgi-bin/...`); nest them under a prefix to mount
    /// the simulator beside other routes.
    pub fn routes(self: &Arc<Self>) -> Route {
        Route::new()
            .at(GETTOKEN, get(self.endpoint(GETTOKEN)))
            .at(AGENT_GET, get(self.endpoint(AGENT_GET)))
            .at(MESSAGE_SEND, post(self.endpoint(MESSAGE_SEND)))
            .at(GROUPCHAT_LIST, post(self.endpoint(GROUPCHAT_LIST)))
            .at(GROUPCHAT_GET, post(self.endpoint(GROUPCHAT_GET)))
    }

    fn endpoint(self: &Arc<Self>, path: &'static str) -> impl Endpoint {
        let sim = Arc::clone(self);
        make(move |request: Request| {
            let sim = Arc::clone(&sim);
            async move {
                // WeCom answers malformed input with an errcode, never an HTTP error, so an
                // unreadable query or body reaches the answers as missing.
                let query: HashMap<String, String> = request.params().unwrap_or_default();
                let body = request.into_body().into_vec().await.unwrap_or_default();
                Json(sim.answer(path, &query, &body))
            }
        })
    }
}
