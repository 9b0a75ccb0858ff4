//! The staff console. [`mount`] is all the `yorisoi-console` binary calls.
//! It checks the session (`GET /api/staff/me`), shows the login form or the
//! workspace, and owns the console socket through [`session`].

mod conversation_list;
mod conversation_view;
mod header;
mod login;
mod session;
mod workspace;

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::model::StaffInfo;

use crate::api::staff;
use crate::contexts::i18n::provide_i18n_context;
use header::ConsoleHeader;
use login::LoginForm;
use workspace::Workspace;

/// Where the console's language choice is remembered.
pub const LANG_KEY: &str = "yorisoi.console.lang";

/// Renders the console into `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(ConsoleApp);
}

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

/// The console page.
#[component]
fn ConsoleApp() -> impl IntoView {
    let i18n = provide_i18n_context(crate::i18n::CONSOLE, LANG_KEY, "console-title");
    let auth = RwSignal::new(Auth::Checking);
    refresh_auth(auth);
    let body = move || match auth.get() {
        Auth::Checking => {
            view! { <p class="loading">{move || i18n.t("console-loading")}</p> }.into_any()
        }
        Auth::LoggedOut(farewell) => view! { <LoginForm auth=auth farewell=farewell /> }.into_any(),
        Auth::LoggedIn(info) => view! { <Workspace staff=info auth=auth /> }.into_any(),
    };
    view! {
        <div class="console">
            <ConsoleHeader auth=auth />
            {body}
        </div>
    }
}
