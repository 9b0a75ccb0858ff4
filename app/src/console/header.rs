//! The console's top bar: title, who is signed in, language, logout, and
//! "Log out everywhere" (every session of this staff member, for a lost
//! phone or a shared computer left logged in).

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::ErrorCode;

use super::{Auth, Farewell};
use crate::api::staff::{self, StaffError};
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::i18n::use_i18n;

/// Title bar of the console.
#[component]
pub fn ConsoleHeader(
    /// The session; logout sets it to `LoggedOut`.
    auth: RwSignal<Auth>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move || match auth.get() {
        Auth::LoggedIn(info) => Some(info.name),
        _ => None,
    };
    let logout = move |_| {
        spawn_local(async move {
            // Logged out locally even if the request fails: the cookie is
            // the server's business, the screen is ours.
            let _ = staff::logout().await;
            auth.set(Auth::LoggedOut(None));
        });
    };
    // Unlike a plain logout, this one must not pretend: if the server did
    // not end the other sessions, the staff member has to know.
    let failed = RwSignal::new(false);
    let logout_all = move |_| {
        failed.set(false);
        spawn_local(async move {
            match staff::logout_all().await {
                Ok(()) => auth.set(Auth::LoggedOut(Some(Farewell::Everywhere))),
                Err(StaffError::Refused(ErrorCode::Unauthorized)) => {
                    auth.set(Auth::LoggedOut(Some(Farewell::SessionEnded)));
                }
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <header class="topbar">
            <h1>{move || i18n.t("console-title")}</h1>
            <div class="tools">
                {move || {
                    name()
                        .map(|name| {
                            view! {
                                <span class="signed-in">
                                    {move || i18n.t_with("console-signed-in", &[("name", name.as_str().into())])}
                                </span>
                                <button type="button" class="logout" on:click=logout>
                                    {move || i18n.t("logout")}
                                </button>
                                <button type="button" class="logout" on:click=logout_all>
                                    {move || i18n.t("logout-all")}
                                </button>
                            }
                        })
                }}
                <LanguageSwitch />
            </div>
            <p class="alert" role="alert">
                {move || failed.get().then(|| i18n.t("logout-all-failed"))}
            </p>
        </header>
    }
}
