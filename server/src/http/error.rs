//! [`AppError`], what every HTTP handler fails with: it logs the real
//! cause and answers a status with a clean
//! [`yorisoi_protocol::http::ErrorBody`], never prose or internals.

use axum::Json;
use axum::extract::rejection::JsonRejection;
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
            AppError::MalformedBody(_) => ErrorCode::MalformedFrame,
            AppError::ForeignOrigin | AppError::NotFound => ErrorCode::ForeignOrigin,
        }
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::BadCredentials | ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::ForeignOrigin if matches!(self, AppError::NotFound) => StatusCode::NOT_FOUND,
            ErrorCode::ForeignOrigin => StatusCode::FORBIDDEN,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
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
