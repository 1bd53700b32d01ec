//! Metrics import and settlement over HTTP: a platform export saved by a
//! Chinese Excel (GB18030, Chinese headers, thousands separators) with a
//! bad row, previewed, committed, committed again to no effect; the
//! settlement previewed per member, committed, and the same statements
//! read back from what was credited.

use crate::journey::{campaign_today, today};
use crate::{Caller, Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn csv(c: &Caller, query: &str, bytes: Vec<u8>) -> Value {
    let r = c
        .http
        .post(format!("{}/api/v1/admin/metrics/import?{query}", c.base))
        .header("content-type", "text/csv")
        .body(bytes)
        .send()
        .await
        .unwrap();
    json_of(r, StatusCode::OK).await
}

const A: &str = "65a0000000000000000000a1";
const B: &str = "65a0000000000000000000b2";

async fn a_platform_export_is_previewed_imported_once_and_settled(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.consumer("demo", "13800000001").await;
    let theme = json_of(
        lin.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let c = json_of(
        op.post(
            &format!(
                "/api/v1/admin/themes/{}/campaigns",
                theme["id"].as_str().unwrap()
            ),
            campaign_today("数据导入", &["xiaohongshu"], 5),
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
    for note in [A, B] {
        let sub = json_of(
            lin.post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": format!("https://www.xiaohongshu.com/explore/{note}")}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        json_of(
            op.post(
                &format!(
                    "/api/v1/admin/submissions/{}/decision",
                    sub["id"].as_str().unwrap()
                ),
                json!({"approve": true}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }

    // As Chinese Excel saves it: GB18030, Chinese headers, "1,234".
    let text = format!(
        "作品链接,点赞数,评论数,收藏数\r\n\
         https://www.xiaohongshu.com/explore/{A}?xsec_token=x,\"1,200\",30,\"2,100\"\r\n\
         {B},80,5,15\r\n\
         https://www.xiaohongshu.com/explore/65a0000000000000000000ee,1,1,1\r\n\
         {B},很多,5,15\r\n"
    );
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let preview = csv(&op, "", gb.to_vec()).await;
    assert_eq!(preview["mapping"]["note"], "作品链接");
    assert_eq!(preview["mapping"]["likes"], "点赞数");
    assert_eq!(
        (preview["good"].as_i64(), preview["committed"].as_bool()),
        (Some(2), Some(false))
    );
    let errors: Vec<(i64, &str)> = preview["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(4, "note_unknown"), (5, "metrics_invalid")]);
    assert_eq!(
        preview["errors"][0]["message"],
        "本品牌没有提交过这个链接或 ID 的笔记。"
    );
    assert_eq!(preview["rows"][0]["likes"], 1200);
    assert_eq!(preview["rows"][0]["saves"], 2100);
    assert_eq!(preview["rows"][0]["member_name"], "林小雨");
    // A preview writes nothing.
    let subs = json_of(
        op.get(&format!("/api/v1/admin/submissions?campaign_id={cid}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let id_of = |note: &str| {
        subs.as_array()
            .unwrap()
            .iter()
            .find(|x| x["note_id"] == note)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let history = json_of(
        op.get(&format!("/api/v1/admin/submissions/{}/metrics", id_of(A)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history, json!([]));

    let first = csv(&op, "commit=true", gb.to_vec()).await;
    assert_eq!(
        (first["changed"].as_i64(), first["unchanged"].as_i64()),
        (Some(2), Some(0))
    );
    let again = csv(&op, "commit=true", gb.to_vec()).await;
    assert_eq!(
        (again["changed"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(2)),
        "the same file twice changes nothing"
    );
    // UTF-8 with a BOM, other headers chosen by hand, an earlier date: a second dated point.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(format!("Link,L,C,S\n{A},900,20,1500\n").as_bytes());
    let yesterday = {
        let d = rules::CivilDate::parse(&today()).unwrap();
        rules::CivilDate::from_unix(d.start_unix(0) - 86_400, 0).to_string()
    };
    let mapped = csv(
        &op,
        &format!("commit=true&note=Link&likes=L&comments=C&saves=S&date={yesterday}"),
        bom,
    )
    .await;
    assert_eq!(mapped["changed"], 1, "{mapped}");
    let history = json_of(
        op.get(&format!("/api/v1/admin/submissions/{}/metrics", id_of(A)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["date"], yesterday.as_str());
    assert_eq!(history[1]["likes"], 1200);
    // A month's export runs past the JSON body limit (64 KB): a file gets
    // the upload limit. 4,000 rows, all for notes the brand does not have.
    let mut big = String::from("笔记链接,点赞,评论,收藏\n");
    for i in 0..4000 {
        big.push_str(&format!(
            "https://www.xiaohongshu.com/explore/65a00000000000000{i:07},1,2,3\n"
        ));
    }
    assert!(big.len() > 200_000);
    let r = csv(&op, "", big.into_bytes()).await;
    assert_eq!(
        (r["good"].as_i64(), r["errors"].as_array().map(Vec::len)),
        (Some(0), Some(500)),
        "errors listed up to 500"
    );
    // A header that is not there is refused with the headers found.
    let r = op
        .http
        .post(format!("{}/api/v1/admin/metrics/import?note=Nope", op.base))
        .body(text.clone())
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "columns_missing").await;

    // Settlement: previewed per member under the frozen rules, then committed.
    let preview = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/statements"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            preview["settled"].as_bool(),
            preview["notes"].as_i64(),
            preview["pending"].as_i64()
        ),
        (Some(false), Some(2), Some(0))
    );
    let set = rules::RuleSet::default();
    let points = |likes, comments, saves| {
        set.points
            .points_for(rules::NoteInput {
                metrics: rules::Metrics {
                    likes,
                    comments,
                    saves,
                },
                platform: rules::Platform::Xiaohongshu,
                multiplier_percent: 100,
            })
            .total
    };
    let expected = points(1200, 30, 2100) + points(80, 5, 15);
    assert_eq!(preview["points_total"], expected);
    assert_eq!(preview["statements"].as_array().unwrap().len(), 1);
    assert_eq!(preview["statements"][0]["member_name"], "林小雨");
    assert_eq!(preview["statements"][0]["total"], expected);
    let done = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["points_total"], expected);
    let after = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/statements"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (after["settled"].as_bool(), after["points_total"].as_i64()),
        (Some(true), Some(expected))
    );
    assert_eq!(
        after["statements"], preview["statements"],
        "the commit credits what the preview showed"
    );
    let twice = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(twice, done, "a second commit is a no-op");
    // Settled notes keep their figures: a late import is refused row by row.
    let late = csv(&op, "commit=true", gb.to_vec()).await;
    assert_eq!(late["good"], 0);
    assert_eq!(late["errors"][0]["code"], "already_settled");
    // The member sees the credit in the inbox.
    let inbox = json_of(lin.get("/api/v1/me/notifications").await, StatusCode::OK).await;
    // (A tier line may come with it, since issue 16.)
    let credit = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "points_credited")
        .expect("a points line");
    assert_eq!(credit["points"], expected);
    // Another brand's operator sees none of it.
    let acme = s.operator("operator@acme.test").await;
    expect_error(
        acme.get(&format!("/api/v1/admin/campaigns/{cid}/statements"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(a_platform_export_is_previewed_imported_once_and_settled);
