//! The organisation's settings page, for admins: a way back to the
//! conversations, then the form, filled from `GET /api/staff/organisation`
//! each time the page opens (another admin may have changed something).
//! Focus moves to the page's heading when it opens and back to the header's
//! "Organisation settings" button when it closes.

use leptos::either::EitherOf3;
use leptos::html::H2;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::organisation::{OrganisationFace, OrganisationSettings};

use super::face_form::FaceForm;
use super::state::{Page, SETTINGS_BUTTON_ID};
use crate::api::staff;
use crate::contexts::i18n::use_i18n;
use crate::fresh::Fresh;

/// The settings page in the console's main area.
#[component]
pub fn SettingsPage(
    /// What the main area shows; "Back to conversations" switches it back.
    page: RwSignal<Page>,
    /// The organisation as the console knows it; updated when saved.
    organisation: RwSignal<Option<OrganisationSettings>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = RwSignal::new(None::<Result<OrganisationFace, ErrorCode>>);
    spawn_local(async move {
        let answer = staff::organisation().await;
        if let Ok(settings) = &answer {
            organisation.set(Some(settings.clone()));
        }
        loaded.set(Some(
            answer
                .map(|settings| settings.face)
                .map_err(|error| error.code()),
        ));
    });
    let heading = NodeRef::<H2>::new();
    heading.on_load(|heading| {
        request_animation_frame(move || {
            let _ = heading.focus();
        });
    });
    let back = move |_| {
        page.set(Page::Conversations);
        focus_settings_button();
    };
    let body = move || match loaded.get() {
        None => EitherOf3::A(Fresh(
            view! { <p class="loading">{i18n.text("console-loading")}</p> },
        )),
        Some(Err(code)) => EitherOf3::B(Fresh(
            view! { <p class="alert" role="alert">{i18n.text(code.fluent_id())}</p> },
        )),
        Some(Ok(face)) => EitherOf3::C(Fresh(
            view! { <FaceForm face=face organisation=organisation /> },
        )),
    };
    view! {
        <main class="settings">
            <div class="settings-page">
                <button type="button" class="tool back-to-list" on:click=back>
                    {i18n.text("settings-back")}
                </button>
                <h2 tabindex="-1" node_ref=heading>{i18n.text("settings-open")}</h2>
                <p class="intro">{i18n.text("settings-intro")}</p>
                {body}
            </div>
        </main>
    }
}

/// Puts focus back on the header's "Organisation settings" button once the
/// settings page has gone.
fn focus_settings_button() {
    request_animation_frame(|| {
        let button = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(SETTINGS_BUTTON_ID))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    });
}
