//! The connection line above the composer: "Connecting…", "Offline — your
//! messages will be sent when you're back", "Reconnecting…", then
//! "Connected again" for a few seconds. A polite live region, so a screen
//! reader hears each change without losing its place.

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
        <p
            class="connection"
            class:back=move || status.get() == ConnState::Back
            role="status"
            aria-live="polite"
        >
            {move || match status.get() {
                ConnState::Connecting => i18n.t("status-connecting"),
                ConnState::Offline => i18n.t("status-offline"),
                ConnState::Reconnecting => i18n.t("status-reconnecting"),
                ConnState::Back => i18n.t("status-back"),
                ConnState::Open => String::new(),
            }}
        </p>
    }
}
