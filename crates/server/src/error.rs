//! [`ApiError`]: every failure of the HTTP API, answered as
//! `{"error":{"code":"...","message":"..."}}` with a stable code.
//!
//! The code is an [`ErrorCode`], whose English and zh-CN messages sit
//! beside it in one table ([`crate::messages`]); the `localize` middleware
//! picks by `Accept-Language`, so handlers only name the code. Internal errors are logged with their cause and answered with
//! a generic message: no SQL or secret ever reaches a client.

pub use crate::messages::ErrorCode;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use store::StoreError;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// Also attached to the response, so `localize` can translate it.
    pub code: ErrorCode,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode) -> ApiError {
        ApiError { status, code }
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated)
    }
    pub fn forbidden() -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden)
    }
    pub fn forbidden_with(code: ErrorCode) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, code)
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
    }
    /// 422: the input parsed as JSON but is not acceptable.
    pub fn invalid(code: ErrorCode) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code)
    }
    /// 409: the request is valid but the state of things refuses it.
    pub fn conflict(code: ErrorCode) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code)
    }
    pub fn internal() -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
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
            Json(body(self.code.as_str(), self.code.english())),
        )
            .into_response();
        res.extensions_mut().insert(self.code);
        res
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict(code) => ApiError::conflict(ErrorCode::from_store(code)),
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::internal()
            }
        }
    }
}

impl From<rules::LinkError> for ApiError {
    fn from(e: rules::LinkError) -> ApiError {
        ApiError::invalid(ErrorCode::Link(e))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
