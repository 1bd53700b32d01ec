//! Tasks, samples and appeals over HTTP, as the apps drive them.

use crate::journey::today;
use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::json;

async fn a_task_is_assigned_handed_in_reviewed_and_rewarded(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let zhou = s.consumer("demo", "13800000004").await;
    let wang = s.consumer("demo", "13800000003").await;
    // A feedback task for every approved KOC, due yesterday: overdue at once.
    let yesterday = {
        let d = rules::CivilDate::parse(&today()).unwrap();
        rules::CivilDate::from_unix(d.start_unix(0) - 86_400, 0).to_string()
    };
    expect_error(
        op.post(
            "/api/v1/admin/tasks",
            json!({"kind": "feedback", "title": "试用反馈", "due_on": yesterday}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "questions_required",
    )
    .await;
    let task = json_of(
        op.post(
            "/api/v1/admin/tasks",
            json!({"kind": "feedback", "title": "试用反馈", "due_on": yesterday, "reward_points": 30,
                   "questions": ["肤感如何？", "会推荐给朋友吗？"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let tid = task["id"].as_str().unwrap();
    assert_eq!(task["assigned"], 7, "every approved KOC of the demo");
    let overdue = json_of(
        op.get("/api/v1/admin/assignments?overdue=true").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["task_id"] == tid && a["overdue"] == true)
    );

    // The member sees it, with the questions; half an answer is refused.
    let mine = json_of(zhou.get("/api/v1/me/tasks").await, StatusCode::OK).await;
    let t = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["task_id"] == tid)
        .unwrap()
        .clone();
    assert_eq!(
        (t["status"].as_str(), t["questions"][1].as_str()),
        (Some("assigned"), Some("会推荐给朋友吗？"))
    );
    let path = format!("/api/v1/me/tasks/{tid}/submission");
    expect_error(
        zhou.post(&path, json!({"answers": ["很清爽"]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "answers_required",
    )
    .await;
    let handed = json_of(
        zhou.post(&path, json!({"answers": ["很清爽", "会"]})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(handed["status"], "submitted");
    expect_error(
        zhou.post(&path, json!({"answers": ["x", "y"]})).await,
        StatusCode::CONFLICT,
        "task_not_open",
    )
    .await;
    json_of(
        wang.post(&path, json!({"answers": ["一般", "不会"]})).await,
        StatusCode::OK,
    )
    .await;

    // Review: approve one (rewarded in the same step), reject the other with a reason.
    let subs = json_of(
        op.get(&format!(
            "/api/v1/admin/assignments?task_id={tid}&status=submitted"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subs.as_array().unwrap().len(), 2);
    let of = |name: &str| {
        subs.as_array()
            .unwrap()
            .iter()
            .find(|a| a["member_name"] == name)
            .unwrap()["member_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = json_of(zhou.get("/api/v1/me").await, StatusCode::OK).await["balance"]
        .as_i64()
        .unwrap();
    let review = format!("/api/v1/admin/tasks/{tid}/review");
    let reviewer = s.operator("reviewer@demo.test").await;
    let done = json_of(
        reviewer
            .post(&review, json!({"member_id": of("周一"), "approve": true}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "rewarded");
    expect_error(
        reviewer
            .post(&review, json!({"member_id": of("王可"), "approve": false}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reason_required",
    )
    .await;
    let no = json_of(
        reviewer
            .post(
                &review,
                json!({"member_id": of("王可"), "approve": false, "reason": "回答太简单"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (no["status"].as_str(), no["reason"].as_str()),
        (Some("rejected"), Some("回答太简单"))
    );
    expect_error(
        reviewer
            .post(&review, json!({"member_id": of("周一"), "approve": true}))
            .await,
        StatusCode::CONFLICT,
        "task_not_submitted",
    )
    .await;
    let after = json_of(zhou.get("/api/v1/me").await, StatusCode::OK).await["balance"]
        .as_i64()
        .unwrap();
    assert_eq!(after - before, 30, "the reward, once");
    let ledger = json_of(zhou.get("/api/v1/me/ledger").await, StatusCode::OK).await;
    assert_eq!(ledger["entries"][0]["points"], 30);
    let inbox = json_of(wang.get("/api/v1/me/notifications").await, StatusCode::OK).await;
    assert_eq!(
        (
            inbox["items"][0]["kind"].as_str(),
            inbox["items"][0]["reason"].as_str()
        ),
        (Some("task_rejected"), Some("回答太简单"))
    );
    // A rejected task may be handed in again.
    json_of(
        wang.post(
            &path,
            json!({"answers": ["清爽不油腻，吸收快", "会推荐给干皮朋友"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Another brand's operator cannot review it.
    let acme = s.operator("operator@acme.test").await;
    expect_error(
        acme.post(&review, json!({"member_id": of("王可"), "approve": true}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(a_task_is_assigned_handed_in_reviewed_and_rewarded);

/// A publish-a-note task takes one of the member's own notes only.
async fn a_publish_task_takes_the_members_own_note(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let task = json_of(
        op.post(
            "/api/v1/admin/tasks",
            json!({"kind": "publish_note", "title": "发一篇笔记", "due_on": today()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!(
        "/api/v1/me/tasks/{}/submission",
        task["id"].as_str().unwrap()
    );
    // 周一's demo note, handed in by 王可: refused; by 周一: taken.
    let link = json!({"link": "https://www.xiaohongshu.com/explore/6650a1b2c3d4e5f607180001"});
    let wang = s.consumer("demo", "13800000003").await;
    expect_error(
        wang.post(&path, link.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "note_not_yours",
    )
    .await;
    let zhou = s.consumer("demo", "13800000004").await;
    let done = json_of(zhou.post(&path, link).await, StatusCode::OK).await;
    assert_eq!(done["status"], "submitted");
}
both!(a_publish_task_takes_the_members_own_note);

async fn a_trial_ships_samples_and_rejections_are_appealed_once(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.consumer("demo", "13800000001").await;
    let theme = json_of(
        lin.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let mut form = crate::journey::campaign_today("寄样试用", &["xiaohongshu"], 1);
    form["sample_days"] = json!(14);
    let c = json_of(
        op.post(
            &format!(
                "/api/v1/admin/themes/{}/campaigns",
                theme["id"].as_str().unwrap()
            ),
            form,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap();
    json_of(
        lin.post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let sample = format!("/api/v1/me/campaigns/{cid}/sample");
    let address = json!({"recipient": "林小雨", "phone": "138 0000 0001", "address": "上海市静安区南京西路 1 号"});
    // Only once selected.
    let r = lin
        .http
        .put(format!("{}{sample}", lin.base))
        .json(&address)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::CONFLICT, "not_selected").await;
    json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/selection"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        json_of(lin.get(&sample).await, StatusCode::OK).await,
        json!(null)
    );
    let r = lin
        .http
        .put(format!("{}{sample}", lin.base))
        .json(&address)
        .send()
        .await
        .unwrap();
    let given = json_of(r, StatusCode::OK).await;
    assert_eq!(given["phone"], "13800000001");
    expect_error(
        lin.post(&format!("{sample}/received"), json!({})).await,
        StatusCode::CONFLICT,
        "sample_not_shipped",
    )
    .await;
    let reviewer = s.operator("reviewer@demo.test").await;
    expect_error(
        reviewer
            .get(&format!("/api/v1/admin/campaigns/{cid}/samples"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let list = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/samples"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list[0]["address"], "上海市静安区南京西路 1 号");
    let member = list[0]["member_id"].as_str().unwrap();
    let shipped = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/samples/ship"),
            json!({"member_id": member, "courier": "顺丰", "tracking": "SF1234567890"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(shipped["shipped_at"].is_i64());
    let r = lin
        .http
        .put(format!("{}{sample}", lin.base))
        .json(&address)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::CONFLICT, "sample_shipped").await;
    let got = json_of(
        lin.post(&format!("{sample}/received"), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["received_on"], today().as_str());
    let due = rules::CivilDate::parse(&today()).unwrap();
    let due = rules::CivilDate::from_unix(due.start_unix(0) + 14 * 86_400, 0).to_string();
    assert_eq!(got["publish_by"], due.as_str(), "14 days from receipt");
    let inbox = json_of(lin.get("/api/v1/me/notifications").await, StatusCode::OK).await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "sample_shipped")
    );

    // 周一's rejected demo note: appealed once, back in the review queue.
    let zhou = s.consumer("demo", "13800000004").await;
    let notes = json_of(zhou.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    let rejected = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["status"] == "rejected")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let appeal = format!("/api/v1/me/submissions/{rejected}/appeal");
    expect_error(
        lin.post(&appeal, json!({"note": "不是我的"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let r = zhou
        .post(&appeal, json!({"note": "第二张图里有产品实拍"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    expect_error(
        zhou.post(&appeal, json!({"note": "再看看"})).await,
        StatusCode::CONFLICT,
        "not_appealable",
    )
    .await;
    let queue = json_of(
        op.get("/api/v1/admin/submissions?status=pending").await,
        StatusCode::OK,
    )
    .await;
    let back = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == rejected.as_str())
        .unwrap();
    assert_eq!(back["appeal_note"], "第二张图里有产品实拍");
    // Decided again, the appeal is spent.
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{rejected}/decision"),
            json!({"approve": false, "reason": "仍未看到产品"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        zhou.post(&appeal, json!({"note": "再看看"})).await,
        StatusCode::CONFLICT,
        "not_appealable",
    )
    .await;
}
both!(a_trial_ships_samples_and_rejections_are_appealed_once);
