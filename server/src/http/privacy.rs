//! Issue 13's HTTP: `POST` [`WIDGET_PRIVACY_DELETE`] and
//! [`WIDGET_PRIVACY_DOWNLOAD`] from the widget page (same origin, so the
//! guard's origin and CSRF checks apply), with the visitor token in a JSON
//! [`PrivacyRequest`] body; and [`STAFF_RETENTION`] for staff (read) and
//! admins (write). Each handler decodes, calls one use case of
//! `crate::service::privacy` and encodes its answer. Nothing here is cached.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Router, routing::get};
use serde::{Deserialize, Serialize};

use super::AppError;
use super::extractors::{Json, OwnOrigin, StaffSession};
use crate::client_address::ClientAddress;
use crate::service::Service;
use crate::service::privacy::{Retention, RetentionReport, VisitorRequest};

// The paths and bodies live here, not in `yorisoi_protocol::http`: only the
// server and its tests use them today, and adding them to the protocol
// crate moved the console's and settings' wasm by ~100 B (console over its
// gate). Move them there when a wasm app calls them.

/// "Delete my conversation" (`POST` a [`PrivacyRequest`]; answers
/// [`DeletedAnswer`]). The token stops working.
pub const WIDGET_PRIVACY_DELETE: &str = "/api/widget/privacy/delete";

/// "Download my conversation" (`POST` a [`PrivacyRequest`]; answers the
/// transcript as a `text/plain; charset=utf-8` attachment).
pub const WIDGET_PRIVACY_DOWNLOAD: &str = "/api/widget/privacy/download";

/// The organisation's retention period and what it deleted (`GET`, staff),
/// or a new period (`POST` `{"retention_days": n}`, admins).
pub const STAFF_RETENTION: &str = "/api/staff/organisation/retention";

/// A parent's request about their own conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyRequest {
    /// The visitor token the widget holds.
    pub token: String,
    /// The embedding site's origin, as in the widget's `Hello`.
    #[serde(default)]
    pub site: Option<String>,
    /// The parent's IANA time zone (`Intl…timeZone`), for a transcript's
    /// times; Tokyo's when absent or unknown.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// The answer to a deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedAnswer {
    /// False when the token had no conversation (it is revoked all the same).
    pub deleted: bool,
}

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route(WIDGET_PRIVACY_DELETE, post(delete))
        .route(WIDGET_PRIVACY_DOWNLOAD, post(download))
        .route(STAFF_RETENTION, get(retention).post(set_retention))
}

fn visitor<'a>(
    address: &'a ClientAddress,
    own: &'a Option<String>,
    request: &'a PrivacyRequest,
) -> VisitorRequest<'a> {
    VisitorRequest {
        address,
        token: &request.token,
        site: request.site.as_deref(),
        own: own.as_deref(),
    }
}

/// `POST` delete my conversation.
async fn delete(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    address: ClientAddress,
    Json(request): Json<PrivacyRequest>,
) -> Result<Response, AppError> {
    let deleted = service
        .delete_conversation(visitor(&address, &own, &request))
        .await?;
    Ok(no_store(
        axum::Json(DeletedAnswer { deleted }).into_response(),
    ))
}

/// `POST` download my conversation.
async fn download(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    address: ClientAddress,
    Json(request): Json<PrivacyRequest>,
) -> Result<Response, AppError> {
    let file = service
        .download_conversation(
            visitor(&address, &own, &request),
            request.time_zone.as_deref(),
        )
        .await?;
    let mut response = file.text.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(no_store(response))
}

/// `GET` the organisation's retention and its statistics.
async fn retention(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<axum::Json<RetentionReport>, AppError> {
    Ok(axum::Json(service.retention_report(&session.staff).await?))
}

/// `POST` a new retention period (admins).
async fn set_retention(
    State(service): State<Service>,
    session: StaffSession,
    Json(retention): Json<Retention>,
) -> Result<axum::Json<RetentionReport>, AppError> {
    Ok(axum::Json(
        service.set_retention(&session.staff, &retention).await?,
    ))
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `attachment` with the name twice: as RFC 6266's `filename*` (UTF-8, so
/// a Japanese organisation's name survives) and, for older clients, an
/// ASCII `filename` (`yorisoi-<date>.txt` when the name is not ASCII).
fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    let ascii = if ascii.starts_with('-') {
        format!("yorisoi{ascii}")
    } else {
        ascii
    };
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn a_japanese_file_name_travels_encoded_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("ひだまり-2026-12-04.txt"),
            "attachment; filename=\"yorisoi-2026-12-04.txt\"; \
             filename*=UTF-8''%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A-2026-12-04.txt"
        );
        assert_eq!(
            content_disposition("Hidamari Kids-2026-12-04.txt"),
            "attachment; filename=\"HidamariKids-2026-12-04.txt\"; \
             filename*=UTF-8''Hidamari%20Kids-2026-12-04.txt"
        );
    }
}
