//! The server's error types, one `thiserror` enum per boundary: settings
//! ([`ConfigError`]), storage ([`StoreError`]), the library's entry points
//! ([`ServerError`]) and HTTP handlers ([`AppError`]). Only [`AppError`] meets a
//! client: it logs the real cause and answers a clean
//! [`yorisoi_protocol::http::ErrorBody`], never prose or internals.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::ErrorBody;

/// A setting could not be read or is invalid. Each message is one line that
/// names the setting and where it came from.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The settings file could not be read.
    #[error("cannot read settings file {path}: {source}")]
    ReadFile {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The settings file is not valid TOML or has a value of the wrong type.
    #[error("invalid settings file {path}: {message}")]
    ParseFile {
        /// The file.
        path: String,
        /// The parser's explanation, flattened to one line.
        message: String,
    },
    /// A value is present but unusable.
    #[error("invalid {setting} `{value}` (from {origin}): {reason}")]
    Invalid {
        /// The setting's name (`bind`, `database`, `log`).
        setting: &'static str,
        /// The offending value.
        value: String,
        /// Where it came from: defaults, a file, an environment variable or a flag.
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl ConfigError {
    /// Names the settings file `path` in an error from [`crate::config::parse_file`].
    pub fn in_file(self, path: &str) -> ConfigError {
        match self {
            ConfigError::ParseFile { message, .. } => ConfigError::ParseFile {
                path: path.to_owned(),
                message,
            },
            ConfigError::Invalid {
                setting,
                value,
                reason,
                ..
            } => ConfigError::Invalid {
                setting,
                value,
                origin: path.to_owned(),
                reason,
            },
            other => other,
        }
    }
}

/// A storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or migrated.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The database file.
        path: String,
        /// Why.
        source: sqlx::Error,
    },
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A staff member with this email already exists.
    #[error("a staff member with email {0} already exists")]
    DuplicateEmail(String),
    /// The conversation does not exist.
    #[error("unknown conversation {0}")]
    UnknownConversation(i64),
    /// The visitor token was revoked (forgotten or rotated away).
    #[error("revoked visitor token")]
    RevokedToken,
    /// A new visitor token is already in use or was revoked.
    #[error("visitor token not usable")]
    TokenTaken,
    /// A value read back from the database is out of range (corruption or a bug).
    #[error("unexpected value in database: {0}")]
    Corrupt(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
}

/// A failure at the library's entry points: starting the server or running an
/// administrative command.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Settings are invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The listener failed while serving.
    #[error("server I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// An administrative command was given bad input (one-line reason).
    #[error("{0}")]
    Invalid(String),
    /// Password hashing failed.
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// An HTTP handler's failure, turned into a status and an [`ErrorBody`].
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Wrong email or password (never says which).
    #[error("bad credentials")]
    BadCredentials,
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
    /// Too many requests; the client may retry after this many seconds.
    #[error("rate limited")]
    RateLimited {
        /// Seconds until a retry can succeed.
        retry_after_secs: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The code the client shows in its user's language.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadCredentials => ErrorCode::BadCredentials,
            AppError::Unauthorized => ErrorCode::Unauthorized,
            AppError::MalformedBody(_) => ErrorCode::MalformedFrame,
            AppError::ForeignOrigin => ErrorCode::ForeignOrigin,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Store(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadCredentials | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::MalformedBody(_) => StatusCode::BAD_REQUEST,
            AppError::ForeignOrigin => StatusCode::FORBIDDEN,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
            AppError::RateLimited { retry_after_secs } => (
                status,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                body,
            )
                .into_response(),
            _ => (status, body).into_response(),
        }
    }
}
