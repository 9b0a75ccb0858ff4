//! The settings page's top bar, in the console's look: the page's title and
//! the organisation's name, a link back to the conversations for anyone
//! logged in, and the language switch (whose choice the console shares).

use leptos::prelude::*;
use yorisoi_protocol::organisation::OrganisationSettings;

use super::access::{Access, CONSOLE_PATH};
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::i18n::use_i18n;

/// Title bar of the settings page.
#[component]
pub fn SettingsHeader(
    /// Who may use the page; the way back shows once someone is logged in.
    access: RwSignal<Access>,
    /// The staff member's organisation, once known (its name is shown).
    organisation: RwSignal<Option<OrganisationSettings>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let organisation_name = move || {
        let lang = i18n.lang();
        organisation.with(|settings| {
            settings
                .as_ref()
                .map(|settings| settings.face.name(lang).to_owned())
        })
    };
    let logged_in = move || matches!(access.get(), Access::Admin | Access::NotAdmin);
    view! {
        <header class="topbar">
            <div class="titles">
                <h1>{i18n.text("settings-title")}</h1>
                <p class="organisation-name">{organisation_name}</p>
            </div>
            <div class="tools">
                <a class="tool" href=CONSOLE_PATH hidden=move || !logged_in()>
                    {i18n.text("settings-back")}
                </a>
                <LanguageSwitch />
            </div>
        </header>
    }
}
