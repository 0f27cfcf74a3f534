//! The portal mounted beside the API, on the services `assemble` built for it: one process,
//! one set of services, two faces.

use std::sync::Arc;

use fleet_api::{login_limits, state::AppState};
use fleet_portal::{LoginGuard, Portal};
use poem::{endpoint::BoxEndpoint, EndpointExt};

/// The API's sign-in limits, counted together for both faces.
struct SharedLoginLimits(Arc<AppState>);

#[async_trait::async_trait]
impl LoginGuard for SharedLoginLimits {
    async fn admit(&self, ip: &str, email: &str) -> Result<(), ()> {
        login_limits::admit(&self.0, Some(ip), email)
            .await
            .map_err(drop)
    }

    async fn failed(&self, email: &str) {
        login_limits::failed(&self.0, email).await;
    }
}

/// The portal's pages; cookies are `Secure` when the service's public URL is HTTPS.
pub fn pages(state: &Arc<AppState>, public_url: &str) -> BoxEndpoint<'static> {
    fleet_portal::routes(Portal {
        identity: state.identity.clone(),
        accounts: state.accounts.clone(),
        event_log: state.event_log.clone(),
        login_guard: Arc::new(SharedLoginLimits(state.clone())),
        secure_cookies: public_url.starts_with("https://"),
    })
    .map_to_response()
    .boxed()
}
