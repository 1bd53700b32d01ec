//! Expanding platform short links (`xhslink.com/…`, `v.douyin.com/…`,
//! `b23.tv/…`, `v.kuaishou.com/…`) into the note they point to.
//!
//! The only outbound requests Seedbed makes for members, so they are
//! fenced in: before every hop the URL is re-parsed with a full URL parser
//! (`url`) and must be `https`, without user info or port, on a host of the
//! link's own platform ([`rules::Platform::owns_host`]); redirects are
//! followed by hand (at most [`MAX_HOPS`]), each one checked the same way;
//! names are resolved by [`FencedDns`], which refuses private, loopback,
//! link-local and other non-public addresses, and the connection uses the
//! addresses it checked (no second lookup to rebind). Time-outs are short,
//! and no response body is read.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use rules::{LinkKind, NoteLink, Platform};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Redirects followed at most.
pub const MAX_HOPS: usize = 5;
const TIME_LIMIT: Duration = Duration::from_secs(4);
const CONNECT_LIMIT: Duration = Duration::from_secs(2);

/// Why a short link could not be expanded (logged; the member sees
/// `link_unresolved`).
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("not a short link")]
    NotShort,
    #[error("refused URL {0}")]
    Refused(String),
    #[error("more than {MAX_HOPS} redirects")]
    TooManyHops,
    #[error("request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the link led to {0}, not a note")]
    NotANote(String),
}

pub struct Resolver {
    client: reqwest::Client,
    /// Test builds only: plain http, every name answered with this address.
    test_target: Option<SocketAddr>,
}

impl Resolver {
    /// The production resolver.
    pub fn new() -> Resolver {
        Resolver::build(None)
    }

    /// Sends every request to `target` over plain http, loopback allowed.
    /// Exists only in debug builds, so no release configuration can turn
    /// the fences off; the tests drive it against a local HTTP server.
    #[cfg(debug_assertions)]
    pub fn for_tests(target: SocketAddr) -> Resolver {
        Resolver::build(Some(target))
    }

    fn build(test_target: Option<SocketAddr>) -> Resolver {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIME_LIMIT)
            .connect_timeout(CONNECT_LIMIT)
            .no_proxy()
            .user_agent(concat!(
                "Seedbed/",
                env!("CARGO_PKG_VERSION"),
                " (short-link check)"
            ))
            .dns_resolver(Arc::new(FencedDns { test_target }))
            .build()
            .expect("a client with static settings builds");
        Resolver {
            client,
            test_target,
        }
    }

    /// Follows `link` (a short link) to the note it names.
    pub async fn resolve(&self, link: &NoteLink) -> Result<NoteLink, ResolveError> {
        if link.kind != LinkKind::ShortLink {
            return Err(ResolveError::NotShort);
        }
        let mut current = self.check(link.platform, &link.canonical_url)?;
        for _ in 0..=MAX_HOPS {
            if let Ok(found) = rules::parse_note_link(current.as_str())
                && found.kind == LinkKind::Note
            {
                if found.platform != link.platform {
                    return Err(ResolveError::Refused(current.to_string()));
                }
                return Ok(NoteLink {
                    original_url: link.original_url.clone(),
                    ..found
                });
            }
            let mut request = current.clone();
            if self.test_target.is_some() {
                let _ = request.set_scheme("http");
            }
            let response = self.client.get(request).send().await?;
            if !response.status().is_redirection() {
                return Err(ResolveError::NotANote(current.to_string()));
            }
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| ResolveError::NotANote(current.to_string()))?;
            let next = current
                .join(location)
                .map_err(|_| ResolveError::Refused(location.chars().take(200).collect()))?;
            current = self.check(link.platform, next.as_str())?;
        }
        Err(ResolveError::TooManyHops)
    }

    /// The URL, if it is one Seedbed may fetch for `platform`.
    fn check(&self, platform: Platform, raw: &str) -> Result<url::Url, ResolveError> {
        let refused = || ResolveError::Refused(raw.chars().take(200).collect());
        let mut u = url::Url::parse(raw).map_err(|_| refused())?;
        if self.test_target.is_some() && u.scheme() == "http" {
            let _ = u.set_scheme("https");
        }
        let ok = u.scheme() == "https"
            && u.username().is_empty()
            && u.password().is_none()
            && u.port().is_none()
            && matches!(u.host(), Some(url::Host::Domain(h)) if platform.owns_host(h));
        if ok { Ok(u) } else { Err(refused()) }
    }
}

impl Default for Resolver {
    fn default() -> Self {
        Resolver::new()
    }
}

/// Whether an address is on the public internet (not private, loopback,
/// link-local, shared, documentation, multicast or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_unspecified()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Resolves names and keeps only public addresses.
struct FencedDns {
    test_target: Option<SocketAddr>,
}

impl Resolve for FencedDns {
    fn resolve(&self, name: Name) -> Resolving {
        let test_target = self.test_target;
        Box::pin(async move {
            if let Some(target) = test_target {
                let addrs: Addrs = Box::new(std::iter::once(target));
                return Ok(addrs);
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 443))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{} has no public address", name.as_str()).into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_only() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in ["1.1.1.1", "110.242.68.66", "2400:3200::1"] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }

    #[test]
    fn checks_every_url_with_a_full_parser() {
        let r = Resolver::new();
        let p = Platform::Xiaohongshu;
        assert!(r.check(p, "https://xhslink.com/a/x").is_ok());
        assert!(r.check(p, "https://www.xiaohongshu.com/explore/1").is_ok());
        for bad in [
            "http://xhslink.com/a/x",
            "https://xhslink.com:8443/a/x",
            "https://u@xhslink.com/a/x",
            "https://xhslink.com.evil.com/a/x",
            "https://www.douyin.com/video/1",
            "https://127.0.0.1/a",
            "https://[::1]/a",
            "file:///etc/passwd",
        ] {
            assert!(r.check(p, bad).is_err(), "{bad}");
        }
    }
}
