//! Language (zh-CN first, English on request) and locale formatting.
//!
//! Texts live where they are shown, as `lang.t("中文", "English")`: no
//! lookup table to keep in sync, and no cost beyond the strings themselves.
//! The choice comes from `?lang=en|zh` or a saved preference, else Chinese.

use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const STORAGE_KEY: &str = "seedbed.lang";

impl Lang {
    pub fn detect() -> Lang {
        Lang::chosen().unwrap_or(Lang::Zh)
    }

    /// The visitor's own choice (`?lang=` or saved), if any: a brand's
    /// default language applies only without one.
    pub fn chosen() -> Option<Lang> {
        let window = web_sys::window();
        let search = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        if search.contains("lang=en") {
            return Some(Lang::En);
        }
        if search.contains("lang=zh") {
            return Some(Lang::Zh);
        }
        let saved = window
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        match saved.as_deref() {
            Some("en") => Some(Lang::En),
            Some("zh") => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn save(self) {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.set_item(STORAGE_KEY, self.code());
        }
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", self.bcp47());
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The text in this language.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// An integer with the locale's grouping: `12,345`.
    pub fn number(self, n: i64) -> String {
        let f = js_sys::Intl::NumberFormat::new(
            &js_sys::Array::of1(&self.bcp47().into()),
            &js_sys::Object::new(),
        );
        f.format()
            .call1(&f, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| n.to_string())
    }

    /// A date (and time if `with_time`) of a UNIX instant, in `time_zone`.
    pub fn date(self, unix_secs: i64, time_zone: &str, with_time: bool) -> String {
        let opts = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
        };
        set("timeZone", time_zone);
        set("year", "numeric");
        set("month", "short");
        set("day", "numeric");
        if with_time {
            set("hour", "2-digit");
            set("minute", "2-digit");
        }
        let f = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&self.bcp47().into()), &opts);
        let date = js_sys::Date::new(&JsValue::from_f64(unix_secs as f64 * 1000.0));
        f.format()
            .call1(&f, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// A calendar date given as `YYYY-MM-DD`, shown in the locale's style.
    /// Cents of yuan in the locale: ¥1,234.50.
    pub fn money(self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let c = cents.unsigned_abs();
        format!("{sign}¥{}.{:02}", self.number((c / 100) as i64), c % 100)
    }

    pub fn day(self, ymd: &str) -> String {
        match rules::CivilDate::parse(ymd) {
            Some(d) => self.date(d.start_unix(0) + 12 * 3600, "UTC", false),
            None => ymd.to_string(),
        }
    }

    /// Why a pasted link is refused, for the live check in the apps.
    pub fn link_error(self, e: rules::LinkError) -> &'static str {
        match self {
            Lang::Zh => e.message_zh(),
            Lang::En => e.message(),
        }
    }

    pub fn platform(self, p: &str) -> &'static str {
        match p {
            "xiaohongshu" => self.t("小红书", "Xiaohongshu"),
            "douyin" => self.t("抖音", "Douyin"),
            "weibo" => self.t("微博", "Weibo"),
            "bilibili" => self.t("哔哩哔哩", "Bilibili"),
            "wechat" => self.t("微信", "WeChat"),
            "kuaishou" => self.t("快手", "Kuaishou"),
            _ => self.t("其他", "Other"),
        }
    }

    pub fn status(self, s: &str) -> &'static str {
        match s {
            "pending" => self.t("待审核", "Pending"),
            "approved" => self.t("已通过", "Approved"),
            "rejected" => self.t("未通过", "Rejected"),
            "published" => self.t("进行中", "Open"),
            "settled" => self.t("已结算", "Settled"),
            "draft" => self.t("草稿", "Draft"),
            "more_info" => self.t("待补充", "More info asked"),
            "closed" => self.t("已结束", "Closed"),
            "selected" => self.t("已入选", "Selected"),
            "waitlisted" => self.t("候补中", "Waitlisted"),
            "not_selected" => self.t("未入选", "Not selected"),
            "withdrawn" => self.t("已撤回", "Withdrawn"),
            _ => self.t("未知", "Unknown"),
        }
    }

    pub fn tier(self, t: &str) -> &'static str {
        match t {
            "applicant" => self.t("申请人", "Applicant"),
            "member" => self.t("KOC 成员", "KOC member"),
            "junior" => self.t("初级 KOC", "Junior KOC"),
            "intermediate" => self.t("中级 KOC", "Intermediate KOC"),
            "senior" => self.t("高级 KOC", "Senior KOC"),
            _ => self.t("未知", "Unknown"),
        }
    }

    pub fn task_kind(self, k: &str) -> &'static str {
        match k {
            "publish_note" => self.t("发布笔记", "Publish a note"),
            "share_moments" => self.t("分享朋友圈", "Share to Moments"),
            "contest" => self.t("参加评选", "Contest entry"),
            "feedback" => self.t("产品反馈", "Product feedback"),
            _ => self.t("完成培训", "Training"),
        }
    }

    pub fn points_line(self, code: &str) -> &'static str {
        match code {
            "base" => self.t("基础分", "Base"),
            "engagement" => self.t("互动分", "Engagement"),
            "viral_bonus" => self.t("爆文奖励", "Viral bonus"),
            _ => self.t("其他", "Other"),
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn numbers_and_dates_follow_the_locale() {
        assert_eq!(Lang::Zh.number(1_234_567), "1,234,567");
        assert_eq!(Lang::En.number(-42), "-42");
        // 2026-11-30T16:30:00Z is 1 December in Shanghai.
        let zh = Lang::Zh.date(1_796_056_200, "Asia/Shanghai", false);
        assert!(
            zh.contains("12") && zh.contains('1') && zh.contains("2026"),
            "{zh}"
        );
        assert_eq!(Lang::Zh.date(1_796_056_200, "UTC", false), "2026年11月30日");
        assert_eq!(Lang::En.day("2026-12-31"), "Dec 31, 2026");
    }

    #[test]
    fn texts_in_both_languages() {
        assert_eq!(Lang::Zh.tier("senior"), "高级 KOC");
        assert_eq!(Lang::En.tier("senior"), "Senior KOC");
        assert_eq!(
            Lang::En.link_error(rules::LinkError::NotANote),
            rules::LinkError::NotANote.message()
        );
    }
}
