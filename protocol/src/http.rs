//! JSON bodies of the staff HTTP API.
//!
//! - `POST /api/staff/login` with [`LoginRequest`]: 204 and a session cookie,
//!   or 401 with [`ErrorBody`] `BadCredentials`.
//! - `POST /api/staff/logout`: 204, the session is ended and the cookie cleared.
//! - `POST /api/staff/logout-all`: 204, every session of this staff member is
//!   ended (their open consoles are disconnected).
//!
//! State-changing requests (every `POST`) must carry the header
//! [`CSRF_HEADER`]`: 1` and an `Origin` equal to the server's own origin;
//! otherwise 403 with `ForeignOrigin`. Refusals for too many requests are 429
//! with `RateLimited` and a `Retry-After` header.
//! - `GET /api/staff/me`: 200 with [`crate::model::StaffInfo`], or 401.
//!
//! Every error response of the API has an [`ErrorBody`].

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The header every state-changing request must carry. A form on another
/// site cannot set it, and a script on another site would need CORS, which
/// the server never grants.
pub const CSRF_HEADER: &str = "x-yorisoi-csrf";

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
