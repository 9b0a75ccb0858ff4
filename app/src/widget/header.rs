//! The widget's header: the organisation's name (or a warm standard title
//! when the page names none), "Emergency help", the language switch and the
//! close button that asks the embedding page to hide the iframe.

use leptos::prelude::*;

use super::face::Face;
use super::host;
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Title bar of the widget.
#[component]
pub fn Header(
    /// The organisation, whose name is the title in the parent's language.
    face: Face,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        face.name(i18n.lang())
            .unwrap_or_else(|| i18n.t("widget-title"))
    };
    // postMessage goes only to the embedding page's origin, never to "*".
    let close = move |_: web_sys::MouseEvent| host::post("close");
    view! {
        <header class="header">
            <div class="titles">
                <h1>{title}</h1>
                <p class="subtitle">{i18n.text("widget-subtitle")}</p>
            </div>
            // Always there, whatever the connection: the notice is in the
            // page, and the page's script opens it (see `super::help`). In
            // no form, so no `type` needed.
            <button class="sos">
                {i18n.text("widget-help")}
            </button>
            <LanguageSwitch />
            // The × is drawn by widget.css (`.close::before`): a literal span
            // would be the widget's only HTML template, whose machinery costs
            // the wasm more than the sign. The name is the aria-label's.
            <button type="button" class="close" aria-label=i18n.text("widget-close") on:click=handler(close)></button>
        </header>
    }
}
