//! Note links: finding, recognising and normalising the link of a
//! published note in whatever a member pastes.
//!
//! Platform apps share text such as
//! `【标题】 😆 abc123 😆 https://www.xiaohongshu.com/explore/… 复制本条信息…`,
//! so the parser first pulls every `http(s)://` URL out of the text (a URL
//! ends at whitespace, at any non-ASCII character such as full-width
//! punctuation, or at quotes and brackets), then recognises the first one
//! that is a note on a supported platform. Host checks are exact: a host is
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
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Xiaohongshu => "xiaohongshu",
            Platform::Douyin => "douyin",
        }
    }

    pub fn parse(s: &str) -> Option<Platform> {
        match s {
            "xiaohongshu" => Some(Platform::Xiaohongshu),
            "douyin" => Some(Platform::Douyin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A link to one note; `note_id` is set.
    Note,
    /// A platform short link (`xhslink.com/…`, `v.douyin.com/…`) that only
    /// the platform can expand; `note_id` is `None`.
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
                "This link is not from a supported platform (Xiaohongshu, Douyin)."
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
            LinkError::UnknownPlatform => "该链接不属于支持的平台（小红书、抖音）。",
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

fn is_url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&*+,;=%".contains(&b)
}

/// Every `http://` or `https://` URL in the text, as byte slices of it.
fn extract_urls(text: &str) -> Vec<&str> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = lower[i..].find("http") {
        let start = i + pos;
        let rest = &lower[start..];
        let scheme_len = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            i = start + 4;
            continue;
        };
        let mut end = start + scheme_len;
        while end < bytes.len() && is_url_char(bytes[end]) {
            end += 1;
        }
        // Sentence punctuation glued to the end of a link is not part of it.
        while end > start + scheme_len && b".,;:!?*".contains(&bytes[end - 1]) {
            end -= 1;
        }
        if end > start + scheme_len {
            out.push(&text[start..end]);
        }
        i = end.max(start + scheme_len);
    }
    out
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
    host: String,
    path: &'a str,
}

fn split(url: &str) -> Result<Parts<'_>, LinkError> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or(LinkError::UnsupportedScheme)?;
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    if authority.contains('@') {
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
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.starts_with('[')
        || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    {
        return Err(LinkError::IpHost);
    }
    let after = &rest[auth_end..];
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    Ok(Parts {
        host,
        path: &after[..path_end],
    })
}

fn host_is(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn is_xhs_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_douyin_id(s: &str) -> bool {
    (8..=25).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn note(platform: Platform, id: &str, canonical: String, original: &str) -> NoteLink {
    NoteLink {
        platform,
        note_id: Some(id.to_ascii_lowercase()),
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
    let segs = segments(path);
    if segs.is_empty() {
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

fn recognise(url: &str) -> Result<NoteLink, LinkError> {
    let Parts { host, path } = split(url)?;
    let segs = segments(path);
    if host_is(&host, "xhslink.com") {
        return short_link(Platform::Xiaohongshu, &host, path, url);
    }
    if host_is(&host, "xiaohongshu.com") {
        let id = match segs.as_slice() {
            ["explore", id] | ["discovery", "item", id] => Some(*id),
            _ => None,
        };
        return match id {
            Some(id) if is_xhs_id(id) => {
                let id = id.to_ascii_lowercase();
                Ok(note(
                    Platform::Xiaohongshu,
                    &id,
                    format!("https://www.xiaohongshu.com/explore/{id}"),
                    url,
                ))
            }
            _ => Err(LinkError::NotANote),
        };
    }
    if host == "v.douyin.com" {
        return short_link(Platform::Douyin, &host, path, url);
    }
    if host_is(&host, "douyin.com") || host_is(&host, "iesdouyin.com") {
        let found = match segs.as_slice() {
            ["video", id] => Some(("video", *id)),
            ["note", id] => Some(("note", *id)),
            ["share", "video", id] => Some(("video", *id)),
            ["share", "note", id] => Some(("note", *id)),
            _ => None,
        };
        return match found {
            Some((kind, id)) if is_douyin_id(id) => Ok(note(
                Platform::Douyin,
                id,
                format!("https://www.douyin.com/{kind}/{id}"),
                url,
            )),
            _ => Err(LinkError::NotANote),
        };
    }
    Err(LinkError::UnknownPlatform)
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `expect` is `platform note_id canonical` or `short canonical` or an error code.
    fn check(input: &str, expect: &str) {
        let got = match parse_note_link(input) {
            Ok(l) if l.kind == LinkKind::Note => {
                format!(
                    "{} {} {}",
                    l.platform.as_str(),
                    l.note_id.unwrap(),
                    l.canonical_url
                )
            }
            Ok(l) => format!("short {}", l.canonical_url),
            Err(e) => e.code().to_string(),
        };
        assert_eq!(got, expect, "input: {input:?}");
    }

    const XHS: &str = "66f1a2b3c4d5e6f708192a3b";

    #[test]
    fn xiaohongshu() {
        let canon = format!("xiaohongshu {XHS} https://www.xiaohongshu.com/explore/{XHS}");
        check(
            &format!("https://www.xiaohongshu.com/explore/{XHS}"),
            &canon,
        );
        check(
            &format!(
                "https://www.xiaohongshu.com/explore/{XHS}?xsec_token=ABC&xsec_source=pc_share"
            ),
            &canon,
        );
        check(
            &format!("http://WWW.XiaoHongShu.com/discovery/item/{XHS}/"),
            &canon,
        );
        check(
            &format!("https://xiaohongshu.com/explore/{}", XHS.to_uppercase()),
            &canon,
        );
        check(
            &format!(
                "【冬日护肤好物分享】 😆 ABcd12 😆 https://www.xiaohongshu.com/discovery/item/{XHS}?app_platform=ios&share_from_user_hidden=true，复制本条信息，打开【小红书】App查看精彩内容！"
            ),
            &canon,
        );
        check(
            "http://xhslink.com/a/AbCd123，复制本条信息",
            "short https://xhslink.com/a/AbCd123",
        );
        check(
            "https://www.xiaohongshu.com/user/profile/5f0e",
            "link_not_a_note",
        );
        check(
            "https://www.xiaohongshu.com/search_result?keyword=abc",
            "link_not_a_note",
        );
        check("https://www.xiaohongshu.com/explore/123", "link_not_a_note");
        check("https://xhslink.com/", "link_not_a_note");
    }

    #[test]
    fn douyin() {
        check(
            "https://www.douyin.com/video/7301234567890123456",
            "douyin 7301234567890123456 https://www.douyin.com/video/7301234567890123456",
        );
        check(
            "https://www.iesdouyin.com/share/note/7301234567890123457/?region=CN&share_sign=x",
            "douyin 7301234567890123457 https://www.douyin.com/note/7301234567890123457",
        );
        check(
            "9.94 复制打开抖音，看看【小美的作品】冬天也要水润 # 护肤  https://v.douyin.com/iRNBho6u/ xSj:/ 01/02 a@A.go",
            "short https://v.douyin.com/iRNBho6u",
        );
        check(
            "https://www.douyin.com/user/MS4wLjABAAAA",
            "link_not_a_note",
        );
        check("https://www.douyin.com/video/abc", "link_not_a_note");
    }

    #[test]
    fn refuses_tricks() {
        check(
            &format!("https://xiaohongshu.com.evil.com/explore/{XHS}"),
            "link_unknown_platform",
        );
        check(
            &format!("https://evil.com/xiaohongshu.com/explore/{XHS}"),
            "link_unknown_platform",
        );
        check(
            &format!("https://notxiaohongshu.com/explore/{XHS}"),
            "link_unknown_platform",
        );
        check(
            &format!("https://www.xiaohongshu.com@evil.com/explore/{XHS}"),
            "link_user_info",
        );
        check(
            &format!("https://user:pw@www.xiaohongshu.com/explore/{XHS}"),
            "link_user_info",
        );
        check(&format!("https://1.2.3.4/explore/{XHS}"), "link_ip_host");
        check(&format!("https://[::1]/explore/{XHS}"), "link_ip_host");
        check(
            &format!("https://www.xiaohongshu.com:8443/explore/{XHS}"),
            "link_unknown_platform",
        );
        check("javascript:alert(1)//https", "link_unsupported_scheme");
        check(
            "data:text/html,<script>alert(1)</script>",
            "link_unsupported_scheme",
        );
        check("没有链接的文字", "link_no_url");
        check("", "link_no_url");
        check("https://", "link_no_url");
        check(&"a".repeat(MAX_INPUT_BYTES + 1), "link_too_long");
    }

    #[test]
    fn picks_the_note_among_several_urls() {
        check(
            &format!("看这个 https://example.com/x 还有 https://www.xiaohongshu.com/explore/{XHS}"),
            &format!("xiaohongshu {XHS} https://www.xiaohongshu.com/explore/{XHS}"),
        );
        check(
            "https://www.douyin.com/user/x https://example.com",
            "link_not_a_note",
        );
    }

    #[test]
    fn keeps_the_original_link() {
        let link = parse_note_link(&format!(
            "快来看 https://www.xiaohongshu.com/explore/{XHS}?xsec_token=T1 ！"
        ))
        .unwrap();
        assert_eq!(
            link.original_url,
            format!("https://www.xiaohongshu.com/explore/{XHS}?xsec_token=T1")
        );
    }
}
