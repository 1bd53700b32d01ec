//! Note links: finding, recognising and normalising the link of a
//! published note in whatever a member pastes.
//!
//! Platform apps share text such as
//! `【标题】 😆 abc123 😆 https://www.xiaohongshu.com/explore/… 复制本条信息…`,
//! so the parser first pulls every `http(s)://` URL out of the text (a URL
//! ends at whitespace, at any non-ASCII character such as full-width
//! punctuation, at quotes and brackets, or where another `http(s)://`
//! begins), then recognises the first one that is a note on a supported
//! platform: Xiaohongshu, Douyin, Weibo, Bilibili, WeChat official-account
//! articles and Kuaishou. A short link (`xhslink.com`, `v.douyin.com`,
//! `b23.tv`, `v.kuaishou.com`) is recognised with `note_id: None`; only
//! the server expands it, by following redirects within the platform. Host checks are exact: a host is
//! a platform's host only if it *is* the platform domain or ends with
//! `.` + that domain, so `xiaohongshu.com.evil.com` and
//! `evil.com/xiaohongshu.com/…` are refused, as are user-info tricks
//! (`https://xiaohongshu.com@evil.com/`) and IP-literal hosts.
//!
//! The duplicate key of a note is `platform + note_id`; `canonical_url`
//! drops tracking parameters so one note always has one URL, while
//! `original_url` keeps what the member gave (Xiaohongshu only shows a note
//! on the web with its `xsec_token`, and reviewers need a link that opens).
//!
//! This module is a hand-written scanner on purpose: the `url` crate costs
//! about 56 KB brotli in the wasm apps (TOOLCHAIN.md). The server re-checks
//! URLs with a full parser before it ever fetches one.

use serde::{Deserialize, Serialize};

/// Longest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Xiaohongshu,
    Douyin,
    Weibo,
    Bilibili,
    Wechat,
    Kuaishou,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::Xiaohongshu,
        Platform::Douyin,
        Platform::Weibo,
        Platform::Bilibili,
        Platform::Wechat,
        Platform::Kuaishou,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Xiaohongshu => "xiaohongshu",
            Platform::Douyin => "douyin",
            Platform::Weibo => "weibo",
            Platform::Bilibili => "bilibili",
            Platform::Wechat => "wechat",
            Platform::Kuaishou => "kuaishou",
        }
    }

    pub fn parse(s: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The domains that belong to this platform: the only hosts a short
    /// link of the platform may redirect to.
    pub fn domains(self) -> &'static [&'static str] {
        match self {
            Platform::Xiaohongshu => &["xiaohongshu.com", "xhslink.com"],
            Platform::Douyin => &["douyin.com", "iesdouyin.com"],
            Platform::Weibo => &["weibo.com", "weibo.cn"],
            Platform::Bilibili => &["bilibili.com", "b23.tv"],
            Platform::Wechat => &["mp.weixin.qq.com"],
            Platform::Kuaishou => &["kuaishou.com", "chenzhongtech.com", "gifshow.com"],
        }
    }

    /// Whether `host` (lower case) is one of this platform's hosts.
    pub fn owns_host(self, host: &str) -> bool {
        self.domains().iter().any(|d| host_is(host, d))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A link to one note; `note_id` is set.
    Note,
    /// A platform short link (`xhslink.com/…`, `v.douyin.com/…`, `b23.tv/…`,
    /// `v.kuaishou.com/…`) that only the platform can expand; `note_id` is
    /// `None` until the server resolves it.
    ShortLink,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteLink {
    pub platform: Platform,
    pub note_id: Option<String>,
    pub kind: LinkKind,
    /// `https://`, lower-case host, no query or fragment.
    pub canonical_url: String,
    /// The URL as found in the member's text, query string included.
    pub original_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Nothing that looks like a web link.
    NoUrl,
    /// Longer than [`MAX_INPUT_BYTES`].
    TooLong,
    /// A link with another scheme, such as `javascript:` or `data:`.
    UnsupportedScheme,
    /// A host given as an IP address.
    IpHost,
    /// `user@host` in the link, a classic way to disguise the real host.
    UserInfo,
    /// A link, but not to a supported platform.
    UnknownPlatform,
    /// A supported platform, but a page that is not a note (profile, search).
    NotANote,
}

impl LinkError {
    /// Stable machine-readable code; the apps translate it.
    pub fn code(self) -> &'static str {
        match self {
            LinkError::NoUrl => "link_no_url",
            LinkError::TooLong => "link_too_long",
            LinkError::UnsupportedScheme => "link_unsupported_scheme",
            LinkError::IpHost => "link_ip_host",
            LinkError::UserInfo => "link_user_info",
            LinkError::UnknownPlatform => "link_unknown_platform",
            LinkError::NotANote => "link_not_a_note",
        }
    }

    /// An English explanation; the apps show a translated one by code.
    pub fn message(self) -> &'static str {
        match self {
            LinkError::NoUrl => "No link found. Paste the link or the share text of your note.",
            LinkError::TooLong => "The text is too long (at most 8 KB).",
            LinkError::UnsupportedScheme => "Only http and https links are accepted.",
            LinkError::IpHost => "Links to IP addresses are not accepted.",
            LinkError::UserInfo => "Links with a user name before the host are not accepted.",
            LinkError::UnknownPlatform => {
                "This link is not from a supported platform (Xiaohongshu, Douyin, Weibo, Bilibili, WeChat, Kuaishou)."
            }
            LinkError::NotANote => "This link is not a note (a profile or search page?).",
        }
    }

    /// The same explanation in simplified Chinese. Both languages live here
    /// so the app's live check and the server's answer say the same thing.
    pub fn message_zh(self) -> &'static str {
        match self {
            LinkError::NoUrl => "没有找到链接。请粘贴笔记链接或分享文字。",
            LinkError::TooLong => "内容过长（最多 8 KB）。",
            LinkError::UnsupportedScheme => "仅接受 http 和 https 链接。",
            LinkError::IpHost => "不接受指向 IP 地址的链接。",
            LinkError::UserInfo => "不接受带用户名的链接。",
            LinkError::UnknownPlatform => {
                "该链接不属于支持的平台（小红书、抖音、微博、哔哩哔哩、微信公众号、快手）。"
            }
            LinkError::NotANote => "该链接不是笔记（可能是主页或搜索页）。",
        }
    }

    pub const ALL: [LinkError; 7] = [
        LinkError::NoUrl,
        LinkError::TooLong,
        LinkError::UnsupportedScheme,
        LinkError::IpHost,
        LinkError::UserInfo,
        LinkError::UnknownPlatform,
        LinkError::NotANote,
    ];

    /// The error with this stable code.
    pub fn from_code(code: &str) -> Option<LinkError> {
        LinkError::ALL.into_iter().find(|e| e.code() == code)
    }

    /// When several URLs are in one text, the most specific error wins.
    fn rank(self) -> u8 {
        match self {
            LinkError::NoUrl | LinkError::TooLong => 0,
            LinkError::UnsupportedScheme => 1,
            LinkError::UnknownPlatform => 2,
            LinkError::IpHost | LinkError::UserInfo => 3,
            LinkError::NotANote => 4,
        }
    }
}

/// Finds and recognises the note link in `text`.
pub fn parse_note_link(text: &str) -> Result<NoteLink, LinkError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(LinkError::TooLong);
    }
    let mut best_err: Option<LinkError> = None;
    let mut short: Option<NoteLink> = None;
    for raw in extract_urls(text) {
        match recognise(raw) {
            Ok(link) if link.kind == LinkKind::Note => return Ok(link),
            Ok(link) => {
                short.get_or_insert(link);
            }
            Err(e) => {
                if best_err.is_none_or(|b| e.rank() > b.rank()) {
                    best_err = Some(e);
                }
            }
        }
    }
    if let Some(link) = short {
        return Ok(link);
    }
    if let Some(e) = best_err {
        return Err(e);
    }
    if has_other_scheme(text) {
        return Err(LinkError::UnsupportedScheme);
    }
    Err(LinkError::NoUrl)
}

/// Bytes that may appear in a URL (RFC 3986 unreserved, reserved and `%`).
const URL_CHARS: [bool; 256] = {
    let mut t = [false; 256];
    let extra = b"-._~:/?#[]@!$&*+,;=%";
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric();
        i += 1;
    }
    let mut j = 0;
    while j < extra.len() {
        t[extra[j] as usize] = true;
        j += 1;
    }
    t
};

fn is_url_char(b: u8) -> bool {
    URL_CHARS[usize::from(b)]
}

/// The length of `http://` or `https://` (any case) at `at`, or 0.
fn scheme_at(bytes: &[u8], at: usize) -> usize {
    let starts =
        |p: &[u8]| bytes.len() >= at + p.len() && bytes[at..at + p.len()].eq_ignore_ascii_case(p);
    if starts(b"https://") {
        8
    } else if starts(b"http://") {
        7
    } else {
        0
    }
}

/// Every `http://` or `https://` URL in the text, as slices of it, found
/// without copying the text (share texts are mostly Chinese; this is the
/// parser's hot loop).
fn extract_urls(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let start = i + bytes[i..].iter().position(|&b| b | 0x20 == b'h')?;
            let scheme_len = scheme_at(bytes, start);
            if scheme_len == 0 {
                i = start + 1;
                continue;
            }
            let mut end = start + scheme_len;
            while end < bytes.len() && is_url_char(bytes[end]) {
                // Links glued together (`…/123https://…`) are two links.
                if bytes[end] | 0x20 == b'h' && scheme_at(bytes, end) > 0 {
                    break;
                }
                end += 1;
            }
            // Sentence punctuation glued to the end of a link is not part of it.
            while end > start + scheme_len && b".,;:!?*".contains(&bytes[end - 1]) {
                end -= 1;
            }
            i = end.max(start + scheme_len);
            if end > start + scheme_len {
                return Some(&text[start..end]);
            }
        }
    })
}

fn has_other_scheme(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    [
        "javascript:",
        "data:",
        "file:",
        "ftp:",
        "vbscript:",
        "blob:",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

struct Parts<'a> {
    host: std::borrow::Cow<'a, str>,
    path: &'a str,
    query: &'a str,
}

fn split(url: &str) -> Result<Parts<'_>, LinkError> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or(LinkError::UnsupportedScheme)?;
    // Byte searches: extracted URLs are ASCII, and char-set patterns
    // decode UTF-8 on the way (the parser's hot path).
    let find = |s: &str, set: &[u8]| s.bytes().position(|b| set.contains(&b));
    let auth_end = find(rest, b"/?#").unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    if authority.bytes().any(|b| b == b'@') {
        return Err(LinkError::UserInfo);
    }
    if authority.starts_with('[') {
        return Err(LinkError::IpHost);
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) => {
            if !port.is_empty() && port != "443" && port != "80" {
                return Err(LinkError::UnknownPlatform);
            }
            h
        }
        None => authority,
    };
    let host = host.trim_end_matches('.');
    let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(host.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(host)
    };
    if host.starts_with('[')
        || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    {
        return Err(LinkError::IpHost);
    }
    let after = &rest[auth_end..];
    let path_end = find(after, b"?#").unwrap_or(after.len());
    let query = after[path_end..]
        .strip_prefix('?')
        .map_or("", |q| q.split('#').next().unwrap_or(""));
    Ok(Parts {
        host,
        path: &after[..path_end],
        query,
    })
}

fn host_is(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// The non-empty segments of a path; a path of more than 4 is never a
/// note, so it comes back as 5 (enough to fail every pattern) without
/// allocating.
fn segments(path: &str) -> ([&str; 5], usize) {
    let mut out = [""; 5];
    let mut n = 0;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if n == 5 {
            break;
        }
        out[n] = seg;
        n += 1;
    }
    (out, n)
}

/// The value of query parameter `name`, percent-decoded, if it is plain
/// ASCII without control characters.
fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| percent_decode(v))
        .filter(|v| !v.is_empty())
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    if out.iter().all(|c| c.is_ascii_graphic()) {
        String::from_utf8(out).ok()
    } else {
        None
    }
}

/// Percent-encodes what is not unreserved, so a query value always looks
/// the same in a canonical URL.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

fn all(s: &str, range: core::ops::RangeInclusive<usize>, ok: fn(u8) -> bool) -> bool {
    range.contains(&s.len()) && s.bytes().all(ok)
}

fn is_xhs_id(s: &str) -> bool {
    all(s, 24..=24, |b| b.is_ascii_hexdigit())
}

fn is_digits(s: &str, range: core::ops::RangeInclusive<usize>) -> bool {
    all(s, range, |b| b.is_ascii_digit())
}

fn is_alnum(s: &str, range: core::ops::RangeInclusive<usize>) -> bool {
    all(s, range, |b| b.is_ascii_alphanumeric())
}

fn note(platform: Platform, id: String, canonical: String, original: &str) -> NoteLink {
    NoteLink {
        platform,
        note_id: Some(id),
        kind: LinkKind::Note,
        canonical_url: canonical,
        original_url: original.to_string(),
    }
}

fn short_link(
    platform: Platform,
    host: &str,
    path: &str,
    original: &str,
) -> Result<NoteLink, LinkError> {
    let (segs, n) = segments(path);
    let segs = &segs[..n];
    if segs.is_empty() || n > 4 || !segs.iter().all(|s| is_alnum(s, 1..=64) || *s == "a") {
        return Err(LinkError::NotANote);
    }
    Ok(NoteLink {
        platform,
        note_id: None,
        kind: LinkKind::ShortLink,
        canonical_url: format!("https://{host}/{}", segs.join("/")),
        original_url: original.to_string(),
    })
}

/// Weibo's base62 alphabet for post ids (`mid`).
const BASE62: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A Weibo post id in its numeric form. The web shows the same post as a
/// 16-digit number or as 8–9 base62 characters (groups of 7 digits, each
/// written as 4 base62 characters, from the right); the duplicate key must
/// be one of them, so base62 ids are turned into numbers.
fn weibo_mid(s: &str) -> Option<String> {
    if is_digits(s, 15..=17) {
        let id = s.trim_start_matches('0');
        return is_digits(id, 15..=17).then(|| id.to_string());
    }
    if !is_alnum(s, 8..=9) || s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = s.as_bytes();
    let mut out = String::new();
    let mut end = b.len();
    let mut groups = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(4);
        let mut n: u64 = 0;
        for &c in &b[start..end] {
            let d = BASE62.iter().position(|&x| x == c)? as u64;
            n = n * 62 + d;
        }
        if n >= 10_000_000 {
            return None;
        }
        groups.push(n);
        end = start;
    }
    for (i, n) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&n.to_string());
        } else {
            out.push_str(&format!("{n:07}"));
        }
    }
    // Real post ids have 16 digits; accept what the numeric form accepts,
    // so the canonical URL parses back to the same id.
    let out = out.trim_start_matches('0').to_string();
    is_digits(&out, 15..=17).then_some(out)
}

fn xiaohongshu(url: &str, segs: &[&str]) -> Result<NoteLink, LinkError> {
    match segs {
        ["explore", id] | ["discovery", "item", id] if is_xhs_id(id) => {
            let id = id.to_ascii_lowercase();
            let canonical = ["https://www.xiaohongshu.com/explore/", &id].concat();
            Ok(note(Platform::Xiaohongshu, id, canonical, url))
        }
        _ => Err(LinkError::NotANote),
    }
}

fn douyin(url: &str, segs: &[&str], query: &str) -> Result<NoteLink, LinkError> {
    let found = match segs {
        ["video", id] | ["share", "video", id] => Some(("video", id.to_string())),
        ["note", id] | ["share", "note", id] => Some(("note", id.to_string())),
        // The web app opens a video over a listing page: `?modal_id=…`.
        _ => query_param(query, "modal_id").map(|id| ("video", id)),
    };
    match found {
        Some((kind, id)) if is_digits(&id, 8..=25) => {
            let canonical = ["https://www.douyin.com/", kind, "/", &id].concat();
            Ok(note(Platform::Douyin, id, canonical, url))
        }
        _ => Err(LinkError::NotANote),
    }
}

fn weibo(url: &str, segs: &[&str]) -> Result<NoteLink, LinkError> {
    let mid = match segs {
        ["detail", id] | ["status", id] => weibo_mid(id),
        [uid, id] if is_digits(uid, 5..=12) => weibo_mid(id),
        _ => None,
    };
    match mid {
        Some(id) => {
            let canonical = ["https://m.weibo.cn/detail/", &id].concat();
            Ok(note(Platform::Weibo, id, canonical, url))
        }
        None => Err(LinkError::NotANote),
    }
}

fn bilibili(url: &str, host: &str, segs: &[&str]) -> Result<NoteLink, LinkError> {
    let is_bv =
        |s: &str| s.len() == 12 && s[..2].eq_ignore_ascii_case("bv") && is_alnum(&s[2..], 10..=10);
    let is_av =
        |s: &str| s.len() > 2 && s[..2].eq_ignore_ascii_case("av") && is_digits(&s[2..], 1..=12);
    let (id, canonical) = match segs {
        ["video", id] if is_bv(id) => {
            let id = format!("BV{}", &id[2..]);
            (
                id.clone(),
                ["https://www.bilibili.com/video/", &id].concat(),
            )
        }
        ["video", id] if is_av(id) => {
            let id = id.to_ascii_lowercase();
            (
                id.clone(),
                ["https://www.bilibili.com/video/", &id].concat(),
            )
        }
        ["opus", id] if is_digits(id, 6..=25) => (
            format!("opus{id}"),
            ["https://www.bilibili.com/opus/", id].concat(),
        ),
        [id] if host == "t.bilibili.com" && is_digits(id, 6..=25) => (
            format!("opus{id}"),
            ["https://www.bilibili.com/opus/", id].concat(),
        ),
        _ => return Err(LinkError::NotANote),
    };
    Ok(note(Platform::Bilibili, id, canonical, url))
}

fn wechat(url: &str, segs: &[&str], query: &str) -> Result<NoteLink, LinkError> {
    match segs {
        ["s", token]
            if all(token, 10..=64, |b| {
                b.is_ascii_alphanumeric() || b"-_".contains(&b)
            }) =>
        {
            let canonical = ["https://mp.weixin.qq.com/s/", token].concat();
            Ok(note(Platform::Wechat, token.to_string(), canonical, url))
        }
        // The long form names the article by account, message and position;
        // `sn` is the signature the page needs to open, so it stays too.
        ["s"] | ["mp", "appmsg", "show"] => {
            let biz = query_param(query, "__biz").ok_or(LinkError::NotANote)?;
            let mid = query_param(query, "mid").filter(|m| is_digits(m, 1..=20));
            let idx = query_param(query, "idx").filter(|i| is_digits(i, 1..=3));
            let (Some(mid), Some(idx)) = (mid, idx) else {
                return Err(LinkError::NotANote);
            };
            if !all(&biz, 4..=64, |b| {
                b.is_ascii_alphanumeric() || b"+/=".contains(&b)
            }) {
                return Err(LinkError::NotANote);
            }
            let mut canonical = format!(
                "https://mp.weixin.qq.com/s?__biz={}&mid={mid}&idx={idx}",
                percent_encode(&biz)
            );
            if let Some(sn) = query_param(query, "sn").filter(|s| is_alnum(s, 1..=64)) {
                canonical.push_str("&sn=");
                canonical.push_str(&sn);
            }
            Ok(note(
                Platform::Wechat,
                format!("{biz}:{mid}:{idx}"),
                canonical,
                url,
            ))
        }
        _ => Err(LinkError::NotANote),
    }
}

fn kuaishou(url: &str, segs: &[&str]) -> Result<NoteLink, LinkError> {
    match segs {
        ["short-video", id] | ["photo", id] | ["fw", "photo", id] if is_alnum(id, 8..=32) => {
            let canonical = ["https://www.kuaishou.com/short-video/", id].concat();
            Ok(note(Platform::Kuaishou, id.to_string(), canonical, url))
        }
        _ => Err(LinkError::NotANote),
    }
}

fn recognise(url: &str) -> Result<NoteLink, LinkError> {
    let Parts { host, path, query } = split(url)?;
    let (segs, n) = segments(path);
    let segs = &segs[..n];
    let h = &*host;
    if host_is(h, "xhslink.com") {
        short_link(Platform::Xiaohongshu, h, path, url)
    } else if host_is(h, "xiaohongshu.com") {
        xiaohongshu(url, segs)
    } else if h == "v.douyin.com" {
        short_link(Platform::Douyin, h, path, url)
    } else if host_is(h, "douyin.com") || host_is(h, "iesdouyin.com") {
        douyin(url, segs, query)
    } else if host_is(h, "weibo.com") || host_is(h, "weibo.cn") {
        weibo(url, segs)
    } else if h == "b23.tv" {
        short_link(Platform::Bilibili, h, path, url)
    } else if host_is(h, "bilibili.com") {
        bilibili(url, h, segs)
    } else if h == "mp.weixin.qq.com" {
        wechat(url, segs, query)
    } else if h == "v.kuaishou.com" {
        short_link(Platform::Kuaishou, h, path, url)
    } else if Platform::Kuaishou.owns_host(h) {
        kuaishou(url, segs)
    } else {
        Err(LinkError::UnknownPlatform)
    }
}

/// The profile link of an account in `text` (issue 17: the KOS account
/// matrix): the first web link, `https://` with a lower-case host and no
/// query or fragment. With a `platform`, the host must be one of its own
/// (`Platform::owns_host`, the same exact host check as notes; a wrong host
/// is [`LinkError::UnknownPlatform`]); without one (a platform the rules do
/// not know, such as WeChat Channels), any web host but an IP literal.
pub fn profile_link(text: &str, platform: Option<Platform>) -> Result<String, LinkError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(LinkError::TooLong);
    }
    let Some(raw) = extract_urls(text).next() else {
        return Err(if has_other_scheme(text) {
            LinkError::UnsupportedScheme
        } else {
            LinkError::NoUrl
        });
    };
    let Parts { host, path, .. } = split(raw)?;
    if host.is_empty() || !host.contains('.') {
        return Err(LinkError::UnknownPlatform);
    }
    if let Some(p) = platform
        && !p.owns_host(&host)
    {
        return Err(LinkError::UnknownPlatform);
    }
    let path = path.trim_end_matches('/');
    Ok(format!("https://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The shared vectors (`vectors/links.tsv`), inputs unescaped.
    pub(crate) fn vectors() -> Vec<(String, String)> {
        include_str!("../vectors/links.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (input, expect) = l.rsplit_once('\t').expect("input<TAB>expected");
                let input = if input == "{8K+1}" {
                    "a".repeat(MAX_INPUT_BYTES + 1)
                } else {
                    input.replace("\\n", "\n").replace("\\t", "\t")
                };
                (input, expect.to_string())
            })
            .collect()
    }

    /// The outcome in the vectors' notation.
    pub(crate) fn outcome(input: &str) -> String {
        match parse_note_link(input) {
            Ok(l) if l.kind == LinkKind::Note => format!(
                "{} {} {}",
                l.platform.as_str(),
                l.note_id.expect("a note has an id"),
                l.canonical_url
            ),
            Ok(l) => format!("short {} {}", l.platform.as_str(), l.canonical_url),
            Err(e) => e.code().to_string(),
        }
    }

    #[test]
    fn every_vector() {
        let cases = vectors();
        assert!(cases.len() >= 150, "{} vectors", cases.len());
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|(input, expect)| {
                let got = outcome(input);
                (&got != expect).then(|| format!("{input:?}\n  want {expect}\n  got  {got}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every link that parses still parses the same inside a platform's
    /// share text and with sentence punctuation after it.
    #[test]
    fn vectors_inside_share_text() {
        for (input, expect) in vectors() {
            if expect.starts_with("link_") || input.len() > 300 {
                continue;
            }
            for wrapped in [
                format!("【好物分享】😆 {input} ，复制本条信息，打开App查看精彩内容！"),
                format!("{input}。"),
                format!("看看\n{input}\n"),
            ] {
                assert_eq!(outcome(&wrapped), expect, "{wrapped:?}");
            }
        }
    }

    /// A parsed link's canonical URL parses to itself.
    #[test]
    fn canonical_urls_are_fixed_points() {
        for (input, expect) in vectors() {
            if let Ok(link) = parse_note_link(&input) {
                let again = parse_note_link(&link.canonical_url).expect(&expect);
                assert_eq!(again.canonical_url, link.canonical_url);
                assert_eq!(again.note_id, link.note_id);
                assert_eq!(again.platform, link.platform);
            }
        }
    }

    #[test]
    fn keeps_the_original_link() {
        let link = parse_note_link(
            "快来看 https://www.xiaohongshu.com/explore/66f1a2b3c4d5e6f708192a3b?xsec_token=T1 ！",
        )
        .unwrap();
        assert_eq!(
            link.original_url,
            "https://www.xiaohongshu.com/explore/66f1a2b3c4d5e6f708192a3b?xsec_token=T1"
        );
    }

    #[test]
    fn platforms_own_their_hosts_only() {
        assert!(Platform::Xiaohongshu.owns_host("www.xiaohongshu.com"));
        assert!(Platform::Xiaohongshu.owns_host("xhslink.com"));
        assert!(!Platform::Xiaohongshu.owns_host("xiaohongshu.com.evil.com"));
        assert!(!Platform::Douyin.owns_host("www.xiaohongshu.com"));
        assert!(Platform::Bilibili.owns_host("b23.tv"));
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
        }
    }

    #[test]
    fn error_codes_round_trip() {
        for e in LinkError::ALL {
            assert_eq!(LinkError::from_code(e.code()), Some(e));
            assert!(!e.message().is_empty() && !e.message_zh().is_empty());
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text that looks like what members paste: fragments of real links,
    /// Chinese text, emoji, punctuation and arbitrary characters.
    pub(crate) fn share_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("https://".to_string()),
            Just("http://".to_string()),
            Just("www.xiaohongshu.com/explore/".to_string()),
            Just("xhslink.com/a/".to_string()),
            Just("v.douyin.com/".to_string()),
            Just("www.douyin.com/video/".to_string()),
            Just("m.weibo.cn/detail/".to_string()),
            Just("weibo.com/1234567890/".to_string()),
            Just("www.bilibili.com/video/BV".to_string()),
            Just("mp.weixin.qq.com/s?__biz=".to_string()),
            Just("&mid=".to_string()),
            Just("&idx=1".to_string()),
            Just("www.kuaishou.com/short-video/".to_string()),
            Just("@".to_string()),
            Just("%3D".to_string()),
            Just("?modal_id=".to_string()),
            "[0-9a-fA-F]{1,24}",
            "[0-9]{1,20}",
            "[a-zA-Z0-9]{1,12}",
            "[/?#&=.:%@-]{1,3}",
            "[ \\t\\n，。！😆【】]{1,3}",
            "\\PC{0,8}",
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        if let Ok(link) = parse_note_link(text) {
            let again = parse_note_link(&link.canonical_url).map_err(|e| {
                TestCaseError::fail(format!("{}: {}", link.canonical_url, e.code()))
            })?;
            prop_assert_eq!(again.platform, link.platform);
            prop_assert_eq!(&again.note_id, &link.note_id);
            prop_assert_eq!(&again.canonical_url, &link.canonical_url);
            prop_assert!(link.canonical_url.starts_with("https://"));
            prop_assert!(text.contains(&link.original_url));
        }
        Ok(())
    }

    proptest! {
        /// Never panics, and a canonical URL is a fixed point. The long run
        /// (`scripts/fuzz-links`, 1,000,000 inputs) sets PROPTEST_CASES.
        #[test]
        fn parser_is_total_and_canonical_urls_are_stable(text in share_text()) {
            check(&text)?;
        }
    }
}
