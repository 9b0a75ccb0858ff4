//! The error line (`role="alert"`) both apps use for refused input and server
//! errors. The element always exists so screen readers announce the text as
//! soon as it appears. Its text is a plain string, empty when all is well,
//! as every text of the apps that may be empty: an `Option<String>` would
//! bring a second kind of reactive text into the wasm.

use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;

use crate::contexts::i18n::use_i18n;

/// Shows the Fluent text for `code`, in the current language.
#[component]
pub fn Alert(
    /// The error to explain, if any.
    #[prop(into)]
    code: Signal<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="alert" role="alert">
            {move || code.get().map(|code| i18n.t(code.fluent_id())).unwrap_or_default()}
        </p>
    }
}
