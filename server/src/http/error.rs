//! [`AppError`], what every HTTP handler fails with: it logs the real
//! cause and answers a status with a clean
//! [`yorisoi_protocol::http::ErrorBody`], never prose or internals. That
//! holds for what axum itself would answer in plain text too: unknown paths
//! and methods ([`no_such_route`], [`method_not_allowed`]), a bad WebSocket
//! handshake, and a bare 404 from the static files ([`with_error_body`]).

use axum::Json;
use axum::body::HttpBody as _;
use axum::extract::rejection::JsonRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::ErrorBody;

use crate::error::{ServiceError, StoreError};

/// An HTTP handler's failure, turned into a status and an [`ErrorBody`].
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A use case refused or failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// No valid staff session.
    #[error("no valid staff session")]
    Unauthorized,
    /// The JSON body could not be read. Only the status is displayed: the
    /// rejection's text may quote the body (a password).
    #[error("malformed request body ({})", .0.status())]
    MalformedBody(#[from] JsonRejection),
    /// The request came from another site's page, or without the CSRF header.
    #[error("foreign origin")]
    ForeignOrigin,
    /// Nothing here for this request (a site of no organisation).
    #[error("not found")]
    NotFound,
    /// The `Host` header does not name this server (DNS rebinding, or a
    /// proxy sending a name `public_url` does not have).
    #[error("misdirected request")]
    MisdirectedHost,
    /// A socket path was asked without a valid WebSocket handshake (no
    /// upgrade headers, a version other than 13…). Only the status is
    /// displayed; axum's text adds nothing.
    #[error("bad WebSocket handshake ({})", .0.status())]
    BadHandshake(#[from] WebSocketUpgradeRejection),
    /// No route has this path.
    #[error("no such route")]
    NoSuchRoute,
    /// The route exists, but not for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        AppError::Service(ServiceError::Store(error))
    }
}

impl AppError {
    /// The code the client shows in its user's language.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Service(failure) => failure.code(),
            AppError::Unauthorized => ErrorCode::Unauthorized,
            // The protocol has no code for "no such thing": a request that
            // fits no route or handshake is malformed for this server.
            AppError::MalformedBody(_)
            | AppError::BadHandshake(_)
            | AppError::NoSuchRoute
            | AppError::MethodNotAllowed => ErrorCode::MalformedFrame,
            AppError::ForeignOrigin | AppError::NotFound | AppError::MisdirectedHost => {
                ErrorCode::ForeignOrigin
            }
        }
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::NoSuchRoute => return StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => return StatusCode::METHOD_NOT_ALLOWED,
            AppError::MisdirectedHost => return StatusCode::MISDIRECTED_REQUEST,
            // 400, 405 (not GET) or 426 (no upgrade possible), as axum says.
            AppError::BadHandshake(rejection) => return rejection.status(),
            _ => {}
        }
        match self.code() {
            ErrorCode::BadCredentials | ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden | ErrorCode::ForeignOrigin => StatusCode::FORBIDDEN,
            ErrorCode::RateLimited | ErrorCode::BusyNetwork => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        let body = Json(ErrorBody { error: self.code() });
        match self {
            AppError::Service(ServiceError::RateLimited {
                retry_after_secs, ..
            }) => (
                status,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                body,
            )
                .into_response(),
            _ => (status, body).into_response(),
        }
    }
}

/// The fallback for paths no route has: 404 with an [`ErrorBody`].
pub async fn no_such_route() -> AppError {
    AppError::NoSuchRoute
}

/// The fallback for a method a route does not take: 405 with an
/// [`ErrorBody`] (axum still adds `Allow`).
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// `response`, or a 404 [`ErrorBody`] in place of a bare 404 (the static
/// files answer one for a missing file). Pages and bodies are kept.
pub fn with_error_body(response: Response) -> Response {
    let bare = response.body().size_hint().exact() == Some(0);
    if response.status() == StatusCode::NOT_FOUND && bare {
        return AppError::NoSuchRoute.into_response();
    }
    response
}
