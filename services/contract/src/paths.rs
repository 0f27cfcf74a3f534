//! Matching a request path against the document's path templates.

/// One `/`-separated piece of a template such as `/api/v1/accounts/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `{id}`, or `{name}.json` (a parameter with literal text around it).
    Param {
        prefix: String,
        suffix: String,
    },
}

/// A path template of the document.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    raw: String,
    segments: Vec<Segment>,
}

impl Template {
    pub(crate) fn parse(raw: &str) -> Self {
        let segments = raw
            .split('/')
            .map(|piece| match (piece.find('{'), piece.rfind('}')) {
                (Some(open), Some(close)) if open < close => Segment::Param {
                    prefix: piece[..open].to_owned(),
                    suffix: piece[close + 1..].to_owned(),
                },
                _ => Segment::Literal(piece.to_owned()),
            })
            .collect();
        Self {
            raw: raw.to_owned(),
            segments,
        }
    }

    pub(crate) fn raw(&self) -> &str {
        &self.raw
    }

    /// Sorting by this puts literal segments before parameters, position by position, so
    /// the first template that matches is the most specific one (`/messages/send` before
    /// `/messages/{id}`).
    pub(crate) fn specificity(&self) -> Vec<u8> {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(_) => 0,
                Segment::Param { prefix, suffix } if !prefix.is_empty() || !suffix.is_empty() => 1,
                Segment::Param { .. } => 2,
            })
            .collect()
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        let pieces: Vec<&str> = path.split('/').collect();
        pieces.len() == self.segments.len()
            && self
                .segments
                .iter()
                .zip(pieces)
                .all(|(segment, piece)| match segment {
                    Segment::Literal(text) => text == piece,
                    // A parameter never matches an empty segment (`/accounts/` is not `/accounts/{id}`).
                    Segment::Param { prefix, suffix } => {
                        piece.len() > prefix.len() + suffix.len()
                            && piece.starts_with(prefix.as_str())
                            && piece.ends_with(suffix.as_str())
                    }
                })
    }
}

/// The path of `path_and_query`: without query or fragment, and without scheme and host
/// when a caller hands over a whole URL.
pub(crate) fn path_of(path_and_query: &str) -> &str {
    let rest = match path_and_query.split_once("://") {
        Some((_, after_scheme)) => after_scheme.find('/').map_or("/", |at| &after_scheme[at..]),
        None => path_and_query,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_match<'a>(templates: &'a [&str], path: &str) -> Option<&'a str> {
        let mut parsed: Vec<Template> = templates.iter().map(|raw| Template::parse(raw)).collect();
        parsed.sort_by_key(Template::specificity);
        let found = parsed.iter().find(|template| template.matches(path))?;
        templates.iter().copied().find(|raw| *raw == found.raw())
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let templates = [
            "/api/v1/messages/{id}/status",
            "/api/v1/messages/{id}",
            "/api/v1/messages/send",
        ];
        assert_eq!(
            first_match(&templates, "/api/v1/messages/send"),
            Some("/api/v1/messages/send")
        );
        assert_eq!(
            first_match(&templates, "/api/v1/messages/m1"),
            Some("/api/v1/messages/{id}")
        );
        assert_eq!(
            first_match(&templates, "/api/v1/messages/send/status"),
            Some("/api/v1/messages/{id}/status")
        );
    }

    #[test]
    fn the_earlier_literal_decides_between_templates() {
        let templates = ["/a/{x}/c", "/a/b/{y}"];
        assert_eq!(first_match(&templates, "/a/b/c"), Some("/a/b/{y}"));
    }

    #[test]
    fn parameters_need_a_non_empty_segment() {
        let templates = ["/api/v1/accounts/{id}"];
        assert_eq!(first_match(&templates, "/api/v1/accounts/"), None);
        assert_eq!(first_match(&templates, "/api/v1/accounts"), None);
        assert_eq!(first_match(&templates, "/api/v1/accounts/a/b"), None);
    }

    #[test]
    fn partial_parameters_keep_their_literal_text() {
        let templates = ["/files/{name}.json"];
        assert_eq!(
            first_match(&templates, "/files/a.json"),
            Some("/files/{name}.json")
        );
        assert_eq!(first_match(&templates, "/files/.json"), None);
        assert_eq!(first_match(&templates, "/files/a.yaml"), None);
    }

    #[test]
    fn query_fragment_scheme_and_host_are_dropped() {
        assert_eq!(path_of("/api/v1/messages?page=2#x"), "/api/v1/messages");
        assert_eq!(path_of("http://127.0.0.1:8080/healthz?x"), "/healthz");
        assert_eq!(path_of("http://127.0.0.1:8080"), "/");
        assert_eq!(path_of("/plain"), "/plain");
    }
}
