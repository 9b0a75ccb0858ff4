//! What the settings page says instead of its sections: to someone logged
//! out, where to log in (the console; after logging in they come back by
//! its link); and, when the server could not be asked, why. To a staff
//! member who is not an admin it says, above their own sections, that only
//! admins change the organisation's settings.

use leptos::prelude::*;

use super::access::{Access, CONSOLE_PATH};
use crate::contexts::i18n::use_i18n;

/// The page's word for an `access` that shows no section.
#[component]
pub fn AccessNotice(
    /// Why the sections do not show.
    access: Access,
) -> impl IntoView {
    let i18n = use_i18n();
    // One shape for every case (a text, maybe the way to log in), so the
    // wasm carries one copy of its rendering code.
    let (text_id, log_in, role) = match access {
        Access::LoggedOut => ("settings-logged-out", true, None),
        Access::Failed(code) => (code.fluent_id(), false, Some("alert")),
        Access::NotAdmin | Access::Checking | Access::Admin => ("settings-not-admin", false, None),
    };
    view! {
        <p class="refusal" role=role>{i18n.text(text_id)}</p>
        <a class="primary" href=CONSOLE_PATH hidden=!log_in>
            {i18n.text("settings-log-in")}
        </a>
    }
}
