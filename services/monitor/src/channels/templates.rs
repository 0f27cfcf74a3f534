//! The message templates (minijinja): the shipped ones are built into the binary, so it
//! works from any directory; an operator's `templates_dir` overrides them file by file and is
//! read anew for every message, so an edit applies to the next notification without a
//! restart. `.html.j2` templates are HTML-escaped automatically.

use std::path::PathBuf;

use minijinja::{path_loader, Environment};

use super::{
    context::TemplateContext, error::with_sources, test_notification, ChannelError, SetupError,
};

pub(super) const ALERT_TEXT: &str = "alert.txt.j2";
pub(super) const ALERT_HTML: &str = "alert.html.j2";
pub(super) const WECOM_ROBOT: &str = "wecom_robot.md.j2";

const SHIPPED: [(&str, &str); 3] = [
    (
        ALERT_TEXT,
        include_str!("../../../../alerting/templates/alert.txt.j2"),
    ),
    (
        ALERT_HTML,
        include_str!("../../../../alerting/templates/alert.html.j2"),
    ),
    (
        WECOM_ROBOT,
        include_str!("../../../../alerting/templates/wecom_robot.md.j2"),
    ),
];

#[derive(Debug, Clone)]
pub(super) struct Templates {
    dir: Option<PathBuf>,
}

impl Templates {
    /// Renders each template once with a sample notification, so a broken override fails
    /// at start rather than at the first alert.
    pub fn new(dir: Option<PathBuf>) -> Result<Self, SetupError> {
        let templates = Self { dir };
        let sample = test_notification(0, "example");
        let context = TemplateContext::new(&sample, "example", "https://fleet.example.com")
            .map_err(|e| SetupError(e.message))?;
        for (name, _) in SHIPPED {
            templates
                .render(name, &context)
                .map_err(|e| SetupError(e.message))?;
        }
        Ok(templates)
    }

    pub fn render(&self, name: &str, context: &TemplateContext) -> Result<String, ChannelError> {
        let failed = |e: minijinja::Error| {
            ChannelError::permanent(format!("template {name}: {}", with_sources(&e)))
        };
        let environment = self.environment();
        let template = environment.get_template(name).map_err(failed)?;
        template.render(context).map_err(failed)
    }

    fn environment(&self) -> Environment<'static> {
        let mut environment = Environment::new();
        // Block tags on lines of their own leave no blank lines behind.
        environment.set_trim_blocks(true);
        environment.set_lstrip_blocks(true);
        let from_dir = self.dir.clone().map(path_loader);
        environment.set_loader(move |name| {
            if let Some(load) = &from_dir {
                if let Some(source) = load(name)? {
                    return Ok(Some(source));
                }
            }
            Ok(shipped(name).map(str::to_owned))
        });
        environment
    }
}

fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(shipped, _)| *shipped == name)
        .map(|(_, source)| *source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> TemplateContext {
        let mut notification = test_notification(0, "acme");
        notification.alerts[0]
            .labels
            .insert("account_id".into(), "<script>alert(1)</script>".into());
        TemplateContext::new(&notification, "acme", "https://fleet.example.com").unwrap()
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let templates = Templates::new(None).unwrap();
        let html = templates.render(ALERT_HTML, &context()).unwrap();
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        let text = templates.render(ALERT_TEXT, &context()).unwrap();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
    }

    #[test]
    fn an_override_replaces_one_template_and_a_broken_one_fails_at_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(ALERT_TEXT), "custom for {{ tenant_name }}").unwrap();
        let templates = Templates::new(Some(dir.path().to_owned())).unwrap();
        assert_eq!(
            templates.render(ALERT_TEXT, &context()).unwrap(),
            "custom for acme"
        );
        let html = templates.render(ALERT_HTML, &context()).unwrap();
        assert!(html.contains("TestNotification"), "shipped fallback");

        std::fs::write(dir.path().join(ALERT_HTML), "{% if %}").unwrap();
        let error = Templates::new(Some(dir.path().to_owned())).unwrap_err();
        assert!(error.0.contains(ALERT_HTML), "{error}");
    }
}
