//! JSON bodies of the staff HTTP API.
//!
//! - `POST /api/staff/login` with [`LoginRequest`]: 204 and a session cookie,
//!   or 401 with [`ErrorBody`] `BadCredentials`.
//! - `POST /api/staff/logout`: 204, the session is ended and the cookie cleared.
//! - `GET /api/staff/me`: 200 with [`crate::model::StaffInfo`], or 401.
//!
//! Every error response of the API has an [`ErrorBody`].

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// Staff login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The staff member's email, compared case-insensitively.
    pub email: String,
    /// Their password.
    pub password: String,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Why; the client shows it in its user's language.
    pub error: ErrorCode,
}
