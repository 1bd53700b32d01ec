//! Points over HTTP (issue 16, ledgerops): the policy (owners only, each
//! bound its own code), the totals in points and fen, an operator's
//! adjustment (phone normalised, reason required, below zero only when
//! asked, a retried request posts once, audited), the member's points
//! page (cash value, held, next expiry in the brand's zone, every posting
//! with its reason), and the expiry job run twice.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn the_points_page_adjusts_and_explains(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let ops = s.operator("ops@demo.test").await;
    let analyst = s.operator("analyst@demo.test").await;
    let member = s.consumer("demo", "13800000004").await;
    let me = json_of(member.get("/api/v1/me").await, StatusCode::OK).await;
    let member_id = me["member_id"].as_str().unwrap().to_string();

    // The policy: everyone reads it, owners change it, each bound checked.
    let o = json_of(analyst.get("/api/v1/admin/points").await, StatusCode::OK).await;
    assert_eq!(o["policy"]["points_per_yuan"], 100);
    let issued = o["issued"]["points"].as_i64().unwrap();
    assert_eq!(o["issued"]["fen"], issued);
    let policy = |rate: i64, months: i64, pct: i64| json!({"points_per_yuan": rate, "expiry_months": months, "checkout_max_percent": pct});
    expect_error(
        ops.put("/api/v1/admin/points/policy", policy(50, 12, 30))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for (body, code) in [
        (policy(0, 12, 30), "points_rate_invalid"),
        (policy(50, 121, 30), "points_expiry_invalid"),
        (policy(50, -1, 30), "points_expiry_invalid"),
        (policy(50, 12, 101), "checkout_percent_invalid"),
    ] {
        expect_error(
            owner.put("/api/v1/admin/points/policy", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let o = json_of(
        owner
            .put("/api/v1/admin/points/policy", policy(50, 12, 30))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(o["policy"]["expiry_months"], 12);
    assert_eq!(o["issued"]["fen"], issued * 2);

    // Finding a member: the phone as people type it; the phone masked.
    let found = json_of(
        ops.get("/api/v1/admin/points/members?q=%2B86%20138-0000-0004")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found[0]["member_id"], member_id.as_str());
    assert_eq!(found[0]["phone_masked"], "138****0004");
    let before = found[0]["available"].as_i64().unwrap();
    let nobody = json_of(
        ops.get("/api/v1/admin/points/members?q=13900000000").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(nobody, json!([]));
    expect_error(
        analyst
            .get("/api/v1/admin/points/members?q=13800000004")
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // An adjustment: reason required, below zero only when asked.
    let adjust = |points: i64, direction: &str, reason: &str, below: bool| json!({"member": "138 0000 0004", "direction": direction, "points": points, "reason": reason, "allow_negative": below});
    expect_error(
        ops.post(
            "/api/v1/admin/points/adjustments",
            adjust(10, "credit", "  ", false),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "adjustment_reason_required",
    )
    .await;
    expect_error(
        ops.post(
            "/api/v1/admin/points/adjustments",
            adjust(0, "credit", "x", false),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "adjustment_points_invalid",
    )
    .await;
    expect_error(
        ops.post(
            "/api/v1/admin/points/adjustments",
            json!({"member": "13900000000", "direction": "credit", "points": 5, "reason": "x", "allow_negative": false}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "points_member_unknown",
    )
    .await;
    expect_error(
        ops.post(
            "/api/v1/admin/points/adjustments",
            adjust(before + 1, "debit", "纠正", false),
        )
        .await,
        StatusCode::CONFLICT,
        "points_insufficient",
    )
    .await;
    // The same request twice (a retry with its key) posts once.
    let send = || async {
        ops.http
            .post(format!("{}/api/v1/admin/points/adjustments", s.base))
            .header("idempotency-key", "adjust-once-1")
            .json(&adjust(120, "credit", "线下活动补发", false))
            .send()
            .await
            .unwrap()
    };
    let first = json_of(send().await, StatusCode::CREATED).await;
    assert_eq!(
        (first["before"].as_i64(), first["after"].as_i64()),
        (Some(before), Some(before + 120))
    );
    let again = json_of(send().await, StatusCode::CREATED).await;
    assert_eq!(again["posting_id"], first["posting_id"]);
    assert_eq!(
        s.store.balance("demo", &member_id).await.unwrap(),
        before + 120
    );
    let below = json_of(
        ops.post(
            "/api/v1/admin/points/adjustments",
            adjust(before + 200, "debit", "退货追回", true),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(below["after"], -80);
    let audit = json_of(
        owner.get("/api/v1/admin/audit?action=points.adjust").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 2, "{audit}");

    // The member's page: every posting with its reason, the cash value.
    let mine = json_of(member.get("/api/v1/me/points").await, StatusCode::OK).await;
    assert_eq!(mine["available"], -80);
    assert_eq!(mine["fen"], 0);
    assert_eq!(mine["points_per_yuan"], 50);
    let entries = mine["entries"].as_array().unwrap();
    assert_eq!(entries[0]["reason"], "adjustment");
    assert_eq!(entries[0]["memo"], "退货追回");
    assert_eq!(entries[0]["points"], -(before + 200));
    assert_eq!(entries[1]["memo"], "线下活动补发");
    let other = s.consumer("demo", "13800000001").await;
    let theirs = json_of(other.get("/api/v1/me/points").await, StatusCode::OK).await;
    let available = theirs["available"].as_i64().unwrap();
    assert_eq!(theirs["fen"], available * 2);
    if available > 0 {
        let next = &theirs["next_expiry"];
        assert!(next["points"].as_i64().unwrap() > 0, "{theirs}");
        assert!(rules::CivilDate::parse(next["date"].as_str().unwrap()).is_some());
    }
    let settled: Vec<&Value> = theirs["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "note_settled")
        .collect();
    assert!(
        settled
            .iter()
            .any(|e| !e["lines"].as_array().unwrap().is_empty()),
        "{theirs}"
    );
}
both!(the_points_page_adjusts_and_explains);

/// The job expires in each brand's zone, first in first out, and a second
/// run (or a second process) posts nothing.
async fn the_expiry_job_is_safe_twice(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    json_of(
        owner
            .put(
                "/api/v1/admin/points/policy",
                json!({"points_per_yuan": 100, "expiry_months": 1, "checkout_max_percent": 30}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let totals = s.store.point_totals("demo").await.unwrap();
    // Two years on, everything earned so far is past its expiry.
    let later = server::time::Clock::System.now() + 2 * 366 * 86_400;
    let first = server::routes::points::expire_all(s.store.as_ref(), later)
        .await
        .unwrap();
    assert!(first.members > 0 && first.points > 0, "{first:?}");
    let again = server::routes::points::expire_all(s.store.as_ref(), later + 60)
        .await
        .unwrap();
    assert_eq!(again, store::ExpiryRun::default());
    let after = s.store.point_totals("demo").await.unwrap();
    assert_eq!(after.expired, totals.expired + first.points);
    assert_eq!(after.available, totals.available - first.points);
    assert_eq!(
        s.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
    // A member with nothing left has no next expiry.
    let member = s.consumer("demo", "13800000001").await;
    let mine = json_of(member.get("/api/v1/me/points").await, StatusCode::OK).await;
    assert!(mine["next_expiry"].is_null() || mine["available"].as_i64() > Some(0));
}
both!(the_expiry_job_is_safe_twice);
