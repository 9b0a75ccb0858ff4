//! Error codes sent to clients. The server never sends prose: each client
//! turns a code into a sentence in its user's language (Fluent id
//! `error-<code in kebab-case>`), so a parent reading Japanese never sees an
//! English error.

use serde::{Deserialize, Serialize};

/// Why the server refused a frame or a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    /// The message body has nothing visible: empty, or only whitespace,
    /// zero-width or control characters (see [`crate::text::has_visible`]).
    EmptyMessage,
    /// The message body is longer than [`crate::limits::MAX_MESSAGE_CHARS`].
    MessageTooLong,
    /// The nickname is longer than [`crate::limits::MAX_NICKNAME_CHARS`].
    NicknameTooLong,
    /// The nickname contains a word that names the organisation's team
    /// (see [`crate::text::poses_as_staff`]).
    NicknameNotAllowed,
    /// The frame was not valid JSON for this socket, or too large.
    MalformedFrame,
    /// A frame other than `Hello` came before `Hello`.
    HelloFirst,
    /// The visitor token was revoked. The widget forgets it and starts
    /// afresh with a new one; nothing on the server is lost.
    UnknownToken,
    /// The visitor token is not 64 lowercase hex digits.
    BadToken,
    /// The conversation does not exist.
    UnknownConversation,
    /// The client id is not a UUID.
    BadClientId,
    /// Email or password is wrong (never says which).
    BadCredentials,
    /// No valid staff session.
    Unauthorized,
    /// Too many requests; try again later.
    RateLimited,
    /// Too many new conversations from this client address just now (many
    /// parents behind one network, or a script): a first message waits.
    BusyNetwork,
    /// The request came from a page of another site (its `Origin`), or the
    /// widget is embedded on a site that is not allowed.
    ForeignOrigin,
    /// Something failed on the server; the message was not stored.
    Internal,
    /// The staff member may not do this (an admin's task).
    Forbidden,
    /// Organisation settings break a rule (see
    /// [`crate::organisation::OrganisationFace::check`]).
    InvalidSettings,
    /// No conversation has this consultation code (mistyped, or replaced
    /// by a newer one).
    UnknownCode,
}

impl ErrorCode {
    /// The Fluent message id that explains this error to a user.
    pub fn fluent_id(self) -> &'static str {
        match self {
            ErrorCode::EmptyMessage => "error-empty-message",
            ErrorCode::MessageTooLong => "error-message-too-long",
            ErrorCode::NicknameTooLong => "error-nickname-too-long",
            ErrorCode::NicknameNotAllowed => "error-nickname-not-allowed",
            ErrorCode::MalformedFrame => "error-malformed-frame",
            ErrorCode::HelloFirst => "error-hello-first",
            ErrorCode::UnknownToken => "error-unknown-token",
            ErrorCode::BadToken => "error-bad-token",
            ErrorCode::UnknownConversation => "error-unknown-conversation",
            ErrorCode::BadClientId => "error-bad-client-id",
            ErrorCode::BadCredentials => "error-bad-credentials",
            ErrorCode::Unauthorized => "error-unauthorized",
            ErrorCode::RateLimited => "error-rate-limited",
            ErrorCode::BusyNetwork => "error-busy-network",
            ErrorCode::ForeignOrigin => "error-foreign-origin",
            ErrorCode::Internal => "error-internal",
            ErrorCode::Forbidden => "error-forbidden",
            ErrorCode::InvalidSettings => "error-invalid-settings",
            ErrorCode::UnknownCode => "error-unknown-code",
        }
    }

    /// Every code, for tests that check each has a translation.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::EmptyMessage,
        ErrorCode::MessageTooLong,
        ErrorCode::NicknameTooLong,
        ErrorCode::NicknameNotAllowed,
        ErrorCode::MalformedFrame,
        ErrorCode::HelloFirst,
        ErrorCode::UnknownToken,
        ErrorCode::BadToken,
        ErrorCode::UnknownConversation,
        ErrorCode::BadClientId,
        ErrorCode::BadCredentials,
        ErrorCode::Unauthorized,
        ErrorCode::RateLimited,
        ErrorCode::BusyNetwork,
        ErrorCode::ForeignOrigin,
        ErrorCode::Internal,
        ErrorCode::Forbidden,
        ErrorCode::InvalidSettings,
        ErrorCode::UnknownCode,
    ];
}
