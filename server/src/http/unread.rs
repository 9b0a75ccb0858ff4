//! `POST /api/widget/unread`: the launcher's badge, asked by the loader on
//! a page of an organisation's site with the visitor token as a
//! `text/plain` body (a CORS simple request, so no preflight, and the token
//! stays out of URLs and logs). The site is the request's `Origin`, which a
//! page cannot choose: only a site of an organisation is answered, with
//! `Access-Control-Allow-Origin` naming it; any other origin gets a 403
//! without CORS headers, so its page cannot read even that. The answer is a
//! JSON number and is never cached.

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::AppError;
use super::extractors::OwnOrigin;
use crate::client_address::ClientAddress;
use crate::service::Service;
use crate::web_origin::parse_origin;

/// A visitor token is 64 characters; a longer body is not one, and is not
/// read further.
const MAX_BODY_BYTES: usize = 256;

/// `POST /api/widget/unread`.
pub async fn unread(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    address: ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some((site, allow)) = sent_origin(&headers) else {
        return AppError::ForeignOrigin.into_response();
    };
    // Too long or unreadable: no token, which counts nothing.
    let body = to_bytes(body, MAX_BODY_BYTES).await.unwrap_or_default();
    let token = std::str::from_utf8(&body).unwrap_or_default().trim();
    let counted = service
        .unseen_replies(&address, &site, own.as_deref(), token)
        .await;
    let mut response = match counted {
        Ok(Some(count)) => axum::Json(count).into_response(),
        Ok(None) => return AppError::ForeignOrigin.into_response(),
        Err(failure) => return AppError::from(failure).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    headers.insert(header::VARY, HeaderValue::from_static("origin"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request's `Origin`, parsed (for the organisation's look-up) and as
/// sent (for `Access-Control-Allow-Origin`, which must repeat it exactly).
fn sent_origin(headers: &HeaderMap) -> Option<(String, HeaderValue)> {
    let sent = headers.get(header::ORIGIN)?;
    let site = parse_origin(sent.to_str().ok()?)?;
    Some((site, sent.clone()))
}
