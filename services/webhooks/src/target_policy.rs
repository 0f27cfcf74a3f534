//! Where webhooks may go. A tenant could otherwise point an endpoint at this service's own
//! network (the metadata service at 169.254.169.254, the database, admin ports) and read the
//! answers in the delivery log. Loopback, private, link-local, shared (CGNAT), multicast and
//! reserved addresses are refused: when the endpoint is saved (400 `webhook_url_forbidden`),
//! and again at every delivery through the resolver the HTTP client uses, so a name that
//! resolves somewhere else later (DNS rebinding) is still caught. Redirects are not followed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use fleet_core::ValidationError;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::WebhookError;

/// Longest URL accepted.
const MAX_URL: usize = 2048;

pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
}

/// IPv6 ranges that are not a public host, including the transition forms that carry an
/// IPv4 address inside (which could otherwise smuggle a private one past the IPv4 rules).
fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || s[..6] == [0; 6] // IPv4-compatible `::a.b.c.d` (deprecated)
        || s[0] == 0x2002 // 6to4: an IPv4 address in bits 16–48
        || (s[0] == 0x2001 && s[1] == 0) // Teredo: an IPv4 address inside
        || (s[0] == 0x64 && s[1] == 0xff9b) // NAT64, well-known and local-use
        || (s[0] == 0x100 && s[1..4] == [0; 3]) // discard-only
        || (s[0] == 0x2001 && s[1] == 0xdb8) // documentation
        || (s[0] == 0x2001 && (s[1] & 0xfff0) == 0x10) // ORCHID
        || (s[0] == 0x2001 && s[1] == 2 && s[2] == 0) // benchmarking
        || isatap_private(s)
}

/// ISATAP interface ids (`…:0:5efe:a.b.c.d`, `…:200:5efe:a.b.c.d`) carry an IPv4 address in
/// their last 32 bits: refused when that address would be.
fn isatap_private(s: [u16; 8]) -> bool {
    (s[4] & 0xfdff) == 0
        && s[5] == 0x5efe
        && forbidden_v4(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ))
}

/// Parses an endpoint URL and refuses what cannot be a public receiver. Names are resolved
/// here too; one that does not resolve yet is accepted (the delivery-time check still holds).
pub async fn check_url(raw: &str, allow_private: bool) -> Result<Url, WebhookError> {
    let invalid = |message: &str| WebhookError::Validation(ValidationError::new("url", message));
    if raw.len() > MAX_URL {
        return Err(invalid("must be at most 2048 characters"));
    }
    let url = Url::parse(raw).map_err(|e| invalid(&format!("is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not carry credentials; the signature authenticates us",
        ));
    }
    if allow_private {
        return Ok(url);
    }
    let forbidden = |what: String| WebhookError::UrlForbidden(what);
    match url.host() {
        None => return Err(invalid("must name a host")),
        Some(Host::Ipv4(ip)) if is_forbidden(ip.into()) => {
            return Err(forbidden(format!("the private address {ip}")))
        }
        Some(Host::Ipv6(ip)) if is_forbidden(ip.into()) => {
            return Err(forbidden(format!("the private address {ip}")))
        }
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") {
                return Err(forbidden("localhost".into()));
            }
            let port = url.port_or_known_default().unwrap_or(443);
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), port))
                .await
                .map(Iterator::collect)
                .unwrap_or_default();
            if let Some(addr) = resolved.iter().find(|a| is_forbidden(a.ip())) {
                return Err(forbidden(format!(
                    "{name}, which resolves to {}",
                    addr.ip()
                )));
            }
        }
        Some(_) => {}
    }
    Ok(url)
}

/// An HTTP client for calls to addresses tenants chose (webhooks, alert channels): it times
/// out, follows no redirect, and, unless `allow_private`, resolves through
/// [`GuardedResolver`].
pub fn guarded_client(
    timeout: std::time::Duration,
    allow_private: bool,
    user_agent: &str,
) -> reqwest::Client {
    let mut http = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent);
    if !allow_private {
        http = http.dns_resolver(std::sync::Arc::new(GuardedResolver));
    }
    // Building fails only without a TLS backend, which the build always has.
    http.build().unwrap_or_default()
}

/// The HTTP client's resolver for webhook deliveries: resolves as usual and refuses a name
/// with any forbidden address, so the client never connects to one.
#[derive(Debug, Clone, Default)]
pub struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if let Some(bad) = addrs.iter().find(|a| is_forbidden(a.ip())) {
                return Err(format!(
                    "{} resolves to the private address {}",
                    name.as_str(),
                    bad.ip()
                )
                .into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// Whether a URL's literal IP host is forbidden (literals skip the resolver).
pub fn literal_is_forbidden(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => is_forbidden(ip.into()),
        Some(Host::Ipv6(ip)) => is_forbidden(ip.into()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn private_ranges_are_forbidden_and_public_ones_allowed() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::",
            // IPv6 transition forms and their embedded IPv4 addresses
            "::127.0.0.1",
            "::a00:1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "fec0::1",
            "64:ff9b::7f00:1",
            "64:ff9b:1::a00:1",
            "100::1",
            "2001:db8::1",
            "fe80::5efe:a00:1",
            "2606:4700::200:5efe:c0a8:101",
        ] {
            assert!(is_forbidden(bad.parse().unwrap()), "{bad}");
        }
        for good in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700::1111",
            "2606:4700::5efe:5db8:d822",
            "100.128.0.1",
            "172.32.0.1",
        ] {
            assert!(!is_forbidden(good.parse().unwrap()), "{good}");
        }
    }

    #[tokio::test]
    async fn urls_are_checked_before_they_are_saved() {
        let forbidden =
            |r: Result<Url, WebhookError>| matches!(r, Err(WebhookError::UrlForbidden(_)));
        assert!(forbidden(
            check_url("http://127.0.0.1:8080/hook", false).await
        ));
        assert!(forbidden(check_url("http://[::1]/hook", false).await));
        for smuggled in [
            "http://[::127.0.0.1]/hook",
            "http://[2002:7f00:1::]/hook",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
            "http://[fec0::1]/hook",
        ] {
            assert!(forbidden(check_url(smuggled, false).await), "{smuggled}");
        }
        assert!(forbidden(check_url("http://localhost/hook", false).await));
        assert!(forbidden(
            check_url("http://api.localhost./hook", false).await
        ));
        assert!(forbidden(
            check_url("http://169.254.169.254/latest/meta-data", false).await
        ));
        // Decimal and hex spellings of loopback are normalised by the URL parser.
        assert!(forbidden(check_url("http://2130706433/", false).await));
        assert!(forbidden(check_url("http://0x7f.1/", false).await));
        assert!(check_url("http://127.0.0.1:8080/hook", true).await.is_ok());
        assert!(check_url("https://93.184.216.34/hook", false).await.is_ok());
        let invalid = |r: Result<Url, WebhookError>| matches!(r, Err(WebhookError::Validation(_)));
        assert!(invalid(check_url("ftp://example.com/", false).await));
        assert!(invalid(check_url("not a url", false).await));
        assert!(invalid(
            check_url("https://user:pw@example.com/", false).await
        ));
        assert!(invalid(
            check_url(&format!("https://e.com/{}", "a".repeat(2100)), false).await
        ));
    }
}
