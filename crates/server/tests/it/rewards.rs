//! Rewards and redemption over HTTP (issue 16), as the apps drive them:
//! the member's catalogue with why not, redeeming a coupon and seeing its
//! code, the operator's masked view, export, shipping view (audited) and
//! a cancellation that returns the points.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn find<'a>(items: &'a Value, title: &str) -> &'a Value {
    items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no {title} in {items}"))
}

async fn a_member_redeems_and_the_operator_fulfils(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.consumer("demo", "13800000001").await;
    let zhou = s.consumer("demo", "13800000004").await;

    // The catalogue, filtered with why not.
    let cat = json_of(lin.get("/api/v1/me/rewards").await, StatusCode::OK).await;
    let start = cat["available"].as_i64().unwrap();
    assert!(start >= 50, "林小雨 can afford the coupon: {cat}");
    // 林小雨 is an intermediate KOC: the gift is hers to take, the salon
    // (senior KOCs) is not; 周一, a member without a note yet, needs
    // "中级 KOC" for the gift.
    assert_eq!(
        find(&cat["items"], "修护面霜正装 50ml")["blocked"],
        Value::Null
    );
    let salon = find(&cat["items"], "新品品鉴沙龙");
    assert_eq!(
        (salon["blocked"].as_str(), salon["need"].as_str()),
        (Some("tier_too_low"), Some("senior"))
    );
    let theirs = json_of(zhou.get("/api/v1/me/rewards").await, StatusCode::OK).await;
    let gift = find(&theirs["items"], "修护面霜正装 50ml");
    assert_eq!(
        (gift["blocked"].as_str(), gift["need"].as_str()),
        (Some("tier_too_low"), Some("intermediate"))
    );
    let voucher = find(&cat["items"], "10 元门店代金券");
    assert_eq!(voucher["blocked"], "not_enough_points");
    assert_eq!(voucher["voucher_fen"], 1_000);
    let coupon = find(&cat["items"], "满 199 减 30 优惠券");
    assert_eq!(coupon["blocked"], Value::Null);
    let id = coupon["id"].as_str().unwrap().to_string();

    // Redeeming: the code comes back at once, to this member only.
    let r = json_of(
        lin.post(&format!("/api/v1/me/rewards/{id}/redemption"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(r["code"], "WINTER30-0001");
    assert_eq!(r["status"], "issued");
    let rid = r["id"].as_str().unwrap().to_string();
    let cat = json_of(lin.get("/api/v1/me/rewards").await, StatusCode::OK).await;
    assert_eq!(cat["available"].as_i64().unwrap(), start - 50);
    assert_eq!(
        find(&cat["items"], "满 199 减 30 优惠券")["blocked"],
        "limit_reached"
    );
    expect_error(
        lin.post(&format!("/api/v1/me/rewards/{id}/redemption"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "reward_unavailable",
    )
    .await;
    let mine = json_of(lin.get("/api/v1/me/redemptions").await, StatusCode::OK).await;
    assert_eq!(mine[0]["code"], "WINTER30-0001");
    // Another member sees none of it.
    let theirs = json_of(zhou.get("/api/v1/me/redemptions").await, StatusCode::OK).await;
    assert_eq!(theirs, json!([]));

    // The operator: the code masked in the list and the export.
    let list = json_of(
        op.get("/api/v1/admin/redemptions?status=issued").await,
        StatusCode::OK,
    )
    .await;
    let row = find(&list, "满 199 减 30 优惠券");
    assert_eq!(row["code"], "WI****");
    assert!(!list.to_string().contains("WINTER30-0001"));
    let csv = op.get("/api/v1/admin/redemptions/export").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let bytes = csv.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM, as Excel opens it"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("WI****") && !text.contains("WINTER30-0001"),
        "{text}"
    );
    assert!(
        text.contains("修护面霜正装 50ml"),
        "every redemption: {text}"
    );
    let audit = json_of(
        op.get("/api/v1/admin/audit?action=redemptions.export")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1, "the export is audited");

    // A gift's address is cut in the list; shown whole on request, audited.
    let pending = json_of(
        op.get("/api/v1/admin/redemptions?status=pending").await,
        StatusCode::OK,
    )
    .await;
    let gift_row = find(&pending, "修护面霜正装 50ml");
    assert!(
        !gift_row.to_string().contains("文三路 100 号"),
        "{gift_row}"
    );
    assert_eq!(gift_row["phone"], "138****0002");
    let gid = gift_row["id"].as_str().unwrap();
    let full = json_of(
        op.get(&format!("/api/v1/admin/redemptions/{gid}/shipping"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(full["address"], "杭州市西湖区文三路 100 号");
    let audit = json_of(
        op.get("/api/v1/admin/audit?action=personal_data.view")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(audit.to_string().contains(gid), "audited: {audit}");
    expect_error(
        op.post(
            &format!("/api/v1/admin/redemptions/{gid}/fulfilment"),
            json!({"status": "shipped", "courier": "顺丰"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "shipment_required",
    )
    .await;
    let shipped = json_of(
        op.post(
            &format!("/api/v1/admin/redemptions/{gid}/fulfilment"),
            json!({"status": "shipped", "courier": "顺丰", "tracking": "SF1234567"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shipped["status"], "shipped");

    // Cancelling the coupon returns the points.
    expect_error(
        op.post(
            &format!("/api/v1/admin/redemptions/{rid}/fulfilment"),
            json!({"status": "cancelled"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "field_required",
    )
    .await;
    let cancelled = json_of(
        op.post(
            &format!("/api/v1/admin/redemptions/{rid}/fulfilment"),
            json!({"status": "cancelled", "reason": "会员申请退回"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    let cat = json_of(lin.get("/api/v1/me/rewards").await, StatusCode::OK).await;
    assert_eq!(cat["available"].as_i64().unwrap(), start);

    // 周一 has no points for the voucher: refused, nothing written.
    let vid = find(&cat["items"], "10 元门店代金券")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = s.store.row_counts().await.unwrap();
    expect_error(
        zhou.post(&format!("/api/v1/me/rewards/{vid}/redemption"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "points_insufficient",
    )
    .await;
    assert_eq!(s.store.row_counts().await.unwrap(), before);
}

async fn operators_keep_the_catalogue(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let form = json!({"kind": "coupon", "title": "通用券", "price": 10, "stock": 3,
        "shared_code": "SHARE-2026", "min_tier": "junior", "min_class": "standard",
        "per_member_limit": 2, "starts_on": "2026-12-01", "ends_on": "2026-12-31"});
    let created = json_of(
        op.post("/api/v1/admin/rewards", form.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["shared_code"], "SH****", "a code is shown masked");
    assert_eq!(created["ends_on"], "2026-12-31");
    assert_eq!(created["min_class"], "standard");
    let id = created["id"].as_str().unwrap();
    // Saving without the (masked) code keeps it.
    let mut edit = form.clone();
    edit["shared_code"] = Value::Null;
    edit["stock"] = json!(7);
    let saved = json_of(
        op.put(&format!("/api/v1/admin/rewards/{id}"), edit).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (saved["shared_code"].as_str(), saved["stock"].as_i64()),
        (Some("SH****"), Some(7))
    );
    expect_error(
        op.post(
            &format!("/api/v1/admin/rewards/{id}/codes"),
            json!({"codes": "X1\nX2"}),
        )
        .await,
        StatusCode::CONFLICT,
        "reward_not_pooled",
    )
    .await;
    let mut kind = form.clone();
    kind["kind"] = json!("gift");
    expect_error(
        op.put(&format!("/api/v1/admin/rewards/{id}"), kind).await,
        StatusCode::CONFLICT,
        "reward_kind_fixed",
    )
    .await;
    for (field, value, code) in [
        ("kind", json!("cash"), "reward_kind_unknown"),
        ("price", json!(0), "reward_price_invalid"),
        ("stock", json!(-1), "reward_stock_invalid"),
        ("min_tier", json!("gold"), "tier_unknown"),
        ("min_class", json!("vip"), "class_unknown"),
        ("ends_on", json!("2026-11-30"), "reward_window_invalid"),
        ("image_id", json!("nope"), "image_unknown"),
    ] {
        let mut bad = form.clone();
        bad[field] = value;
        expect_error(
            op.post("/api/v1/admin/rewards", bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    // A pooled coupon: codes add to its stock, duplicates skipped.
    let pool = json_of(
        op.post(
            "/api/v1/admin/rewards",
            json!({"kind": "coupon", "title": "券码池", "price": 5}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let pid = pool["id"].as_str().unwrap();
    let added = json_of(
        op.post(
            &format!("/api/v1/admin/rewards/{pid}/codes"),
            json!({"codes": "P-1\nP-2\n\nP-1\n"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(added, json!({"added": 2, "skipped": 0, "stock": 2}));
    let again = json_of(
        op.post(
            &format!("/api/v1/admin/rewards/{pid}/codes"),
            json!({"codes": "P-2\nP-3"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, json!({"added": 1, "skipped": 1, "stock": 3}));
    // An image: an operator upload of the brand, served publicly.
    let png = crate::access::TINY_PNG.to_vec();
    let up = json_of(
        op.upload("/api/v1/admin/uploads", png, "image/png").await,
        StatusCode::CREATED,
    )
    .await;
    let mut with_image = json!({"kind": "gift", "title": "礼盒", "price": 20, "stock": 1});
    with_image["image_id"] = up["id"].clone();
    let g = json_of(
        op.post("/api/v1/admin/rewards", with_image).await,
        StatusCode::CREATED,
    )
    .await;
    let url = g["image_url"].as_str().unwrap();
    let img = s.anonymous().get(url).await;
    assert_eq!(img.status(), StatusCode::OK);
    // The audit log has every catalogue write.
    let audit = json_of(
        op.get("/api/v1/admin/audit?action=reward.").await,
        StatusCode::OK,
    )
    .await;
    assert!(audit.to_string().contains("reward.codes"), "{audit}");
}

both!(a_member_redeems_and_the_operator_fulfils);
both!(operators_keep_the_catalogue);
