//! The staff session cookie. It is `__Host-yorisoi_session` with `Secure`
//! when the server is reached over HTTPS (`secure_cookies`, or an `https`
//! `public_url`); over plain-HTTP localhost development it is
//! `yorisoi_session` without `Secure` (browsers refuse `__Host-` there).
//! Both are `HttpOnly`, `SameSite=Strict`, `Path=/`.

use axum::http::{HeaderMap, HeaderValue, header};

use super::AppError;
use crate::error::ServiceError;
use crate::service::Service;

/// The session cookie's name over HTTPS.
pub const SECURE_SESSION_COOKIE: &str = "__Host-yorisoi_session";

/// The session cookie's name over plain HTTP (local development only).
pub const SESSION_COOKIE: &str = "yorisoi_session";

/// The cookie name this server uses.
pub fn cookie_name(service: &Service) -> &'static str {
    if service.config().cookies_secure() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session id from the `Cookie` headers, if it looks like one of ours.
pub fn session_cookie(service: &Service, headers: &HeaderMap) -> Option<String> {
    let name = cookie_name(service);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
        .find(|id| id.len() == 64 && id.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// The `Set-Cookie` value for a session id (empty with `Max-Age=0` clears it).
pub fn cookie(service: &Service, session_id: &str, clear: bool) -> Result<HeaderValue, AppError> {
    let name = cookie_name(service);
    let mut value = format!("{name}={session_id}; HttpOnly; SameSite=Strict; Path=/");
    if clear {
        value.push_str("; Max-Age=0");
    }
    if service.config().cookies_secure() {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).map_err(|error| ServiceError::Internal(error.to_string()).into())
}
