//! The portal's static files, embedded in the binary: our own stylesheet and script, and the
//! vendored htmx and uPlot, pinned by `assets/vendor/MANIFEST` (package, version, SHA-256),
//! which `scripts/refresh-portal-assets.sh` writes and a test below holds the files to.

use poem::{
    handler,
    http::{header, StatusCode},
    web::Path,
    Response,
};
use sha2::{Digest, Sha256};

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

pub const ASSETS: &[Asset] = &[
    Asset {
        name: "portal.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/portal.css"),
    },
    Asset {
        name: "portal.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/portal.js"),
    },
    Asset {
        name: "htmx.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/vendor/htmx.min.js"),
    },
    Asset {
        name: "uPlot.iife.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/vendor/uPlot.iife.min.js"),
    },
    Asset {
        name: "uPlot.min.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/vendor/uPlot.min.css"),
    },
];

/// The short content hash pages put in asset URLs (`?v=`), so a new build is fetched at once
/// while an unchanged file stays cached.
pub fn version(name: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map(|a| hex(&Sha256::digest(a.body))[..12].to_owned())
        .unwrap_or_default()
}

#[handler]
pub fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => Response::builder()
            .content_type(asset.content_type)
            // Safe to keep: every URL of it carries its content hash.
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .body(asset.body),
        None => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every vendored file is the one the manifest pins, and every pinned file is served.
    #[test]
    fn vendored_files_match_their_pinned_checksums() {
        let manifest = include_str!("../assets/vendor/MANIFEST");
        let pinned: Vec<(&str, &str)> = manifest
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let fields: Vec<&str> = l.split_whitespace().collect();
                assert_eq!(fields.len(), 4, "{l}");
                (fields[0], fields[3])
            })
            .collect();
        assert_eq!(pinned.len(), 3);
        for (name, sha) in pinned {
            let asset = ASSETS
                .iter()
                .find(|a| a.name == name)
                .unwrap_or_else(|| panic!("{name} is pinned but not served"));
            assert_eq!(hex(&Sha256::digest(asset.body)), sha, "{name}");
        }
    }
}
