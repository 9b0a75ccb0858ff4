//! The staff cookies. Both are `HttpOnly`, `SameSite=Strict`, `Path=/`, and
//! carry a random 256-bit id (64 hex digits) whose digest alone is stored:
//! - the session: `__Host-yorisoi_session` with `Secure` when the server is
//!   reached over HTTPS (`secure_cookies`, or an `https` `public_url`); over
//!   plain-HTTP localhost development `yorisoi_session` without `Secure`
//!   (browsers refuse `__Host-` there). It lasts as long as the browser
//!   keeps it; the server ends it after the session timeouts.
//! - the device (`__Host-yorisoi_device` / `yorisoi_device`): set on a
//!   login from a browser not seen before, kept 180 days, so its staff
//!   member can log in past the per-account lock an attacker may have
//!   triggered (see `crate::service::staff`).

use axum::http::{HeaderMap, HeaderValue, header};

use super::AppError;
use crate::error::ServiceError;
use crate::service::Service;

/// The session cookie's name over HTTPS.
pub const SECURE_SESSION_COOKIE: &str = "__Host-yorisoi_session";

/// The session cookie's name over plain HTTP (local development only).
pub const SESSION_COOKIE: &str = "yorisoi_session";

/// The device cookie's name over HTTPS.
pub const SECURE_DEVICE_COOKIE: &str = "__Host-yorisoi_device";

/// The device cookie's name over plain HTTP (local development only).
pub const DEVICE_COOKIE: &str = "yorisoi_device";

/// How long a browser keeps the device cookie, in seconds (180 days).
const DEVICE_MAX_AGE_SECS: u32 = 180 * 24 * 60 * 60;

/// Which cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    /// The staff session.
    Session,
    /// A device the staff member logged in from.
    Device,
}

/// The name this server gives `which`.
pub fn cookie_name(service: &Service, which: Cookie) -> &'static str {
    match (which, service.config().cookies_secure()) {
        (Cookie::Session, true) => SECURE_SESSION_COOKIE,
        (Cookie::Session, false) => SESSION_COOKIE,
        (Cookie::Device, true) => SECURE_DEVICE_COOKIE,
        (Cookie::Device, false) => DEVICE_COOKIE,
    }
}

/// The id in cookie `which` of the `Cookie` headers, if it looks like one.
pub fn read_cookie(service: &Service, headers: &HeaderMap, which: Cookie) -> Option<String> {
    let name = cookie_name(service, which);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
        .find(|id| id.len() == 64 && id.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// The session id from the `Cookie` headers, if it looks like one of ours.
pub fn session_cookie(service: &Service, headers: &HeaderMap) -> Option<String> {
    read_cookie(service, headers, Cookie::Session)
}

/// The `Set-Cookie` value giving cookie `which` the id `id` (`clear`: an
/// empty value with `Max-Age=0`, which removes it).
pub fn set_cookie(
    service: &Service,
    which: Cookie,
    id: &str,
    clear: bool,
) -> Result<HeaderValue, AppError> {
    let name = cookie_name(service, which);
    let mut value = format!("{name}={id}; HttpOnly; SameSite=Strict; Path=/");
    if clear {
        value.push_str("; Max-Age=0");
    } else if which == Cookie::Device {
        value.push_str(&format!("; Max-Age={DEVICE_MAX_AGE_SECS}"));
    }
    if service.config().cookies_secure() {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).map_err(|error| ServiceError::Internal(error.to_string()).into())
}
