//! The console's top bar: title, who is signed in, language, logout.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Auth;
use crate::api::staff;
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
            auth.set(Auth::LoggedOut);
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
                            }
                        })
                }}
                <LanguageSwitch />
            </div>
        </header>
    }
}
