//! What the whole console shares: who is using it ([`Auth`], kept fresh by
//! [`refresh_auth`]). A leaf module: every view imports it and it imports no
//! view, so the console's modules never import each other in a circle.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::model::StaffInfo;

use crate::api::staff;

/// Who is using the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Asking the server.
    Checking,
    /// No session: show the login form, with a note saying why if the
    /// staff member did not simply log out.
    LoggedOut(Option<Farewell>),
    /// A staff member is logged in.
    LoggedIn(StaffInfo),
}

impl Auth {
    /// The logged-in staff member, if any.
    pub fn staff(&self) -> Option<&StaffInfo> {
        match self {
            Auth::LoggedIn(info) => Some(info),
            _ => None,
        }
    }
}

/// Why the login form is back, when it is not an ordinary logout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Farewell {
    /// The server ended the session (timeout, logout elsewhere).
    SessionEnded,
    /// This staff member logged out on every device from here.
    Everywhere,
}

/// Asks the server who is logged in and updates `auth` (only when the
/// answer differs, so a logged-in workspace is not rebuilt). A session
/// that was open and is gone says so calmly on the login form. A network
/// failure keeps a logged-in console as it is (the socket retries) and
/// shows the login form on first load.
pub fn refresh_auth(auth: RwSignal<Auth>) {
    spawn_local(async move {
        let next = match staff::me().await {
            Ok(Some(info)) => Auth::LoggedIn(info),
            Ok(None) => Auth::LoggedOut(match auth.get_untracked() {
                Auth::LoggedIn(_) => Some(Farewell::SessionEnded),
                Auth::LoggedOut(farewell) => farewell,
                Auth::Checking => None,
            }),
            Err(_) if auth.get_untracked() == Auth::Checking => Auth::LoggedOut(None),
            Err(_) => return,
        };
        if auth.get_untracked() != next {
            auth.set(next);
        }
    });
}
