//! [`ApiError`]: every failure of the HTTP API, answered as
//! `{"error":{"code":"...","message":"..."}}` with a stable code.
//!
//! Messages exist in English and zh-CN ([`crate::messages`]); the
//! `localize` middleware picks by `Accept-Language`, so handlers only name
//! the code. Internal errors are logged with their cause and answered with
//! a generic message: no SQL or secret ever reaches a client.

use crate::messages;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use store::StoreError;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
}

/// Attached to error responses so `localize` can translate the message.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> ApiError {
        ApiError { status, code }
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated")
    }
    pub fn forbidden() -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden")
    }
    pub fn forbidden_with(code: &'static str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, code)
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found")
    }
    /// 422: the input parsed as JSON but is not acceptable.
    pub fn invalid(code: &'static str) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code)
    }
    /// 409: the request is valid but the state of things refuses it.
    pub fn conflict(code: &'static str) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code)
    }
    pub fn internal() -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
    }
}

pub fn body(code: &str, message: &str) -> api::ErrorBody {
    api::ErrorBody {
        error: api::ErrorDetail {
            code: code.to_string(),
            message: message.to_string(),
        },
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (
            self.status,
            Json(body(self.code, messages::english(self.code))),
        )
            .into_response();
        res.extensions_mut().insert(ErrorCode(self.code));
        res
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict(code) => ApiError::conflict(code),
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::internal()
            }
        }
    }
}

impl From<rules::LinkError> for ApiError {
    fn from(e: rules::LinkError) -> ApiError {
        ApiError::invalid(e.code())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
