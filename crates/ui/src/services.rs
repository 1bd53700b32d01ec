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
        self.send("GET", path, None)
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

    async fn with_body<B: Serialize, T: DeserializeOwned>(
        self,
        method: &str,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        let body =
            serde_wasm_bindgen::to_value(body).map_err(|_| ApiFailure::network(self.lang))?;
        let text = js_sys::JSON::stringify(&body).map_err(|_| ApiFailure::network(self.lang))?;
        self.send(method, path, Some(text.into()))
            .await
            .and_then(|v| self.decode(v))
    }

    pub async fn delete(self, path: &str) -> Result<(), ApiFailure> {
        self.send("DELETE", path, None).await.map(|_| ())
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
        if let Some(b) = &body {
            headers
                .set("content-type", "application/json")
                .map_err(|_| net())?;
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
