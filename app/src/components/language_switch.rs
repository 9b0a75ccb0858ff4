//! The two-button language switch (`role="group"` labelled "Language"). Each
//! language is named in itself, so a reader of either finds their own.

use leptos::prelude::*;
use yorisoi_protocol::Lang;

use crate::contexts::i18n::use_i18n;
use crate::erased::handler;
use crate::i18n::native_name;

/// Switches the UI language; the choice is remembered by the i18n context.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let buttons = Lang::ALL.map(|lang| {
        view! {
            <button
                type="button"
                lang=lang.tag()
                aria-pressed=move || (i18n.lang() == lang).to_string()
                on:click=handler(move |_| i18n.set_lang(lang))
            >
                {native_name(lang)}
            </button>
        }
    });
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.text("language-label")>
            {buttons}
        </div>
    }
}
