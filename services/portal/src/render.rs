//! Pages from templates (minijinja, embedded, HTML auto-escaped). Every page gets the
//! visitor's language, CSRF token, user and timezone; templates call `t("section.key",
//! name=value)` for text and `value|time` for instants in the tenant's timezone.

use std::sync::OnceLock;

use chrono::TimeZone;
use chrono_tz::Tz;
use minijinja::{value::Kwargs, Environment, State, Value};
use poem::{http::StatusCode, Response};
use serde::Serialize;

use crate::{assets, i18n::Lang};

/// Who is looking, and in which language and timezone.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub lang: Lang,
    pub csrf: String,
    pub tz: Tz,
    pub user: Option<UserView>,
    /// This page's path and query, to come back to (language switch, sign-in).
    pub here: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub email: String,
    pub role: String,
    /// Operators and admins: the write buttons show.
    pub can_write: bool,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("error.html", include_str!("../templates/error.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    ("accounts.html", include_str!("../templates/accounts.html")),
    ("account.html", include_str!("../templates/account.html")),
    (
        "account_panel.html",
        include_str!("../templates/account_panel.html"),
    ),
    (
        "account_new.html",
        include_str!("../templates/account_new.html"),
    ),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            if let Err(err) = env.add_template(name, source) {
                tracing::error!(%err, template = name, "a portal template does not parse");
            }
        }
        env.add_function("t", translate);
        env.add_function("asset", asset_url);
        env.add_filter("time", local_time);
        env
    })
}

/// `t("section.key", name=value, …)` in the page's language.
fn translate(state: &State, key: &str, args: Kwargs) -> String {
    let lang = lang_of(state);
    let args: Vec<(&str, String)> = args
        .args()
        .filter_map(|name| {
            let value: Value = args.get(name).ok()?;
            Some((name, value.to_string()))
        })
        .collect();
    lang.text(key, &args)
}

fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or(Lang::En)
}

/// `asset("portal.js")` → its URL with the content hash.
fn asset_url(name: &str) -> String {
    format!("/portal/assets/{name}?v={}", assets::version(name))
}

/// Epoch milliseconds as `2026-12-03 15:04:05` in the tenant's timezone.
fn local_time(state: &State, millis: Option<i64>) -> String {
    let tz: Tz = state
        .lookup("tz")
        .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(Tz::UTC);
    millis
        .and_then(|ms| tz.timestamp_millis_opt(ms).single())
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// Renders `template` with `vars` and what every page knows about the visitor.
pub fn render(visitor: &Visitor, template: &str, vars: Value) -> Result<String, minijinja::Error> {
    // A page may name where it lives itself (an action's answer is shown at the page's URL).
    let here = vars
        .get_attr("here")
        .ok()
        .filter(|v| !v.is_undefined())
        .map_or_else(|| visitor.here.clone(), |v| v.to_string());
    let page = minijinja::context! {
        lang => visitor.lang.tag(),
        langs => Lang::ALL.iter().map(|l| (l.tag(), l.text("lang.name", &[]))).collect::<Vec<_>>(),
        csrf => visitor.csrf,
        tz => visitor.tz.name(),
        user => visitor.user,
        here,
        ..vars
    };
    environment().get_template(template)?.render(page)
}

/// An HTML answer; a template error is logged and shown as a plain 500.
pub fn html(visitor: &Visitor, status: StatusCode, template: &str, vars: Value) -> Response {
    match render(visitor, template, vars) {
        Ok(body) => Response::builder()
            .status(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(err) => {
            tracing::error!(%err, template, "rendering a portal page failed");
            Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .content_type("text/plain; charset=utf-8")
                .body("the page could not be rendered; the error is in the service log")
        }
    }
}

/// The friendly 403 or 404 page.
pub fn error_page(visitor: &Visitor, status: StatusCode) -> Response {
    let code = status.as_u16();
    html(visitor, status, "error.html", minijinja::context! { code })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visitor(lang: Lang) -> Visitor {
        Visitor {
            lang,
            csrf: "tok".into(),
            tz: "Asia/Shanghai".parse().unwrap(),
            user: None,
            here: "/portal/".into(),
        }
    }

    #[test]
    fn every_template_parses() {
        let env = environment();
        for (name, _) in TEMPLATES {
            env.get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn pages_speak_the_visitors_language_and_escape_what_they_show() {
        let en = render(
            &visitor(Lang::En),
            "error.html",
            minijinja::context! { code => 404 },
        )
        .unwrap();
        assert!(
            en.contains("Not found") && en.contains("lang=\"en\""),
            "{en}"
        );
        let zh = render(
            &visitor(Lang::Zh),
            "error.html",
            minijinja::context! { code => 404 },
        )
        .unwrap();
        assert!(
            zh.contains("未找到") && zh.contains("lang=\"zh-CN\""),
            "{zh}"
        );
    }

    #[test]
    fn times_show_in_the_tenants_timezone() {
        let env = environment();
        let out = env
            .render_str(
                "{{ 0|time }}",
                minijinja::context! { tz => "Asia/Shanghai" },
            )
            .unwrap();
        assert_eq!(out, "1970-01-01 08:00:00");
    }
}
