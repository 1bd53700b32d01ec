//! Uploaded files: members' evidence screenshots and operators' artwork.
//!
//! The request body is the file itself. Its type is sniffed from its first
//! bytes (PNG, JPEG or WebP; what the client claims is ignored) and its
//! size checked against `Config::upload_limit`. The file is written under
//! `Config::upload_dir` as `{brand}/{id}` (no name or extension from the
//! client), synced to disk, and only then recorded in the database, so an
//! acknowledged upload survives a crash and a crash before the record
//! leaves only an unreachable file.
//!
//! Files are served only to those allowed to see them (the member who
//! uploaded; operators in a reviewing role, each view of a member's file
//! audited as a view of personal data; an analyst sees none), with the
//! sniffed type, `Content-Disposition: attachment`, `nosniff` and a
//! sandboxing CSP: a browser shows them in an `<img>` and never runs one.
//! A member's file is personal data and is sent `Cache-Control: no-store`.
//!
//! A member may upload [`MEMBER_DAILY_UPLOADS`] files a day. The quota is
//! checked twice: cheaply before the body is read (so a member past it
//! sends no megabytes), and again atomically with the record's insert
//! (`Store::create_member_upload` counts under the member's row lock), so
//! parallel uploads cannot all pass the first check together.

use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::routes::Json;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

/// How many files one member may upload in a day.
pub const MEMBER_DAILY_UPLOADS: i64 = 50;

/// The image type of `bytes`, from its signature; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "webp",
    }
}

/// Whether a request path takes a file: an upload, or a spreadsheet to
/// import (a month of a platform's export runs to megabytes). These get
/// the larger body limit.
pub fn is_upload(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/me/uploads"
            | "/api/v1/admin/uploads"
            | "/api/v1/admin/metrics/import"
            | "/api/v1/admin/candidates/import"
            // issue 17: org
            | "/api/v1/staff/uploads"
            | "/api/v1/admin/kos/stores/import"
            | "/api/v1/admin/kos/staff/import"
    )
}

fn too_many() -> ApiError {
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyUploads)
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "upload storage failure");
    ApiError::internal()
}

fn file_of(state: &AppState, brand: &str, id: &str) -> PathBuf {
    // Brand ids and upload ids are `[a-z0-9-]` (checked where made): they
    // cannot climb out of the folder.
    state.config.upload_dir.join(brand).join(id)
}

/// Checks, writes and records one file.
async fn store_file(
    state: &AppState,
    brand: &str,
    owner: (&str, &str),
    bytes: Bytes,
) -> ApiResult<(StatusCode, Json<api::UploadView>)> {
    if bytes.is_empty() {
        return Err(ApiError::invalid(ErrorCode::UploadEmpty));
    }
    let content_type = sniff(&bytes).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UploadTypeRefused,
        )
    })?;
    let id = store::new_id();
    let path = file_of(state, brand, &id);
    let digest = crate::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let size = bytes.len() as i64;
    let write = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            use std::io::Write;
            let dir = path.parent().expect("a file under a folder");
            std::fs::create_dir_all(dir)?;
            let tmp = path.with_extension("part");
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            std::fs::File::open(dir)?.sync_all()
        })
    };
    write.await.map_err(internal)?.map_err(internal)?;
    let now = state.clock.now();
    let record = store::Upload {
        brand_id: brand.to_string(),
        id: id.clone(),
        owner_kind: owner.0.parse().map_err(internal)?,
        owner_id: owner.1.to_string(),
        content_type: content_type.to_string(),
        size,
        sha256: digest,
        created_at: now,
    };
    let recorded = match record.owner_kind {
        rules::ActorKind::Member => {
            state
                .store
                .create_member_upload(&record, now - 86_400, MEMBER_DAILY_UPLOADS)
                .await
        }
        _ => state.store.create_upload(&record).await,
    };
    if let Err(e) = recorded {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(match e {
            store::StoreError::Conflict("too_many_uploads") => too_many(),
            e => e.into(),
        });
    }
    Ok((
        StatusCode::CREATED,
        Json(api::UploadView {
            id,
            content_type: content_type.to_string(),
            size,
        }),
    ))
}

/// Deletes the files of uploads whose records are gone (an erased
/// member's screenshots). A file that cannot be deleted is logged by id:
/// it is unreachable already, its record being gone.
pub async fn remove_files(state: &AppState, brand: &str, ids: &[String]) {
    for id in ids {
        match tokio::fs::remove_file(file_of(state, brand, id)).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(upload = %id, error = %e, "could not delete an erased upload"),
        }
    }
}

/// The stored file as a download that is never run.
pub(crate) async fn serve(state: &AppState, u: &store::Upload) -> ApiResult<Response> {
    let bytes = tokio::fs::read(file_of(state, &u.brand_id, &u.id))
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ApiError::not_found(),
            _ => internal(e),
        })?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&u.content_type).map_err(internal)?,
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"{}.{}\"",
            u.id,
            extension(&u.content_type)
        ))
        .map_err(internal)?,
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // A member's file is personal data: no cache keeps it (an erased
    // member's screenshot must not outlive the erasure in a browser).
    let cache = match u.owner_kind {
        rules::ActorKind::Member => "no-store",
        _ => "private, max-age=3600",
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(res)
}

/// Uploads an evidence screenshot (PNG, JPEG or WebP; the body is the file).
#[utoipa::path(post, path = "/api/v1/me/uploads", tag = "member", security(("member_session" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = api::UploadView), (status = 413, body = api::ErrorBody), (status = 415, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
pub async fn member_upload(
    State(state): State<AppState>,
    who: MemberAuth,
    req: Request,
) -> ApiResult<(StatusCode, Json<api::UploadView>)> {
    let since = state.clock.now() - 86_400;
    let recent = state
        .store
        .count_uploads(&who.brand, "member", &who.member_id, since)
        .await?;
    if recent >= MEMBER_DAILY_UPLOADS {
        return Err(too_many());
    }
    let bytes = crate::routes::body_bytes(req, ErrorCode::UploadFailed).await?;
    store_file(&state, &who.brand, ("member", &who.member_id), bytes).await
}

/// One of the member's own uploads.
#[utoipa::path(get, path = "/api/v1/me/uploads/{id}", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png"), (status = 404, body = api::ErrorBody)))]
pub async fn member_file(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let u = state.store.upload(&who.brand, &id).await?;
    if u.owner_kind != "member" || u.owner_id != who.member_id {
        return Err(ApiError::not_found());
    }
    serve(&state, &u).await
}

/// A staff member's upload (their profile photo, issue 17), with the
/// members' daily quota.
pub async fn staff_upload(
    state: &AppState,
    brand: &str,
    staff_id: &str,
    req: Request,
) -> ApiResult<(StatusCode, Json<api::UploadView>)> {
    let since = state.clock.now() - 86_400;
    let recent = state
        .store
        .count_uploads(brand, "staff", staff_id, since)
        .await?;
    if recent >= MEMBER_DAILY_UPLOADS {
        return Err(too_many());
    }
    let bytes = crate::routes::body_bytes(req, ErrorCode::UploadFailed).await?;
    store_file(state, brand, ("staff", staff_id), bytes).await
}

/// Uploads artwork (PNG, JPEG or WebP; the body is the file).
#[utoipa::path(post, path = "/api/v1/admin/uploads", tag = "admin", security(("operator_session" = ["operate"])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = api::UploadView), (status = 413, body = api::ErrorBody), (status = 415, body = api::ErrorBody)))]
pub async fn operator_upload(
    State(state): State<AppState>,
    op: OperatorAuth,
    req: Request,
) -> ApiResult<(StatusCode, Json<api::UploadView>)> {
    op.require(Perm::Operate)?;
    let bytes = crate::routes::body_bytes(req, ErrorCode::UploadFailed).await?;
    store_file(&state, &op.brand, ("operator", &op.operator_id), bytes).await
}

/// Any upload of the brand, for reviewing roles (members' screenshots and
/// evidence are personal data: an analyst sees none; artwork and the logo
/// are public through the brand's own routes). Each view of a member's
/// file is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/admin/uploads/{id}", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png"), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn operator_file(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    op.require(Perm::Review)?;
    let u = state.store.upload(&op.brand, &id).await?;
    if u.owner_kind == "member" {
        let field = serde_json::json!({ "field": "screenshot", "member_id": u.owner_id });
        op.audit(&state, "personal_data.view", ("upload", &u.id), Some(field))
            .await?;
    }
    serve(&state, &u).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_images_only() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        for refused in [
            &b"<html><script>alert(1)</script>"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"%PDF-1.7",
            b"GIF89a",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\x89PN",
            b"",
        ] {
            assert_eq!(sniff(refused), None, "{refused:?}");
        }
    }
}
