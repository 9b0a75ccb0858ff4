//! The form for what parents see of the organisation: its name and greeting
//! in both languages, the accent colour (typed as `#rrggbb`, with a swatch
//! beside it) and the launcher's side. Before sending, it checks the same
//! rules as the server ([`OrganisationFace::check`]) and says which one is
//! broken, marking the fields at fault and moving focus to the first; the
//! server's refusals show in the staff member's language. Values are read
//! from the fields when the form is sent, so whatever put them there
//! (typing, pasting, autofill, a test driver) counts.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SubmitEvent;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::organisation::{
    FaceProblem, LauncherSide, MAX_GREETING_CHARS, OrganisationFace, OrganisationSettings,
    parse_hex_colour,
};

use super::face_field::{FaceField, aria_invalid, field_value, focus_field, set_field_value};
use super::face_rules::{Field, problem_message, wrong_fields};
use crate::api::staff;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// How the last attempt to save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// A rule is broken; nothing was sent.
    Problem(FaceProblem),
    /// The server refused.
    Refused(ErrorCode),
    /// Saved.
    Saved,
}

/// The face as the fields hold it now.
fn read(side: LauncherSide) -> OrganisationFace {
    OrganisationFace {
        name_ja: field_value(Field::NameJa),
        name_en: field_value(Field::NameEn),
        greeting_ja: field_value(Field::GreetingJa),
        greeting_en: field_value(Field::GreetingEn),
        accent_color: field_value(Field::Accent),
        launcher_side: side,
    }
}

/// The face form, starting from `face` as stored.
#[component]
pub fn FaceForm(
    /// The face as stored.
    face: OrganisationFace,
    /// The organisation as the page knows it; set to what was saved.
    organisation: RwSignal<Option<OrganisationSettings>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let accent = RwSignal::new(face.accent_color.clone());
    let side = RwSignal::new(face.launcher_side);
    let wrong = RwSignal::new(Vec::<Field>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let face = read(side.get_untracked());
        if let Err(problem) = face.check() {
            let fields = wrong_fields(&face);
            if let Some(first) = fields.first() {
                focus_field(*first);
            }
            wrong.set(fields);
            outcome.set(Some(Outcome::Problem(problem)));
            return;
        }
        wrong.set(Vec::new());
        outcome.set(None);
        busy.set(true);
        spawn_local(async move {
            match staff::save_organisation(&face.normalised()).await {
                Ok(saved) => {
                    // Show what was stored (trimmed, colour in lower case).
                    for field in Field::ALL {
                        set_field_value(field, field.value(&saved.face));
                    }
                    accent.set(saved.face.accent_color.clone());
                    side.set(saved.face.launcher_side);
                    organisation.set(Some(saved));
                    outcome.set(Some(Outcome::Saved));
                }
                Err(error) => outcome.set(Some(Outcome::Refused(error.code()))),
            }
            busy.set(false);
        });
    };

    let alert = move || match outcome.get()? {
        Outcome::Problem(problem) => {
            let (id, arg) = problem_message(problem);
            Some(i18n.t_with(id, arg.as_slice()))
        }
        Outcome::Refused(code) => Some(i18n.t(code.fluent_id())),
        Outcome::Saved => None,
    };
    let saved = move || (outcome.get() == Some(Outcome::Saved)).then(|| i18n.t("settings-saved"));
    // The swatch shows the colour once it is one; hatched before.
    let swatch = move || {
        let colour = accent.with(|accent| accent.trim().to_ascii_lowercase());
        parse_hex_colour(&colour).map(|_| colour)
    };
    let side_choice = move |choice: LauncherSide, label_id: &'static str| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="launcher-side"
                    value=choice.as_str()
                    prop:checked=move || side.get() == choice
                    on:change=handler(move |_: web_sys::Event| side.set(choice))
                />
                <span>{i18n.text(label_id)}</span>
            </label>
        }
    };
    let text_field = move |field: Field, hint: Option<&'static str>| {
        let value = field.value(&face).to_owned();
        view! { <FaceField field=field value=value wrong=wrong hint=hint /> }
    };
    view! {
        <form class="face-form" novalidate on:submit=handler(submit)>
            {text_field(Field::NameJa, None)}
            {text_field(Field::NameEn, None)}
            {text_field(Field::GreetingJa, Some("greeting-hint"))}
            {text_field(Field::GreetingEn, Some("greeting-hint"))}
            <p id="greeting-hint" class="hint">
                {move || i18n.t_with("settings-greeting-hint", &[("max", MAX_GREETING_CHARS.into())])}
            </p>
            <label class="field">
                <span>{i18n.text(Field::Accent.label_id())}</span>
                <span class="accent-input">
                    <span
                        class="swatch"
                        class:empty=move || swatch().is_none()
                        aria-hidden="true"
                        style:background-color=swatch
                    ></span>
                    <input
                        type="text"
                        id=Field::Accent.id()
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        prop:value=accent
                        on:input=handler(move |event: web_sys::Event| accent.set(event_target_value(&event)))
                        aria-invalid=aria_invalid(wrong, Field::Accent)
                        aria-describedby="accent-hint"
                    />
                </span>
            </label>
            <p id="accent-hint" class="hint">{i18n.text("settings-accent-hint")}</p>
            <fieldset class="side" role="radiogroup" aria-labelledby="side-legend">
                <legend id="side-legend">{i18n.text("settings-side")}</legend>
                {side_choice(LauncherSide::Left, "settings-side-left")}
                {side_choice(LauncherSide::Right, "settings-side-right")}
            </fieldset>
            <p class="alert" role="alert">{alert}</p>
            <p class="notice" role="status">{saved}</p>
            <button type="submit" class="primary" disabled=busy>
                {i18n.text("settings-save")}
            </button>
        </form>
    }
}
