//! What handlers take from a request: a JSON body ([`Json`]) and a
//! WebSocket handshake ([`Upgrade`]), both rejected with an [`AppError`]
//! rather than axum's plain text; the client's address ([`ClientAddress`]),
//! the server's own origin ([`OwnOrigin`], from [`request_host`], which the
//! host guard checks first) and the staff member behind the session cookie
//! ([`StaffSession`]).

use std::net::SocketAddr;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
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

/// A WebSocket handshake whose rejection is an [`AppError`] (JSON, the
/// status axum chose).
pub struct Upgrade(pub WebSocketUpgrade);

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Ok(Upgrade(
            WebSocketUpgrade::from_request_parts(parts, state).await?,
        ))
    }
}

/// The host a request names: its `Host` header, else the authority of its
/// URI (HTTP/2 sends `:authority` instead of `Host`). The host guard and
/// [`OwnOrigin`] both read it here, so the origin is derived only from a
/// host the guard accepted.
pub fn request_host<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    match headers.get(header::HOST) {
        Some(value) => value.to_str().ok(),
        None => uri.authority().map(|authority| authority.as_str()),
    }
}

/// The server's own origin as this request reached it (`None` without a
/// usable `Host`).
#[derive(Debug, Clone)]
pub struct OwnOrigin(pub Option<String>);

impl OwnOrigin {
    /// The own origin for a request naming `host` (see [`request_host`]).
    pub fn of(config: &Config, host: Option<&str>) -> OwnOrigin {
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
        let host = request_host(&parts.headers, &parts.uri);
        Ok(OwnOrigin::of(service.config(), host))
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
