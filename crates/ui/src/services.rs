//! The one HTTP client of the apps: JSON over the browser's `fetch`, with
//! the session cookie (same origin), `Accept-Language` set to the app's
//! language so server errors come back translated, and every failure as
//! an [`ApiFailure`] carrying the server's stable code.
//!
//! Built on web-sys directly rather than gloo-net: gloo-net's JSON helpers
//! bring `serde_json`, about 10 KB of brotli the phones would pay for.

use crate::Lang;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    /// HTTP status, or 0 when the network failed.
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiFailure {
    fn network(lang: Lang) -> ApiFailure {
        ApiFailure {
            status: 0,
            code: "network".into(),
            message: lang
                .t(
                    "网络不可用，请检查连接后重试。",
                    "The network is unavailable. Check your connection and try again.",
                )
                .into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Client {
    pub lang: Lang,
}

impl Client {
    pub fn new(lang: Lang) -> Client {
        Client { lang }
    }

    pub async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiFailure> {
        self.send("GET", path, None, None)
            .await
            .and_then(|v| self.decode(v))
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        self.with_body("POST", path, body).await
    }

    pub async fn put<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        self.with_body("PUT", path, body).await
    }

    /// A POST the server runs at most once: it carries an
    /// `Idempotency-Key` from `retry`, which is reused when the same request
    /// is sent again after a network failure, so the second tap gets the
    /// first answer instead of a second write.
    pub async fn post_once<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
        retry: &std::cell::RefCell<RetryKey>,
    ) -> Result<T, ApiFailure> {
        let text = self.json_text(body)?;
        let key = retry.borrow_mut().key_for(&format!("{path}\n{text}"));
        let result = self
            .send("POST", path, Some(text.into()), Some(&key))
            .await
            .and_then(|v| self.decode(v));
        retry.borrow_mut().finished(&result);
        result
    }

    fn json_text<B: Serialize>(self, body: &B) -> Result<String, ApiFailure> {
        let value =
            serde_wasm_bindgen::to_value(body).map_err(|_| ApiFailure::network(self.lang))?;
        // `()` becomes `undefined`, which JSON.stringify does not turn into text.
        Ok(js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "null".into()))
    }

    async fn with_body<B: Serialize, T: DeserializeOwned>(
        self,
        method: &str,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        let text = self.json_text(body)?;
        self.send(method, path, Some(text.into()), None)
            .await
            .and_then(|v| self.decode(v))
    }

    /// A DELETE with a JSON body (e.g. a password confirmation).
    pub async fn delete_with<B: Serialize>(self, path: &str, body: &B) -> Result<(), ApiFailure> {
        let text = self.json_text(body)?;
        self.send("DELETE", path, Some(text.into()), None)
            .await
            .map(|_| ())
    }

    pub async fn delete(self, path: &str) -> Result<(), ApiFailure> {
        self.send("DELETE", path, None, None).await.map(|_| ())
    }

    fn decode<T: DeserializeOwned>(self, v: JsValue) -> Result<T, ApiFailure> {
        serde_wasm_bindgen::from_value(v).map_err(|_| ApiFailure {
            status: 0,
            code: "bad_response".into(),
            message: self
                .lang
                .t(
                    "服务器返回了无法识别的内容。",
                    "The server sent something unexpected.",
                )
                .into(),
        })
    }

    async fn send(
        self,
        method: &str,
        path: &str,
        body: Option<JsValue>,
        key: Option<&str>,
    ) -> Result<JsValue, ApiFailure> {
        self.send_as(method, path, body.map(|b| (b, "application/json")), key)
            .await
    }

    /// Sends a file (a screenshot the member picked) as the raw body.
    pub async fn upload<T: DeserializeOwned>(
        self,
        path: &str,
        file: &web_sys::Blob,
    ) -> Result<T, ApiFailure> {
        let kind = file.type_();
        self.send_as("POST", path, Some((file.into(), &kind)), None)
            .await
            .and_then(|v| self.decode(v))
    }

    async fn send_as(
        self,
        method: &str,
        path: &str,
        body: Option<(JsValue, &str)>,
        key: Option<&str>,
    ) -> Result<JsValue, ApiFailure> {
        let net = || ApiFailure::network(self.lang);
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().map_err(|_| net())?;
        headers
            .set("accept", "application/json")
            .map_err(|_| net())?;
        headers
            .set("accept-language", self.lang.bcp47())
            .map_err(|_| net())?;
        if let Some(k) = key {
            headers.set("idempotency-key", k).map_err(|_| net())?;
        }
        if let Some((b, kind)) = &body {
            headers.set("content-type", kind).map_err(|_| net())?;
            init.set_body(b);
        }
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| net())?;
        let window = web_sys::window().ok_or_else(net)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| net())?
            .dyn_into()
            .map_err(|_| net())?;
        let status = response.status();
        if status == 204 {
            return Ok(JsValue::NULL);
        }
        let json = match response.json() {
            Ok(p) => JsFuture::from(p).await.ok(),
            Err(_) => None,
        };
        if response.ok() {
            return json.ok_or_else(net);
        }
        let error: Option<api::ErrorBody> =
            json.and_then(|j| serde_wasm_bindgen::from_value(j).ok());
        Err(match error {
            Some(e) => ApiFailure {
                status,
                code: e.error.code,
                message: e.error.message,
            },
            None => ApiFailure {
                status,
                code: "http".into(),
                message: self
                    .lang
                    .t(
                        "请求失败，请稍后重试。",
                        "The request failed. Please try again.",
                    )
                    .into(),
            },
        })
    }
}

/// A fresh random key for [`Client::post_once`].
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}-{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

/// The idempotency key of one form: a retry of the same request after a
/// network failure reuses it (so the server answers it once), anything
/// else gets a fresh one. Keep it in `use_mut_ref(RetryKey::default)`.
#[derive(Debug, Default)]
pub struct RetryKey {
    last: Option<(String, String)>,
}

impl RetryKey {
    /// The key to send `request` (any text that identifies it) with.
    fn key_for(&mut self, request: &str) -> String {
        match &self.last {
            Some((r, k)) if r == request => k.clone(),
            _ => {
                let k = new_key();
                self.last = Some((request.to_string(), k.clone()));
                k
            }
        }
    }

    /// Records the outcome: only a network failure keeps the key for a retry.
    fn finished(&mut self, result: &Result<impl Sized, ApiFailure>) {
        if !matches!(result, Err(e) if e.status == 0) {
            self.last = None;
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn bodies_become_json_text() {
        let c = Client::new(Lang::Zh);
        assert_eq!(c.json_text(&()).unwrap(), "null");
        let d = api::Decision {
            approve: false,
            reason: Some("原因".into()),
            disclosure_confirmed: false,
            kind: None,
        };
        assert_eq!(
            c.json_text(&d).unwrap(),
            r#"{"approve":false,"reason":"原因","disclosure_confirmed":false}"#
        );
    }

    #[test]
    fn retry_keys_survive_only_network_failures() {
        let mut r = RetryKey::default();
        let k1 = r.key_for("POST /a\n{}");
        assert_eq!(
            r.key_for("POST /a\n{}"),
            k1,
            "same request, same key until it finishes"
        );
        r.finished(&Err::<(), _>(ApiFailure {
            status: 0,
            code: "network".into(),
            message: String::new(),
        }));
        assert_eq!(
            r.key_for("POST /a\n{}"),
            k1,
            "a network failure keeps the key for the retry"
        );
        assert_ne!(
            r.key_for("POST /a\n{\"x\":1}"),
            k1,
            "another request, another key"
        );
        r.finished(&Ok::<(), ApiFailure>(()));
        assert_ne!(r.key_for("POST /a\n{}"), k1);
    }
}

/// A value kept in the browser between visits (`localStorage`).
pub fn recall(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

pub fn remember(key: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}
