//! The widget's header: a warm title, the language switch and the close
//! button that asks the embedding page to hide the iframe.

use leptos::prelude::*;

use super::host;
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::i18n::use_i18n;

/// Title bar of the widget.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    // postMessage goes only to the embedding page's origin, never to "*".
    let close = move |_| host::post("close");
    view! {
        <header class="header">
            <div class="titles">
                <h1>{move || i18n.t("widget-title")}</h1>
                <p class="subtitle">{move || i18n.t("widget-subtitle")}</p>
            </div>
            <LanguageSwitch />
            <button type="button" class="close" aria-label=move || i18n.t("widget-close") on:click=close>
                <span aria-hidden="true">"×"</span>
            </button>
        </header>
    }
}
