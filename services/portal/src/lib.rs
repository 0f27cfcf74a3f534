//! The tenant admin portal: server-rendered pages over the same services as the API, served
//! by the same binary under `/portal`. Pages work as plain forms; htmx (vendored, embedded)
//! swaps the parts that change, and the tenant's event stream keeps them live.
//!
//! It knows nothing of HTTP API types: it calls the services (identity, accounts) directly,
//! so what the portal shows and what the API answers come from one implementation.

mod assets;
mod cookies;
mod i18n;
mod live;
mod pages;
mod render;
mod security;
mod session;

use std::sync::Arc;

use fleet_accounts::AccountService;
use fleet_core::event_log::EventLog;
use fleet_identity::{Caller, Identity, IdentityService};
use poem::{get, post, Endpoint, EndpointExt, IntoResponse, Request, Route};

pub use i18n::Lang;

/// Sign-in attempts are limited where the API's are (per address and per account); the
/// process that mounts the portal supplies the limits it already keeps.
#[async_trait::async_trait]
pub trait LoginGuard: Send + Sync {
    /// Whether an attempt from `ip` for `email` may be evaluated now.
    async fn admit(&self, ip: &str, email: &str) -> Result<(), ()>;
    /// A wrong password for `email`.
    async fn failed(&self, email: &str);
}

/// What the portal's pages work with.
pub struct Portal {
    pub identity: IdentityService,
    pub accounts: AccountService,
    /// The latest events, for the pages' live updates.
    pub event_log: EventLog,
    pub login_guard: Arc<dyn LoginGuard>,
    /// Cookies only over HTTPS (the service's public URL is `https://…`).
    pub secure_cookies: bool,
}

impl Portal {
    /// The signed-in user as the services' audit entries name them.
    pub fn caller(&self, identity: &Identity, req: &Request) -> Caller {
        Caller {
            actor: identity.actor.clone(),
            tenant_id: identity.tenant_id,
            origin: session::Session::origin(req),
        }
    }
}

/// Errors of routing and of reading a request (an unknown page, a malformed form) as pages,
/// never as the API's JSON.
async fn as_pages<E: Endpoint>(ep: E, req: Request) -> poem::Result<poem::Response> {
    let visitor = session::visitor(&req);
    match ep.call(req).await {
        Ok(resp) => Ok(resp.into_response()),
        Err(err) => {
            let status = match err.status() {
                poem::http::StatusCode::NOT_FOUND | poem::http::StatusCode::METHOD_NOT_ALLOWED => {
                    poem::http::StatusCode::NOT_FOUND
                }
                s if s.is_server_error() => poem::http::StatusCode::SERVICE_UNAVAILABLE,
                _ => poem::http::StatusCode::BAD_REQUEST,
            };
            Ok(render::error_page(&visitor, status))
        }
    }
}

/// The portal's routes, to be nested at `/portal`.
pub fn routes(portal: Portal) -> impl Endpoint {
    let secure = portal.secure_cookies;
    Route::new()
        .at("/", get(pages::dashboard::show))
        .at("/login", get(session::login_page).post(session::login))
        .at("/logout", post(session::logout))
        .at("/lang", post(session::switch_lang))
        .at("/assets/:name", get(assets::serve))
        .at("/events", get(live::events))
        .at(
            "/accounts",
            get(pages::accounts::list).post(pages::accounts::create),
        )
        .at("/accounts/new", get(pages::accounts::new_form))
        .at("/accounts/:id", get(pages::account::show))
        .at("/accounts/:id/panel", get(pages::account::panel))
        .at("/accounts/:id/login", post(pages::account::login))
        .at("/accounts/:id/logout", post(pages::account::logout))
        .at("/accounts/:id/verify", post(pages::account::verify))
        .at("/accounts/:id/phone/:action", post(pages::account::phone))
        .data(Arc::new(portal))
        .around(as_pages)
        .around(move |ep, req| security::guard(ep, req, secure))
}
