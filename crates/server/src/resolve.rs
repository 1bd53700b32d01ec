//! Expanding platform short links (`xhslink.com/…`, `v.douyin.com/…`,
//! `b23.tv/…`, `v.kuaishou.com/…`) into the note they point to.
//!
//! The only outbound requests Seedbed makes for members, so they are
//! fenced in: before every hop the URL is re-parsed with a full URL parser
//! (`url`) and must be `https`, without user info or port, on a host of the
//! link's own platform ([`rules::Platform::owns_host`]); redirects are
//! followed by hand (at most [`MAX_HOPS`]), each one checked the same way;
//! names are resolved by [`FencedDns`], which refuses private, loopback,
//! link-local and other non-public addresses, and the IPv6 transition
//! ranges that can carry any IPv4 address (NAT64, 6to4, Teredo,
//! IPv4-compatible and -mapped) and site-local; the connection uses the
//! addresses it checked (no second lookup to rebind). One expansion takes
//! [`TIME_LIMIT`] in all, however many hops; no response body is read; a
//! member may ask for [`MEMBER_EXPANSIONS`] expansions per
//! [`MEMBER_WINDOW_SECS`] (counted in this process, like the log-in
//! throttle), so the server cannot be made a fetcher for free.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use rules::{LinkKind, NoteLink, Platform};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Redirects followed at most.
pub const MAX_HOPS: usize = 5;
/// The whole expansion, every hop included.
pub const TIME_LIMIT: Duration = Duration::from_secs(4);
const CONNECT_LIMIT: Duration = Duration::from_secs(2);
/// Expansions one member may ask for per window.
pub const MEMBER_EXPANSIONS: u32 = 30;
pub const MEMBER_WINDOW_SECS: i64 = 3600;
/// Members tracked before expired windows are swept (bounds the memory).
const SWEEP_AT: usize = 10_000;

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
    #[error("not expanded within {TIME_LIMIT:?}")]
    TimedOut,
}

pub struct Resolver {
    client: reqwest::Client,
    /// Test builds only: plain http, every name answered with this address.
    test_target: Option<SocketAddr>,
    /// Expansions per member: (count, start of the window).
    used: Mutex<HashMap<String, (u32, i64)>>,
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
            used: Mutex::default(),
        }
    }

    /// Counts an expansion for `member` at `now`; false when the member has
    /// used up [`MEMBER_EXPANSIONS`] in the current window.
    pub fn take(&self, member: &str, now: i64) -> bool {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        if used.len() >= SWEEP_AT {
            used.retain(|_, (_, start)| now - *start < MEMBER_WINDOW_SECS);
        }
        let entry = used.entry(member.to_string()).or_insert((0, now));
        if now - entry.1 >= MEMBER_WINDOW_SECS {
            *entry = (0, now);
        }
        if entry.0 >= MEMBER_EXPANSIONS {
            return false;
        }
        entry.0 += 1;
        true
    }

    /// Follows `link` (a short link) to the note it names, in
    /// [`TIME_LIMIT`] at most.
    pub async fn resolve(&self, link: &NoteLink) -> Result<NoteLink, ResolveError> {
        if link.kind != LinkKind::ShortLink {
            return Err(ResolveError::NotShort);
        }
        tokio::time::timeout(TIME_LIMIT, self.follow(link))
            .await
            .unwrap_or(Err(ResolveError::TimedOut))
    }

    async fn follow(&self, link: &NoteLink) -> Result<NoteLink, ResolveError> {
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
/// link-local, shared, documentation, multicast or unspecified, nor an
/// IPv6 transition or deprecated range: see [`is_public_v6`]).
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
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// An IPv6 address a platform's host may have: native global unicast only.
/// Refused besides the local kinds: every range that embeds or tunnels an
/// IPv4 address (IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`,
/// NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002::/16`, Teredo
/// `2001::/32`), since through them any IPv4 address, inside ones
/// included, can be reached; site-local `fec0::/10`, discard `100::/64`
/// and documentation `2001:db8::/32`. (Each embedded IPv4 address is also
/// checked, which only matters if a range is ever allowed again.)
fn is_public_v6(v6: Ipv6Addr) -> bool {
    let s = v6.segments();
    if let Some(v4) = embedded_v4(v6)
        && !is_public(IpAddr::V4(v4))
    {
        return false;
    }
    let transition = s[..6] == [0; 6] // IPv4-compatible (and ::, ::1)
        || s[..6] == [0, 0, 0, 0, 0, 0xffff] // IPv4-mapped
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4]) // NAT64
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // local-use NAT64
        || s[0] == 0x2002 // 6to4
        || (s[0] == 0x2001 && s[1] == 0); // Teredo
    !(transition
        || v6.is_loopback()
        || v6.is_unspecified()
        || v6.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local
        || s[..4] == [0x100, 0, 0, 0] // discard
        || (s[0] == 0x2001 && s[1] == 0x0db8))
}

/// The IPv4 address an IPv6 transition address carries, if it is one.
fn embedded_v4(v6: Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    let s = v6.segments();
    let o = v6.octets();
    let last = |i: usize| std::net::Ipv4Addr::new(o[i], o[i + 1], o[i + 2], o[i + 3]);
    // IPv4-compatible and -mapped (::/96, ::ffff:0:0/96), NAT64 (64:ff9b::/96
    // and the local-use 64:ff9b:1::/48): the address is the last 32 bits.
    let compatible = s[..5] == [0; 5]
        && (s[5] == 0 || s[5] == 0xffff)
        && !(v6.is_loopback() || v6.is_unspecified());
    if compatible || (s[0] == 0x64 && s[1] == 0xff9b) {
        Some(last(12))
    } else if s[0] == 0x2002 {
        Some(last(2))
    } else if s[0] == 0x2001 && s[1] == 0 {
        // Teredo: the client's address, inverted, in the last 32 bits.
        let b = o[12..16].iter().map(|x| !x).collect::<Vec<u8>>();
        Some(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]))
    } else {
        None
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
            // IPv6 transition ranges: inside addresses embedded...
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::a00:1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "::127.0.0.1",
            "::10.0.0.1",
            // ...and public ones too: the range itself is refused.
            "::ffff:1.1.1.1",
            "::1.1.1.1",
            "64:ff9b::101:101",
            "64:ff9b:1::101:101",
            "2002:101:101::1",
            "2001:0:4136:e378:8000:63bf:fefe:fefe",
            "fec0::1",
            "feff::1",
            "100::1",
            "2001:db8::1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in [
            "1.1.1.1",
            "110.242.68.66",
            "2400:3200::1",
            "2001:4860::8888",
            "2408:8000::1",
        ] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }

    #[test]
    fn transition_addresses_carry_their_ipv4() {
        let check = |v6: &str, v4: Option<&str>| {
            let got = embedded_v4(v6.parse().unwrap());
            assert_eq!(got, v4.map(|a| a.parse().unwrap()), "{v6}");
        };
        check("::ffff:10.0.0.1", Some("10.0.0.1"));
        check("::10.0.0.1", Some("10.0.0.1"));
        check("64:ff9b::a00:1", Some("10.0.0.1"));
        check("2002:a00:1::1", Some("10.0.0.1"));
        check("2001:0:4136:e378:8000:63bf:f5ff:fffe", Some("10.0.0.1"));
        check("::1", None);
        check("2400:3200::1", None);
    }

    #[test]
    fn expansions_are_counted_per_member() {
        let r = Resolver::new();
        for _ in 0..MEMBER_EXPANSIONS {
            assert!(r.take("m1", 100));
        }
        assert!(!r.take("m1", 101), "the member's allowance is used up");
        assert!(r.take("m2", 101), "another member is not affected");
        assert!(!r.take("m1", 100 + MEMBER_WINDOW_SECS - 1));
        assert!(r.take("m1", 100 + MEMBER_WINDOW_SECS), "a new window");
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
