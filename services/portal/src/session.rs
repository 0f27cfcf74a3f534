//! Signing in to the portal with the same users as the API. The session cookie holds the
//! access token sign-in issues (HttpOnly, SameSite=Lax, Secure over HTTPS, living as long as
//! the token), checked against the database on every request like a bearer token, so a
//! sign-out anywhere or a disabled user ends it at once. When it has ended, a page sends the
//! visitor to sign-in and, after it, back to where they were.

use fleet_core::{ids::TenantId, roles::Role};
use fleet_identity::{Credentials, Identity, IdentityError, Origin};
use poem::{
    http::{header, StatusCode},
    web::{Form, Query},
    Request, Response,
};
use serde::Deserialize;

use crate::{
    cookies::{self, CookieSpec},
    i18n::{Lang, LANG_COOKIE},
    render::{error_page, html, UserView, Visitor},
    security::{csrf_token, CSRF_COOKIE},
    Portal,
};

pub const SESSION_COOKIE: &str = "fleet_session";

/// A signed-in tenant user, and how to show them pages.
pub struct Session {
    pub identity: Identity,
    pub tenant: TenantId,
    pub visitor: Visitor,
}

impl Session {
    pub fn can_write(&self) -> bool {
        can_write(self.identity.role)
    }

    /// The friendly 403 page for a change the role may not make (`None`: it may). The
    /// buttons are hidden too; a crafted request meets this.
    pub fn write_refused(&self) -> Option<Response> {
        (!self.can_write()).then(|| error_page(&self.visitor, StatusCode::FORBIDDEN))
    }

    /// Where this request came from, for the audit log.
    pub fn origin(req: &Request) -> Origin {
        Origin {
            ip: client_ip(req),
            request_id: req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }
}

/// Operators and admins change things; viewers only look.
fn can_write(role: Role) -> bool {
    role.satisfies(Role::Operator)
}

pub fn client_ip(req: &Request) -> Option<String> {
    req.remote_addr()
        .as_socket_addr()
        .map(|addr| addr.ip().to_string())
}

/// The language and CSRF token of any visitor, signed in or not.
pub fn visitor(req: &Request) -> Visitor {
    let lang = Lang::negotiate(
        cookies::get(req, LANG_COOKIE).as_deref(),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    Visitor {
        lang,
        csrf: csrf_token(req),
        tz: chrono_tz::Tz::UTC,
        user: None,
        here: original_path(req),
    }
}

/// The request's path and query as the browser sent it (the portal is nested under
/// `/portal`, which the router strips from `uri()`).
fn original_path(req: &Request) -> String {
    req.original_uri()
        .path_and_query()
        .map_or_else(|| "/portal/".into(), |p| p.as_str().to_owned())
}

impl Portal {
    /// The signed-in tenant user of `req`, or the answer that sends them to sign in.
    pub async fn session(&self, req: &Request) -> Result<Session, Response> {
        let mut visitor = visitor(req);
        let Some(token) = cookies::get(req, SESSION_COOKIE).filter(|t| !t.is_empty()) else {
            return Err(to_sign_in(req, false));
        };
        let identity = match self.identity.authenticate(&token).await {
            Ok(identity) => identity,
            Err(IdentityError::Store(err)) => {
                tracing::warn!(%err, "the portal could not check a session");
                return Err(error_page(&visitor, StatusCode::SERVICE_UNAVAILABLE));
            }
            Err(_) => return Err(to_sign_in(req, true)),
        };
        let Some(tenant) = identity.tenant_id else {
            return Err(to_sign_in(req, true));
        };
        let fleet_core::audit::Actor::User(user_id) = identity.actor else {
            return Err(to_sign_in(req, true));
        };
        let (user, tenant_record) = match (
            self.identity.user(tenant, user_id).await,
            self.identity.own_tenant(tenant).await,
        ) {
            (Ok(user), Ok(tenant)) => (user, tenant),
            _ => return Err(to_sign_in(req, true)),
        };
        visitor.tz = tenant_record.timezone.parse().unwrap_or(chrono_tz::Tz::UTC);
        visitor.user = Some(UserView {
            email: user.email,
            role: identity.role.to_string(),
            can_write: can_write(identity.role),
        });
        Ok(Session {
            identity,
            tenant,
            visitor,
        })
    }
}

/// To sign-in, coming back to this page after. htmx requests are told to navigate there
/// (`HX-Redirect`), since swapping a sign-in form into a panel would help no one.
fn to_sign_in(req: &Request, expired: bool) -> Response {
    let here = if req.headers().contains_key("hx-request") {
        req.headers()
            .get("hx-current-url")
            .and_then(|v| v.to_str().ok())
            .and_then(|url| url.find("/portal").map(|at| url[at..].to_owned()))
            .unwrap_or_else(|| "/portal/".into())
    } else {
        original_path(req)
    };
    let mut target = format!("/portal/login?next={}", encode(&here));
    if expired {
        target.push_str("&expired=1");
    }
    let mut resp = if req.headers().contains_key("hx-request") {
        Response::builder().header("HX-Redirect", target).finish()
    } else {
        redirect(&target)
    };
    if expired {
        add_cookie(&mut resp, &cookies::clear(SESSION_COOKIE, false));
    }
    resp
}

pub fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .finish()
}

pub fn add_cookie(resp: &mut Response, cookie: &str) {
    if let Ok(value) = cookie.parse() {
        resp.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// `text` as a query-string value.
pub fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Only a path inside the portal: never another site (`//evil`, `https://…`, `/\evil`).
pub fn local_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/portal") && !n.contains('\\') && !n.contains("//") => n.into(),
        _ => "/portal/".into(),
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
    signed_out: Option<String>,
}

#[poem::handler]
pub fn login_page(req: &Request, Query(q): Query<LoginQuery>) -> Response {
    let visitor = visitor(req);
    let notice = if q.expired.is_some() {
        Some("login.expired")
    } else if q.signed_out.is_some() {
        Some("login.signed_out")
    } else {
        None
    };
    html(
        &visitor,
        StatusCode::OK,
        "login.html",
        minijinja::context! { next => local_next(q.next.as_deref()), notice },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

#[poem::handler]
pub async fn login(
    req: &Request,
    portal: poem::web::Data<&std::sync::Arc<Portal>>,
    Form(form): Form<LoginForm>,
) -> Response {
    let visitor = visitor(req);
    let next = local_next(form.next.as_deref());
    let refuse = |status: StatusCode, error: &str| {
        html(
            &visitor,
            status,
            "login.html",
            minijinja::context! { next, error, email => form.email },
        )
    };
    let ip = client_ip(req).unwrap_or_default();
    if portal.login_guard.admit(&ip, &form.email).await.is_err() {
        return refuse(StatusCode::TOO_MANY_REQUESTS, "error.rate_limited");
    }
    let Ok(credentials) = Credentials::parse(&form.email, form.password.clone()) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error.invalid_credentials",
        );
    };
    let signed_in = match portal
        .identity
        .sign_in(credentials, &Session::origin(req))
        .await
    {
        Ok(signed_in) => signed_in,
        Err(err) => {
            let key = match err {
                IdentityError::InvalidCredentials => {
                    portal.login_guard.failed(&form.email).await;
                    "error.invalid_credentials"
                }
                IdentityError::UserDisabled => "error.user_disabled",
                IdentityError::TenantSuspended | IdentityError::TenantDeleted => {
                    "error.tenant_suspended"
                }
                _ => "error.unavailable",
            };
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, key);
        }
    };
    if signed_in.user.tenant_id.is_none() {
        // Platform admins have no tenant pages yet: end the session just opened.
        if let Ok(identity) = portal.identity.authenticate(&signed_in.access_token).await {
            let caller = portal.caller(&identity, req);
            let _ = portal
                .identity
                .sign_out(&caller, identity.session_id.as_deref())
                .await;
        }
        return refuse(StatusCode::FORBIDDEN, "error.not_a_tenant_user");
    }
    let mut resp = redirect(&next);
    let spec = CookieSpec {
        max_age_secs: Some(signed_in.expires_in),
        http_only: true,
        secure: portal.secure_cookies,
    };
    add_cookie(
        &mut resp,
        &cookies::set(SESSION_COOKIE, &signed_in.access_token, spec),
    );
    // A fresh CSRF token for the new session, so one planted before sign-in is worthless.
    let csrf = fleet_core::credentials::random_token(32);
    add_cookie(
        &mut resp,
        &cookies::set(
            CSRF_COOKIE,
            &csrf,
            CookieSpec {
                max_age_secs: None,
                ..spec
            },
        ),
    );
    resp
}

#[poem::handler]
pub async fn logout(req: &Request, portal: poem::web::Data<&std::sync::Arc<Portal>>) -> Response {
    if let Ok(session) = portal.session(req).await {
        let caller = portal.caller(&session.identity, req);
        if let Err(err) = portal
            .identity
            .sign_out(&caller, session.identity.session_id.as_deref())
            .await
        {
            tracing::warn!(%err, "signing out of the portal failed");
        }
    }
    let mut resp = redirect("/portal/login?signed_out=1");
    add_cookie(
        &mut resp,
        &cookies::clear(SESSION_COOKIE, portal.secure_cookies),
    );
    resp
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    next: Option<String>,
}

/// The language switcher: remembered for a year.
#[poem::handler]
pub fn switch_lang(
    portal: poem::web::Data<&std::sync::Arc<Portal>>,
    Form(form): Form<LangForm>,
) -> Response {
    let lang = Lang::parse(&form.lang).unwrap_or(Lang::En);
    let mut resp = redirect(&local_next(form.next.as_deref()));
    let spec = CookieSpec {
        max_age_secs: Some(365 * 24 * 3600),
        http_only: true,
        secure: portal.secure_cookies,
    };
    add_cookie(&mut resp, &cookies::set(LANG_COOKIE, lang.tag(), spec));
    resp
}

#[cfg(test)]
mod tests {
    use super::local_next;

    #[test]
    fn next_stays_inside_the_portal() {
        assert_eq!(
            local_next(Some("/portal/accounts?page=2")),
            "/portal/accounts?page=2"
        );
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "/portal//evil",
            "/\\evil",
            "/api/v1",
        ] {
            assert_eq!(local_next(Some(hostile)), "/portal/", "{hostile}");
        }
    }
}
