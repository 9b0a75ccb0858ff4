//! The "Connecting… / Offline" line above the composer.

use leptos::prelude::*;

use crate::api::socket::ConnState;
use crate::contexts::i18n::use_i18n;

/// Tells the user when messages cannot go out right now (and that they will).
#[component]
pub fn ConnectionStatus(
    /// The socket's state.
    #[prop(into)]
    status: Signal<ConnState>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="connection" role="status">
            {move || match status.get() {
                ConnState::Connecting => i18n.t("status-connecting"),
                ConnState::Offline => i18n.t("status-offline"),
                ConnState::Open => String::new(),
            }}
        </p>
    }
}
