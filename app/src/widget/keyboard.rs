//! The widget's part in keyboard use and in the loader's words on the host
//! page: when the loader shows the panel, focus goes to the message box, so
//! a parent who opened the chat with the keyboard can write at once; Esc
//! anywhere inside the chat asks the loader to close the panel (the loader
//! then puts focus back on its launcher); and each language switch is told
//! to the loader, so its launcher label and the frame's title follow.
//! Every message goes through [`host`], only to the embedding page's origin.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::host;
use crate::browser;
use crate::contexts::i18n::I18n;
use crate::erased::effect;

/// Starts listening, for the page's life.
pub fn start(i18n: I18n) {
    host::listen(|shown| {
        if shown {
            focus_message_box();
        }
    });
    browser::listen_document(
        "keydown",
        Closure::new(|event: web_sys::Event| {
            let event: web_sys::KeyboardEvent = event.unchecked_into();
            // Esc while an input method composes cancels the composition only.
            if event.key() == "Escape" && !event.is_composing() {
                host::post("close");
            }
        }),
    );
    effect(Box::new(move || host::post_lang(i18n.lang().tag())));
}

/// Puts focus in the composer's text box.
fn focus_message_box() {
    let found = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(".composer textarea").ok().flatten());
    if let Some(element) = found {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
