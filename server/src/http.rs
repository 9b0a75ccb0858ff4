//! The HTTP surface: the router that joins every route, the staff API
//! (login, logout, me), the session-cookie extractor the console socket also
//! uses, and the security headers added to every response. Request bodies go
//! through [`Json`], which turns unreadable JSON into a 400 `ErrorBody` with
//! `MalformedFrame` instead of axum's plain-text rejection.

use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use yorisoi_protocol::http::LoginRequest;
use yorisoi_protocol::model::StaffInfo;

use crate::auth;
use crate::error::AppError;
use crate::state::AppState;
use crate::{assets, console_socket, widget_socket};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "yorisoi_session";

/// Every route of the server, with shared state and security headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/widget/ws", get(widget_socket::upgrade))
        .route("/api/console/ws", get(console_socket::upgrade))
        .route("/api/staff/login", post(login))
        .route("/api/staff/logout", post(logout))
        .route("/api/staff/me", get(me))
        .merge(assets::routes())
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// A JSON body whose rejection is an [`AppError`].
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

/// The staff member behind the request's session cookie; rejects with 401.
#[derive(Debug, Clone)]
pub struct StaffSession(pub StaffInfo);

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session_id = session_cookie(&parts.headers).ok_or(AppError::Unauthorized)?;
        match auth::session_staff(state.store(), &session_id).await? {
            Some(staff) => Ok(StaffSession(staff)),
            None => Err(AppError::Unauthorized),
        }
    }
}

/// The session id from the `Cookie` headers, if it looks like one of ours.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .find(|id| id.len() == 64 && id.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// The `Set-Cookie` value for a session id (empty with `Max-Age=0` clears it).
fn cookie(state: &AppState, session_id: &str, clear: bool) -> Result<HeaderValue, AppError> {
    let mut value = format!("{SESSION_COOKIE}={session_id}; HttpOnly; SameSite=Strict; Path=/");
    if clear {
        value.push_str("; Max-Age=0");
    }
    if state.config().secure_cookies {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).map_err(|error| AppError::Internal(error.to_string()))
}

async fn login(
    State(state): State<AppState>,
    Json(request): Json<LoginRequest>,
) -> Result<Response, AppError> {
    let (session_id, staff) = auth::login(
        state.store(),
        &request.email,
        &request.password,
        state.random(),
    )
    .await?;
    tracing::info!(staff = staff.id, "staff logged in");
    let set_cookie = cookie(&state, &session_id, false)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response())
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(session_id) = session_cookie(&headers) {
        state
            .store()
            .delete_session(&auth::digest(&session_id))
            .await?;
    }
    let set_cookie = cookie(&state, "", true)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response())
}

async fn me(StaffSession(staff): StaffSession) -> axum::Json<StaffInfo> {
    axum::Json(staff)
}

/// Headers every response carries. No `X-Frame-Options`: `/widget` is framed
/// by the organisations' own sites.
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
    response
}
