//! The HTTP surface: every endpoint path (the sockets' too) and the JSON
//! bodies of the staff API.
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
//! - `GET /api/staff/organisation`: 200 with the staff member's
//!   [`crate::organisation::OrganisationSettings`], or 401.
//! - `POST /api/staff/organisation` with an
//!   [`crate::organisation::OrganisationFace`]: an organisation admin changes
//!   what parents see; 200 with the saved settings, 403 `Forbidden` for
//!   staff who are not admins, 400 `InvalidSettings` when a rule is broken.
//!
//! Public, for any page (no cookie, `Access-Control-Allow-Origin: *`):
//! - `GET /api/widget/face?host=<origin>`: 200 with the
//!   [`crate::organisation::OrganisationFace`] of the organisation that site
//!   belongs to (the loader colours and places the launcher with it), or 404
//!   `ForeignOrigin` for a site of no organisation.
//!
//! Public, for the pages of an organisation's sites (no cookie, the
//! request's `Origin` must be one of those sites):
//! - `POST /api/widget/unread` with the visitor token as a `text/plain`
//!   body (a CORS simple request: no preflight, and the token is never in a
//!   URL): 200 with a JSON number, the staff replies the parent has not
//!   seen (at most [`MAX_UNREAD_TOLD`]), and `Access-Control-Allow-Origin`
//!   naming that site. An unknown, ill-formed or revoked token, or one of
//!   another organisation, is 0. 403 `ForeignOrigin` without CORS headers
//!   for an origin of no organisation; 429 `RateLimited` per address. It is
//!   exempt from the origin/CSRF rule above: it comes from other sites by
//!   design and changes nothing.
//!
//! The widget page `/widget?host=<origin>` carries the same face as JSON in
//! `<script type="application/json" id="yorisoi-face">`, so the widget shows
//! the organisation's name and greeting before its socket opens.
//!
//! Every error response has an [`ErrorBody`]: of the API, of a refused
//! WebSocket handshake, of an unknown path (404) or method (405), and of a
//! request whose `Host` is not the server's (421 `ForeignOrigin`).

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The parent's WebSocket.
pub const WIDGET_SOCKET: &str = "/api/widget/ws";
/// The staff console's WebSocket.
pub const CONSOLE_SOCKET: &str = "/api/console/ws";
/// Staff login.
pub const STAFF_LOGIN: &str = "/api/staff/login";
/// Staff logout.
pub const STAFF_LOGOUT: &str = "/api/staff/logout";
/// Staff logout on every device.
pub const STAFF_LOGOUT_ALL: &str = "/api/staff/logout-all";
/// Who is logged in.
pub const STAFF_ME: &str = "/api/staff/me";
/// The logged-in staff member's organisation settings.
pub const STAFF_ORGANISATION: &str = "/api/staff/organisation";
/// The staff the logged-in staff member may edit (themselves; an admin:
/// everyone), as [`crate::profile::StaffCard`]s; under it
/// `/{id}/profile` ([`crate::profile::ProfileEdit`]), `/{id}/hours` (a
/// [`crate::schedule::Schedule`]) and `/{id}/photo` (the picture's bytes;
/// an empty body removes it), each answering the card as saved, 403
/// `Forbidden` for someone else's, 400 `InvalidSettings` for a broken rule.
pub const STAFF_TEAM: &str = "/api/staff/team";
/// The organisation's canned replies: `GET` the list, `POST` a
/// [`crate::canned::CannedDraft`] to add one; `POST /{id}` to change one,
/// `POST /{id}/delete` to remove it (any staff member of the organisation).
pub const STAFF_CANNED: &str = "/api/staff/canned";
/// The team's week so far ([`crate::profile::WeekLoad`]), for any staff member.
pub const STAFF_LOAD: &str = "/api/staff/load";
/// An organisation's public face, by the embedding site (`?host=`).
pub const WIDGET_FACE: &str = "/api/widget/face";
/// The launcher's badge: how many staff replies the parent has not seen.
pub const WIDGET_UNREAD: &str = "/api/widget/unread";
/// The most unread replies `WIDGET_UNREAD` counts: the badge shows a small
/// number, and the count stays one short indexed scan however long a
/// parent stays away.
pub const MAX_UNREAD_TOLD: u32 = 99;

/// Staff photos: `/api/photos/{organisation}/{staff}/{version}` (public;
/// the team in the widget names each photo's path).
pub const STAFF_PHOTOS: &str = "/api/photos";

/// Liveness for a load balancer: the process answers (`200 ok`).
pub const HEALTHZ: &str = "/healthz";

/// Readiness for a load balancer: the database answers too (`200 ready`,
/// else `503`), so traffic goes to a node that can serve it.
pub const READYZ: &str = "/readyz";
/// The element of the widget page holding the organisation's face as JSON.
pub const FACE_ELEMENT_ID: &str = "yorisoi-face";

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
