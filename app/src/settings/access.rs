//! Who may use the settings page, asked once when it opens: the session
//! (`GET /api/staff/me`) and, for anyone logged in, their organisation
//! (`GET /api/staff/organisation`, which any staff member may read). A leaf
//! module: the views import it and it imports no view.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::organisation::OrganisationSettings;

use crate::api::staff;

/// The console: the conversations, and the login form when logged out.
pub const CONSOLE_PATH: &str = "/console";

/// What the page may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Asking the server.
    Checking,
    /// No session: the way to log in is on the console.
    LoggedOut,
    /// Logged in, not an admin: their own profile and hours, canned
    /// replies and the week show, not the organisation's settings.
    NotAdmin,
    /// An admin, whose organisation is loaded: the sections show.
    Admin,
    /// The server could not tell (offline, or it refused for this reason).
    Failed(ErrorCode),
}

/// Asks the server, fills `organisation` and then decides `access` (in that
/// order, so the sections always find the organisation loaded).
pub fn check_access(
    access: RwSignal<Access>,
    organisation: RwSignal<Option<OrganisationSettings>>,
) {
    spawn_local(async move {
        let staff = match staff::me().await {
            Ok(Some(staff)) => staff,
            Ok(None) => {
                access.set(Access::LoggedOut);
                return;
            }
            Err(error) => {
                access.set(Access::Failed(error.code()));
                return;
            }
        };
        let loaded = staff::organisation().await;
        let decided = match (&loaded, staff.admin) {
            (Ok(_), true) => Access::Admin,
            (Err(error), true) => Access::Failed(error.code()),
            (_, false) => Access::NotAdmin,
        };
        if let Ok(settings) = loaded {
            organisation.set(Some(settings));
        }
        access.set(decided);
    });
}
