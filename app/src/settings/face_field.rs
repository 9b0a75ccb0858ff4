//! One labelled text field of the organisation settings form (a line for
//! a name, a few lines for a greeting), marked `aria-invalid` while it
//! breaks a rule, and the small DOM helpers the form uses to read, set and
//! focus its fields by id. One component for the four fields keeps the
//! settings page's wasm from carrying four copies of the same markup.

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use super::face_rules::Field;
use crate::contexts::i18n::use_i18n;

/// A label and its input or textarea.
#[component]
pub fn FaceField(
    /// Which field.
    field: Field,
    /// Its value as stored.
    value: String,
    /// The fields at fault; this one is marked while it is among them.
    wrong: RwSignal<Vec<Field>>,
    /// The id of the hint that describes it, if any.
    hint: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = aria_invalid(wrong, field);
    let lang = field.lang().map(|lang| lang.tag());
    let control = if field.multiline() {
        Either::Left(view! {
            <textarea
                id=field.id()
                rows="4"
                lang=lang
                prop:value=value
                aria-invalid=invalid
                aria-describedby=hint
            ></textarea>
        })
    } else {
        Either::Right(view! {
            <input
                type="text"
                id=field.id()
                autocomplete="off"
                lang=lang
                prop:value=value
                aria-invalid=invalid
                aria-describedby=hint
            />
        })
    };
    view! {
        <label class="field">
            <span>{i18n.text(field.label_id())}</span>
            {control}
        </label>
    }
}

/// `aria-invalid` for `field`: `"true"` while it is among the `wrong`
/// ones. One closure type for every field of the form (the accent's too),
/// so the wasm carries one copy of its rendering code.
pub fn aria_invalid(
    wrong: RwSignal<Vec<Field>>,
    field: Field,
) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    move || wrong.with(|wrong| wrong.contains(&field)).then_some("true")
}

fn element(field: Field) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(field.id())
}

/// The text in `field` now (empty when it is not on the page).
pub fn field_value(field: Field) -> String {
    let Some(element) = element(field) else {
        return String::new();
    };
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else {
        String::new()
    }
}

/// Puts `value` into `field`.
pub fn set_field_value(field: Field, value: &str) {
    let Some(element) = element(field) else {
        return;
    };
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    }
}

/// Moves focus to `field`.
pub fn focus_field(field: Field) {
    if let Some(element) = element(field).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
