//! The server's error types, one `thiserror` enum per boundary: settings
//! ([`ConfigError`]), storage ([`StoreError`]), use cases ([`ServiceError`])
//! and the library's entry points ([`ServerError`]). None of them meets a
//! client directly: transport turns a [`ServiceError`] into an error code
//! (`crate::http::AppError` for HTTP, an `Error` frame on sockets), logging
//! the real cause and never sending prose or internals.

use yorisoi_protocol::{ClientId, ErrorCode};

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
    /// The client id names another author's message in this conversation.
    #[error("client id used by another author")]
    ClientIdTaken,
    /// A new visitor token is already in use or was revoked.
    #[error("visitor token not usable")]
    TokenTaken,
    /// An organisation with this slug already exists.
    #[error("an organisation with slug `{0}` already exists")]
    DuplicateSlug(String),
    /// The origin already belongs to another organisation.
    #[error("origin `{origin}` already belongs to organisation `{slug}`")]
    OriginTaken {
        /// The origin.
        origin: String,
        /// The organisation holding it.
        slug: String,
    },
    /// The organisation does not exist.
    #[error("unknown organisation {0}")]
    UnknownOrganisation(i64),
    /// A value read back from the database is out of range (corruption or a bug).
    #[error("unexpected value in database: {0}")]
    Corrupt(String),
    /// The database's writer has stopped (the server is shutting down).
    #[error("the database writer has stopped")]
    WriterStopped,
    /// A failure of the writer's connection (see `store::sqlite`'s writer).
    #[error("database error: {0}")]
    Write(#[from] rusqlite::Error),
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

impl From<ServiceError> for ServerError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Store(error) => ServerError::Store(error),
            ServiceError::Invalid(message) => ServerError::Invalid(message),
            other => ServerError::Invalid(other.to_string()),
        }
    }
}

/// A use case refused or failed. Each refusal maps to the [`ErrorCode`] a
/// client shows; a storage failure is logged and shown as `Internal`.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Refused for a reason the client can explain to its user.
    #[error("refused: {code:?}")]
    Refused {
        /// Why.
        code: ErrorCode,
        /// The message the refusal is about, if any.
        client_id: Option<ClientId>,
    },
    /// Too many requests; a retry can succeed after this many seconds.
    #[error("rate limited ({code:?})")]
    RateLimited {
        /// `RateLimited`, or `BusyNetwork` for new conversations of an address.
        code: ErrorCode,
        /// Seconds until a retry can succeed.
        retry_after_secs: u64,
        /// The message refused, if any.
        client_id: Option<ClientId>,
    },
    /// A first message from a busy address needs a proof of work for this
    /// connection's challenge (see `yorisoi_protocol::proof`).
    #[error("proof of work required ({bits} bits)")]
    ProofRequired {
        /// The connection's challenge.
        challenge: String,
        /// Leading zero bits asked for.
        bits: u8,
    },
    /// An operator's command is invalid (a one-line reason for the CLI).
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// A refusal with `code`, about no message in particular.
    pub fn refused(code: ErrorCode) -> Self {
        ServiceError::Refused {
            code,
            client_id: None,
        }
    }

    /// A refusal with `code` about the message `client_id`.
    pub fn about(code: ErrorCode, client_id: &ClientId) -> Self {
        ServiceError::Refused {
            code,
            client_id: Some(client_id.clone()),
        }
    }

    /// Refused by a limit (`RateLimited`): a retry can succeed in `secs`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        ServiceError::RateLimited {
            code: ErrorCode::RateLimited,
            retry_after_secs,
            client_id: None,
        }
    }

    /// Seconds until a retry can succeed, for a refusal by a limit.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ServiceError::RateLimited {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The code the client shows in its user's language.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Refused { code, .. } => *code,
            ServiceError::RateLimited { code, .. } => *code,
            ServiceError::ProofRequired { .. } => ErrorCode::BusyNetwork,
            ServiceError::Invalid(_) => ErrorCode::InvalidSettings,
            ServiceError::Store(_) | ServiceError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The message the error is about, if any.
    pub fn client_id(&self) -> Option<ClientId> {
        match self {
            ServiceError::Refused { client_id, .. }
            | ServiceError::RateLimited { client_id, .. } => client_id.clone(),
            ServiceError::ProofRequired { .. }
            | ServiceError::Invalid(_)
            | ServiceError::Store(_)
            | ServiceError::Internal(_) => None,
        }
    }

    /// Names the message `client_id` in a failure that did not name one.
    pub fn with_client_id(self, client_id: &ClientId) -> Self {
        match self {
            ServiceError::Refused {
                code,
                client_id: None,
            } => ServiceError::about(code, client_id),
            ServiceError::RateLimited {
                code,
                retry_after_secs,
                client_id: None,
            } => ServiceError::RateLimited {
                code,
                retry_after_secs,
                client_id: Some(client_id.clone()),
            },
            other => other,
        }
    }

    /// Logs what the client will not be told (storage and internal failures).
    pub fn log(&self, context: &'static str) {
        match self {
            ServiceError::Store(_) | ServiceError::Internal(_) => {
                tracing::error!(error = %self, context, "request failed");
            }
            ServiceError::Refused { .. }
            | ServiceError::RateLimited { .. }
            | ServiceError::ProofRequired { .. }
            | ServiceError::Invalid(_) => {
                tracing::debug!(error = %self, context, "request refused");
            }
        }
    }
}
