//! "Who would you like to talk to?": a radio group of the team (photo,
//! name, role, when they can answer, a short introduction, in the parent's
//! language) and "Anyone". Choosing tells the server at once
//! ([`WidgetSession::nominate`], from the click handler it shares with
//! `expectation`); the parent may choose before writing or
//! at any time after.
//!
//! Written as markup in a string (see `crate::components::markup`; built
//! through `code::markup`, the widget's one closure type for it): staff
//! names, roles and introductions are escaped, photos are this server's
//! paths. The markup is rebuilt only when the members or the language
//! change, not when the choice does, so a keyboard user moving through the
//! radios keeps their focus while each choice is sent.

use leptos::prelude::*;
use yorisoi_protocol::team::{NOW, TeamMember};

use super::code::markup;
use super::expectation::clicked;
use super::session::WidgetSession;
use crate::components::markup::escaped;
use crate::contexts::i18n::{I18n, use_i18n};
use crate::erased::handler;

/// The chooser, once the server told the team (nothing for a team of none).
#[component]
pub fn Chooser(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="chooser" on:click=handler(clicked(session)) inner_html=markup(session, i18n, build)></div>
    }
}

/// The chooser's markup, redrawn when the members change.
fn build(session: WidgetSession, i18n: I18n) -> String {
    let team = session.team;
    team.members_changed.track();
    team.team.with_value(|told| match told {
        Some(told) => chooser_markup(i18n, &told.members, told.nominee),
        None => String::new(),
    })
}

/// The group's markup: empty without members.
fn chooser_markup(i18n: I18n, members: &[TeamMember], nominee: Option<i64>) -> String {
    if members.is_empty() {
        return String::new();
    }
    let lang = i18n.lang();
    let mut out = String::from("<p id=\"chooser-label\" class=\"chooser-label\">");
    out.push_str(&i18n.t("team-legend"));
    out.push_str("</p><div role=\"radiogroup\" aria-labelledby=\"chooser-label\">");
    option(
        &mut out,
        "",
        nominee.is_none(),
        "",
        &i18n.t("team-anyone"),
        "",
    );
    for member in members {
        let mut details = String::new();
        let role = member.profile.role(lang);
        if !role.is_empty() {
            details.push_str("<span class=\"role\">");
            details.push_str(&escaped(role));
            details.push_str("</span>");
        }
        if let Some(at) = member.available_at_ms {
            details.push_str("<span class=\"when\">");
            details.push_str(&available(i18n, at));
            details.push_str("</span>");
        }
        let intro = member.profile.intro(lang);
        if !intro.is_empty() {
            details.push_str("<span class=\"intro\">");
            details.push_str(&escaped(intro));
            details.push_str("</span>");
        }
        let photo = member
            .photo
            .as_deref()
            .map(|path| {
                let mut img = String::from("<img alt=\"\" width=\"44\" height=\"44\" src=\"");
                img.push_str(&escaped(path));
                img.push_str("\">");
                img
            })
            .unwrap_or_default();
        option(
            &mut out,
            &member.id.to_string(),
            nominee == Some(member.id),
            &photo,
            &escaped(&member.name),
            &details,
        );
    }
    out.push_str("</div>");
    out
}

/// One radio with its label: the name first, so it starts the radio's
/// accessible name.
fn option(out: &mut String, value: &str, checked: bool, photo: &str, name: &str, details: &str) {
    out.push_str("<label class=\"choice\"><input type=\"radio\" name=\"nominee\" value=\"");
    out.push_str(value);
    out.push('"');
    if checked {
        out.push_str(" checked");
    }
    out.push_str("><span class=\"who\"><span class=\"name\">");
    out.push_str(name);
    out.push_str("</span>");
    out.push_str(details);
    out.push_str("</span>");
    out.push_str(photo);
    out.push_str("</label>");
}

/// "Available now" or "From 10:00" in the parent's language and zone.
pub fn available(i18n: I18n, at_ms: i64) -> String {
    if at_ms == NOW {
        i18n.t("team-now")
    } else {
        i18n.t_with("team-from", &[("time", i18n.time(at_ms).1.as_str().into())])
    }
}

#[cfg(test)]
mod tests {
    use super::option;

    #[test]
    fn an_option_is_named_by_the_staff_member_first_and_keeps_its_choice() {
        let mut out = String::new();
        let details = "<span class=\"role\">保健師</span>";
        option(
            &mut out,
            "7",
            true,
            "<img alt=\"\">",
            "Aiko &amp; Ken",
            details,
        );
        // The label's text, hence the radio's accessible name, starts with
        // the name; the photo (empty alt) comes last.
        let text_starts = out.find("Aiko &amp; Ken").unwrap_or(usize::MAX);
        assert!(text_starts < out.find("保健師").unwrap_or(0));
        assert!(text_starts < out.find("<img").unwrap_or(0));
        assert!(out.contains("value=\"7\" checked>"));

        let mut anyone = String::new();
        option(&mut anyone, "", false, "", "どなたでも", "");
        assert!(anyone.contains("value=\"\">"));
        assert!(!anyone.contains("checked"));
    }
}
