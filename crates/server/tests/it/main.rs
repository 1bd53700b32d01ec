//! API tests over real HTTP: the router served on a loopback port, demo
//! data loaded, on SQLite and (when `SEEDBED_TEST_POSTGRES_URL` is set, as
//! `scripts/test` does) on PostgreSQL.

mod access;
mod bad_input;
mod brand;
mod checkout;
mod cli;
mod crash;
mod errors;
mod idempotency;
mod isolation;
mod journey;
mod kos_backoffice;
mod kos_generate;
mod kos_leads;
mod kos_org;
mod metrics;
mod operators;
mod points;
mod privacy;
mod rewards;
mod roster;
mod selection;
mod sessions;
mod sms;
mod tasks;
mod team;
mod trust;
mod web;

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use server::{AppState, Config, demo, time};
use std::sync::Arc;
use store::Store;

pub struct Server {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub _dir: Option<TempDir>,
    /// The server's upload folder (removed with the server).
    pub uploads: TempDir,
    /// The development SMS provider's file (codes sent), in its own folder.
    pub sms_file: std::path::PathBuf,
    pub _sms_dir: TempDir,
}

pub struct TempDir(pub std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub async fn sqlite() -> Server {
    let dir = std::env::temp_dir().join(format!("seedbed-api-{}", store::new_id()));
    let s = store::connect(&format!("sqlite:{}/t.db", dir.display()))
        .await
        .unwrap();
    serve(Arc::new(s), Some(TempDir(dir))).await
}

/// The URL of a new, empty database on the test PostgreSQL server.
pub async fn fresh_pg_url() -> Option<String> {
    use sqlx::Connection;
    let Ok(admin) = std::env::var("SEEDBED_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("SEEDBED_REQUIRE_POSTGRES").is_err(),
            "SEEDBED_TEST_POSTGRES_URL is required"
        );
        eprintln!("SEEDBED_TEST_POSTGRES_URL unset: PostgreSQL half skipped");
        return None;
    };
    let name = format!("seedbed_api_{}", store::new_id());
    let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut c)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    Some(format!("{base}/{name}"))
}

pub async fn postgres() -> Option<Server> {
    let url = fresh_pg_url().await?;
    let s = store::connect(&url).await.unwrap();
    Some(serve(Arc::new(s), None).await)
}

async fn serve(store: Arc<dyn Store>, dir: Option<TempDir>) -> Server {
    serve_with(store, dir, true, |_| {}).await
}

/// Serves with the state adjusted by `tweak` (a manual clock, other SMS
/// limits). Every caller comes from one address here, so the per-address
/// cap on SMS codes is raised unless the tweak sets it.
/// `sms_worker`: whether the SMS sender runs (with the development
/// provider writing to `sms_file`).
pub async fn serve_with(
    store: Arc<dyn Store>,
    dir: Option<TempDir>,
    sms_worker: bool,
    tweak: impl FnOnce(&mut AppState),
) -> Server {
    store.migrate().await.unwrap();
    demo::load(store.as_ref(), time::Clock::System.now())
        .await
        .unwrap();
    let uploads = std::env::temp_dir().join(format!("seedbed-uploads-{}", store::new_id()));
    let mut state = AppState::new(
        store.clone(),
        Config {
            web_dir: "/nonexistent".into(),
            upload_dir: uploads.clone(),
            ..Config::default()
        },
    );
    state.resolver = Arc::new(server::resolve::Resolver::for_tests(
        platform_double().await,
    ));
    state.sms_limits.per_client_day = 100_000;
    tweak(&mut state);
    let sms_dir = std::env::temp_dir().join(format!("seedbed-sms-{}", store::new_id()));
    let sms_file = sms_dir.join("sms.log");
    if sms_worker {
        server::sms::spawn(
            store.clone(),
            Arc::new(server::sms::Dev {
                file: sms_file.clone(),
            }),
            state.clock.clone(),
            state.sms_wake.clone(),
        );
    }
    let app = server::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base,
        store,
        _dir: dir,
        uploads: TempDir(uploads),
        sms_file,
        _sms_dir: TempDir(sms_dir),
    }
}

/// A stand-in for the platforms' short-link servers: every host name the
/// test resolver looks up lands here, and the path decides the answer.
async fn platform_double() -> std::net::SocketAddr {
    use axum::http::{StatusCode as S, header::LOCATION};
    use axum::response::IntoResponse;
    async fn answer(uri: axum::http::Uri) -> axum::response::Response {
        let to = |url: String| (S::FOUND, [(LOCATION, url)]).into_response();
        let path = uri.path();
        match path {
            "/a/AbCd123" => to("https://www.xiaohongshu.com/discovery/item/66f1a2b3c4d5e6f708192a3b?xsec_token=T&xsec_source=app_share".into()),
            "/iRNBho6u/" | "/iRNBho6u" => to("https://www.iesdouyin.com/share/hop".into()),
            "/share/hop" => to("https://www.iesdouyin.com/share/video/7301234567890123999/?region=CN".into()),
            "/a/Evil" => to("https://evil.example/explore/66f1a2b3c4d5e6f708192a3b".into()),
            "/a/Userinfo" => to("https://x@www.xiaohongshu.com/explore/66f1a2b3c4d5e6f708192a3b".into()),
            "/Cross" => to("https://www.douyin.com/video/7301234567890123456".into()),
            "/a/Profile" => to("https://www.xiaohongshu.com/user/profile/5f0e".into()),
            // Each hop takes 1.5 s: five of them would take 7.5 s.
            p if p.starts_with("/a/Slow") => {
                let n: u32 = p[7..].parse().unwrap_or(0);
                tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
                to(format!("https://xhslink.com/a/Slow{}", n + 1))
            }
            p if p.starts_with("/a/Loop") => {
                let n: u32 = p[7..].parse().unwrap_or(0);
                to(format!("https://xhslink.com/a/Loop{}", n + 1))
            }
            _ => S::NOT_FOUND.into_response(),
        }
    }
    let app = axum::Router::new().fallback(answer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// One browser-like client with its own cookie jar.
pub struct Caller {
    pub http: Client,
    pub base: String,
}

impl Server {
    pub fn anonymous(&self) -> Caller {
        Caller {
            http: Client::builder().cookie_store(true).build().unwrap(),
            base: self.base.clone(),
        }
    }

    pub async fn consumer(&self, brand: &str, phone: &str) -> Caller {
        let c = self.anonymous();
        let r = c
            .post(
                &format!("/api/v1/brands/{brand}/session"),
                json!({"phone": phone, "password": demo::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "consumer log-in");
        c
    }

    /// A KOS staff member of `brand` signed in to the staff app (issue 17).
    pub async fn staff(&self, brand: &str, phone: &str) -> Caller {
        let c = self.anonymous();
        let r = c
            .post(
                &format!("/api/v1/brands/{brand}/staff/session"),
                json!({"phone": phone, "password": demo::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "staff log-in");
        c
    }

    /// Lines the development SMS provider wrote for `phone` in `brand`.
    fn sms_lines(&self, brand: &str, phone: &str) -> Vec<Vec<String>> {
        std::fs::read_to_string(&self.sms_file)
            .unwrap_or_default()
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
            .filter(|f| f.len() >= 5 && f[0] == phone && f[1] == brand)
            .collect()
    }

    /// Asks for a code as `c` and waits until the development provider
    /// has written the message; its fields: phone, brand, template, code,
    /// text. `None` when nothing was sent within five seconds (a phone
    /// that cannot use a code for this purpose).
    pub async fn request_code(
        &self,
        c: &Caller,
        brand: &str,
        phone: &str,
        purpose: &str,
    ) -> Option<Vec<String>> {
        let before = self.sms_lines(brand, phone).len();
        let r = c
            .post(
                &format!("/api/v1/brands/{brand}/codes"),
                json!({"phone": phone, "purpose": purpose}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED, "code request");
        let normalised = rules::Phone::parse(phone).unwrap();
        for _ in 0..100 {
            let lines = self.sms_lines(brand, normalised.as_str());
            if lines.len() > before {
                return lines.last().cloned();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }

    /// The code sent to `phone` for `purpose` (asked for as `c`).
    pub async fn code(&self, c: &Caller, brand: &str, phone: &str, purpose: &str) -> String {
        let line = self
            .request_code(c, brand, phone, purpose)
            .await
            .expect("a code was sent");
        assert_eq!(line[2], "code", "{line:?}");
        line[3].clone()
    }

    /// Signs a new member up (with a code) and returns their browser.
    pub async fn sign_up(&self, brand: &str, phone: &str, password: &str) -> Caller {
        let c = self.anonymous();
        let code = self.code(&c, brand, phone, "sign_up").await;
        let r = c
            .post(
                &format!("/api/v1/brands/{brand}/members"),
                json!({"phone": phone, "code": code, "password": password}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "sign-up");
        c
    }

    pub async fn operator(&self, email: &str) -> Caller {
        let c = self.anonymous();
        let r = c
            .post(
                "/api/v1/admin/session",
                json!({"email": email, "password": demo::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "operator log-in");
        c
    }
}

impl Caller {
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    /// Posts a file as the raw body with the given content type.
    pub async fn upload(&self, path: &str, bytes: Vec<u8>, content_type: &str) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }
    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.http
            .put(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    pub async fn delete(&self, path: &str) -> Response {
        self.http
            .delete(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
    pub async fn delete_with(&self, path: &str, body: Value) -> Response {
        self.http
            .delete(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

/// Asserts the status and the error code of an error answer.
pub async fn expect_error(r: Response, status: StatusCode, code: &str) {
    let got = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(
        (got, body["error"]["code"].as_str().unwrap_or("")),
        (status, code),
        "body: {body}"
    );
    assert!(
        !body["error"]["message"].as_str().unwrap_or("").is_empty(),
        "error without message: {body}"
    );
}

pub async fn json_of(r: Response, status: StatusCode) -> Value {
    let got = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "body: {body}");
    body
}

/// Runs a scenario on both databases.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(&$crate::sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(s) = $crate::postgres().await {
                    super::$name(&s).await;
                }
            }
        }
    };
}
