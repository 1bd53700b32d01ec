//! A brand's own settings (owners only, parsed at the edge, audited,
//! shown to consumers), the brand's public address in its links, the
//! daily upload quota under parallel uploads (defect 6), and members'
//! files kept from non-reviewing roles and from caches (defect 9).

use crate::access::TINY_PNG;
use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn form(extra: Value) -> Value {
    let mut f = json!({
        "name": "Seedbed 演示品牌",
        "time_zone": "Asia/Shanghai",
        "default_lang": "zh-CN",
        "contact": "",
    });
    for (k, v) in extra.as_object().unwrap() {
        f[k] = v.clone();
    }
    f
}

async fn owners_set_the_brand_and_consumers_see_it(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let before = json_of(owner.get("/api/v1/admin/brand").await, StatusCode::OK).await;
    assert_eq!(before["id"], "demo");
    assert_eq!(before["default_lang"], "zh-CN");
    assert_eq!(before["accent"], Value::Null);

    // Only owners: every other role is refused, and so is a consumer.
    for who in ["ops@demo.test", "reviewer@demo.test", "analyst@demo.test"] {
        let c = s.operator(who).await;
        expect_error(
            c.get("/api/v1/admin/brand").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        expect_error(
            c.put("/api/v1/admin/brand", form(json!({"name": "Mine"})))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }

    // Each field is checked; nothing is saved from a refused form.
    for (bad, code) in [
        (json!({"accent": "red"}), "accent_invalid"),
        (json!({"accent": "#e6007"}), "accent_invalid"),
        (json!({"accent": "#e6007a;}"}), "accent_invalid"),
        (json!({"time_zone": "Mars/Olympus"}), "time_zone_unknown"),
        (json!({"default_lang": "fr"}), "language_unknown"),
        (
            json!({"public_url": "https://koc.example/path"}),
            "public_url_invalid",
        ),
        (
            json!({"public_url": "javascript:alert(1)"}),
            "public_url_invalid",
        ),
        (
            json!({"public_url": "https://user:pw@koc.example"}),
            "public_url_invalid",
        ),
        (json!({"name": "  "}), "brand_name_invalid"),
        (json!({"name": "x".repeat(61)}), "field_too_long"),
        (json!({"contact": "a\u{7}b"}), "control_characters"),
        (json!({"contact": "x".repeat(201)}), "field_too_long"),
        (json!({"logo_id": "nosuchupload"}), "logo_unknown"),
    ] {
        expect_error(
            owner.put("/api/v1/admin/brand", form(bad.clone())).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    // A member's screenshot never becomes the public logo.
    let consumer = s.consumer("demo", "13800000004").await;
    let shot = json_of(
        consumer
            .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        owner
            .put("/api/v1/admin/brand", form(json!({"logo_id": shot["id"]})))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "logo_unknown",
    )
    .await;
    assert_eq!(
        json_of(owner.get("/api/v1/admin/brand").await, StatusCode::OK).await,
        before,
        "refused forms changed nothing"
    );

    // A good form: every setting, normalised.
    let logo = json_of(
        owner
            .upload("/api/v1/admin/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    let logo = logo["id"].as_str().unwrap().to_string();
    let saved = json_of(
        owner
            .put(
                "/api/v1/admin/brand",
                form(json!({
                    "name": "  Lumi 护肤 ",
                    "time_zone": "Europe/Berlin",
                    "default_lang": "en",
                    "accent": " #E6007A ",
                    "contact": "客服微信 lumi-care",
                    "logo_id": logo,
                    "public_url": "https://koc.lumi.example/",
                })),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["name"], "Lumi 护肤");
    assert_eq!(saved["accent"], "#e6007a");
    assert_eq!(saved["time_zone"], "Europe/Berlin");
    assert_eq!(saved["default_lang"], "en");
    assert_eq!(saved["public_url"], "https://koc.lumi.example");
    assert_eq!(saved["effective_public_url"], "https://koc.lumi.example");
    assert_eq!(
        json_of(owner.get("/api/v1/admin/brand").await, StatusCode::OK).await,
        saved
    );

    // The public face: what the consumer app and the widget read.
    let anon = s.anonymous();
    let info = json_of(anon.get("/api/v1/brands/demo").await, StatusCode::OK).await;
    assert_eq!(info["name"], "Lumi 护肤");
    assert_eq!(info["accent"], "#e6007a");
    assert_eq!(info["default_lang"], "en");
    assert_eq!(info["contact"], "客服微信 lumi-care");
    assert_eq!(info["time_zone"], "Europe/Berlin");
    let logo_url = info["logo_url"].as_str().unwrap().to_string();
    assert!(
        logo_url.starts_with("/api/v1/brands/demo/logo"),
        "{logo_url}"
    );
    let r = anon.get(&logo_url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), TINY_PNG);
    // The colour as the style sheet the consumer app links.
    assert_eq!(info["style_url"], "/api/v1/brands/demo/look.css?v=e6007a");
    let r = anon.get("/api/v1/brands/demo/look.css?v=e6007a").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(r.text().await.unwrap(), ":root{--accent:#e6007a}\n");
    // The consumer app's projection decodes it.
    let mine: api::MyBrand = serde_json::from_value(info.clone()).unwrap();
    assert_eq!(
        mine.style_url,
        info["style_url"].as_str().map(str::to_string)
    );
    assert_eq!(mine.logo_url.as_deref(), Some(logo_url.as_str()));
    // Another brand is untouched, and has no logo.
    let acme = json_of(anon.get("/api/v1/brands/acme").await, StatusCode::OK).await;
    assert_eq!(
        (acme["accent"].clone(), acme["logo_url"].clone()),
        (Value::Null, Value::Null)
    );
    expect_error(
        anon.get("/api/v1/brands/acme/logo").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Links use the brand's public address: an operator invitation and a
    // recruitment's channel links.
    let inv = json_of(
        owner
            .post(
                "/api/v1/admin/operators/invitations",
                json!({"email": "new@lumi.example", "role": "reviewer"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(
        inv["link"]
            .as_str()
            .unwrap()
            .starts_with("https://koc.lumi.example/admin/join?b=demo&t="),
        "{inv}"
    );
    let recruitments = json_of(
        owner.get("/api/v1/admin/recruitments").await,
        StatusCode::OK,
    )
    .await;
    let text = recruitments.to_string();
    assert!(
        text.contains("https://koc.lumi.example/b/demo/apply?i="),
        "{text}"
    );

    // Clearing the optional settings.
    let cleared = json_of(
        owner
            .put(
                "/api/v1/admin/brand",
                form(json!({"accent": "", "logo_id": null, "public_url": ""})),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            cleared["accent"].clone(),
            cleared["logo_id"].clone(),
            cleared["public_url"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );
    expect_error(
        anon.get("/api/v1/brands/demo/logo").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Every save is in the audit log, with what it replaced.
    let audit = json_of(
        owner.get("/api/v1/admin/audit?action=brand.settings").await,
        StatusCode::OK,
    )
    .await;
    let text = audit.to_string();
    assert!(
        text.contains("#e6007a") && text.contains("Europe/Berlin"),
        "{text}"
    );
}
both!(owners_set_the_brand_and_consumers_see_it);

/// Defect 6: the quota of 50 uploads a day holds under parallel uploads.
async fn parallel_uploads_cannot_pass_the_daily_quota(s: &Server) {
    let member = s.consumer("demo", "13800000004").await;
    for _ in 0..44 {
        json_of(
            member
                .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
                .await,
            StatusCode::CREATED,
        )
        .await;
    }
    // 20 at once with 6 places left: the cheap check passes them all.
    let tries: Vec<_> = (0..20)
        .map(|_| {
            let send = member
                .http
                .post(format!("{}/api/v1/me/uploads", member.base))
                .header("content-type", "image/png")
                .body(TINY_PNG.to_vec())
                .send();
            tokio::spawn(send)
        })
        .collect();
    let mut created = 0;
    for t in tries {
        let r = t.await.unwrap().unwrap();
        match r.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                let body: Value = r.json().await.unwrap();
                assert_eq!(body["error"]["code"], "too_many_uploads");
            }
            other => panic!("{other}: {}", r.text().await.unwrap()),
        }
    }
    assert_eq!(created, 6, "exactly the places left");
    let m = s
        .store
        .member_by_phone("demo", "13800000004")
        .await
        .unwrap();
    let n = s
        .store
        .count_uploads("demo", "member", &m.id, 0)
        .await
        .unwrap();
    assert_eq!(n, 50);
    // A refused upload leaves no file behind.
    let files = std::fs::read_dir(s.uploads.0.join("demo")).unwrap().count();
    assert_eq!(files, 50, "files on disk");
    expect_error(
        member
            .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_uploads",
    )
    .await;
}
both!(parallel_uploads_cannot_pass_the_daily_quota);

/// Defect 9: a member's screenshot is for reviewing roles only, and never
/// cached.
async fn member_files_are_for_reviewers_only_and_never_cached(s: &Server) {
    let member = s.consumer("demo", "13800000004").await;
    let shot = json_of(
        member
            .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/admin/uploads/{}", shot["id"].as_str().unwrap());
    let analyst = s.operator("analyst@demo.test").await;
    expect_error(analyst.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    for who in ["reviewer@demo.test", "ops@demo.test", "operator@demo.test"] {
        let r = s.operator(who).await.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{who}");
        assert_eq!(r.headers()["cache-control"], "no-store", "{who}");
    }
    let own = member
        .get(&format!(
            "/api/v1/me/uploads/{}",
            shot["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(own.headers()["cache-control"], "no-store");
    // Another brand's operator: not found.
    expect_error(
        s.operator("operator@acme.test").await.get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The analyst's refused attempt is not a view: no audit line for it.
    let owner = s.operator("operator@demo.test").await;
    let views = json_of(
        owner
            .get("/api/v1/admin/audit?action=personal_data.view")
            .await,
        StatusCode::OK,
    )
    .await;
    let analyst_id =
        json_of(analyst.get("/api/v1/admin/me").await, StatusCode::OK).await["operator_id"].clone();
    assert!(
        !views.to_string().contains(analyst_id.as_str().unwrap()),
        "{views}"
    );
}
both!(member_files_are_for_reviewers_only_and_never_cached);
