//! Cases sent to the parent for consent (issue 13), above the composer:
//! the cards the server writes in the widget's language (the server's
//! `consent_cards` module: the exact words staff would share, "Approve",
//! "Decline", "Withdraw consent"), kept by the session
//! ([`WidgetSession::cases`]). Here only the answer: a click on a card's
//! button sends its case, its class and the digest of the words shown
//! ([`WidgetSession::decide`]). The card is then written anew, so focus
//! moves to its new status line (`case-<id>`), which a screen reader
//! reads. Written by the server, the cards cost the widget's wasm this
//! string and listener, not a view per case and state.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::cases::Decision;

use super::forget::focus_is_lost;
use super::session::WidgetSession;
use crate::browser;
use crate::erased::{effect, handler};

/// The cards, if any.
#[component]
pub fn Cases(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let cards = session.cases;
    let answered = StoredValue::new(String::new());
    effect(Box::new(move || {
        cards.track();
        request_animation_frame(move || {
            let status = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&["case-", &answered.get_value()].concat()));
            if let Some(status) = status.filter(|_| focus_is_lost()) {
                let _ = status.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    }));
    let act = move |event: web_sys::MouseEvent| {
        let Some(button) = browser::clicked_button(&event) else {
            return;
        };
        let data = |name: &str| button.get_attribute(name).unwrap_or_default();
        let id = data("data-case");
        let decision = match button.class_name().as_str() {
            "approve" => Decision::Approve,
            "decline" => Decision::Decline,
            _ => Decision::Withdraw,
        };
        if let Ok(case) = id.parse() {
            session.decide(case, decision, data("data-hash"));
        }
        answered.set_value(id);
    };
    view! { <div class="cases" on:click=handler(act) inner_html=move || cards.get()></div> }
}
