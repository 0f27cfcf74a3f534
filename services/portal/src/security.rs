//! What every portal answer carries and every state-changing request must show.
//!
//! - Headers: a Content-Security-Policy that allows no inline script or style and no framing,
//!   `nosniff`, a same-origin referrer, no caching of pages.
//! - CSRF: the double-submit pattern. Each visitor gets a random token in a cookie; pages put
//!   it in every form (`_csrf`) and in htmx's request headers (`X-CSRF-Token`). A POST whose
//!   token does not match its cookie — which another site can neither read nor set — is
//!   refused with 403, as is one whose `Origin` is another site's.

use poem::{
    http::{header, HeaderValue, Method, StatusCode},
    Body, Endpoint, IntoResponse, Request, Response, Result,
};
use sha2::{Digest, Sha256};

use crate::cookies;

pub const CSRF_COOKIE: &str = "fleet_csrf";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'";

/// Form bodies the portal reads at most (the CSRF check reads them first).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// A CSRF token made for a visitor who had none; set as their cookie with the answer.
#[derive(Clone)]
struct NewToken(String);

/// The security headers, and the CSRF check on every request that is not a read. A visitor
/// without a CSRF cookie is given one (`secure`: only over HTTPS).
pub async fn guard<E: Endpoint>(next: E, mut req: Request, secure: bool) -> Result<Response> {
    if !is_read(req.method()) {
        if let Err(refused) = check_csrf(&mut req).await {
            return Ok(with_headers(refused));
        }
    }
    let fresh = cookies::get(&req, CSRF_COOKIE)
        .is_none()
        .then(|| fleet_core::credentials::random_token(32));
    if let Some(token) = &fresh {
        req.extensions_mut().insert(NewToken(token.clone()));
    }
    let mut resp = next.call(req).await?.into_response();
    if let Some(token) = fresh {
        // A handler that set a new token itself (sign-in) wins.
        let set_by_handler = resp
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.as_bytes().starts_with(CSRF_COOKIE.as_bytes()));
        if !set_by_handler {
            let spec = cookies::CookieSpec {
                max_age_secs: None,
                http_only: true,
                secure,
            };
            if let Ok(value) = cookies::set(CSRF_COOKIE, &token, spec).parse() {
                resp.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
    Ok(with_headers(resp))
}

/// The visitor's CSRF token, for the page to embed.
pub fn csrf_token(req: &Request) -> String {
    req.extensions()
        .get::<NewToken>()
        .map(|t| t.0.clone())
        .or_else(|| cookies::get(req, CSRF_COOKIE))
        .unwrap_or_default()
}

fn is_read(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn with_headers(mut resp: Response) -> Response {
    let headers = resp.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    resp
}

/// Refuses the request unless it carries the visitor's token and comes from this site. A
/// form body is read (bounded) to find the token, then put back for the handler.
async fn check_csrf(req: &mut Request) -> std::result::Result<(), Response> {
    let refuse = || {
        Response::builder()
            .status(StatusCode::FORBIDDEN)
            .content_type("text/plain; charset=utf-8")
            .body("csrf_failed: reload the page and try again")
    };
    if !same_origin(req) {
        return Err(refuse());
    }
    let expected = cookies::get(req, CSRF_COOKIE).ok_or_else(refuse)?;
    let in_header = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let presented = match in_header {
        Some(token) => token,
        None => {
            let body = req.take_body().into_bytes_limit(MAX_FORM_BYTES).await;
            let body = body.map_err(|_| refuse())?;
            let token = form_field(&body, CSRF_FIELD).unwrap_or_default();
            req.set_body(Body::from(body));
            token
        }
    };
    if equal_in_constant_time(&presented, &expected) {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// No `Origin` (older browsers, same-origin navigations of some) passes on the token alone;
/// an `Origin` must name this host.
fn same_origin(req: &Request) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    !host.is_empty() && origin_host == host
}

pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn equal_in_constant_time(a: &str, b: &str) -> bool {
    // Comparing digests: equal length, and no early exit on the secret's bytes.
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use poem::{handler, test::TestClient, EndpointExt, Route};

    use super::*;

    #[handler]
    fn ok() -> &'static str {
        "done"
    }

    fn app() -> TestClient<impl Endpoint> {
        TestClient::new(
            Route::new()
                .at("/portal/x", poem::post(ok).get(ok))
                .around(|ep, req| guard(ep, req, false)),
        )
    }

    #[tokio::test]
    async fn a_post_needs_the_token_of_its_cookie() {
        let app = app();
        let cookie = format!("{CSRF_COOKIE}=tok123");
        let missing = app.post("/portal/x").header("cookie", &cookie).send().await;
        missing.assert_status(StatusCode::FORBIDDEN);
        let forged = app
            .post("/portal/x")
            .header("cookie", &cookie)
            .content_type("application/x-www-form-urlencoded")
            .body("_csrf=guess&name=x")
            .send()
            .await;
        forged.assert_status(StatusCode::FORBIDDEN);
        let good = app
            .post("/portal/x")
            .header("cookie", &cookie)
            .content_type("application/x-www-form-urlencoded")
            .body("name=x&_csrf=tok123")
            .send()
            .await;
        good.assert_status_is_ok();
        good.assert_text("done").await;
        let by_header = app
            .post("/portal/x")
            .header("cookie", &cookie)
            .header(CSRF_HEADER, "tok123")
            .send()
            .await;
        by_header.assert_status_is_ok();
    }

    #[tokio::test]
    async fn a_post_from_another_site_is_refused_even_with_the_token() {
        let app = app();
        let resp = app
            .post("/portal/x")
            .header("cookie", format!("{CSRF_COOKIE}=tok123"))
            .header(CSRF_HEADER, "tok123")
            .header("host", "fleet.example")
            .header("origin", "https://evil.example")
            .send()
            .await;
        resp.assert_status(StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn a_new_visitor_is_given_a_token_cookie() {
        let resp = app().get("/portal/x").send().await;
        let cookie = resp.0.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cookie.starts_with("fleet_csrf=") && cookie.contains("HttpOnly"),
            "{cookie}"
        );
        let known = app()
            .get("/portal/x")
            .header("cookie", format!("{CSRF_COOKIE}=tok123"))
            .send()
            .await;
        assert!(known.0.headers().get("set-cookie").is_none());
    }

    #[tokio::test]
    async fn every_answer_forbids_framing_and_inline_script() {
        let resp = app().get("/portal/x").send().await;
        resp.assert_status_is_ok();
        let csp = resp.0.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
