//! Store rows of the KOS account matrix and the content middle platform
//! (issue 17: content) as wire types; the rest of the API's conversions
//! are in `views` (kept apart so the KOS areas merge without touching it).

use rules::words::{AccountOwnerLevel, KosPlatform};

pub fn account(a: store::KosAccount) -> api::KosAccountView {
    api::KosAccountView {
        id: a.id,
        owner_level: a.owner_level,
        owner_id: a.owner_id,
        owner_name: a.owner_name,
        private: a.platform.is_private(),
        platform: a.platform,
        handle: a.handle,
        profile_url: a.profile_url,
        status: a.status,
        followers: a.followers,
        followers_on: a.followers_on,
        updated_at: a.updated_at,
    }
}

pub fn account_detail(
    a: store::KosAccount,
    followers: Vec<store::FollowerCount>,
    handovers: Vec<store::AccountHandover>,
) -> api::KosAccountDetail {
    api::KosAccountDetail {
        account: account(a),
        followers: followers
            .into_iter()
            .map(|f| api::FollowerPoint {
                on_date: f.on_date,
                followers: f.followers,
            })
            .collect(),
        handovers: handovers
            .into_iter()
            .map(|h| api::HandoverView {
                from_level: h.from_level,
                from_id: h.from_id,
                to_level: h.to_level,
                to_id: h.to_id,
                on_date: h.on_date,
                reason: h.reason,
                decided_by: h.decided_by,
                created_at: h.created_at,
            })
            .collect(),
    }
}

/// The full grid: a row per owner level that has owners (or accounts) in
/// the scope, a cell per platform in `KosPlatform::ALL` order, empty
/// cells with their whole level as the gap.
pub fn matrix(m: store::AccountMatrix, region_id: Option<String>) -> api::AccountMatrixView {
    let rows = AccountOwnerLevel::ALL
        .iter()
        .filter_map(|&level| {
            let owners = m
                .owners_total
                .iter()
                .find(|(l, _)| *l == level)
                .map_or(0, |(_, n)| *n);
            let cells: Vec<api::MatrixCellView> = KosPlatform::ALL
                .iter()
                .map(|&platform| {
                    let c = m
                        .cells
                        .iter()
                        .find(|c| c.owner_level == level && c.platform == platform);
                    let (accounts, followers, covered) =
                        c.map_or((0, 0, 0), |c| (c.accounts, c.followers, c.owners));
                    api::MatrixCellView {
                        platform,
                        private: platform.is_private(),
                        accounts,
                        followers,
                        owners: covered,
                        gap: rules::kos_content::gap(owners, covered),
                    }
                })
                .collect();
            (owners > 0 || cells.iter().any(|c| c.accounts > 0)).then_some(api::MatrixRow {
                level,
                owners,
                cells,
            })
        })
        .collect();
    api::AccountMatrixView {
        region_id,
        rows,
        regions: Vec::new(),
    }
}

pub fn template(t: store::Template) -> api::TemplateView {
    api::TemplateView {
        id: t.id,
        kind: t.kind,
        title: t.title,
        body: t.body,
        version: t.version,
        product: t.product,
        campaign_id: t.campaign_id,
        platform: t.platform,
        kos_role: t.kos_role,
        active: t.active,
        updated_at: t.updated_at,
    }
}

pub fn my_template(t: store::Template) -> api::MyTemplate {
    api::MyTemplate {
        id: t.id,
        kind: t.kind,
        title: t.title,
        body: t.body,
        version: t.version,
        product: t.product,
        platform: t.platform,
    }
}

pub fn template_version(v: store::TemplateVersion) -> api::TemplateVersionView {
    api::TemplateVersionView {
        version: v.version,
        title: v.title,
        body: v.body,
        product: v.product,
        campaign_id: v.campaign_id,
        platform: v.platform,
        kos_role: v.kos_role,
        created_at: v.created_at,
        created_by: v.created_by,
    }
}

pub fn material(m: store::Material, today: rules::CivilDate) -> api::MaterialView {
    let expires = m.expires_on.as_deref().and_then(rules::CivilDate::parse);
    api::MaterialView {
        expired: !rules::kos_content::material_visible(expires, today),
        id: m.id,
        kind: m.kind,
        title: m.title,
        upload_id: m.upload_id,
        video_url: m.video_url,
        tags: m
            .tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        product: m.product,
        campaign_id: m.campaign_id,
        usage_rights: m.usage_rights,
        expires_on: m.expires_on,
        updated_at: m.updated_at,
    }
}

pub fn policy(p: store::Policy) -> api::PolicyView {
    api::PolicyView {
        id: p.id,
        campaign_id: p.campaign_id,
        campaign_title: p.campaign_title,
        kind: p.kind,
        title: p.title,
        body: p.body,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        updated_at: p.updated_at,
    }
}

pub fn kos_note(n: store::KosNote) -> api::KosNoteView {
    api::KosNoteView {
        id: n.id,
        staff_id: n.staff_id,
        staff_name: n.staff_name,
        store_id: n.store_id,
        template_id: n.template_id,
        template_version: n.template_version,
        template_title: n.template_title,
        material_id: n.material_id,
        account_id: n.account_id,
        platform: n.platform,
        note_key: n.note_key,
        canonical_url: n.canonical_url,
        submitted_at: n.submitted_at,
        likes: n.likes,
        comments: n.comments,
        saves: n.saves,
        interactions: n.interactions,
        metrics_on: n.metrics_on,
    }
}

pub fn my_kos_note(n: store::KosNote) -> api::MyKosNote {
    api::MyKosNote {
        id: n.id,
        staff_name: n.staff_name,
        template_title: n.template_title,
        platform: n.platform,
        canonical_url: n.canonical_url,
        submitted_at: n.submitted_at,
        interactions: n.interactions,
    }
}

pub fn content_result(r: store::ContentResult) -> api::ContentResultView {
    api::ContentResultView {
        id: r.id,
        title: r.title,
        kind: r.kind,
        notes: r.notes,
        interactions: r.interactions,
        staff: r.staff,
        leads: r.leads,
    }
}
