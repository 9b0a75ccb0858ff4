//! The settings page's first section: what parents see of the organisation
//! (its name and greeting in both languages, the accent colour and the
//! launcher's side), as a form starting from what is stored.

use leptos::prelude::*;
use yorisoi_protocol::organisation::OrganisationSettings;

use super::face_form::FaceForm;
use crate::contexts::i18n::use_i18n;

/// The organisation section.
#[component]
pub fn OrganisationSection(
    /// The organisation, loaded before the section shows; updated when saved.
    organisation: RwSignal<Option<OrganisationSettings>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = organisation.with_untracked(|settings| {
        settings.as_ref().map(
            |settings| view! { <FaceForm face=settings.face.clone() organisation=organisation /> },
        )
    });
    view! {
        <section class="settings-section" aria-labelledby="organisation-heading">
            <h2 id="organisation-heading">{i18n.text("settings-organisation")}</h2>
            <p class="intro">{i18n.text("settings-intro")}</p>
            {form}
        </section>
    }
}
