//! The embeddable widget: this month's theme and its campaigns, for a
//! brand's own site to show in an `<iframe>` (`/widget/?brand=acme`).
//!
//! It reads the same public endpoints as the consumer app (the brand's
//! face, `/api/v1/brands/{brand}`: name, logo, accent colour, default
//! language; and `/api/v1/brands/{brand}/themes/current`), both fetched at
//! once, and links every campaign into
//! the app in a new window, where signing up happens: the widget itself
//! holds no session and changes nothing. Every kilobyte here is paid by a
//! visitor of the brand's page who has not asked for Seedbed, so it has no
//! framework, no serde and no `format!`: the browser's own `fetch`, `JSON`
//! and `Intl` do the work, and text goes into the page through
//! `textContent`, never as HTML.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

/// The two languages; Chinese unless asked for English.
#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Zh,
    En,
}

impl Lang {
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn bcp47(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = run().await;
    });
}

async fn run() -> Option<()> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    let root = doc.get_element_by_id("w")?;
    let query = web_sys::UrlSearchParams::new_with_str(&window.location().search().ok()?).ok()?;
    // The embedding site may ask for a language (`lang=en`); else the
    // brand's default; Chinese first.
    let asked = query.get("lang").map(|l| l.starts_with("en"));
    let brand = query.get("brand").unwrap_or_else(|| "demo".into());
    if !rules::is_brand_id(&brand) {
        let lang = if asked == Some(true) {
            Lang::En
        } else {
            Lang::Zh
        };
        return say(
            &doc,
            &root,
            lang.pick("链接有误。", "This link is not valid."),
        );
    }
    let face = ["/api/v1/brands/", &brand].concat();
    let face = window.fetch_with_str(&face);
    let url = ["/api/v1/brands/", &brand, "/themes/current"].concat();
    let theme = window.fetch_with_str(&url);
    let info = json_of(face).await.unwrap_or(JsValue::NULL);
    let english = asked.unwrap_or_else(|| text(&info, "default_lang") == "en");
    let lang = if english { Lang::En } else { Lang::Zh };
    doc.document_element()?
        .set_attribute("lang", lang.bcp47())
        .ok()?;
    look(&doc, &info);
    let response: web_sys::Response = JsFuture::from(theme).await.ok()?.dyn_into().ok()?;
    if response.status() == 404 {
        return say(
            &doc,
            &root,
            lang.pick(
                "本月主题即将发布，敬请期待。",
                "This month's theme is coming soon.",
            ),
        );
    }
    if !response.ok() {
        return say(
            &doc,
            &root,
            lang.pick(
                "暂时无法加载，请稍后再试。",
                "Could not load; please try again later.",
            ),
        );
    }
    let theme = JsFuture::from(response.json().ok()?).await.ok()?;
    render(&doc, &root, &theme, &brand, lang)
}

/// The JSON of a successful answer.
async fn json_of(request: js_sys::Promise) -> Option<JsValue> {
    let r: web_sys::Response = JsFuture::from(request).await.ok()?.dyn_into().ok()?;
    if !r.ok() {
        return None;
    }
    JsFuture::from(r.json().ok()?).await.ok()
}

/// The brand's look: its accent colour as the page's `--accent` (through
/// the CSSOM, which the CSP allows) and a header with its logo and name.
fn look(doc: &Document, info: &JsValue) -> Option<()> {
    let name = text(info, "name");
    if name.is_empty() {
        return None;
    }
    let accent = text(info, "accent");
    if !accent.is_empty() {
        let root: web_sys::HtmlElement = doc.document_element()?.dyn_into().ok()?;
        root.style().set_property("--accent", &accent).ok()?;
    }
    let body = doc.body()?;
    let header = doc.create_element("header").ok()?;
    header.set_class_name("brand");
    let logo = text(info, "logo_url");
    if !logo.is_empty() {
        let img = el(doc, &header, "img", "")?;
        img.set_attribute("src", &logo).ok()?;
        img.set_attribute("alt", "").ok()?;
    }
    el(doc, &header, "span", &name)?;
    body.prepend_with_node_1(&header).ok()
}

/// Replaces the widget's content with one sentence.
fn say(doc: &Document, root: &Element, text: &str) -> Option<()> {
    root.set_text_content(None);
    let p = el(doc, root, "p", text)?;
    p.set_class_name("muted");
    Some(())
}

fn render(doc: &Document, root: &Element, theme: &JsValue, brand: &str, lang: Lang) -> Option<()> {
    root.set_text_content(None);
    el(doc, root, "h1", &text(theme, "title"))?;
    let about = el(doc, root, "p", &text(theme, "description"))?;
    about.set_class_name("muted");
    let today = today();
    let list = el(doc, root, "ul", "")?;
    let campaigns: Array = get(theme, "campaigns").dyn_into().ok()?;
    for c in campaigns.iter() {
        if text(&c, "status") != "published" {
            continue;
        }
        let item = el(doc, &list, "li", "")?;
        let body = el(doc, &item, "div", "")?;
        el(doc, &body, "h2", &text(&c, "title"))?;
        let closes = text(&c, "signup_closes");
        let open = closes.as_str() >= today.as_str();
        let mut line = String::new();
        line.push_str(&number(&get(&c, "signups"), lang));
        line.push_str(lang.pick(" 人已报名 · ", " signed up · "));
        line.push_str(&number(&get(&c, "slots"), lang));
        line.push_str(lang.pick(" 个名额 · ", " places · "));
        if open {
            line.push_str(&day(&closes, lang));
            line.push_str(lang.pick("截止报名", " last day"));
        } else {
            line.push_str(lang.pick("报名已截止", "sign-up closed"));
        }
        let facts = el(doc, &body, "p", &line)?;
        facts.set_class_name("muted");
        let link = el(
            doc,
            &item,
            "a",
            lang.pick(
                if open { "去报名" } else { "查看" },
                if open { "Sign up" } else { "View" },
            ),
        )?;
        new_window_link(
            &link,
            &["/b/", brand, "/campaigns/", &text(&c, "id")].concat(),
        )?;
    }
    if campaigns.length() == 0 {
        let none = el(
            doc,
            &list,
            "li",
            lang.pick("本月活动即将上线。", "Campaigns are on their way."),
        )?;
        none.set_class_name("muted");
    }
    let more = el(
        doc,
        root,
        "a",
        lang.pick("查看全部活动 →", "See all campaigns →"),
    )?;
    more.set_class_name("more");
    new_window_link(&more, &["/b/", brand].concat())
}

/// Points a link into the consumer app, opened in a new window.
fn new_window_link(a: &Element, href: &str) -> Option<()> {
    a.set_attribute("href", href).ok()?;
    a.set_attribute("target", "_blank").ok()?;
    a.set_attribute("rel", "noopener").ok()
}

/// Appends a `<tag>` holding `text` to `parent`.
fn el(doc: &Document, parent: &Element, tag: &str, text: &str) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    parent.append_child(&e).ok()?;
    Some(e)
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// A count in the reader's locale (`1,200`).
fn number(v: &JsValue, lang: Lang) -> String {
    let n = js_sys::Number::from(v.as_f64().unwrap_or(0.0));
    n.to_locale_string(lang.bcp47()).into()
}

/// Today in the reader's zone, `YYYY-MM-DD`, comparable with the API's dates.
fn today() -> String {
    let d = js_sys::Date::new_0();
    let mut out = String::new();
    out.push_str(&pad(d.get_full_year(), 4));
    out.push('-');
    out.push_str(&pad(d.get_month() + 1, 2));
    out.push('-');
    out.push_str(&pad(d.get_date(), 2));
    out
}

fn pad(n: u32, width: usize) -> String {
    let mut digits = Vec::new();
    let mut n = n;
    while n > 0 || digits.len() < width {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    digits.iter().rev().map(|&b| b as char).collect()
}

/// `2026-11-30` as "11月30日" or "Nov 30".
fn day(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (Some(m), Some(d)) = (iso.get(5..7), iso.get(8..10)) else {
        return iso.to_string();
    };
    let m = m.trim_start_matches('0');
    let d = d.trim_start_matches('0');
    match lang {
        Lang::Zh => [m, "月", d, "日"].concat(),
        Lang::En => {
            let i = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
            [MONTHS[i], " ", d].concat()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(day("2026-11-30", Lang::Zh), "11月30日");
        assert_eq!(day("2026-01-05", Lang::En), "Jan 5");
        assert_eq!(day("bad", Lang::En), "bad");
        assert_eq!(pad(7, 2), "07");
        assert_eq!(pad(2026, 4), "2026");
    }
}
