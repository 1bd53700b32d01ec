//! KOS leads over HTTP (issue 17), on both databases: a staff member adds
//! a lead and moves it a stage; scope (staff their own, a store manager
//! their store, a regional manager their region, another store's manager
//! nothing: 404); contacts masked for managers and operators with an
//! audited "show"; tags and filters; the store's funnel; the QR codes and
//! the walk-in's page; the operators' export (audited) and erasure.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const LIN: &str = "13900000001";
const CHEN: &str = "13900000002";
const MANAGER_1: &str = "13900000011";
const MANAGER_2: &str = "13900000012";
const REGIONAL: &str = "13900000021";

fn ids(page: &Value) -> Vec<String> {
    page["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

async fn staff_add_a_lead_and_move_it_in_their_scope(s: &Server) {
    let lin = s.staff("demo", LIN).await;
    let tags = json_of(lin.get("/api/v1/staff/tags").await, StatusCode::OK).await;
    let dry = tags["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["tags"].as_array().unwrap().clone())
        .find(|t| t["name"] == "干皮")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        tags["personal"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "老客户"),
        "{tags}"
    );
    // Any spelling of the phone; consent needed; a contact needed.
    expect_error(
        lin.post(
            "/api/v1/staff/leads",
            json!({"phone": "138 0099 0001", "consent": false}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "lead_consent_required",
    )
    .await;
    expect_error(
        lin.post("/api/v1/staff/leads", json!({"consent": true}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "lead_contact_required",
    )
    .await;
    let lead = json_of(
        lin.post(
            "/api/v1/staff/leads",
            json!({"phone": "138 0099 0001", "handle": "Nina", "source_platform": "xiaohongshu",
                   "consent": true, "tags": [dry]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            &lead["phone"],
            &lead["stage"],
            &lead["contact_masked"],
            &lead["store_name"]
        ),
        (
            &json!("13800990001"),
            &json!("contacted"),
            &json!(false),
            &json!("广州天河店")
        )
    );
    let id = lead["id"].as_str().unwrap().to_string();
    // A colleague adding the same phone is told it is someone's lead.
    let chen = s.staff("demo", CHEN).await;
    expect_error(
        chen.post(
            "/api/v1/staff/leads",
            json!({"phone": "13800990001", "consent": true}),
        )
        .await,
        StatusCode::CONFLICT,
        "lead_exists",
    )
    .await;
    // One tap: added privately.
    let moved = json_of(
        lin.post(
            &format!("/api/v1/staff/leads/{id}/stage"),
            json!({"stage": "added_privately"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["stage"], "added_privately");
    expect_error(
        lin.post(
            &format!("/api/v1/staff/leads/{id}/stage"),
            json!({"stage": "contacted"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "lead_stage_invalid",
    )
    .await;
    let events = json_of(
        lin.get(&format!("/api/v1/staff/leads/{id}/events")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(events.as_array().unwrap().len(), 2);
    assert_eq!(events[1]["to_stage"], "added_privately");
    assert_eq!(events[1]["actor_kind"], "staff");

    // Scope: 陈晓 (same store, plain staff) does not see 林小美's lead.
    expect_error(
        chen.get(&format!("/api/v1/staff/leads/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let chens = json_of(chen.get("/api/v1/staff/leads").await, StatusCode::OK).await;
    assert!(!ids(&chens).contains(&id));
    // The store manager and the regional manager see it, masked.
    for phone in [MANAGER_1, REGIONAL] {
        let m = s.staff("demo", phone).await;
        let page = json_of(m.get("/api/v1/staff/leads").await, StatusCode::OK).await;
        let seen = page["leads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{phone} sees the lead"))
            .clone();
        assert_eq!(
            (&seen["phone"], &seen["contact_masked"]),
            (&json!("138****0001"), &json!(true))
        );
        // "Show" is audited.
        let full = json_of(
            m.get(&format!("/api/v1/staff/leads/{id}/contact")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(full["phone"], "13800990001");
    }
    // Another store's manager sees nothing of it.
    let other = s.staff("demo", MANAGER_2).await;
    for path in [
        format!("/api/v1/staff/leads/{id}"),
        format!("/api/v1/staff/leads/{id}/contact"),
        format!("/api/v1/staff/leads/{id}/events"),
    ] {
        expect_error(other.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    expect_error(
        other
            .post(
                &format!("/api/v1/staff/leads/{id}/stage"),
                json!({"stage": "visited_store"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(
        !ids(&json_of(other.get("/api/v1/staff/leads").await, StatusCode::OK).await).contains(&id)
    );
    // Plain staff may not ask for contacts or the store's funnel.
    expect_error(
        chen.get(&format!("/api/v1/staff/leads/{id}/contact")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        chen.get("/api/v1/staff/funnel").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Tag filters: OR within a group, AND across groups.
    let by_tag = json_of(
        lin.get(&format!("/api/v1/staff/leads?tags={dry}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(ids(&by_tag).contains(&id));
    // The store manager's funnel: the lead counts as added privately.
    let m1 = s.staff("demo", MANAGER_1).await;
    let funnel = json_of(
        m1.get("/api/v1/staff/funnel?by=staff").await,
        StatusCode::OK,
    )
    .await;
    let lin_line = funnel["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "林小美")
        .unwrap()
        .clone();
    assert!(lin_line["reached"][1].as_i64().unwrap() >= 2, "{lin_line}");
    assert_eq!(
        funnel["total"]["reached"][0],
        funnel["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["reached"][0].as_i64().unwrap())
            .sum::<i64>()
    );
    // Store scope: only store 1's staff in the manager's funnel.
    assert!(
        funnel["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["label"] != "赵店长")
    );
    expect_error(
        m1.get("/api/v1/staff/funnel?by=colour").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "funnel_by_unknown",
    )
    .await;

    // Operators: masked list with tag filter, the audited show, export.
    let op = s.operator("operator@demo.test").await;
    let list = json_of(
        op.get(&format!(
            "/api/v1/admin/kos/leads?tags={dry}&stage=added_privately"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(ids(&list).contains(&id));
    assert!(
        list["leads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["contact_masked"] == true || l["phone"] == "")
    );
    let csv = op.get("/api/v1/admin/kos/leads/export").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(
        text.contains("138****0001") && !text.contains("13800990001"),
        "{text}"
    );
    let full = json_of(
        op.get(&format!("/api/v1/admin/kos/leads/{id}/contact"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(full["handle"], "Nina");
    let audit = json_of(
        op.get("/api/v1/admin/audit?action=kos_lead.").await,
        StatusCode::OK,
    )
    .await;
    let views = audit
        .as_array()
        .or_else(|| audit["entries"].as_array())
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "kos_lead.contact_view" && a["target_id"] == id.as_str())
        .count();
    assert_eq!(views, 3, "two managers and the operator: {audit}");
    let exports = json_of(
        op.get("/api/v1/admin/audit?action=kos_leads.export").await,
        StatusCode::OK,
    )
    .await;
    assert!(exports.to_string().contains("kos_leads.export"));
    // The admin funnel by region.
    let f = json_of(
        op.get("/api/v1/admin/kos/funnel?by=region").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        f["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["label"] == "华南")
    );

    // An operator erases the lead on request: its contact is gone for all.
    let owner = s.operator("operator@demo.test").await;
    assert_eq!(
        owner
            .delete(&format!("/api/v1/admin/kos/leads/{id}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let after = json_of(
        lin.get(&format!("/api/v1/staff/leads/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&after["phone"], &after["handle"], &after["erased"]),
        (&json!(""), &json!(""), &json!(true))
    );
    assert!(s.store.find_text("13800990001").await.unwrap().is_empty());
}
both!(staff_add_a_lead_and_move_it_in_their_scope);

async fn qr_codes_bring_walk_ins_to_a_person_and_a_store(s: &Server) {
    let lin = s.staff("demo", LIN).await;
    let codes = json_of(lin.get("/api/v1/staff/codes").await, StatusCode::OK).await;
    let personal = codes["personal_url"].as_str().unwrap().to_string();
    let store = codes["store_url"].as_str().unwrap().to_string();
    assert!(
        personal.contains("/b/demo/join/p-") && store.contains("/b/demo/join/s-"),
        "{codes}"
    );
    for path in [
        "/api/v1/staff/codes/personal.svg",
        "/api/v1/staff/codes/store.svg",
    ] {
        let r = lin.get(path).await;
        assert_eq!(r.headers()["content-type"], "image/svg+xml");
        assert!(r.text().await.unwrap().contains("<svg"));
    }
    // The page the code opens: a form, no script, a strict CSP.
    let page_path = &personal[personal.find("/b/").unwrap()..];
    let walker = s.anonymous();
    let page = walker
        .http
        .get(format!("{}{page_path}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("林小美") && html.contains("<form") && !html.contains("<script"),
        "{html}"
    );
    // Without consent: the form again with the reason.
    let refused = walker
        .http
        .post(format!("{}{page_path}", s.base))
        .form(&[("phone", "13700001111")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("同意"));
    let ok = walker
        .http
        .post(format!("{}{page_path}", s.base))
        .form(&[("phone", "137 0000 1111"), ("consent", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("林小美"));
    let mine = json_of(
        lin.get("/api/v1/staff/leads?q=13700001111").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["leads"][0]["source"], "personal_code");
    assert_eq!(mine["leads"][0]["consent"], true);
    // The store's live code through the API: 林小美 is on shift (demo), so
    // walk-ins go to her until she goes off shift; then in turn.
    let store_code = store.rsplit('/').next().unwrap().to_string();
    let walk = |phone: &str| json!({"code": store_code, "phone": phone, "consent": true});
    let a = json_of(
        walker
            .post("/api/v1/brands/demo/kos/walk-in", walk("13700002222"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["staff_name"], "林小美");
    json_of(
        lin.put("/api/v1/staff/duty", json!({"on_duty": false}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        json_of(lin.get("/api/v1/staff/duty").await, StatusCode::OK).await["on_duty"],
        false
    );
    let mut names = Vec::new();
    for i in 0..3 {
        let a = json_of(
            walker
                .post(
                    "/api/v1/brands/demo/kos/walk-in",
                    walk(&format!("1370000333{i}")),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        names.push(a["staff_name"].as_str().unwrap().to_string());
    }
    // Three colleagues of store 1 at least (林小美, 陈晓, 王店长) in turn:
    // three walk-ins, three people.
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "{names:?}");
    // A repeat scan names nobody; an unknown code is 404.
    let again = json_of(
        walker
            .post("/api/v1/brands/demo/kos/walk-in", walk("13700002222"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(again["staff_name"], "");
    expect_error(
        walker
            .post(
                "/api/v1/brands/demo/kos/walk-in",
                json!({"code": "s-nowhere", "phone": "13700004444", "consent": true}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "lead_code_unknown",
    )
    .await;
    // One address leaves at most 20 walk-ins a day: then 429.
    let mut refused = None;
    for i in 0..30 {
        let r = walker
            .post(
                "/api/v1/brands/demo/kos/walk-in",
                walk(&format!("137000055{i:02}")),
            )
            .await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(i);
            expect_error(r, StatusCode::TOO_MANY_REQUESTS, "walk_ins_exhausted").await;
            break;
        }
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    assert_eq!(refused, Some(15), "5 counted before, 15 more, then refused");
    let gone = walker
        .http
        .get(format!("{}/b/demo/join/s-nowhere", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
both!(qr_codes_bring_walk_ins_to_a_person_and_a_store);

async fn operators_keep_the_tag_dictionary(s: &Server) {
    let op = s.operator("ops@demo.test").await;
    let g = json_of(
        op.post("/api/v1/admin/kos/tag-groups", json!({"name": "渠道"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        op.post("/api/v1/admin/kos/tag-groups", json!({"name": "渠道"}))
            .await,
        StatusCode::CONFLICT,
        "tag_group_exists",
    )
    .await;
    let t = json_of(
        op.post(
            "/api/v1/admin/kos/tags",
            json!({"group_id": g["id"], "name": "朋友推荐"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let dict = json_of(op.get("/api/v1/admin/kos/tags").await, StatusCode::OK).await;
    assert!(dict.to_string().contains("朋友推荐"));
    assert!(
        dict["personal"].as_array().unwrap().is_empty(),
        "operators see no personal tags"
    );
    // Staff apply, never edit: a staff member's tag is personal.
    let lin = s.staff("demo", LIN).await;
    let mine = json_of(
        lin.post("/api/v1/staff/tags", json!({"name": "周末到店"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(mine["personal"], true);
    let leads = json_of(lin.get("/api/v1/staff/leads").await, StatusCode::OK).await;
    let first = leads["leads"][0]["id"].as_str().unwrap().to_string();
    let tagged = json_of(
        lin.put(
            &format!("/api/v1/staff/leads/{first}/tags"),
            json!({"tags": [t["id"], mine["id"]]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(tagged["tags"].as_array().unwrap().len(), 2);
    // 陈晓 may not apply 林小美's personal tag.
    let chen = s.staff("demo", CHEN).await;
    let chens = json_of(chen.get("/api/v1/staff/leads").await, StatusCode::OK).await;
    let his = chens["leads"][0]["id"].as_str().unwrap().to_string();
    expect_error(
        chen.put(
            &format!("/api/v1/staff/leads/{his}/tags"),
            json!({"tags": [mine["id"]]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "tag_unknown",
    )
    .await;
    // Owners remove a brand tag: off every lead.
    let owner = s.operator("operator@demo.test").await;
    let tid = t["id"].as_str().unwrap();
    assert_eq!(
        owner
            .delete(&format!("/api/v1/admin/kos/tags/{tid}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let after = json_of(
        lin.get(&format!("/api/v1/staff/leads/{first}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["tags"], json!([mine["id"]]));
}
both!(operators_keep_the_tag_dictionary);
