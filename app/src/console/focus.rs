//! Where the keyboard goes as the console changes screens: into the reply
//! box when a conversation is chosen, back to its row when a phone returns
//! to the list. A leaf: the list and the open conversation both use it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to the reply box once the chosen conversation shows (the
/// next frame: on a first choice, or on a phone where the list gives way to
/// the thread, the box is not on screen yet).
pub(super) fn focus_reply() {
    request_animation_frame(|| {
        if let Some(reply) = element(".thread .composer textarea") {
            let _ = reply.focus();
        }
    });
}

/// The console's element matching `selector`, if any.
pub(super) fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into()
        .ok()
}

/// Focuses `element` on the next frame, once it shows again.
pub(super) fn focus_next_frame(element: Option<web_sys::HtmlElement>) {
    request_animation_frame(move || {
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// On the next frame, focuses the element matching `selector` if nothing
/// has focus (as after the focused element was redrawn), never taking it
/// from where the staff member moved it.
pub(super) fn refocus(selector: String) {
    request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let lost = match (document.active_element(), document.body()) {
            (None, _) => true,
            (Some(active), Some(body)) => active == *body.as_ref(),
            (Some(_), None) => false,
        };
        if lost && let Some(target) = element(&selector) {
            let _ = target.focus();
        }
    });
}
