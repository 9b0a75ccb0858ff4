//! The settings page's newer sections (issue 12), one component,
//! [`TeamSections`]: profiles and hours, canned replies and the team's
//! week. Each section loads its data and shows it as markup from
//! `super::team_markup`; one set of handlers on their container hears
//! every form's submit (and a photo's choice, a canned reply's removal):
//! one handler instead of one closure a field keeps the page's wasm small.
//! A form's rules are the protocol's, checked here before sending; a field
//! at fault is marked (`aria-invalid`) with what is wrong beside it, the
//! keyboard moved to the first; the server's answer shows under the form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::profile::{HoursText, ProfileEdit, StaffCard, WeekLoad};
use yorisoi_protocol::team::{MAX_PHOTO_BYTES, StaffProfile};

use super::hours_rules::{DATES, QUIET, ZONE, read};
use super::team_markup::{PHOTO, canned, field_id, person, section_start, week};
use super::team_rules::{canned_problems, profile_problems};
use crate::api::staff::StaffError;
use crate::api::team;
use crate::components::markup::markup;
use crate::contexts::i18n::{I18n, use_i18n};
use crate::erased::handler;

/// What a section loaded: nothing yet, the data, or why not.
type Loaded<T> = RwSignal<Option<Result<T, ErrorCode>>>;

fn by_id(id: &str) -> Option<Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The text in the control with this id now.
fn value_by_id(id: &str) -> String {
    let Some(element) = by_id(id) else {
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

/// Marks the `count` fields of `form`: each at fault with what to say,
/// the others cleared; the keyboard goes to the first at fault. True when
/// none is.
fn mark(i18n: I18n, form: &str, count: u8, problems: &[(u8, &'static str)]) -> bool {
    for key in 0..count {
        let id = field_id(form, key);
        let problem = problems.iter().find(|(field, _)| *field == key);
        if let Some(field) = by_id(&id) {
            let _ = match problem {
                Some(_) => field.set_attribute("aria-invalid", "true"),
                None => field.remove_attribute("aria-invalid"),
            };
        }
        if let Some(place) = by_id(&(id + "-problem")) {
            place.set_text_content(problem.map(|(_, message)| i18n.t(message)).as_deref());
        }
    }
    say(i18n, form, None, "");
    if let Some((first, _)) = problems.first()
        && let Some(field) =
            by_id(&field_id(form, *first)).and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = field.focus();
    }
    problems.is_empty()
}

/// Under `form`: the refusal (an alert), or `saved_id`'s words (a status).
fn say(i18n: I18n, form: &str, refused: Option<ErrorCode>, saved_id: &'static str) {
    let alert = refused.map(|code| i18n.t(code.fluent_id()));
    let saved = (refused.is_none() && !saved_id.is_empty()).then(|| i18n.t(saved_id));
    for (suffix, text) in [("-alert", alert), ("-status", saved)] {
        if let Some(place) = by_id(&(form.to_owned() + suffix)) {
            place.set_text_content(text.as_deref());
        }
    }
}

/// The result of a save, as [`say`] takes it.
fn refusal<T>(result: &Result<T, StaffError>) -> Option<ErrorCode> {
    result.as_ref().err().map(|error| error.code())
}

/// The id of the form (or control) an event happened on, and the number
/// after its first letter (a staff member's or a reply's id).
fn target_of(event: &web_sys::Event) -> Option<(Element, String, i64)> {
    let element: Element = event.target()?.dyn_into().ok()?;
    let id = element.id();
    let number = id.get(1..)?.split('-').next()?.parse().ok()?;
    Some((element, id, number))
}

/// Keeps what was saved of `staff` in `cards` without drawing the forms
/// again (which would lose what is typed elsewhere): a later redraw, in
/// the other language, shows it.
fn keep(cards: Loaded<Vec<StaffCard>>, staff: i64, change: impl FnOnce(&mut StaffCard)) {
    cards.update_untracked(|cards| {
        if let Some(Ok(cards)) = cards
            && let Some(card) = cards.iter_mut().find(|card| card.id == staff)
        {
            change(card);
        }
    });
}

/// Sends profile form `form` of `staff`, if its rules hold.
fn save_profile(i18n: I18n, cards: Loaded<Vec<StaffCard>>, form: String, staff: i64) {
    let value = |key| value_by_id(&field_id(&form, key));
    let edit = ProfileEdit {
        name: value(0),
        profile: StaffProfile {
            role_ja: value(1),
            role_en: value(2),
            intro_ja: value(3),
            intro_en: value(4),
        },
    };
    if mark(i18n, &form, PHOTO + 1, &profile_problems(&edit)) {
        spawn_local(async move {
            let result = team::save_profile(staff, &edit).await;
            if result.is_ok() {
                keep(cards, staff, |card| {
                    card.name = edit.name.trim().to_owned();
                    card.profile = edit.profile.normalised();
                });
            }
            say(i18n, &form, refusal(&result), "settings-profile-saved");
        });
    }
}

/// Sends hours form `form` of `staff`, if its fields read as hours.
fn save_hours(i18n: I18n, cards: Loaded<Vec<StaffCard>>, form: String, staff: i64) {
    let value = |key| value_by_id(&field_id(&form, key));
    let text = HoursText {
        time_zone: value(ZONE),
        days: (0..7).map(value).collect(),
        dates: value(DATES),
        quiet: value(QUIET),
    };
    let schedule = match read(&text) {
        Ok(schedule) => schedule,
        Err(problems) => {
            mark(i18n, &form, ZONE + 1, &problems);
            return;
        }
    };
    mark(i18n, &form, ZONE + 1, &[]);
    spawn_local(async move {
        let result = team::save_hours(staff, &schedule).await;
        if result.is_ok() {
            keep(cards, staff, |card| card.hours = text);
        }
        match result {
            // Everything else was checked here: the zone is unknown.
            Err(StaffError::Refused(ErrorCode::InvalidSettings)) => {
                mark(i18n, &form, ZONE + 1, &[(ZONE, "settings-problem-zone")]);
            }
            result => say(i18n, &form, refusal(&result), "settings-hours-saved"),
        }
    });
}

/// Sends a chosen photo of `staff` (from the file input `input`).
fn save_photo(
    i18n: I18n,
    cards: Loaded<Vec<StaffCard>>,
    input: &Element,
    form: String,
    staff: i64,
) {
    let Some(file) = input
        .dyn_ref::<HtmlInputElement>()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    // Only the size is worth checking here; the server reads the bytes.
    let problem = [(PHOTO, "settings-problem-photo")];
    if file.size() > MAX_PHOTO_BYTES as f64 {
        mark(i18n, &form, PHOTO + 1, &problem);
        return;
    }
    mark(i18n, &form, PHOTO + 1, &[]);
    spawn_local(async move {
        match team::save_photo(staff, &file).await {
            Ok(card) => {
                keep(cards, staff, |kept| kept.photo.clone_from(&card.photo));
                if let Some(image) = by_id(&(field_id(&form, PHOTO) + "-img")) {
                    let _ = image.set_attribute("src", card.photo.as_deref().unwrap_or(""));
                    let _ = image.remove_attribute("hidden");
                }
                say(i18n, &form, None, "settings-profile-saved");
            }
            Err(StaffError::Refused(ErrorCode::InvalidSettings)) => {
                mark(i18n, &form, PHOTO + 1, &problem);
            }
            Err(error) => say(i18n, &form, Some(error.code()), ""),
        }
    });
}

/// Loads `into` with `load`'s answer.
fn load_into<T: 'static + Send + Sync>(
    into: Loaded<T>,
    load: impl Future<Output = Result<T, StaffError>> + 'static,
) {
    spawn_local(async move {
        into.set(Some(load.await.map_err(|error| error.code())));
    });
}

/// The markup of a section (`heading`, `intro`) with what it loaded:
/// `show`'s, or the refusal. Each section is markup of its own, so reading
/// one again (the canned replies after a change) leaves what is typed in
/// the others alone.
fn section<T: Send + Sync + 'static>(
    i18n: I18n,
    (heading, intro): (&'static str, &'static str),
    loaded: Loaded<T>,
    show: fn(&mut String, I18n, &T),
) -> impl Fn() -> String + Send + Sync {
    markup(Box::new(move || {
        let mut out = String::new();
        section_start(&mut out, &|id| i18n.t(id), heading, intro);
        loaded.with(|loaded| match loaded {
            Some(Ok(data)) => show(&mut out, i18n, data),
            Some(Err(code)) => {
                out.push_str(r#"<p class="alert" role="alert">"#);
                out.push_str(&i18n.t(code.fluent_id()));
                out.push_str("</p>");
            }
            None => {}
        });
        out.push_str("</section>");
        out
    }))
}

fn show_cards(out: &mut String, i18n: I18n, cards: &Vec<StaffCard>) {
    for card in cards {
        person(out, &|id| i18n.t(id), card);
    }
}

// A `&Vec`, not a slice: [`section`] takes a `fn` of what the section loaded.
#[allow(clippy::ptr_arg)]
fn show_canned(out: &mut String, i18n: I18n, replies: &Vec<CannedReply>) {
    canned(out, &|id| i18n.t(id), replies);
}

fn show_week(out: &mut String, i18n: I18n, load: &WeekLoad) {
    let zone = load.time_zone.as_str().into();
    let caption = i18n.t_with("settings-load-caption", &[("zone", zone)]);
    let hours = |hours: u32, minutes: u32| {
        i18n.t_with(
            "settings-load-online",
            &[("hours", hours.into()), ("minutes", minutes.into())],
        )
    };
    out.push_str(r#"<div class="table-scroll">"#);
    week(out, &|id| i18n.t(id), &hours, &caption, load);
    out.push_str("</div>");
}

/// Sends canned reply form `form` (`c0`: a new one), then reads the list
/// again into `replies`.
fn save_canned(i18n: I18n, form: String, id: i64, replies: Loaded<Vec<CannedReply>>) {
    let value = |key| value_by_id(&field_id(&form, key));
    let draft = CannedDraft {
        title: value(0),
        ja: value(1),
        en: value(2),
    };
    if mark(i18n, &form, 3, &canned_problems(&draft)) {
        spawn_local(async move {
            match team::save_canned((id != 0).then_some(id), &draft).await {
                Ok(()) => load_into(replies, team::canned()),
                Err(error) => say(i18n, &form, Some(error.code()), ""),
            }
        });
    }
}

/// The sections every staff member sees: profiles and hours (their own;
/// an admin's: everyone's), the canned replies (any staff member may edit
/// them: the server's `add_canned_reply` says why) and the team's week.
/// One set of handlers for all their forms.
#[component]
pub fn TeamSections() -> impl IntoView {
    let i18n = use_i18n();
    let cards: Loaded<Vec<StaffCard>> = RwSignal::new(None);
    let replies: Loaded<Vec<CannedReply>> = RwSignal::new(None);
    let load: Loaded<WeekLoad> = RwSignal::new(None);
    load_into(cards, team::cards());
    load_into(replies, team::canned());
    load_into(load, team::load());
    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Some((_, form, id)) = target_of(&event) else {
            return;
        };
        match form.as_bytes().first() {
            Some(b'p') => save_profile(i18n, cards, form, id),
            Some(b'h') => save_hours(i18n, cards, form, id),
            _ => save_canned(i18n, form, id, replies),
        }
    };
    // A photo is sent as soon as it is chosen.
    let on_change = move |event: web_sys::Event| {
        if let Some((input, id, staff)) = target_of(&event)
            && id.ends_with("-5")
            && let Some(form) = id.split('-').next()
        {
            save_photo(i18n, cards, &input, form.to_owned(), staff);
        }
    };
    let on_click = move |event: web_sys::MouseEvent| {
        let Some(id) = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|button| button.get_attribute("data-delete"))
            .and_then(|id| id.parse::<i64>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match team::delete_canned(id).await {
                Ok(()) => load_into(replies, team::canned()),
                Err(error) => say(i18n, &format!("c{id}"), Some(error.code()), ""),
            }
        });
    };
    let profiles = section(
        i18n,
        ("settings-profiles", "settings-profiles-intro"),
        cards,
        show_cards,
    );
    let canned = section(
        i18n,
        ("settings-canned", "settings-canned-intro"),
        replies,
        show_canned,
    );
    let week = section(
        i18n,
        ("settings-load", "settings-load-intro"),
        load,
        show_week,
    );
    view! {
        <div class="team-settings" on:submit=handler(on_submit) on:change=handler(on_change) on:click=handler(on_click)>
            <div inner_html=profiles></div>
            <div inner_html=canned></div>
            <div inner_html=week></div>
        </div>
    }
}
