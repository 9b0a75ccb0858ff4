//! The message box and Send button. Enter sends and Shift+Enter adds a line,
//! but never while an input method is composing: in Japanese, Enter confirms
//! the kana-to-kanji conversion, and sending then would post half a word.

use leptos::prelude::*;
use web_sys::KeyboardEvent;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::limits::{MAX_MESSAGE_CHARS, check_message_body};
use yorisoi_protocol::text::normalise_body;

use crate::components::alert::Alert;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Characters left below which the remaining-count hint appears.
const HINT_BELOW: usize = 200;

/// True for an Enter that should send: no Shift and no IME composition
/// (`isComposing`, or keyCode 229 which Safari reports for the confirming key).
fn is_send_key(event: &KeyboardEvent) -> bool {
    event.key() == "Enter" && !event.shift_key() && !event.is_composing() && event.key_code() != 229
}

/// A composer. `on_send` gets a body cleaned and checked as the server
/// cleans and checks it (so the bubble shows exactly what staff will read);
/// the box is cleared once it has been handed over.
#[component]
pub fn Composer(
    /// Fluent id of the text box's accessible name ("Message" / "Reply").
    label_id: &'static str,
    /// Fluent id of the placeholder.
    placeholder_id: &'static str,
    /// Receives each message to send; returns an error to show instead.
    on_send: Callback<String, Option<ErrorCode>>,
    /// Told at each keystroke (for the "typing" hint the other side sees).
    #[prop(optional)]
    on_typing: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let submit = move || {
        let body = normalise_body(&text.get_untracked());
        let refused = check_message_body(&body)
            .err()
            .or_else(|| on_send.run(body));
        error.set(refused);
        if refused.is_none() {
            text.set(String::new());
        }
    };
    let hint = move || {
        let used = text.with(|t| t.chars().count());
        // Empty rather than `None` (see `super::alert`).
        if used > MAX_MESSAGE_CHARS {
            i18n.t_with(
                "chars-over",
                &[("count", (used - MAX_MESSAGE_CHARS).into())],
            )
        } else if MAX_MESSAGE_CHARS - used < HINT_BELOW {
            i18n.t_with(
                "chars-remaining",
                &[("count", (MAX_MESSAGE_CHARS - used).into())],
            )
        } else {
            String::new()
        }
    };
    view! {
        <form
            class="composer"
            on:submit=handler(move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                submit();
            })
        >
            <textarea
                rows="2"
                aria-label=i18n.text(label_id)
                placeholder=i18n.text(placeholder_id)
                prop:value=text
                on:input=handler(move |event: web_sys::Event| {
                    text.set(event_target_value(&event));
                    error.set(None);
                    if let Some(on_typing) = on_typing {
                        on_typing.run(());
                    }
                })
                on:keydown=move |event: KeyboardEvent| {
                    if is_send_key(&event) {
                        event.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <button type="submit" class="send">{i18n.text("send")}</button>
            <p class="hint" aria-live="polite">{hint}</p>
            <Alert code=error />
        </form>
    }
}
