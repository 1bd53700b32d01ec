//! The KOS account matrix and the content middle platform's pure rules
//! (issue 17: content): an account's profile link checked against its
//! platform, the tags of templates and materials as one normal form, and
//! when a material stops being shown to staff.
//!
//! The profile check reuses the note-link scanner (`link::profile_link`):
//! one host check for notes and profiles, so `xiaohongshu.com.evil.com` is
//! refused here as it is for a note. A note's link given as a profile is
//! refused too: it names a post, not the account.

use crate::date::CivilDate;
use crate::link::{self, LinkError, LinkKind};
use crate::words::KosPlatform;

/// Longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 20;
/// Most tags on one template or material.
pub const TAGS_MAX: usize = 10;

/// Why a profile link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileError {
    /// No link, a link to another platform's host, a disguised host …
    Link(LinkError),
    /// The link is a note (a post), not the account's page.
    IsANote,
}

/// The canonical profile link of an account on `platform` found in
/// `text`; an empty text is no link (`Ok("")`: private-domain accounts
/// usually have none).
pub fn profile_url(text: &str, platform: KosPlatform) -> Result<String, ProfileError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let url = link::profile_link(text, platform.link_platform()).map_err(ProfileError::Link)?;
    if platform.link_platform().is_some()
        && let Ok(note) = link::parse_note_link(&url)
        && note.kind == LinkKind::Note
    {
        return Err(ProfileError::IsANote);
    }
    Ok(url)
}

/// Why a tag list is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagError {
    TooLong,
    TooMany,
}

/// Tags in their one form: split on commas (ASCII or full-width) and
/// whitespace-trimmed, a leading `#` dropped, ASCII lower-cased, empty ones
/// skipped, repeats removed (first kept). Stored comma-joined, so a filter
/// is one `LIKE '%,tag,%'` over `',' || tags || ','`.
pub fn tags<'a>(input: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, TagError> {
    let mut out: Vec<String> = Vec::new();
    for chunk in input {
        for raw in chunk.split([',', '，', '、']) {
            let t = raw.trim().trim_start_matches(['#', '＃']).trim();
            if t.is_empty() {
                continue;
            }
            if t.chars().count() > TAG_MAX_CHARS || t.chars().any(char::is_control) {
                return Err(TagError::TooLong);
            }
            let t = t.to_ascii_lowercase();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    if out.len() > TAGS_MAX {
        return Err(TagError::TooMany);
    }
    Ok(out)
}

/// Whether staff still see a material: until the end of its expiry day
/// (the brand's calendar), never after.
pub fn material_visible(expires_on: Option<CivilDate>, today: CivilDate) -> bool {
    expires_on.is_none_or(|d| today <= d)
}

/// How many of `total` owners lack an account (a matrix cell's gap).
pub fn gap(total: i64, covered: i64) -> i64 {
    (total - covered).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn check(text: &str, platform: KosPlatform, expect: Result<&str, ProfileError>) {
        assert_eq!(
            profile_url(text, platform).as_deref().map_err(|e| *e),
            expect,
            "{text}"
        );
    }

    #[test]
    fn profile_links() {
        use KosPlatform::*;
        use ProfileError::*;
        let table: &[(&str, KosPlatform, Result<&str, ProfileError>)] = &[
            ("", Wecom, Ok("")),
            ("  ", Xiaohongshu, Ok("")),
            (
                "https://www.xiaohongshu.com/user/profile/5f0a1b2c3d4e5f6a7b8c9d0e?xsec=1",
                Xiaohongshu,
                Ok("https://www.xiaohongshu.com/user/profile/5f0a1b2c3d4e5f6a7b8c9d0e"),
            ),
            (
                "看我主页 https://WWW.Douyin.com/user/MS4wLjABAAAA 复制",
                Douyin,
                Ok("https://www.douyin.com/user/MS4wLjABAAAA"),
            ),
            (
                "https://space.bilibili.com/12345/",
                Bilibili,
                Ok("https://space.bilibili.com/12345"),
            ),
            (
                "https://weibo.com/u/1234567",
                Weibo,
                Ok("https://weibo.com/u/1234567"),
            ),
            (
                "https://channels.weixin.qq.com/abc",
                WechatChannels,
                Ok("https://channels.weixin.qq.com/abc"),
            ),
            (
                "https://xiaohongshu.com.evil.com/user/profile/1",
                Xiaohongshu,
                Err(Link(LinkError::UnknownPlatform)),
            ),
            (
                "https://www.douyin.com/user/x",
                Xiaohongshu,
                Err(Link(LinkError::UnknownPlatform)),
            ),
            (
                "https://xiaohongshu.com@evil.com/",
                Xiaohongshu,
                Err(Link(LinkError::UserInfo)),
            ),
            (
                "https://1.2.3.4/u",
                WechatChannels,
                Err(Link(LinkError::IpHost)),
            ),
            (
                "javascript:alert(1)",
                Weibo,
                Err(Link(LinkError::UnsupportedScheme)),
            ),
            ("小美的账号", Douyin, Err(Link(LinkError::NoUrl))),
            (
                "https://www.xiaohongshu.com/explore/64b0c0d0e0f0a0b0c0d0e0f0",
                Xiaohongshu,
                Err(IsANote),
            ),
        ];
        for (text, platform, expect) in table {
            check(text, *platform, *expect);
        }
    }

    #[test]
    fn tag_lists() {
        assert_eq!(
            tags(["#Lipstick, 口红，口红 、 ", "  SPF50 "]).unwrap(),
            ["lipstick", "口红", "spf50"]
        );
        assert_eq!(tags([""]).unwrap(), Vec::<String>::new());
        assert_eq!(
            tags(["一二三四五六七八九十一二三四五六七八九十一"]),
            Err(TagError::TooLong)
        );
        let many = (0..11)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(tags([many.as_str()]), Err(TagError::TooMany));
    }

    #[test]
    fn expiry_is_inclusive() {
        let d = |s| CivilDate::parse(s).unwrap();
        assert!(material_visible(None, d("2026-11-26")));
        assert!(material_visible(Some(d("2026-11-26")), d("2026-11-26")));
        assert!(!material_visible(Some(d("2026-11-25")), d("2026-11-26")));
        assert_eq!(gap(300, 288), 12);
        assert_eq!(gap(3, 5), 0);
    }
}
