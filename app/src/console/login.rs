//! The staff login form, with a calm note when a session ended on its own
//! (or was ended everywhere), and its own words for throttled logins.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yorisoi_protocol::ErrorCode;

use super::login_field::LoginField;
use super::state::{Auth, Farewell, refresh_auth};
use crate::api::staff;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Email and password; on success the console loads the workspace.
#[component]
pub fn LoginForm(
    /// The session, refreshed after a successful login.
    auth: RwSignal<Auth>,
    /// Why the form is back, if not an ordinary logout.
    farewell: Option<Farewell>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ErrorCode>);
    // Plain strings, empty when there is nothing to say (one kind of
    // reactive text in the wasm, see `crate::components::alert`).
    let note = move || match farewell {
        Some(Farewell::SessionEnded) => i18n.t("login-session-ended"),
        Some(Farewell::Everywhere) => i18n.t("login-logged-out-everywhere"),
        None => String::new(),
    };
    // Throttled logins get their own words: "sending a lot" fits messages.
    let alert = move || match error.get() {
        Some(ErrorCode::RateLimited) => i18n.t("login-rate-limited"),
        Some(code) => i18n.t(code.fluent_id()),
        None => String::new(),
    };
    let busy = RwSignal::new(false);
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        // What is in the two boxes now, read from the form being sent.
        let form = event
            .target()
            .map(|form| form.unchecked_into::<web_sys::Element>());
        let typed = |kind: &str| {
            form.as_ref()
                .and_then(|form| {
                    form.query_selector(&["input[type=", kind, "]"].concat())
                        .ok()
                        .flatten()
                })
                .map(|input| input.unchecked_into::<web_sys::HtmlInputElement>().value())
                .unwrap_or_default()
        };
        let (email, password) = (typed("email"), typed("password"));
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
            <form on:submit=handler(submit)>
                <h2>{i18n.text("login-heading")}</h2>
                <p class="notice" role="status">{note}</p>
                <LoginField label_id="login-email" kind="email" autocomplete="username" />
                <LoginField
                    label_id="login-password"
                    kind="password"
                    autocomplete="current-password"
                />
                <button type="submit" disabled=move || busy.get().then_some("")>
                    {i18n.text("login-submit")}
                </button>
                <p class="alert" role="alert">{alert}</p>
            </form>
        </main>
    }
}
