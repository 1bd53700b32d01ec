//! The owner's team: an invitation link accepted once, roles changed with
//! at least one owner kept, an operator removed (their sessions end), and
//! mail through the outbox: delivered to an SMTP server, or kept with its
//! error and retried when the server is down.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

async fn the_owner_invites_and_manages_operators(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let ops = s.operator("ops@demo.test").await;
    let invite = json!({"email": "New.Reviewer@Demo.test", "role": "reviewer"});
    expect_error(
        ops.post("/api/v1/admin/operators/invitations", invite.clone())
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        owner
            .post(
                "/api/v1/admin/operators/invitations",
                json!({"email": "not an address", "role": "reviewer"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "email_invalid",
    )
    .await;
    let made = json_of(
        owner
            .post("/api/v1/admin/operators/invitations", invite)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (made["email"].as_str(), made["mailed"].as_bool()),
        (Some("new.reviewer@demo.test"), Some(false))
    );
    let link = made["link"].as_str().unwrap();
    assert!(link.contains("/admin/join?b=demo&t="), "{link}");
    let token = link.split("t=").nth(1).unwrap();
    let team = json_of(owner.get("/api/v1/admin/operators").await, StatusCode::OK).await;
    assert_eq!(team["invites"][0]["email"], "new.reviewer@demo.test");
    assert!(
        !team.to_string().contains(token),
        "the token is shown once, never listed"
    );

    // The invitee opens the link and sets a password: signed in as a reviewer.
    let invitee = s.anonymous();
    let path = format!("/api/v1/brands/demo/invitations/{token}");
    let seen = json_of(invitee.get(&path).await, StatusCode::OK).await;
    assert_eq!(
        (seen["role"].as_str(), seen["usable"].as_bool()),
        (Some("reviewer"), Some(true))
    );
    expect_error(
        invitee.post(&path, json!({"password": "short"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_too_short",
    )
    .await;
    let me = json_of(
        invitee
            .post(&path, json!({"password": "a-good-password"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(me["role"], "reviewer");
    json_of(invitee.get("/api/v1/admin/me").await, StatusCode::OK).await;
    expect_error(
        s.anonymous()
            .post(&path, json!({"password": "another-password"}))
            .await,
        StatusCode::CONFLICT,
        "invitation_used",
    )
    .await;
    expect_error(
        s.anonymous().get("/api/v1/brands/acme/invitations/x").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The new reviewer can log in with the password.
    let again = s.anonymous();
    json_of(
        again
            .post(
                "/api/v1/admin/session",
                json!({"email": "new.reviewer@demo.test", "password": "a-good-password"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    // Roles: the last owner stays an owner.
    let id = me["operator_id"].as_str().unwrap();
    let changed = json_of(
        owner
            .post(
                &format!("/api/v1/admin/operators/{id}/role"),
                json!({"role": "operator"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["role"], "operator");
    let mine = json_of(owner.get("/api/v1/admin/me").await, StatusCode::OK).await;
    let owner_id = mine["operator_id"].as_str().unwrap();
    expect_error(
        owner
            .post(
                &format!("/api/v1/admin/operators/{owner_id}/role"),
                json!({"role": "analyst"}),
            )
            .await,
        StatusCode::CONFLICT,
        "last_owner",
    )
    .await;
    expect_error(
        owner
            .delete(&format!("/api/v1/admin/operators/{owner_id}"))
            .await,
        StatusCode::CONFLICT,
        "remove_self",
    )
    .await;
    // Removed: the session ends at once.
    let r = owner.delete(&format!("/api/v1/admin/operators/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    expect_error(
        invitee.get("/api/v1/admin/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let acme = s.operator("operator@acme.test").await;
    expect_error(
        acme.delete(&format!("/api/v1/admin/operators/{owner_id}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(the_owner_invites_and_manages_operators);

/// A minimal SMTP server: accepts one message per connection and hands
/// its DATA to the test.
pub(crate) async fn smtp_sink() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut data = None::<String>;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(d) = &mut data {
                        if line == "." {
                            tx.send(data.take().unwrap()).unwrap();
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            d.push_str(&line);
                            d.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (url, rx)
}

async fn mail_goes_through_the_outbox_and_survives_a_dead_server(s: &Server) {
    let inv = |email: &str| store::OperatorInvite {
        brand_id: "demo".into(),
        token_hash: store::new_id(),
        email: email.into(),
        role: rules::Role::Reviewer,
        created_by: "op".into(),
        created_at: 1,
        expires_at: i64::MAX,
        accepted_at: None,
    };
    let mail = |to: &str| store::OutboxMail {
        brand_id: "demo".into(),
        id: store::new_id(),
        to_addr: to.into(),
        subject: "邀请 / invitation".into(),
        body: "打开链接：https://koc.example/admin/join?b=demo&t=secret".into(),
        created_at: 1,
        sent_at: None,
        attempts: 0,
        last_error: None,
    };
    // The mail server is down: nothing is lost, the error is kept.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("smtp://{}", l.local_addr().unwrap())
    };
    let m = mail("a@demo.test");
    s.store
        .create_operator_invite(&inv("a@demo.test"), Some(&m))
        .await
        .unwrap();
    let down = server::mail::Mailer::new(&dead, "Seedbed <noreply@demo.test>").unwrap();
    assert_eq!(
        server::mail::deliver(s.store.as_ref(), &down, 2)
            .await
            .unwrap(),
        (0, 1)
    );
    let kept = s
        .store
        .outbox("demo", store::Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!((kept[0].attempts, kept[0].sent_at), (1, None));
    assert!(kept[0].last_error.is_some());
    assert_eq!(
        s.store.unsent_mail(10).await.unwrap()[0].body,
        m.body,
        "kept whole for the retry"
    );

    // Back up: the retry delivers it, and the body (a link) is blanked.
    let (url, mut inbox) = smtp_sink().await;
    let up = server::mail::Mailer::new(&url, "Seedbed <noreply@demo.test>").unwrap();
    assert_eq!(
        server::mail::deliver(s.store.as_ref(), &up, 3)
            .await
            .unwrap(),
        (1, 0)
    );
    let got = inbox.recv().await.unwrap();
    assert!(got.contains("To: a@demo.test"), "{got}");
    assert!(got.contains("invitation"), "{got}");
    assert!(s.store.unsent_mail(10).await.unwrap().is_empty());
    let sent = s
        .store
        .outbox("demo", store::Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!((sent[0].sent_at, sent[0].attempts), (Some(3), 2));
    // Sending again sends nothing twice.
    assert_eq!(
        server::mail::deliver(s.store.as_ref(), &up, 4)
            .await
            .unwrap(),
        (0, 0)
    );
}
both!(mail_goes_through_the_outbox_and_survives_a_dead_server);
