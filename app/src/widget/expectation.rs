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
//! Markup in strings, one delegated click handler for both answers to the
//! question (see `crate::components::markup`): staff names are escaped.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::team::{NOW, Team};

use super::session::WidgetSession;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::{I18n, use_i18n};

/// The away note, the expected reply time, and the question about anyone.
#[component]
pub fn Expectation(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    let team = session.team;
    let build = move || {
        let waiting = team.waiting_for_nominee.get();
        let mut out = team.typing.with(|typing| typing_markup(i18n, typing.as_deref()));
        team.changed.track();
        team.team.with_value(|told| {
            if let Some(told) = told {
                out.push_str(&expectation_markup(i18n, told, waiting));
            }
        });
        out
    };
    // The question's two buttons say which they are in `data-answer`.
    let answered = move |event: web_sys::MouseEvent| {
        let answer = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.get_attribute("data-answer"));
        match answer.as_deref() {
            Some("anyone") => {
                session.nominate(None);
                team.redraw_chooser();
            }
            Some("wait") => team.waiting_for_nominee.set(true),
            _ => {}
        }
    };
    view! {
        <div class="expectation" aria-live="polite" on:click=answered inner_html=markup(Box::new(build))></div>
    }
}

/// "Aiko is typing…" (see [`super::team::TeamState::typing`] for the
/// hint's form), or nothing.
fn typing_markup(i18n: I18n, typing: Option<&str>) -> String {
    // The last character is the ASCII parity digit.
    let Some((name, parity)) = typing.map(|typing| typing.split_at(typing.len().saturating_sub(1)))
    else {
        return String::new();
    };
    let mut out = String::from("<p class=\"typing\" data-hint=\"");
    out.push_str(parity);
    out.push_str("\">");
    out.push_str(&escaped(&i18n.t_with("staff-typing", &[("name", name.into())])));
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
        Some(at) => out.push_str(&i18n.t_with("reply-by", &[("time", i18n.time(at).1.as_str().into())])),
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
        out.push_str("</button><button type=\"button\" class=\"link-button\" data-answer=\"wait\">");
        out.push_str(&i18n.t("ask-anyone-wait"));
        out.push_str("</button></div>");
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::WIDGET;

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
