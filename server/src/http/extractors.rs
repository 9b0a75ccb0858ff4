//! What handlers take from a request: a JSON body ([`Json`], whose
//! rejection is an [`AppError`] rather than axum's plain text), the client's
//! address ([`ClientAddress`]), the server's own origin ([`OwnOrigin`]) and
//! the staff member behind the session cookie ([`StaffSession`]).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use yorisoi_protocol::model::StaffInfo;

use super::AppError;
use super::cookie::session_cookie;
use crate::client_address::ClientAddress;
use crate::config::Config;
use crate::secrets::digest;
use crate::service::Service;
use crate::store::SessionState;
use crate::web_origin;

/// A JSON body whose rejection is an [`AppError`].
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl FromRequestParts<Service> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &Service,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        Ok(ClientAddress::resolve(
            service.config(),
            &parts.headers,
            peer,
        ))
    }
}

/// The server's own origin as this request reached it (`None` without a
/// usable `Host`).
#[derive(Debug, Clone)]
pub struct OwnOrigin(pub Option<String>);

impl OwnOrigin {
    /// The own origin for a request with these headers.
    pub fn of(config: &Config, headers: &HeaderMap) -> OwnOrigin {
        let host = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok());
        OwnOrigin(web_origin::own_origin(
            config.public_url.as_deref(),
            config.secure_cookies,
            host,
        ))
    }
}

impl FromRequestParts<Service> for OwnOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &Service,
    ) -> Result<Self, Self::Rejection> {
        Ok(OwnOrigin::of(service.config(), &parts.headers))
    }
}

/// The staff member behind the request's session cookie; rejects with 401
/// (an expired session is deleted on the way).
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// Who, with their organisation.
    pub staff: StaffInfo,
    /// The digest of the session id, to recheck and to match revocations.
    pub session_hash: String,
}

impl FromRequestParts<Service> for StaffSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, service: &Service) -> Result<Self, AppError> {
        let session_id = session_cookie(service, &parts.headers).ok_or(AppError::Unauthorized)?;
        let session_hash = digest(&session_id);
        match service.session_state(&session_hash, true).await? {
            SessionState::Valid(staff) => Ok(StaffSession {
                staff,
                session_hash,
            }),
            SessionState::Expired | SessionState::Unknown => Err(AppError::Unauthorized),
        }
    }
}
