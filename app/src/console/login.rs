//! The staff login form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yorisoi_protocol::ErrorCode;

use super::{Auth, refresh_auth};
use crate::api::staff;
use crate::components::alert::Alert;
use crate::contexts::i18n::use_i18n;

/// Email and password; on success the console loads the workspace.
#[component]
pub fn LoginForm(
    /// The session, refreshed after a successful login.
    auth: RwSignal<Auth>,
) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let busy = RwSignal::new(false);
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (email, password) = (email.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match staff::login(email, password).await {
                Ok(()) => {
                    error.set(None);
                    refresh_auth(auth);
                }
                Err(refused) => error.set(Some(refused.code())),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="login">
            <form on:submit=submit>
                <h2>{move || i18n.t("login-heading")}</h2>
                <label>
                    <span>{move || i18n.t("login-email")}</span>
                    <input
                        type="email"
                        autocomplete="username"
                        required
                        prop:value=move || email.get()
                        on:input=move |event| email.set(event_target_value(&event))
                    />
                </label>
                <label>
                    <span>{move || i18n.t("login-password")}</span>
                    <input
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                </label>
                <button type="submit" disabled=move || busy.get()>{move || i18n.t("login-submit")}</button>
                <Alert code=error />
            </form>
        </main>
    }
}
