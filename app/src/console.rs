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
    /// No session: show the login form.
    LoggedOut,
    /// A staff member is logged in.
    LoggedIn(StaffInfo),
}

/// Asks the server who is logged in and updates `auth` (only when the
/// answer differs, so a logged-in workspace is not rebuilt). A network
/// failure keeps a logged-in console as it is (the socket retries) and
/// shows the login form on first load.
pub fn refresh_auth(auth: RwSignal<Auth>) {
    spawn_local(async move {
        let next = match staff::me().await {
            Ok(Some(info)) => Auth::LoggedIn(info),
            Ok(None) => Auth::LoggedOut,
            Err(_) if auth.get_untracked() == Auth::Checking => Auth::LoggedOut,
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
        Auth::LoggedOut => view! { <LoginForm auth=auth /> }.into_any(),
        Auth::LoggedIn(info) => view! { <Workspace staff=info auth=auth /> }.into_any(),
    };
    view! {
        <div class="console">
            <ConsoleHeader auth=auth />
            {body}
        </div>
    }
}
