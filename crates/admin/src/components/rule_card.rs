//! The brand's rule set, versioned. New campaigns freeze the version in
//! force when they are published; running and settled ones keep theirs.
//! The card edits the numbers operators tune most; the API takes the whole
//! rule set (bands, weights, classes, selection, commissions).

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{RuleSetForm, RuleSetView};
use rules::{Perm, RuleSet};
use std::rc::Rc;
use ui::{Load, use_action, use_load};
use yew::prelude::*;

#[component]
pub fn RuleCard() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let view = use_load((), move |()| api::rules(client));
    // The values as typed, in the order of FIELDS (`None`: as loaded).
    let draft = use_state(|| None::<Vec<String>>);
    let save = {
        let (set, draft) = (view.set.clone(), draft.clone());
        use_action(
            move |rules: Result<RuleSet, ui::ApiFailure>| async move {
                api::save_rules(client, RuleSetForm { rules: rules? }).await
            },
            Callback::from(move |v: Rc<RuleSetView>| {
                draft.set(None);
                set.emit((*v).clone());
            }),
        )
    };
    let current = match &view.state {
        Load::Ready(v) => v.clone(),
        Load::Failed(e) => return ui::hooks::failed(e, l, view.reload.clone()),
        Load::Loading => return html! {},
    };
    let values: Vec<String> = match &*draft {
        Some(v) => v.clone(),
        None => FIELDS
            .iter()
            .map(|f| (f.get)(&current.rules).to_string())
            .collect(),
    };
    let submit = {
        let (run, values) = (save.run.clone(), values.clone());
        let base = current.rules.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n: Option<Vec<i64>> = values
                .iter()
                .map(|v| v.trim().replace([',', '，'], "").parse().ok())
                .collect();
            run.emit(match n {
                None => Err(api::invalid(l.t("请填写整数。", "Enter whole numbers."))),
                Some(n) => {
                    let mut rules = base.clone();
                    for (f, v) in FIELDS.iter().zip(n) {
                        (f.set)(&mut rules, v);
                    }
                    Ok(rules)
                }
            });
        })
    };
    let operate = ctx.can(Perm::Operate);
    let inputs = FIELDS.iter().enumerate().map(|(i, f)| {
        let value = values[i].clone();
        let (draft, values) = (draft.clone(), values.clone());
        let on_input = Callback::from(move |e: InputEvent| {
            let mut v = values.clone();
            v[i] = ui::form::value_of(&e);
            draft.set(Some(v));
        });
        html! {
            <label>{ l.t(f.zh, f.en) }
                <input name={f.name} inputmode="numeric" {value} oninput={on_input} disabled={!operate} />
            </label>
        }
    });
    let p = &current.rules.points;
    html! {
        <details class="card">
            <summary>{ l.t("规则", "Rules") }
                <span class="muted" data-testid="rule-version">{ format!(
                    " · v{} · {} + {}/{} ≤ {} · {} → +{}",
                    current.rules.version,
                    p.base,
                    first_band(&current.rules, |b| b.points),
                    first_band(&current.rules, |b| b.per),
                    first_band(&current.rules, |b| b.cap),
                    p.viral_threshold,
                    p.viral_bonus
                ) }</span>
            </summary>
            <form onsubmit={submit} class="grid3">
                { for inputs }
                if operate {
                    <div>{ failure_line(&save.error) }
                        if let Some(v) = &save.done {
                            <p class="ok">{ format!("{} v{}", l.t("已保存：之后发布的活动使用新规则", "Saved: campaigns published from now on use"), v.rules.version) }</p>
                        }
                        <button type="submit" disabled={save.busy}>{ l.t("保存为新版本", "Save as a new version") }</button></div>
                }
            </form>
        </details>
    }
}

/// One number of the rule set the card edits.
struct Field {
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    get: fn(&RuleSet) -> i64,
    set: fn(&mut RuleSet, i64),
}

/// The first engagement band, created when the rule set has none.
fn band(r: &mut RuleSet) -> &mut rules::points::Band {
    if r.points.bands.is_empty() {
        r.points.bands.push(rules::points::Band {
            from: 0,
            to: None,
            per: 100,
            points: 0,
            cap: 0,
        });
    }
    &mut r.points.bands[0]
}

fn first_band(r: &RuleSet, f: fn(&rules::points::Band) -> i64) -> i64 {
    r.points.bands.first().map_or(0, f)
}

const FIELDS: [Field; 13] = [
    Field {
        name: "base",
        zh: "每篇基础分",
        en: "Base points per note",
        get: |r| r.points.base,
        set: |r, v| r.points.base = v,
    },
    Field {
        name: "per",
        zh: "每档互动数",
        en: "Interactions per step",
        get: |r| first_band(r, |b| b.per),
        set: |r, v| band(r).per = v,
    },
    Field {
        name: "points",
        zh: "每档积分",
        en: "Points per step",
        get: |r| first_band(r, |b| b.points),
        set: |r, v| band(r).points = v,
    },
    Field {
        name: "cap",
        zh: "互动分上限",
        en: "Engagement cap",
        get: |r| first_band(r, |b| b.cap),
        set: |r, v| band(r).cap = v,
    },
    Field {
        name: "viral_threshold",
        zh: "爆文互动数",
        en: "Viral threshold",
        get: |r| r.points.viral_threshold,
        set: |r, v| r.points.viral_threshold = v,
    },
    Field {
        name: "viral_bonus",
        zh: "爆文奖励",
        en: "Viral bonus",
        get: |r| r.points.viral_bonus,
        set: |r, v| r.points.viral_bonus = v,
    },
    Field {
        name: "junior_notes",
        zh: "初级：通过笔记数",
        en: "Junior: approved notes",
        get: |r| r.tiers.junior_notes,
        set: |r, v| r.tiers.junior_notes = v,
    },
    Field {
        name: "streak_notes",
        zh: "中级：每月笔记数",
        en: "Intermediate: notes a month",
        get: |r| r.tiers.streak_notes,
        set: |r, v| r.tiers.streak_notes = v,
    },
    Field {
        name: "streak_months",
        zh: "中级：连续月数",
        en: "Intermediate: months in a row",
        get: |r| r.tiers.streak_months,
        set: |r, v| r.tiers.streak_months = v,
    },
    Field {
        name: "senior_viral",
        zh: "高级：爆文互动数",
        en: "Senior: viral interactions",
        get: |r| r.tiers.viral_threshold,
        set: |r, v| r.tiers.viral_threshold = v,
    },
    Field {
        name: "demotion_notes",
        zh: "降级：连续低表现笔记",
        en: "Demotion: low notes in a row",
        get: |r| r.tiers.demotion_notes,
        set: |r, v| r.tiers.demotion_notes = v,
    },
    Field {
        name: "demotion_below",
        zh: "降级：互动数低于",
        en: "Demotion: interactions under",
        get: |r| r.tiers.demotion_below,
        set: |r, v| r.tiers.demotion_below = v,
    },
    Field {
        name: "first_timer_quota",
        zh: "新人名额占比 %",
        en: "First-timer quota %",
        get: |r| r.selection.first_timer_quota_percent,
        set: |r, v| r.selection.first_timer_quota_percent = v,
    },
];
