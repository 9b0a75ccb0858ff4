//! The staff console. [`mount`] is all the `yorisoi-console` binary calls.
//! It checks the session (`GET /api/staff/me`), shows the login form or the
//! workspace, and owns the console socket through [`session`]. Everyone
//! finds a link to their profile and settings in the header: a page and a
//! wasm app of their own ([`crate::settings`]), so the console does not
//! carry them.
//!
//! Imports run one way, never in a circle: this module uses the views;
//! views use the views they contain (`login` its `login_field`s,
//! `workspace` the conversation list, which ends with
//! `more_conversations`, and view, which holds `canned` beside the reply
//! box, `header` the `shortcut_help`)
//! and the leaves `session` (which keeps its `threads`),
//! `conversation_page`, `state`, `focus` (where the keyboard goes) and
//! `shortcuts` (the keys that move it), which use no view.

mod alerts;
mod canned;
mod conversation_list;
mod conversation_page;
mod conversation_view;
mod focus;
mod header;
mod list_tools;
mod login;
mod login_field;
mod more_conversations;
mod notes;
mod session;
mod shortcut_help;
mod shortcuts;
mod state;
mod status_line;
mod threads;
mod work_tools;
mod workspace;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::organisation::OrganisationSettings;

use crate::api::staff;
use crate::contexts::i18n::{LangKeeping, provide_i18n_context};
use crate::erased::effect;
use crate::fresh::Fresh;
use header::ConsoleHeader;
use login::LoginForm;
pub use state::{Auth, Farewell, refresh_auth};
use workspace::Workspace;

/// Where the console's language choice is remembered.
pub const LANG_KEY: &str = "yorisoi.console.lang";

/// Renders the console into `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(ConsoleApp);
}

/// Follows the session: a new login learns its organisation (its name goes
/// in the header); a logout forgets it.
fn follow_login(auth: RwSignal<Auth>, organisation: RwSignal<Option<OrganisationSettings>>) {
    effect(Box::new(move || {
        if auth.with(|auth| auth.staff().is_none()) {
            organisation.set(None);
            return;
        }
        spawn_local(async move {
            let loaded = staff::organisation().await;
            let still_in = auth.with_untracked(|auth| auth.staff().is_some());
            if let (Ok(settings), true) = (loaded, still_in) {
                organisation.set(Some(settings));
            }
        });
    }));
}

/// The console page.
#[component]
fn ConsoleApp() -> impl IntoView {
    let keeping = LangKeeping {
        key: LANG_KEY,
        get: crate::browser::storage_get,
        set: crate::browser::storage_set,
    };
    let i18n = provide_i18n_context(crate::i18n::CONSOLE, keeping, "console-title");
    let auth = RwSignal::new(Auth::Checking);
    let organisation = RwSignal::new(None::<OrganisationSettings>);
    refresh_auth(auth);
    follow_login(auth, organisation);
    // Each screen is built `Fresh` when the session changes: a login form
    // or a workspace is never patched into another one.
    let body = move || match auth.get() {
        Auth::Checking => EitherOf3::A(Fresh(
            view! { <p class="loading">{i18n.text("console-loading")}</p> },
        )),
        Auth::LoggedOut(farewell) => {
            EitherOf3::B(Fresh(view! { <LoginForm auth=auth farewell=farewell /> }))
        }
        Auth::LoggedIn(info) => EitherOf3::C(Fresh(view! { <Workspace staff=info auth=auth /> })),
    };
    view! {
        <div class="console">
            <ConsoleHeader auth=auth organisation=organisation />
            {body}
        </div>
    }
}
