//! The device a request came from, as the suspicious-pattern flags and the
//! anonymous idempotency quota need it: a keyed hash of the client address
//! (from the reverse proxy's `X-Forwarded-For` or `X-Real-IP`) and the
//! browser, never the address itself.
//!
//! The hash is HMAC-SHA256 under a server secret ([`ClientKey`]): an
//! unkeyed hash of an IPv4 address and a common browser string is undone by
//! trying the 2³² addresses, so without the secret a stored hash tells
//! nothing. The secret is `SEEDBED_CLIENT_KEY` when set (at least 32
//! characters; every server process of an installation needs the same),
//! else 32 random bytes generated on first start and kept in
//! `{upload_dir}/.client-key` (the upload folder is already shared by
//! every process). Losing it only means new hashes stop matching old ones.

use crate::Config;
use axum::http::{Extensions, HeaderMap};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::net::IpAddr;
use std::path::PathBuf;

/// The file the generated secret is kept in, inside the upload folder.
pub const KEY_FILE: &str = ".client-key";
/// Shortest configured secret accepted.
pub const MIN_KEY_CHARS: usize = 32;

/// The server secret client hashes are keyed with.
#[derive(Clone)]
pub struct ClientKey(Vec<u8>);

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientKey(…)")
    }
}

impl ClientKey {
    /// The configured secret, or the one kept in the upload folder (made
    /// there on first start).
    pub fn load(config: &Config) -> Result<ClientKey, String> {
        if let Some(secret) = &config.client_key {
            if secret.chars().count() < MIN_KEY_CHARS {
                return Err(format!(
                    "SEEDBED_CLIENT_KEY must be at least {MIN_KEY_CHARS} characters"
                ));
            }
            return Ok(ClientKey(secret.as_bytes().to_vec()));
        }
        let path = key_path(config);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text = text.trim();
                if text.len() < 2 * MIN_KEY_CHARS {
                    return Err(format!("{} is too short", path.display()));
                }
                Ok(ClientKey(text.as_bytes().to_vec()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// A secret for tests and as the last resort (not kept anywhere).
    pub fn random() -> ClientKey {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the system's random source");
        ClientKey(bytes.to_vec())
    }

    /// HMAC-SHA256 of `parts` (joined by a separator), the first 16 bytes
    /// as hex.
    pub fn hash(&self, parts: &[&str]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                mac.update(&[0]);
            }
            mac.update(p.as_bytes());
        }
        crate::hex(&mac.finalize().into_bytes()[..16])
    }
}

fn key_path(config: &Config) -> PathBuf {
    config.upload_dir.join(KEY_FILE)
}

/// Writes a new random secret to `path`, readable by this user only. Two
/// processes starting together: the secret is written whole to a file of
/// this process's own, then linked to `path` (which fails if it exists),
/// so the second process reads the first's complete file, never a
/// half-written one.
fn create(path: &std::path::Path) -> Result<ClientKey, String> {
    use std::io::Write;
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    let text = crate::hex(&bytes);
    let staged = path.with_extension(format!("tmp-{}", store::new_id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&staged).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&staged, path));
    let _ = std::fs::remove_file(&staged);
    match linked {
        Ok(()) => Ok(ClientKey(text.into_bytes())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(err)?;
            let text = text.trim();
            if text.len() < 2 * MIN_KEY_CHARS {
                return Err(format!("{} is too short", path.display()));
            }
            Ok(ClientKey(text.as_bytes().to_vec()))
        }
        Err(e) => Err(err(e)),
    }
}

/// Whether an address is this installation's own side of the network
/// (loopback, private, link-local, unique-local): a reverse proxy there is
/// trusted to report the client; an address anywhere else is the client.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_internal(IpAddr::V4(v4)),
            None => {
                v6.is_loopback()
                    || (v6.segments()[0] & 0xfe00) == 0xfc00
                    || (v6.segments()[0] & 0xffc0) == 0xfe80
            }
        },
    }
}

/// The client's address, as the per-address limits and the device hash
/// count it. A connection from the outside is the client, whatever headers
/// it sends (anyone can write `X-Forwarded-For`). A connection from the
/// installation's own network (the reverse proxy, or none known, as in
/// tests) is trusted: `X-Forwarded-For` read from the right (each proxy
/// appends the address it saw, so the entries on the left are the
/// client's own words; several header lines count as one list, in order),
/// skipping internal hops, else `X-Real-IP`, else the peer. An IPv6 client
/// is its /64 (one subscriber's network hands out the rest freely). ""
/// when nothing is known.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap) -> String {
    if let Some(ip) = peer.filter(|ip| !is_internal(*ip)) {
        return subscriber(ip);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = forwarded.join(",");
    let mut nearest = None;
    for entry in forwarded.rsplit(',').take(16) {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            break;
        };
        if !is_internal(ip) {
            return subscriber(ip);
        }
        nearest = Some(ip);
    }
    let real = headers
        .get("x-real-ip")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Ok(ip) = real.trim().parse::<IpAddr>() {
        return subscriber(ip);
    }
    nearest.or(peer).map(subscriber).unwrap_or_default()
}

/// An address as one subscriber: IPv4 as is, IPv6 by its /64.
fn subscriber(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// [`client_address`] of a request: the peer from the connection info the
/// server records (`into_make_service_with_connect_info`).
pub fn request_address(extensions: &Extensions, headers: &HeaderMap) -> String {
    let peer = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    client_address(peer, headers)
}

/// The device hash of a request (address and browser), `None` when
/// neither is known.
pub fn device_hash(key: &ClientKey, address: &str, headers: &HeaderMap) -> Option<String> {
    let ip = address;
    let agent = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ip.is_empty() && agent.is_empty() {
        return None;
    }
    Some(key.hash(&["device", ip, agent]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let key = ClientKey(b"Jefe".to_vec());
        assert_eq!(
            key.hash(&["what do ya want for nothing?"]),
            "5bdcc146bf60754e6a042426089575c7"
        );
    }

    #[test]
    fn the_hash_depends_on_the_secret_and_is_not_a_plain_sha256() {
        use sha2::Digest;
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9, 10.0.0.1"),
            ("user-agent", "UA"),
        ]);
        let ip = client_address(None, &h);
        assert_eq!(ip, "203.0.113.9");
        let a = device_hash(&ClientKey::random(), &ip, &h).unwrap();
        let b = device_hash(&ClientKey::random(), &ip, &h).unwrap();
        assert_ne!(a, b, "another secret, another hash");
        let plain = crate::hex(&Sha256::digest(b"203.0.113.9|UA")[..16]);
        assert_ne!(a, plain);
        let k = ClientKey::random();
        assert_eq!(device_hash(&k, &ip, &h), device_hash(&k, &ip, &h));
        let real = headers(&[("x-real-ip", "203.0.113.9"), ("user-agent", "UA")]);
        assert_eq!(
            device_hash(&k, &client_address(None, &real), &real),
            device_hash(&k, &ip, &h),
            "the same address however the proxy reports it"
        );
        assert_eq!(device_hash(&k, "", &HeaderMap::new()), None);
    }

    #[test]
    fn only_the_installations_own_network_may_name_the_client() {
        let spoofed = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.9")]);
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(
            client_address(Some(proxy), &spoofed),
            "203.0.113.9",
            "the entry the proxy appended, not the one the client wrote"
        );
        let outsider: IpAddr = "192.0.2.44".parse().unwrap();
        assert_eq!(
            client_address(Some(outsider), &spoofed),
            "192.0.2.44",
            "a direct caller's headers are ignored"
        );
        let chain = headers(&[("x-forwarded-for", "203.0.113.9, 10.0.0.2, 10.0.0.3")]);
        assert_eq!(client_address(Some(proxy), &chain), "203.0.113.9");
        let garbage = headers(&[("x-forwarded-for", "203.0.113.9, not-an-address")]);
        assert_eq!(client_address(Some(proxy), &garbage), "127.0.0.1");
        let internal_only = headers(&[("x-forwarded-for", "10.0.0.2")]);
        assert_eq!(client_address(Some(proxy), &internal_only), "10.0.0.2");
        assert_eq!(client_address(Some(proxy), &HeaderMap::new()), "127.0.0.1");
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(client_address(Some(mapped), &spoofed), "203.0.113.9");
        // A proxy that adds its own header line: the client's line first.
        let mut two_lines = HeaderMap::new();
        two_lines.append("x-forwarded-for", "198.51.100.1".parse().unwrap());
        two_lines.append("x-forwarded-for", "203.0.113.9".parse().unwrap());
        assert_eq!(client_address(Some(proxy), &two_lines), "203.0.113.9");
        // One IPv6 subscriber is one client, whichever of its addresses.
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(
            client_address(Some(a), &HeaderMap::new()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            client_address(Some(a), &HeaderMap::new()),
            client_address(Some(b), &HeaderMap::new())
        );
    }

    #[test]
    fn processes_starting_together_share_one_whole_secret() {
        let dir = std::env::temp_dir().join(format!("seedbed-key-{}", store::new_id()));
        let path = dir.join(KEY_FILE);
        let keys: Vec<ClientKey> = (0..8)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || create(&path).unwrap())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        for k in &keys {
            assert_eq!(k.0.len(), 64);
            assert_eq!(k.hash(&["x"]), keys[0].hash(&["x"]));
        }
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no staged files left behind");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_secret_is_generated_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("seedbed-key-{}", store::new_id()));
        let config = Config {
            upload_dir: dir.clone(),
            ..Config::default()
        };
        let first = ClientKey::load(&config).unwrap();
        let again = ClientKey::load(&config).unwrap();
        assert_eq!(
            first.hash(&["x"]),
            again.hash(&["x"]),
            "read back, not remade"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by the server's user only");
        }
        let configured = Config {
            client_key: Some("k".repeat(MIN_KEY_CHARS)),
            ..config.clone()
        };
        assert_ne!(
            ClientKey::load(&configured).unwrap().hash(&["x"]),
            first.hash(&["x"])
        );
        let short = Config {
            client_key: Some("short".into()),
            ..config
        };
        assert!(ClientKey::load(&short).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
