//! When a reply can be expected, under the header for the whole
//! conversation: "Usually replies by 10:00" / 「返信の目安: 10:00ごろ」, or
//! that someone is there now, with the organisation's away note outside
//! everyone's hours; and, when the parent asked for someone who will not be
//! there for a while, whether someone else may answer. The widget is never
//! hidden for being outside hours: a parent can always write.
//!
//! While a staff member types a reply, the same bar says so first, as chat
//! apps do under a contact's name; widget.css fades the hint out a few
//! seconds after the last one. The bar is a polite live region: the hint
//! and a new expected time are announced.
//!
//! Markup in strings (through `code::markup`, the widget's one closure
//! type for it), one delegated click handler for both answers to the
//! question (see `crate::components::markup`): staff names are escaped.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::team::{NOW, Team};

use super::code::markup;
use super::session::WidgetSession;
use crate::components::markup::escaped;
use crate::contexts::i18n::{I18n, use_i18n};
use crate::erased::handler;

/// The away note, the expected reply time, and the question about anyone.
#[component]
pub fn Expectation(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="expectation" aria-live="polite" on:click=handler(clicked(session)) inner_html=markup(session, i18n, build)></div>
    }
}

/// The bar's markup: the typing hint, then the expectation.
fn build(session: WidgetSession, i18n: I18n) -> String {
    let team = session.team;
    let waiting = team.waiting_for_nominee.get();
    let mut out = team
        .typing
        .with(|typing| typing_markup(i18n, typing.as_deref()));
    team.changed.track();
    team.team.with_value(|told| {
        if let Some(told) = told {
            out.push_str(&expectation_markup(i18n, told, waiting));
        }
    });
    out
}

/// The one click handler of both team views (the chooser's radios and the
/// question's buttons): one closure type instead of two costs the wasm less.
/// The question's two buttons say which they are in `data-answer`; a radio
/// of the chooser is clicked however it is chosen (pointer, Space or the
/// arrow keys), and its value is the staff id.
pub fn clicked(session: WidgetSession) -> impl Fn(web_sys::MouseEvent) + Copy + 'static {
    move |event| {
        let Some(element) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if let Some(radio) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            session.nominate(staff_id(&radio.value()));
            return;
        }
        match element.get_attribute("data-answer").as_deref() {
            Some("anyone") => {
                session.nominate(None);
                session.team.redraw_chooser();
            }
            Some("wait") => session.team.waiting_for_nominee.set(true),
            _ => {}
        }
    }
}

/// A radio's value as a staff id ("" for anyone). By hand: `str::parse`
/// costs the widget more than these lines.
fn staff_id(value: &str) -> Option<i64> {
    let mut id: i64 = 0;
    for byte in value.bytes() {
        if !byte.is_ascii_digit() {
            return None;
        }
        id = id.checked_mul(10)?.checked_add(i64::from(byte - b'0'))?;
    }
    (!value.is_empty()).then_some(id)
}

/// "Aiko is typing…" (see [`super::team::TeamState::typing`] for the
/// hint's form), or nothing.
fn typing_markup(i18n: I18n, typing: Option<&str>) -> String {
    // The last character is the ASCII parity digit. Split without
    // indexing: a `str` slice that may panic brings the panic message's
    // formatting and Unicode tables (several KB).
    let Some((name, parity)) = typing.and_then(|typing| {
        (typing.strip_suffix("0").map(|name| (name, "0")))
            .or_else(|| typing.strip_suffix("1").map(|name| (name, "1")))
    }) else {
        return String::new();
    };
    let mut out = String::from("<p class=\"typing\" data-hint=\"");
    out.push_str(parity);
    out.push_str("\">");
    out.push_str(&escaped(
        &i18n.t_with("staff-typing", &[("name", name.into())]),
    ));
    out.push_str("</p>");
    out
}

/// The expectation's markup.
fn expectation_markup(i18n: I18n, told: &Team, waiting: bool) -> String {
    let mut out = String::from("<p role=\"note\">");
    if told.away {
        out.push_str("<span class=\"away\">");
        out.push_str(&i18n.t("reply-away"));
        out.push_str("</span> ");
    }
    match told.reply_by_ms {
        Some(NOW) => out.push_str(&i18n.t("reply-soon")),
        Some(at) => {
            out.push_str(&i18n.t_with("reply-by", &[("time", i18n.time(at).1.as_str().into())]))
        }
        None => {}
    }
    out.push_str("</p>");
    let nominee = told
        .nominee
        .and_then(|id| told.members.iter().find(|member| member.id == id));
    if let Some(nominee) = nominee.filter(|_| told.ask_for_anyone && !waiting) {
        let name = escaped(&nominee.name);
        out.push_str("<div class=\"ask-anyone\" role=\"group\" aria-labelledby=\"ask-anyone\"><p id=\"ask-anyone\">");
        out.push_str(&i18n.t_with("ask-anyone", &[("name", name.as_str().into())]));
        out.push_str("</p><button type=\"button\" data-answer=\"anyone\">");
        out.push_str(&i18n.t("ask-anyone-yes"));
        out.push_str(
            "</button><button type=\"button\" class=\"link-button\" data-answer=\"wait\">",
        );
        out.push_str(&i18n.t("ask-anyone-wait"));
        out.push_str("</button></div>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::staff_id;
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::WIDGET;

    #[test]
    fn a_radio_value_reads_as_a_staff_id_or_anyone() {
        assert_eq!(staff_id("42"), Some(42));
        assert_eq!(staff_id(""), None);
        assert_eq!(staff_id("4x"), None);
        assert_eq!(staff_id("99999999999999999999"), None);
    }

    #[test]
    fn the_team_texts_carry_no_markup_in_either_language() {
        let ids = [
            "team-legend",
            "team-anyone",
            "team-now",
            "team-from",
            "reply-away",
            "reply-soon",
            "reply-by",
            "ask-anyone",
            "ask-anyone-yes",
            "ask-anyone-wait",
        ];
        assert_free_of_markup(WIDGET, &ids, &['<', '>', '&', '"']);
    }
}
