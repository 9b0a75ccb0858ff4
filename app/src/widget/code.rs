//! The consultation code, for a parent who wants to continue elsewhere: on
//! another device, or after closing a page whose browser could keep nothing
//! (then the footer says so and offers the code before the first message).
//! "Get a consultation code" sits beside "Forget this device" and shows the
//! code the server gives ([`WidgetSession::ask_code`]); before a first
//! message, the welcome offers to continue with a code instead
//! ([`WidgetSession::use_code`]), which brings the whole conversation here.
//! A wrong code is explained by the footer's alert, like any refusal.
//!

use leptos::prelude::*;
use yorisoi_protocol::code::grouped;

use super::session::WidgetSession;
use crate::contexts::i18n::use_i18n;

/// "Get a consultation code" and, once given, the code with what it does.
#[component]
pub fn ShowCode(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = session.code;
    // One static shape, hidden until a code came (present from the start,
    // so its change is announced).
    view! {
        <div class="code-show">
            <button type="button" class="link-button" on:click=move |_| session.ask_code()>
                {i18n.text("code-get")}
            </button>
            <p role="status" hidden=move || code.with(Option::is_none)>
                {i18n.text("code-yours")} " "
                <strong class="code">{move || code.get().map(|code| grouped(&code))}</strong>
                " " {i18n.text("code-keep")}
            </p>
        </div>
    }
}

/// "Have a consultation code?": a small form to bring a conversation here.
#[component]
pub fn UseCode(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <details class="code-use">
            <summary>{i18n.text("code-have")}</summary>
            <form on:submit=move |event| {
                event.prevent_default();
                if let Some(input) = input.get_untracked() {
                    session.use_code(&input.value());
                }
            }>
                <label>
                    <span>{i18n.text("code-label")}</span>
                    <input type="text" autocomplete="off" spellcheck="false" maxlength="20" node_ref=input />
                </label>
                <button type="submit">{i18n.text("code-continue")}</button>
            </form>
        </details>
    }
}
