//! KOS leads' store rows as wire types (issue 17: leads), re-exported by
//! `views`: the contact masked for anyone but the lead's own staff member
//! (`rules::kos_leads::shown_contact`), the funnel's conversions and times
//! in stage computed once here for every app.

use rules::kos_leads::{Viewer, conversion_permille, shown_contact};
use rules::words::FunnelBy;

pub fn lead_view(viewer: Viewer, r: store::LeadRow) -> api::LeadView {
    api::LeadView {
        contact_masked: viewer == Viewer::Overseer && !(r.phone.is_empty() && r.handle.is_empty()),
        phone: shown_contact(viewer, &r.phone),
        handle: shown_contact(viewer, &r.handle),
        id: r.id,
        staff_id: r.staff_id,
        staff_name: r.staff_name,
        store_id: r.store_id,
        store_name: r.store_name,
        source: r.source,
        source_platform: r.source_platform,
        source_note_id: r.source_note_id,
        template_id: r.template_id,
        consent: r.consent,
        consent_at: r.consent_at,
        stage: r.stage,
        stage_at: r.stage_at,
        created_at: r.created_at,
        erased: r.erased_at.is_some(),
        tags: r.tags,
    }
}

pub fn tag_dictionary(groups: Vec<store::TagGroup>, tags: Vec<store::Tag>) -> api::TagDictionary {
    let view = |t: &store::Tag| api::TagView {
        id: t.id.clone(),
        group_id: t.group_id.clone(),
        name: t.name.clone(),
        personal: !t.staff_id.is_empty(),
    };
    api::TagDictionary {
        groups: groups
            .into_iter()
            .map(|g| api::TagGroupView {
                tags: tags
                    .iter()
                    .filter(|t| t.group_id == g.id)
                    .map(view)
                    .collect(),
                id: g.id,
                name: g.name,
            })
            .collect(),
        personal: tags
            .iter()
            .filter(|t| !t.staff_id.is_empty())
            .map(view)
            .collect(),
    }
}

fn funnel_line(r: &store::FunnelRow) -> api::FunnelLine {
    let reached = r.reached();
    api::FunnelLine {
        key: r.key.clone(),
        label: r.label.clone(),
        at_stage: r.at_stage.to_vec(),
        reached: reached.to_vec(),
        conversion_permille: (0..5)
            .map(|i| conversion_permille(reached[i], reached[i + 1]))
            .collect(),
        mean_secs: r
            .time
            .iter()
            .map(|t| (t.n > 0).then_some(t.mean_secs))
            .collect(),
        median_secs: r
            .time
            .iter()
            .map(|t| (t.n > 0).then_some(t.median_secs))
            .collect(),
    }
}

/// The funnel's lines and its total (computed by the store over the
/// whole scope, so the total's median is the true one).
pub fn funnel_view(by: FunnelBy, f: store::Funnel) -> api::FunnelView {
    api::FunnelView {
        by,
        lines: f.rows.iter().map(funnel_line).collect(),
        total: funnel_line(&f.total),
    }
}
