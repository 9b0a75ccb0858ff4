//! The staff HTTP API (`/api/staff/*`, paths from `yorisoi_protocol::http`)
//! over `fetch`, same-origin credentials so the session cookie travels.
//! Every `POST` carries the CSRF header ([`CSRF_HEADER`]`: 1`), which a form
//! on another site cannot send. Only the console uses this module (the
//! widget's wasm must not carry it).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::{
    CSRF_HEADER, ErrorBody, LoginRequest, STAFF_LOGIN, STAFF_LOGOUT, STAFF_LOGOUT_ALL, STAFF_ME,
    STAFF_ORGANISATION,
};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::organisation::{OrganisationFace, OrganisationSettings};

use crate::api::json;

/// Why a staff request did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffError {
    /// The server answered with this error code.
    Refused(ErrorCode),
    /// No answer (offline, server down) or an unreadable one.
    Network,
}

impl StaffError {
    /// The error code to show (network trouble reads as an internal error).
    pub fn code(self) -> ErrorCode {
        match self {
            StaffError::Refused(code) => code,
            StaffError::Network => ErrorCode::Internal,
        }
    }
}

pub(crate) async fn request(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<Response, StaffError> {
    let json = body.map(|body| wasm_bindgen::JsValue::from_str(&body));
    send(method, path, json.as_ref(), true).await
}

/// `method path` with `body` (JSON text when `json`, else sent as it is:
/// a picture's `File`), credentials and the CSRF header on a `POST`.
pub(crate) async fn send(
    method: &str,
    path: &str,
    body: Option<&wasm_bindgen::JsValue>,
    json: bool,
) -> Result<Response, StaffError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| StaffError::Network)?;
    if body.is_some() && json {
        let _ = request.headers().set("content-type", "application/json");
    }
    if method == "POST" {
        let _ = request.headers().set(CSRF_HEADER, "1");
    }
    let window = web_sys::window().ok_or(StaffError::Network)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| StaffError::Network)?;
    response
        .dyn_into::<Response>()
        .map_err(|_| StaffError::Network)
}

/// The response's body as text. Not generic over what it decodes to, so
/// the wasm carries one copy of this future, not one per answer type.
async fn read_text(response: &Response) -> Option<String> {
    let promise = response.text().ok()?;
    JsFuture::from(promise).await.ok()?.as_string()
}

/// Turns a non-success response into its error code; a body we cannot read
/// (a proxy's page) is judged by its status.
pub(crate) async fn refusal(response: &Response) -> StaffError {
    let body = read_text(response).await;
    match body.and_then(|text| json::decode::<ErrorBody>(&text)) {
        Some(body) => StaffError::Refused(body.error),
        None => match response.status() {
            401 => StaffError::Refused(ErrorCode::Unauthorized),
            403 => StaffError::Refused(ErrorCode::ForeignOrigin),
            429 => StaffError::Refused(ErrorCode::RateLimited),
            _ => StaffError::Network,
        },
    }
}

/// The body of a success, or the refusal.
pub(crate) async fn answer(response: &Response) -> Result<String, StaffError> {
    if !response.ok() {
        return Err(refusal(response).await);
    }
    read_text(response).await.ok_or(StaffError::Network)
}

/// `method path` with `body`: the body of a success, or the refusal.
pub(crate) async fn call(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<String, StaffError> {
    let response = request(method, path, body).await?;
    answer(&response).await
}

/// The JSON of an [`answer`], decoded.
pub(crate) fn decoded<T: serde::de::DeserializeOwned>(
    answer: Result<String, StaffError>,
) -> Result<T, StaffError> {
    json::decode(&answer?).ok_or(StaffError::Network)
}

/// A `POST` (with `body`, already JSON, if any) that answers 204.
pub(crate) async fn post(path: &str, body: Option<String>) -> Result<(), StaffError> {
    let response = request("POST", path, body).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(refusal(&response).await)
    }
}

/// `GET /api/staff/me`: the logged-in staff member, or `None` when logged out.
pub async fn me() -> Result<Option<StaffInfo>, StaffError> {
    let response = request("GET", STAFF_ME, None).await?;
    if response.status() == 401 {
        return Ok(None);
    }
    decoded(answer(&response).await).map(Some)
}

/// `POST /api/staff/login`; on success the session cookie is set.
pub async fn login(email: String, password: String) -> Result<(), StaffError> {
    let body = json::encode(&LoginRequest { email, password }).ok_or(StaffError::Network)?;
    post(STAFF_LOGIN, Some(body)).await
}

/// `POST /api/staff/logout`: ends the session and clears the cookie.
pub async fn logout() -> Result<(), StaffError> {
    post(STAFF_LOGOUT, None).await
}

/// `POST /api/staff/logout-all`: ends every session of this staff member
/// (their other consoles are disconnected).
pub async fn logout_all() -> Result<(), StaffError> {
    post(STAFF_LOGOUT_ALL, None).await
}

/// `GET /api/staff/organisation`: the settings of the staff member's
/// organisation (any staff member may read them).
pub async fn organisation() -> Result<OrganisationSettings, StaffError> {
    decoded(call("GET", STAFF_ORGANISATION, None).await)
}

/// `POST /api/staff/organisation`: an admin changes what parents see; the
/// settings as saved (normalised), `Forbidden` for staff who are not
/// admins, `InvalidSettings` when a rule is broken.
pub async fn save_organisation(
    face: &OrganisationFace,
) -> Result<OrganisationSettings, StaffError> {
    let body = json::encode(face).ok_or(StaffError::Network)?;
    decoded(call("POST", STAFF_ORGANISATION, Some(body)).await)
}
