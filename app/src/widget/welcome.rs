//! What a parent sees above the conversation: the organisation's greeting
//! (or a few standard reassuring words), which stays, and before their
//! first message an optional nickname.

use leptos::prelude::*;
use yorisoi_protocol::limits::MAX_NICKNAME_CHARS;

use super::face::Face;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// The welcome note and the nickname field.
#[component]
pub fn Welcome(
    /// The nickname being typed (sent with the first message).
    nickname: RwSignal<String>,
    /// The organisation, whose greeting replaces the standard one.
    face: Face,
) -> impl IntoView {
    let i18n = use_i18n();
    let greeting = move || {
        face.greeting(i18n.lang())
            .unwrap_or_else(|| i18n.t("widget-welcome"))
    };
    view! {
        // After the first message the nickname is fixed: widget.css hides
        // its field once the log holds a bubble (no reactive class: one
        // less closure type in the wasm), the greeting stays.
        <section class="welcome">
            <p class="greeting">{greeting}</p>
            <label class="nickname">
                <span>{i18n.text("widget-nickname")}</span>
                <input
                    type="text"
                    autocomplete="nickname"
                    maxlength=MAX_NICKNAME_CHARS.to_string()
                    prop:value=nickname
                    on:input=handler(move |event: web_sys::Event| nickname.set(event_target_value(&event)))
                />
            </label>
        </section>
    }
}
