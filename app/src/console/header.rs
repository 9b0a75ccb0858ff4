//! The console's top bar: title and the organisation's name, who is signed
//! in, a link to "Profile and settings" (a page of its own,
//! [`crate::settings`]: everyone's own profile and hours, canned replies,
//! the team's week, and for admins the organisation's settings), "Keyboard shortcuts", language, logout, and "Log
//! out everywhere" (every session of this staff member, for a lost phone or
//! a shared computer left logged in).

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::organisation::OrganisationSettings;

use super::shortcut_help::ShortcutHelp;
use super::state::{Auth, Farewell};
use crate::api::staff::{self, StaffError};
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;
use crate::fresh::Fresh;

/// Title bar of the console.
#[component]
pub fn ConsoleHeader(
    /// The session; logout sets it to `LoggedOut`.
    auth: RwSignal<Auth>,
    /// The staff member's organisation, once known (its name is shown).
    organisation: RwSignal<Option<OrganisationSettings>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move || auth.with(|auth| auth.staff().map(|staff| staff.name.clone()));
    // Texts that may be empty are plain strings, empty when there is
    // nothing to say: the wasm then carries one kind of reactive text.
    let organisation_name = move || {
        let lang = i18n.lang();
        organisation.with(|settings| {
            settings
                .as_ref()
                .map(|settings| settings.face.name(lang).to_owned())
                .unwrap_or_default()
        })
    };
    let failed = RwSignal::new(false);
    // Logs out here, or `everywhere`. One task and one button shape for
    // both (see `logout_button`), so the wasm carries one copy of each.
    let logout = move |everywhere: bool| {
        if everywhere {
            failed.set(false);
        }
        spawn_local(async move {
            if !everywhere {
                // Logged out locally even if the request fails: the cookie
                // is the server's business, the screen is ours.
                let _ = staff::logout().await;
                auth.set(Auth::LoggedOut(None));
                return;
            }
            // Unlike a plain logout, this one must not pretend: if the
            // server did not end the other sessions, the staff member has
            // to know.
            match staff::logout_all().await {
                Ok(()) => auth.set(Auth::LoggedOut(Some(Farewell::Everywhere))),
                Err(StaffError::Refused(ErrorCode::Unauthorized)) => {
                    auth.set(Auth::LoggedOut(Some(Farewell::SessionEnded)));
                }
                Err(_) => failed.set(true),
            }
        });
    };
    let logout_button = move |label_id: &'static str, everywhere: bool| {
        view! {
            <button type="button" class="tool" on:click=handler(move |_| logout(everywhere))>
                {i18n.text(label_id)}
            </button>
        }
    };
    // A plain link: the settings page loads only when someone goes there.
    let settings_link = move || {
        Fresh(view! {
            <a class="tool" href=crate::settings::PATH>
                {i18n.text("console-settings")}
            </a>
        })
    };
    view! {
        <header class="topbar">
            <div class="titles">
                <h1>{i18n.text("console-title")}</h1>
                <p class="organisation-name">{organisation_name}</p>
            </div>
            <div class="tools">
                {move || {
                    name()
                        .map(|name| {
                            Fresh(view! {
                                <span class="signed-in">
                                    {move || i18n.t_with("console-signed-in", &[("name", name.as_str().into())])}
                                </span>
                                {settings_link}
                                <ShortcutHelp />
                                {logout_button("logout", false)}
                                {logout_button("logout-all", true)}
                            })
                        })
                }}
                <LanguageSwitch />
            </div>
            <p class="alert" role="alert">
                {move || {
                    if failed.get() { i18n.t("logout-all-failed") } else { String::new() }
                }}
            </p>
        </header>
    }
}
