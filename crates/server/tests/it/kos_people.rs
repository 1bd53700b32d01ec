//! The KOS organisation's people over HTTP (issue 17, org), on both
//! databases: managers see their team only (a store manager nothing of
//! another store: 404), operators import stores and staff from files as
//! Excel saves them (every refused row with its line and code; a second
//! import changes nothing), move staff and record leaving (their session
//! ends at once), and staff keep their persona checklist and ratings.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn csv(c: &crate::Caller, path: &str, bytes: Vec<u8>) -> Value {
    let r = c
        .http
        .post(format!("{}{path}", c.base))
        .header("content-type", "text/csv")
        .header("accept-language", "zh-CN")
        .body(bytes)
        .send()
        .await
        .unwrap();
    json_of(r, StatusCode::OK).await
}

fn names(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

async fn id_of(s: &Server, phone: &str) -> String {
    let op = s.operator("operator@demo.test").await;
    let page = json_of(
        op.get(&format!("/api/v1/admin/kos/staff?q={phone}&status=all"))
            .await,
        StatusCode::OK,
    )
    .await;
    page["rows"][0]["id"].as_str().unwrap().to_string()
}

async fn managers_see_their_team_only(s: &Server) {
    let lin = id_of(s, "13900000001").await;
    let zhou = id_of(s, "13900000003").await;
    let huang = id_of(s, "13900000005").await;
    // 王店长: store 1 only, phones masked.
    let m1 = s.staff("demo", "13900000011").await;
    let team = json_of(m1.get("/api/v1/staff/team").await, StatusCode::OK).await;
    assert_eq!(names(&team), ["林小美", "王店长", "陈晓"]);
    assert_eq!(team["rows"][0]["phone"], "139****0001");
    assert_eq!(team["rows"][0]["persona_percent"], 40);
    // 区经理: the region's two stores and themself, not 华东.
    let g = s.staff("demo", "13900000021").await;
    let region = json_of(g.get("/api/v1/staff/team").await, StatusCode::OK).await;
    assert_eq!(region["total"], 6, "{region}");
    assert!(!names(&region).contains(&"周婷".to_string()));
    let detail = json_of(
        g.get(&format!("/api/v1/staff/team/{huang}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["staff"]["store_code"], "GZ002");
    // Outside the team: not found, never "forbidden".
    for (who, id) in [
        ("13900000011", &huang),
        ("13900000012", &lin),
        ("13900000021", &zhou),
    ] {
        let c = s.staff("demo", who).await;
        let r = c.get(&format!("/api/v1/staff/team/{id}")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who} → {id}");
    }
    // Plain staff have no team.
    let a = s.staff("demo", "13900000001").await;
    expect_error(
        a.get("/api/v1/staff/team").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // 王店长 rates 林小美; not himself; only 1–5 on her role's competencies.
    let mine = json_of(
        m1.get(&format!("/api/v1/staff/team/{lin}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["ratings"][0]["self_score"], 4);
    assert_eq!(mine["ratings"][0]["manager_score"], 3);
    let first = mine["ratings"][0]["competency_id"].clone();
    let rated = json_of(
        m1.put(
            &format!("/api/v1/staff/team/{lin}/ratings"),
            json!({"competency_id": first, "score": 5}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rated["ratings"][0]["manager_score"], 5);
    assert_eq!(rated["manager_mean_tenths"], 50);
    expect_error(
        m1.put(
            &format!("/api/v1/staff/team/{lin}/ratings"),
            json!({"competency_id": first, "score": 6}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rating_invalid",
    )
    .await;
    let own = id_of(s, "13900000011").await;
    expect_error(
        m1.put(
            &format!("/api/v1/staff/team/{own}/ratings"),
            json!({"competency_id": first, "score": 5}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rating_own_as_manager",
    )
    .await;
}
both!(managers_see_their_team_only);

async fn imports_moves_and_leaving(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    // Stores as Chinese Excel saves them: GB18030, CRLF, a bad row.
    let text = "门店编号,门店名称,区域,城市,地址\r\n sz001 ,深圳福田店,华南,深圳,福中路 1 号\r\n,无编号店,华南,深圳,\r\nCD001,成都春熙店,西南,成都,春熙路 8 号\r\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let first = csv(&op, "/api/v1/admin/kos/stores/import", gb.to_vec()).await;
    assert_eq!(
        (first["created"].as_i64(), first["updated"].as_i64()),
        (Some(2), Some(0))
    );
    assert_eq!(first["errors"][0]["line"], 3, "{first}");
    assert_eq!(first["errors"][0]["code"], "field_required");
    let again = csv(&op, "/api/v1/admin/kos/stores/import", gb.to_vec()).await;
    assert_eq!(
        (again["created"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(2))
    );
    // Staff, UTF-8 with the BOM Excel writes.
    let staff = "\u{feff}手机号,姓名,岗位,KOS角色,门店编号,工号,入职日期\n\
                 13700000001,新人甲,导购,话题专家,SZ001,N1,2026/10/8\n\
                 137 0000 0002,新人乙,导购,购物助理,XX999,N2,\n\
                 12345,坏号码,导购,,SZ001,,\n\
                 13700000003,新人丙,店员长,,SZ001,,\n\
                 13900000002,陈晓,导购,购物助理,CD001,E1002,\n";
    let first = csv(
        &op,
        "/api/v1/admin/kos/staff/import",
        staff.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(
        (first["created"].as_i64(), first["updated"].as_i64()),
        (Some(1), Some(1)),
        "{first}"
    );
    let refused: Vec<(i64, String)> = first["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            (3, "store_unknown".to_string()),
            (4, "phone_malformed".to_string()),
            (5, "staff_role_unknown".to_string()),
        ]
    );
    assert!(
        first["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("门店")
    );
    let again = csv(
        &op,
        "/api/v1/admin/kos/staff/import",
        staff.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(
        (again["created"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(2))
    );
    let new = id_of(s, "13700000001").await;
    let d = json_of(
        op.get(&format!("/api/v1/admin/kos/staff/{new}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d["staff"]["joined_on"], "2026-10-08");
    assert_eq!(d["staff"]["store_code"], "SZ001");
    assert_eq!(d["moves"][0]["kind"], "joined");

    // 林小美 is signed in when she leaves: her session ends with it.
    let lin = id_of(s, "13900000001").await;
    let chen = id_of(s, "13900000002").await;
    let a = s.staff("demo", "13900000001").await;
    json_of(a.get("/api/v1/staff/me").await, StatusCode::OK).await;
    expect_error(
        op.post(
            &format!("/api/v1/admin/kos/staff/{lin}/leave"),
            json!({"on_date": "2026-11-20"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hand_over_missing",
    )
    .await;
    let left = json_of(
        op.post(
            &format!("/api/v1/admin/kos/staff/{lin}/leave"),
            json!({"on_date": "2026-11-20", "to_staff_id": chen}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(left["staff"]["left_on"], "2026-11-20");
    assert_eq!(left["moves"][1]["kind"], "left");
    assert_eq!(left["moves"][1]["from_store"], "GZ001 广州天河店");
    expect_error(
        a.get("/api/v1/staff/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let r = s
        .anonymous()
        .post(
            "/api/v1/brands/demo/staff/session",
            json!({"phone": "13900000001", "password": server::demo::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    expect_error(
        op.post(
            &format!("/api/v1/admin/kos/staff/{lin}/leave"),
            json!({"on_date": "2026-11-21", "to_staff_id": chen}),
        )
        .await,
        StatusCode::CONFLICT,
        "staff_left",
    )
    .await;
    // The working list no longer has her; "left" does.
    let working = json_of(
        op.get("/api/v1/admin/kos/staff?q=小美").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(working["total"], 0);
    let gone = json_of(
        op.get("/api/v1/admin/kos/staff?q=小美&status=left").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&gone), ["林小美"]);

    // 陈晓 moves back from CD001 to GZ001.
    let stores = json_of(
        op.get("/api/v1/admin/kos/stores?q=GZ001").await,
        StatusCode::OK,
    )
    .await;
    let gz001 = stores["rows"][0]["id"].as_str().unwrap().to_string();
    let moved = json_of(
        op.post(
            &format!("/api/v1/admin/kos/staff/{chen}/move"),
            json!({"store_id": gz001, "on_date": "2026-11-25"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["staff"]["store_code"], "GZ001");
    let kinds: Vec<&str> = moved["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["joined", "moved", "moved"]);
    expect_error(
        op.post(
            &format!("/api/v1/admin/kos/staff/{chen}/move"),
            json!({"store_id": gz001, "on_date": "not a date"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "date_malformed",
    )
    .await;
    // Files need their key columns.
    let r = op
        .http
        .post(format!("{}/api/v1/admin/kos/staff/import", op.base))
        .header("content-type", "text/csv")
        .body("姓名\n某人\n")
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "columns_missing").await;
}
both!(imports_moves_and_leaving);

async fn persona_and_ratings_on_the_phone(s: &Server) {
    let a = s.staff("demo", "13900000001").await;
    let me = json_of(a.get("/api/v1/staff/profile").await, StatusCode::OK).await;
    assert_eq!(me["persona"]["percent"], 40);
    assert_eq!(
        me["persona"]["missing"],
        json!(["photo", "location_in_notes", "reply_habits"])
    );
    assert_eq!(
        me["ratings"].as_array().unwrap().len(),
        3,
        "the topic expert's profile"
    );
    // A photo: an image upload, checked as every upload is.
    let bad = a
        .upload("/api/v1/staff/uploads", b"<svg/>".to_vec(), "image/svg+xml")
        .await;
    assert_eq!(bad.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let photo = json_of(
        a.upload(
            "/api/v1/staff/uploads",
            crate::access::TINY_PNG.to_vec(),
            "image/png",
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let saved = json_of(
        a.put(
            "/api/v1/staff/profile/persona",
            json!({"real_name": true, "photo_upload_id": photo["id"], "store_in_profile": true,
                   "location_in_notes": true, "reply_habits": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["persona"]["percent"], 100);
    // Her manager sees the photo; another store's manager does not.
    let m1 = s.staff("demo", "13900000011").await;
    let path = format!("/api/v1/staff/photos/{}", photo["id"].as_str().unwrap());
    assert_eq!(m1.get(&path).await.status(), StatusCode::OK);
    let m2 = s.staff("demo", "13900000012").await;
    assert_eq!(m2.get(&path).await.status(), StatusCode::NOT_FOUND);
    // Someone else's upload is not her photo.
    let chen = s.staff("demo", "13900000002").await;
    expect_error(
        chen.put(
            "/api/v1/staff/profile/persona",
            json!({"real_name": true, "photo_upload_id": photo["id"], "store_in_profile": false,
                   "location_in_notes": false, "reply_habits": false}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "photo_unknown",
    )
    .await;
    // Self-rating: her role's competencies only.
    let second = me["ratings"][1]["competency_id"].clone();
    let rated = json_of(
        a.put(
            "/api/v1/staff/profile/ratings",
            json!({"competency_id": second, "score": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rated["ratings"][1]["self_score"], 2);
    let other = json_of(chen.get("/api/v1/staff/profile").await, StatusCode::OK).await;
    let not_hers = other["ratings"][0]["competency_id"].clone();
    expect_error(
        a.put(
            "/api/v1/staff/profile/ratings",
            json!({"competency_id": not_hers, "score": 2}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "competency_unknown",
    )
    .await;
    // The operator's list shows the completeness.
    let op = s.operator("operator@demo.test").await;
    let page = json_of(
        op.get("/api/v1/admin/kos/staff?q=小美").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["rows"][0]["persona_percent"], 100);
}
both!(persona_and_ratings_on_the_phone);
