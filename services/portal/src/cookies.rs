//! Reading the `Cookie` header and writing `Set-Cookie`: the few cookies the portal uses
//! (session, CSRF token, language), all scoped to the portal's path.

use poem::Request;

/// The value of cookie `name`, if the request carries it.
pub fn get(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(poem::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// How a cookie is set.
#[derive(Debug, Clone, Copy)]
pub struct CookieSpec {
    /// `None`: until the browser closes.
    pub max_age_secs: Option<i64>,
    /// Hidden from scripts (the session); the CSRF token is read from the page, not the cookie.
    pub http_only: bool,
    /// Only over HTTPS: on when the service is served over HTTPS.
    pub secure: bool,
}

/// A `Set-Cookie` value. Values are ours (tokens, language tags): no quoting needed.
pub fn set(name: &str, value: &str, spec: CookieSpec) -> String {
    let mut cookie = format!("{name}={value}; Path=/portal; SameSite=Lax");
    if let Some(age) = spec.max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if spec.http_only {
        cookie.push_str("; HttpOnly");
    }
    if spec.secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// A `Set-Cookie` value that removes cookie `name`.
pub fn clear(name: &str, secure: bool) -> String {
    set(
        name,
        "",
        CookieSpec {
            max_age_secs: Some(0),
            http_only: true,
            secure,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers_and_pairs() {
        let req = Request::builder()
            .header("cookie", "a=1; fleet_lang=zh-CN")
            .header("cookie", "fleet_session=tok")
            .finish();
        assert_eq!(get(&req, "fleet_lang").as_deref(), Some("zh-CN"));
        assert_eq!(get(&req, "fleet_session").as_deref(), Some("tok"));
        assert_eq!(get(&req, "fleet"), None);
    }

    #[test]
    fn the_session_cookie_is_http_only_same_site_and_secure_over_https() {
        let spec = CookieSpec {
            max_age_secs: Some(60),
            http_only: true,
            secure: true,
        };
        let cookie = set("fleet_session", "t", spec);
        for part in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Max-Age=60",
            "Path=/portal",
        ] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(!set(
            "x",
            "1",
            CookieSpec {
                secure: false,
                ..spec
            }
        )
        .contains("Secure"));
        assert!(clear("x", false).contains("Max-Age=0"));
    }
}
