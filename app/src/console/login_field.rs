//! One labelled box of the login form, the email or the password. One
//! component for both keeps the console's wasm from carrying two copies of
//! the same markup and its listener.

use leptos::prelude::*;

use crate::contexts::i18n::use_i18n;

/// A label and its required input. Nothing follows the typing: the form
/// reads its boxes when it is sent (see `super::login`), so the console's
/// wasm carries no listener nor property binding for them.
#[component]
pub fn LoginField(
    /// Fluent id of the label.
    label_id: &'static str,
    /// The input's `type` (`email`, `password`).
    kind: &'static str,
    /// Its `autocomplete` token, so password managers fill the right box.
    autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span>{i18n.text(label_id)}</span>
            <input
                type=kind
                autocomplete=autocomplete
                required
            />
        </label>
    }
}
