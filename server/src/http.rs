//! The HTTP surface: the router that joins every route, the staff API
//! (login, logout, logout everywhere, me), the session-cookie extractor the
//! console socket also uses, and the security headers added to every
//! response. Request bodies go through [`Json`], which turns unreadable JSON
//! into a 400 `ErrorBody` with `MalformedFrame` instead of axum's plain-text
//! rejection.
//!
//! The session cookie is `__Host-yorisoi_session` with `Secure` when the
//! server is reached over HTTPS (`secure_cookies`, or an `https`
//! `public_url`); over plain-HTTP localhost development it is
//! `yorisoi_session` without `Secure` (browsers refuse `__Host-` there).
//! Both are `HttpOnly`, `SameSite=Strict`, `Path=/`. Logins are throttled
//! per account and per client address: each attempt takes a token from
//! both buckets and a success gives it back, so only failures count and
//! parallel attempts cannot slip past the limit.

use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use yorisoi_protocol::http::LoginRequest;
use yorisoi_protocol::model::StaffInfo;

use crate::auth;
use crate::client_address::ClientAddress;
use crate::error::AppError;
use crate::hub::Revocation;
use crate::state::AppState;
use crate::store::{SessionState, normalise_email};
use crate::throttle::{Scope, log_refusal};
use crate::{assets, console_socket, origin, widget_socket};

/// The session cookie's name over HTTPS.
pub const SECURE_SESSION_COOKIE: &str = "__Host-yorisoi_session";

/// The session cookie's name over plain HTTP (local development only).
pub const SESSION_COOKIE: &str = "yorisoi_session";

/// Every route of the server, with shared state, the origin guard and
/// security headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/widget/ws", get(widget_socket::upgrade))
        .route("/api/console/ws", get(console_socket::upgrade))
        .route("/api/staff/login", post(login))
        .route("/api/staff/logout", post(logout))
        .route("/api/staff/logout-all", post(logout_all))
        .route("/api/staff/me", get(me))
        .merge(assets::routes())
        .layer(middleware::from_fn_with_state(state.clone(), origin::guard))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// A JSON body whose rejection is an [`AppError`].
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

/// The staff member behind the request's session cookie; rejects with 401
/// (an expired session is deleted on the way).
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// Who.
    pub staff: StaffInfo,
    /// The digest of the session id, to recheck and to match revocations.
    pub session_hash: String,
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session_id = session_cookie(state, &parts.headers).ok_or(AppError::Unauthorized)?;
        let session_hash = auth::digest(&session_id);
        match auth::session_state(state, &session_hash, true).await? {
            SessionState::Valid(staff) => Ok(StaffSession {
                staff,
                session_hash,
            }),
            SessionState::Expired | SessionState::Unknown => Err(AppError::Unauthorized),
        }
    }
}

/// The cookie name this server uses.
pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config().cookies_secure() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session id from the `Cookie` headers, if it looks like one of ours.
fn session_cookie(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let name = cookie_name(state);
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
fn cookie(state: &AppState, session_id: &str, clear: bool) -> Result<HeaderValue, AppError> {
    let name = cookie_name(state);
    let mut value = format!("{name}={session_id}; HttpOnly; SameSite=Strict; Path=/");
    if clear {
        value.push_str("; Max-Age=0");
    }
    if state.config().cookies_secure() {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).map_err(|error| AppError::Internal(error.to_string()))
}

async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    Json(request): Json<LoginRequest>,
) -> Result<Response, AppError> {
    let limits = state.limits();
    let now = state.now_ms();
    // Accounts are keyed by a digest: no email sits in memory.
    let account = auth::digest(&normalise_email(&request.email));
    let address_key = address.key();
    if let Err(retry_after_secs) = limits.login_address.take(&address_key, now) {
        log_refusal(state.config(), "login", Scope::Address, &address);
        return Err(AppError::RateLimited { retry_after_secs });
    }
    if let Err(retry_after_secs) = limits.login_account.take(&account, now) {
        limits.login_address.refund(&address_key);
        log_refusal(state.config(), "login", Scope::Account, &address);
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let (session_id, staff) = auth::login(
        state.store(),
        &request.email,
        &request.password,
        state.random(),
    )
    .await?;
    limits.login_address.refund(&address_key);
    limits.login_account.refund(&account);
    tracing::info!(staff = staff.id, "staff logged in");
    let set_cookie = cookie(&state, &session_id, false)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response())
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(session_id) = session_cookie(&state, &headers) {
        let session_hash = auth::digest(&session_id);
        state.store().delete_session(&session_hash).await?;
        state.hub().revoke(Revocation::Session(session_hash));
    }
    let set_cookie = cookie(&state, "", true)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response())
}

/// Ends every session of the staff member, and closes their open consoles.
async fn logout_all(
    State(state): State<AppState>,
    session: StaffSession,
) -> Result<Response, AppError> {
    let staff = session.staff.id;
    state.store().delete_staff_sessions(staff).await?;
    state.hub().revoke(Revocation::Staff(staff));
    tracing::info!(staff, "staff logged out everywhere");
    let set_cookie = cookie(&state, "", true)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response())
}

async fn me(session: StaffSession) -> axum::Json<StaffInfo> {
    axum::Json(session.staff)
}

/// Headers every response carries. Pages set their own
/// `Content-Security-Policy` (the widget's names the sites that may frame
/// it); everything else gets the strict default, framed by nobody.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, assets::policy("'none'"));
    }
    response
}
