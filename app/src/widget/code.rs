//! The consultation code, for a parent who wants to continue elsewhere: on
//! another device, or after closing a page whose browser could keep nothing
//! (then the footer says so and offers the code before the first message).
//! "Get a consultation code" sits beside "Forget this device" and shows the
//! code the server gives ([`WidgetSession::ask_code`]); before a first
//! message, the welcome offers to continue with a code instead
//! ([`WidgetSession::use_code`]), which brings the whole conversation here.
//! A wrong code is explained by the footer's alert, like any refusal.
//!
//! The parts without a reactive attribute of their own are markup in a
//! string, not views (as the console's shortcut help): each `view!` shape
//! costs the widget's wasm its own code, a string only its few bytes. The
//! only text put in the markup is this widget's own Fluent messages (kept
//! free of markup characters, see the tests) and a code the session
//! normalised (digits and capitals only).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::code::grouped;

use super::session::WidgetSession;
use crate::contexts::i18n::{I18n, use_i18n};
use crate::erased::handler;

/// "Get a consultation code" and, once given, the code with what it does.
#[component]
pub fn ShowCode(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    // The status line is there from the start, empty (and without space,
    // see widget.css) until a code came, so its change is announced.
    view! {
        <div class="code-show">
            <button type="button" class="link-button" on:click=handler(move |_| session.ask_code())>
                {i18n.text("code-get")}
            </button>
            <p role="status" inner_html=markup(session, i18n, told)></p>
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
    // Submit bubbles from the form up to here.
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let input = event
            .target()
            .and_then(|form| {
                form.unchecked_into::<web_sys::Element>()
                    .query_selector("input")
                    .ok()
            })
            .flatten();
        if let Some(input) = input {
            session.use_code(&input.unchecked_into::<web_sys::HtmlInputElement>().value());
        }
    };
    view! { <details class="code-use" inner_html=markup(session, i18n, form) on:submit=handler(submit)></details> }
}

/// Markup in the current language, rebuilt when it (or what `build` reads)
/// changes: one closure type for every markup part of the widget, so one
/// copy of its code in the wasm.
pub(super) fn markup(
    session: WidgetSession,
    i18n: I18n,
    build: fn(WidgetSession, I18n) -> String,
) -> impl Fn() -> String {
    move || build(session, i18n)
}

/// "Your consultation code: …" once the server gave one, else nothing.
fn told(session: WidgetSession, i18n: I18n) -> String {
    session
        .code
        .get()
        .map(|code| {
            let hours = i64::from(session.code_hours.get_value());
            [
                i18n.t("code-yours").as_str(),
                " <strong class=\"code\">",
                &grouped(&code),
                "</strong> ",
                &i18n.t_with("code-keep", &[("hours", hours.into())]),
            ]
            .concat()
        })
        .unwrap_or_default()
}

/// The inside of "Have a consultation code?".
fn form(_: WidgetSession, i18n: I18n) -> String {
    [
        "<summary>",
        &i18n.t("code-have"),
        r#"</summary><form><label><span>"#,
        &i18n.t("code-label"),
        r#"</span><input type="text" autocomplete="off" spellcheck="false" maxlength="20"></label><button type="submit">"#,
        &i18n.t("code-continue"),
        "</button></form>",
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::WIDGET;

    #[test]
    fn the_code_texts_carry_no_markup_in_either_language() {
        let ids = [
            "code-yours",
            "code-keep",
            "code-have",
            "code-label",
            "code-continue",
        ];
        assert_free_of_markup(WIDGET, &ids, &['<', '>', '&', '"']);
    }
}
