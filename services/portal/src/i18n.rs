//! The portal's two languages. Text lives in `i18n/en.toml` and `i18n/zh.toml` (embedded);
//! the language is the visitor's choice (a cookie set by the switcher), else the best match
//! of `Accept-Language`, else English.

use std::{collections::BTreeMap, sync::OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

/// The cookie that remembers the switcher's choice.
pub const LANG_COOKIE: &str = "fleet_lang";

impl Lang {
    pub const ALL: [Self; 2] = [Self::En, Self::Zh];

    /// As `<html lang>` and the cookie spell it.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Zh => "zh-CN",
        }
    }

    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "zh" => Some(Self::Zh),
            _ => None,
        }
    }

    /// The chosen language: the cookie's, else the highest-weighted language of
    /// `accept_language` we have, else English.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(lang) = cookie.and_then(Self::parse) {
            return lang;
        }
        let mut offered: Vec<(f32, Self)> = accept_language
            .unwrap_or_default()
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Self::parse(pieces.next()?)?;
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.parse().ok())?;
                Some((weight, lang))
            })
            .collect();
        // Stable: among equal weights the first offered wins.
        offered.sort_by(|a, b| b.0.total_cmp(&a.0));
        offered.first().map_or(Self::En, |(_, lang)| *lang)
    }

    /// The text of `key` (`section.name`), with `{name}` placeholders filled from `args`. A key
    /// missing from the file shows itself, so a gap is visible rather than blank.
    pub fn text(self, key: &str, args: &[(&str, String)]) -> String {
        let Some(template) = catalog(self).get(key) else {
            return key.to_owned();
        };
        args.iter().fold(template.clone(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }
}

type Catalog = BTreeMap<String, String>;

fn catalog(lang: Lang) -> &'static Catalog {
    static EN: OnceLock<Catalog> = OnceLock::new();
    static ZH: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| flatten(include_str!("../i18n/en.toml"))),
        Lang::Zh => ZH.get_or_init(|| flatten(include_str!("../i18n/zh.toml"))),
    }
}

/// `[section] name = "text"` as `section.name → text`. The files are ours and checked by the
/// tests below, so a broken one yields an empty catalogue rather than a panic.
fn flatten(source: &str) -> Catalog {
    let table: toml::Table = source.parse().unwrap_or_default();
    table
        .iter()
        .flat_map(|(section, entries)| {
            entries
                .as_table()
                .into_iter()
                .flatten()
                .filter_map(move |(name, text)| {
                    Some((format!("{section}.{name}"), text.as_str()?.to_owned()))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_text() {
        let en = catalog(Lang::En);
        let zh = catalog(Lang::Zh);
        assert!(en.len() > 50, "en.toml read: {} keys", en.len());
        let en_keys: Vec<_> = en.keys().collect();
        let zh_keys: Vec<_> = zh.keys().collect();
        assert_eq!(en_keys, zh_keys);
        for (key, text) in en.iter().chain(zh.iter()) {
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn the_cookie_wins_then_the_heaviest_accepted_language() {
        assert_eq!(Lang::negotiate(Some("zh-CN"), Some("en")), Lang::Zh);
        assert_eq!(
            Lang::negotiate(None, Some("fr, zh-TW;q=0.8, en;q=0.5")),
            Lang::Zh
        );
        assert_eq!(Lang::negotiate(None, Some("zh;q=0.2, en-GB")), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("de")), Lang::En);
        assert_eq!(Lang::negotiate(None, None), Lang::En);
    }

    #[test]
    fn placeholders_are_filled_and_unknown_keys_show_themselves() {
        let text = Lang::En.text(
            "accounts.page",
            &[("page", "2".into()), ("pages", "5".into())],
        );
        assert_eq!(text, "Page 2 of 5");
        assert_eq!(Lang::Zh.text("no.such", &[]), "no.such");
    }
}
