//! The staff API: login, logout, logout everywhere, who is logged in, and
//! the organisation's settings (read by any staff member, changed by its
//! admins). Paths and bodies: `yorisoi_protocol::http`; the session cookie:
//! [`super::cookie`].

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::http::LoginRequest;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::organisation::{OrganisationFace, OrganisationSettings};

use super::AppError;
use super::cookie::{Cookie, read_cookie, session_cookie, set_cookie};
use super::extractors::{Json, StaffSession};
use crate::client_address::ClientAddress;
use crate::secrets::digest;
use crate::service::Service;

fn with_cookie(set_cookie: HeaderValue) -> Response {
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, set_cookie)]).into_response()
}

/// `POST` login: 204 with the session cookie (and a device cookie for a
/// browser not seen before).
pub async fn login(
    State(service): State<Service>,
    address: ClientAddress,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, AppError> {
    let device = read_cookie(&service, &headers, Cookie::Device);
    let logged_in = service
        .login(
            &address,
            &request.email,
            &request.password,
            device.as_deref(),
        )
        .await?;
    let mut response = with_cookie(set_cookie(
        &service,
        Cookie::Session,
        &logged_in.session_id,
        false,
    )?);
    if let Some(device) = logged_in.new_device {
        let value = set_cookie(&service, Cookie::Device, &device, false)?;
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `POST` logout: ends this session, clears the cookie.
pub async fn logout(
    State(service): State<Service>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(session_id) = session_cookie(&service, &headers) {
        service.logout(&digest(&session_id)).await?;
    }
    Ok(with_cookie(set_cookie(
        &service,
        Cookie::Session,
        "",
        true,
    )?))
}

/// `POST` logout everywhere: every session of the staff member ends and
/// their open consoles close.
pub async fn logout_all(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<Response, AppError> {
    service.logout_everywhere(&session.staff).await?;
    Ok(with_cookie(set_cookie(
        &service,
        Cookie::Session,
        "",
        true,
    )?))
}

/// `GET` me: who is logged in.
pub async fn me(session: StaffSession) -> axum::Json<StaffInfo> {
    axum::Json(session.staff)
}

/// `GET` the staff member's organisation settings.
pub async fn organisation(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<axum::Json<OrganisationSettings>, AppError> {
    Ok(axum::Json(
        service.organisation_settings(&session.staff).await?,
    ))
}

/// `POST` new organisation settings (admins only).
pub async fn update_organisation(
    State(service): State<Service>,
    session: StaffSession,
    Json(face): Json<OrganisationFace>,
) -> Result<axum::Json<OrganisationSettings>, AppError> {
    Ok(axum::Json(
        service
            .update_organisation_face(&session.staff, &face)
            .await?,
    ))
}
