//! The KOS back office over HTTP (issue 17): staff take the courses of
//! their store or KOS role on the phone without ever receiving the answer
//! key, managers see their own staff's results and nothing of another
//! store's courses, operators write courses, and rewards paid through the
//! ledger show on the staff member's page until withdrawn.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn store_course(s: &Server) -> String {
    let owner = s.operator("operator@demo.test").await;
    let list = json_of(owner.get("/api/v1/admin/kos/courses").await, StatusCode::OK).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().is_some_and(|t| t.starts_with("天河店")))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn staff_take_courses_without_the_key(s: &Server) {
    let id = store_course(s).await;
    let lin = s.staff("demo", "13900000001").await;
    let mine = json_of(lin.get("/api/v1/staff/courses").await, StatusCode::OK).await;
    // Store 1's course and, as a topic expert, the experts' course.
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    let detail = lin.get(&format!("/api/v1/staff/courses/{id}")).await;
    let text = detail.text().await.unwrap();
    let detail: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(detail["questions"].as_array().unwrap().len(), 2);
    assert!(
        !text.contains("answer"),
        "the key reached the phone: {text}"
    );
    // Half right, then all right.
    let half = json_of(
        lin.post(
            &format!("/api/v1/staff/courses/{id}/attempts"),
            json!({"answers": [0, 0]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (half["correct"].as_u64(), half["passed"].as_bool()),
        (Some(1), Some(false))
    );
    let full = json_of(
        lin.post(
            &format!("/api/v1/staff/courses/{id}/attempts"),
            json!({"answers": [1, 0]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (full["percent"].as_u64(), full["passed"].as_bool()),
        (Some(100), Some(true))
    );
    // Too many answers for any quiz: refused before scoring.
    let r = lin
        .post(
            &format!("/api/v1/staff/courses/{id}/attempts"),
            json!({"answers": vec![0; 51]}),
        )
        .await;
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "answers_invalid").await;
    // Staff of store 3 are not assigned: not found, to read or to take.
    let shanghai = s.staff("demo", "13900000003").await;
    assert_eq!(
        shanghai
            .get(&format!("/api/v1/staff/courses/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Store 1's manager sees 林小美 passed; store 2's finds no such course;
    // plain staff may not ask.
    let manager = s.staff("demo", "13900000011").await;
    let results = json_of(
        manager
            .get(&format!("/api/v1/staff/courses/{id}/results"))
            .await,
        StatusCode::OK,
    )
    .await;
    let lin_row = results
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "林小美")
        .expect("林小美 is assigned");
    assert_eq!(
        (lin_row["attempts"].as_i64(), lin_row["passed"].as_bool()),
        (Some(2), Some(true))
    );
    let other = s.staff("demo", "13900000012").await;
    assert_eq!(
        other
            .get(&format!("/api/v1/staff/courses/{id}/results"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lin.get(&format!("/api/v1/staff/courses/{id}/results"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Operators see the key, and the course's takers.
    let owner = s.operator("operator@demo.test").await;
    let full = json_of(
        owner.get(&format!("/api/v1/admin/kos/courses/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(full["form"]["questions"][0]["answer"], 1);
    let list = json_of(owner.get("/api/v1/admin/kos/courses").await, StatusCode::OK).await;
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        (row["attempted"].as_i64(), row["passed"].as_i64()),
        (Some(1), Some(1))
    );
}
both!(staff_take_courses_without_the_key);

async fn operators_write_courses_checked(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let course = |questions: Value, roles: Value, video: &str| {
        json!({"title": "新课", "body": "正文", "video_url": video, "questions": questions, "pass_percent": 60,
            "status": "published", "kos_roles": roles, "store_ids": []})
    };
    let ok = json!([{"prompt": "问", "choices": ["甲", "乙"], "answer": 0}]);
    for (body, code) in [
        (
            course(
                json!([{"prompt": "问", "choices": ["甲"], "answer": 0}]),
                json!([]),
                "",
            ),
            "quiz_question_invalid",
        ),
        (
            course(
                json!([{"prompt": "问", "choices": ["甲", "乙"], "answer": 2}]),
                json!([]),
                "",
            ),
            "quiz_question_invalid",
        ),
        (
            course(ok.clone(), json!(["boss"]), ""),
            "course_target_invalid",
        ),
        (
            course(ok.clone(), json!([]), "http://v.example.com"),
            "video_url_invalid",
        ),
    ] {
        expect_error(
            owner.post("/api/v1/admin/kos/courses", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let made = json_of(
        owner
            .post(
                "/api/v1/admin/kos/courses",
                course(ok, json!(["personal_partner"]), "https://v.example.com/a"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["form"]["kos_roles"], json!(["personal_partner"]));
    // An analyst reads but does not write.
    let analyst = s.operator("analyst@demo.test").await;
    assert_eq!(
        analyst
            .post("/api/v1/admin/kos/courses", made["form"].clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
both!(operators_write_courses_checked);

async fn rewards_show_until_withdrawn(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let lin = s.staff("demo", "13900000001").await;
    let mine = json_of(lin.get("/api/v1/staff/incentives").await, StatusCode::OK).await;
    assert_eq!(mine["points"], 200, "{mine}");
    let me = json_of(lin.get("/api/v1/staff/me").await, StatusCode::OK).await;
    // A cash reward by hand, retried with its key: paid once.
    let body = json!({"staff_id": me["id"], "kind": "sales", "unit": "fen", "amount": 8_800, "memo": "十一月销售奖"});
    for _ in 0..2 {
        let r = owner
            .http
            .post(format!("{}/api/v1/admin/kos/incentives", owner.base))
            .header("idempotency-key", "kos-reward-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let mine = json_of(lin.get("/api/v1/staff/incentives").await, StatusCode::OK).await;
    assert_eq!(
        (mine["points"].as_i64(), mine["cash_fen"].as_i64()),
        (Some(200), Some(8_800))
    );
    assert_eq!(mine["rewards"].as_array().unwrap().len(), 2);
    // Withdrawn once; the second time is a conflict.
    let id = mine["rewards"][0]["id"].as_str().unwrap().to_string();
    let back = json_of(
        owner
            .post(
                &format!("/api/v1/admin/kos/incentives/{id}/reverse"),
                json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(back["reversed"], true);
    expect_error(
        owner
            .post(
                &format!("/api/v1/admin/kos/incentives/{id}/reverse"),
                json!({}),
            )
            .await,
        StatusCode::CONFLICT,
        "reward_reversed",
    )
    .await;
    let mine = json_of(lin.get("/api/v1/staff/incentives").await, StatusCode::OK).await;
    assert_eq!(
        mine["points"].as_i64().unwrap() + mine["cash_fen"].as_i64().unwrap(),
        8_800 + 200 - back["amount"].as_i64().unwrap()
    );
    // The manager of store 2 cannot grant; an unknown staff member is refused.
    let bad =
        json!({"staff_id": "nobody", "kind": "sales", "unit": "points", "amount": 5, "memo": "x"});
    expect_error(
        owner.post("/api/v1/admin/kos/incentives", bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reward_staff_unknown",
    )
    .await;
    // The demo competition runs this month: its prizes wait for its end.
    let list = json_of(lin.get("/api/v1/staff/competitions").await, StatusCode::OK).await;
    let c = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["phase"], "running");
    expect_error(
        owner
            .post(
                &format!("/api/v1/admin/kos/competitions/{c}/pay"),
                json!({}),
            )
            .await,
        StatusCode::CONFLICT,
        "competition_not_finished",
    )
    .await;
    let other = s.staff("demo", "13900000012").await;
    let none = json_of(
        other.get("/api/v1/staff/competitions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none, json!([]));
}
both!(rewards_show_until_withdrawn);
