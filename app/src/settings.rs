//! The staff's settings page, `/console/settings`: a wasm app of its own
//! (`yorisoi-settings`), so the console does not carry its code and a staff
//! member downloads it only when they open it. [`mount`] is all its binary
//! calls. It asks who is logged in (`GET /api/staff/me`) and, for anyone
//! who is, loads their organisation (its name goes in the header). Every
//! staff member then sees their own profile and hours, the organisation's
//! canned replies and the team's week; an admin also sees everyone's
//! profiles and, first, the organisation's settings; someone logged out
//! sees a link to the console's login.
//!
//! Sections are one module each, in the page's order, each with its own
//! heading: `organisation` (admins: what parents see, through `face_form`,
//! which uses `face_field` and the pure `face_rules`), then in `team_forms`
//! the profiles and hours, the canned replies and the week, written as
//! markup by the pure `team_markup` (hours read by the pure `hours_rules`)
//! to keep the page's wasm within its budget. A new section is a module
//! and a line in [`SettingsApp`].
//!
//! Imports run one way: this module uses the views (`header`, `notice`, the
//! sections); views use the views they contain and the leaves `access`,
//! `face_rules`, `team_markup`, `team_rules` and `hours_rules`, which use
//! no view.

mod access;
mod face_field;
mod face_form;
mod face_rules;
mod header;
mod hours_rules;
mod notice;
mod organisation;
mod team_forms;
mod team_markup;
mod team_rules;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use yorisoi_protocol::organisation::OrganisationSettings;

use crate::contexts::i18n::{LangKeeping, provide_i18n_context};
use crate::fresh::Fresh;
use access::{Access, check_access};
use header::SettingsHeader;
use notice::AccessNotice;
use organisation::OrganisationSection;
use team_forms::TeamSections;

/// Where the settings page is served.
pub const PATH: &str = "/console/settings";

/// Renders the settings page into `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(SettingsApp);
}

/// The settings page.
#[component]
fn SettingsApp() -> impl IntoView {
    // The console's key: a language chosen on either page holds on both.
    let keeping = LangKeeping {
        key: crate::console::LANG_KEY,
        get: crate::browser::storage_get,
        set: crate::browser::storage_set,
    };
    let i18n = provide_i18n_context(crate::i18n::SETTINGS, keeping, "settings-title");
    let access = RwSignal::new(Access::Checking);
    let organisation = RwSignal::new(None::<OrganisationSettings>);
    check_access(access, organisation);
    // The access is decided once: each outcome is a screen of its own,
    // built anew rather than patched from the last.
    let body = move || match access.get() {
        Access::Checking => EitherOf3::A(Fresh(
            view! { <p class="loading">{i18n.text("settings-loading")}</p> },
        )),
        Access::Admin | Access::NotAdmin => {
            // An admin's page opens with the organisation; anyone else's
            // says who changes it.
            let first = if access.get_untracked() == Access::Admin {
                Either::Left(view! { <OrganisationSection organisation=organisation /> })
            } else {
                Either::Right(view! { <AccessNotice access=Access::NotAdmin /> })
            };
            EitherOf3::B(Fresh(view! {
                {first}
                <TeamSections />
            }))
        }
        refused => EitherOf3::C(Fresh(view! { <AccessNotice access=refused /> })),
    };
    view! {
        <div class="console">
            <SettingsHeader access=access organisation=organisation />
            <main class="settings">
                <div class="settings-page">{body}</div>
            </main>
        </div>
    }
}
