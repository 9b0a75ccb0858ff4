//! The HTTP surface as transport: each handler decodes a request, calls one
//! use case in [`crate::service`] and encodes its result. Endpoint paths are
//! wire facts and live in `yorisoi_protocol::http`.
//!
//! Modules:
//! - [`router`]: every route, with the guards and headers around them.
//! - [`guards`]: the Host check (against DNS rebinding), the origin/CSRF
//!   guard, the security headers and JSON bodies for every error.
//! - [`extractors`]: JSON bodies, the client's address, the server's own
//!   origin, and the staff session behind the cookie.
//! - [`staff`]: the staff API (login, logout, logout everywhere, me,
//!   organisation settings).
//! - [`team_settings`]: the settings page's own cards, canned replies and
//!   the team's week.
//! - [`cookie`]: the staff session cookie.
//! - [`upgrade`]: the two WebSocket upgrades, handing sockets to
//!   [`crate::socket`].
//! - [`widget`]: the widget page (framed only by its organisation's sites)
//!   and the organisation's public face for the loader.
//! - [`unread`]: the launcher's badge, asked by the loader on an
//!   organisation's site.
//! - [`cases`]: cases shared with the parent's consent, for staff and for
//!   the parent (issue 13).
//! - [`health`]: `/healthz` and `/readyz` for load balancers.
//! - [`privacy`]: a parent deleting or downloading their conversation, and
//!   the organisation's retention for its staff (issue 13).
//! - [`error`]: [`AppError`], the one error every handler answers with.

pub mod cases;
pub mod cookie;
pub mod error;
pub mod extractors;
pub mod guards;
pub mod health;
pub mod photos;
// Issue 13: delete and download from the widget, retention for staff.
pub mod privacy;
pub mod router;
pub mod staff;
pub mod team_settings;
pub mod unread;
pub mod upgrade;
pub mod widget;

pub use error::AppError;
pub use router::router;
