//! Figures for the rules engine (issue 4), not pass/fail tests: ignored in
//! the normal run, started by `scripts/bench-rules`, which runs them
//! natively and in wasm (Node) and prints the ratios. Every timing is a
//! ratio against a baseline measured in the same run.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use rules::{CivilDate, Metrics, NoteInput, Platform, RuleSet, SettledNote};

/// Milliseconds from an arbitrary start: `Instant` does not exist in wasm.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1e3
    }
}

fn report(name: &str, value: f64) {
    // One `figure name value` line each, for scripts/bench-rules to read.
    // wasm-bindgen-test keeps console output of passing tests to itself,
    // so write to Node's stdout directly.
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Function, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        let get = |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap();
        let stdout = get(&get(&js_sys::global().into(), "process"), "stdout");
        let write: Function = get(&stdout, "write").dyn_into().unwrap();
        let line = JsValue::from_str(&format!("figure {name} {value:.1}\n"));
        write.call1(&stdout, &line).unwrap();
    }
    #[cfg(not(target_arch = "wasm32"))]
    println!("figure {name} {value:.1}");
}

/// A cheap deterministic generator (no `rand` in wasm tests).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Settles 1,000,000 notes under the default rule set, with a platform
/// weight and a campaign multiplier so every step runs.
#[test]
#[ignore = "benchmark: scripts/bench-rules"]
fn settle_a_million_notes() {
    let mut set = RuleSet::default();
    set.points
        .platform_weights
        .push(rules::points::PlatformWeight {
            platform: Platform::Douyin,
            percent: 120,
        });
    let mut rng = Lcg(7);
    let notes: Vec<NoteInput> = (0..1_000_000)
        .map(|i| NoteInput {
            metrics: Metrics {
                likes: (rng.next() % 2_000) as i64,
                comments: (rng.next() % 200) as i64,
                saves: (rng.next() % 300) as i64,
            },
            platform: Platform::ALL[i % 6],
            multiplier_percent: if i % 10 == 0 { 150 } else { 100 },
        })
        .collect();
    let start = now_ms();
    let mut total = 0i64;
    for n in &notes {
        total = total.wrapping_add(set.points.points_for(*n).total);
    }
    let ms = now_ms() - start;
    assert!(total > 0);
    report("settle_1m_notes_ms", ms);
}

/// Re-evaluates the tiers of 100,000 members with 2–20 settled notes each.
#[test]
#[ignore = "benchmark: scripts/bench-rules"]
fn evaluate_tiers_of_100k_members() {
    let rules = rules::TierRules::default();
    let mut rng = Lcg(11);
    let start_day = CivilDate::new(2025, 1, 1).unwrap();
    let members: Vec<Vec<SettledNote>> = (0..100_000)
        .map(|m| {
            let count = 2 + (rng.next() % 19) as usize;
            (0..count)
                .map(|k| {
                    let published = start_day.add_days((rng.next() % 600) as i64);
                    SettledNote {
                        id: format!("m{m}n{k}"),
                        published,
                        settled: published.add_days(20 + (rng.next() % 20) as i64),
                        interactions: (rng.next() % 1_400) as i64,
                    }
                })
                .collect()
        })
        .collect();
    let start = now_ms();
    let mut seniors = 0;
    for notes in &members {
        if rules::tier::evaluate(notes, &rules).state.tier == rules::Tier::Senior {
            seniors += 1;
        }
    }
    let ms = now_ms() - start;
    assert!(seniors > 0);
    report("tiers_100k_members_ms", ms);
}

/// Share texts as members paste them, for the parser's throughput.
#[cfg(not(target_arch = "wasm32"))]
fn corpus() -> Vec<String> {
    let templates = [
        "【冬日护肤好物分享】 😆 ABcd12 😆 https://www.xiaohongshu.com/discovery/item/{x}?app_platform=ios&app_version=8.0&share_from_user_hidden=true&xsec_token=CBabc&xsec_source=app_share，复制本条信息，打开【小红书】App查看精彩内容！",
        "9.94 复制打开抖音，看看【小美的作品】冬天也要水润 # 护肤 https://www.douyin.com/video/{d} xSj:/ 01/02 a@A.go",
        "64 小美发布了一篇小红书笔记，快来看吧！ 😆 Xy12Ab 😆 http://xhslink.com/a/{s}，复制本条信息，打开【小红书】App查看精彩内容！",
        "【冬季护肤｜一瓶搞定-哔哩哔哩】 https://www.bilibili.com/video/BV1xx411c7mD/?spm_id_from=333.1007&vd_source={s}",
        "https://mp.weixin.qq.com/s?__biz=MzA5NDIzNzY1OQ==&mid=2651234567&idx=1&sn={x}&chksm=8bd0&scene=21#wechat_redirect",
        "看了这么多快手，还是「小美」最好玩了！ https://www.kuaishou.com/short-video/3xkz9ab4cd5ef6g?authorId={s} 复制此消息，打开【快手】直接观看！",
    ];
    let mut rng = Lcg(3);
    (0..60_000)
        .map(|i| {
            let x = format!(
                "{:024x}",
                u128::from(rng.next()) << 40 | u128::from(rng.next())
            );
            let d = format!("73{:017}", rng.next() % 100_000_000_000_000_000);
            let s = format!("Ab{}", rng.next() % 1_000_000);
            templates[i % templates.len()]
                .replace("{x}", &x[..24])
                .replace("{d}", &d)
                .replace("{s}", &s)
        })
        .collect()
}

/// The parser against `url::Url::parse` on the URLs of the same texts:
/// the parser also finds the URL in the text, recognises the platform and
/// builds the canonical URL, where `url` only parses a bare URL.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "benchmark: scripts/bench-rules"]
fn parser_against_the_url_crate() {
    let texts = corpus();
    let urls: Vec<&str> = texts
        .iter()
        .map(|t| {
            let start = t.find("http").unwrap();
            let end = t[start..]
                .find(|c: char| c.is_whitespace() || !c.is_ascii())
                .map_or(t.len(), |e| start + e);
            &t[start..end]
        })
        .collect();
    let mut best = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let start = now_ms();
        let mut ok = 0;
        for u in &urls {
            ok += usize::from(url::Url::parse(u).is_ok());
        }
        let baseline = now_ms() - start;
        let start = now_ms();
        let mut found = 0;
        for t in &texts {
            found += usize::from(rules::parse_note_link(t).is_ok());
        }
        let ours = now_ms() - start;
        assert_eq!((ok, found), (urls.len(), texts.len()));
        best = (best.0.min(baseline), best.1.min(ours));
    }
    let per_sec = |ms: f64| texts.len() as f64 / (ms / 1e3);
    report("url_crate_per_sec", per_sec(best.0));
    report("parser_per_sec", per_sec(best.1));
    report("parser_vs_url_x100", 100.0 * best.0 / best.1);
}
