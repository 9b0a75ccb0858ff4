//! One case on the cases page, as an `<article>`: a heading naming the
//! conversation (its number and the parent's nickname), its state in
//! words, who proposed and who reviewed it; its two texts in labelled
//! textareas (editable while a draft, read-only after); the buttons its
//! state allows ("Send to the parent", "Approve review" — shown disabled
//! with the reason to the proposer —, "Export", whose texts appear in
//! read-only textareas with a copy button each); the parent's decision and
//! the audit trail, times in the organisation's zone. Texts are the
//! parent's words redacted, so every one is escaped.

use std::fmt::Write as _;

use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::{
    CaseActor, CaseEvent, CaseStatus, CaseStep, StaffCase, max_short_chars,
};

use super::render::View;
use crate::help::escaped;
use crate::i18n::{self, Arg};
use crate::service::cases::{CaseEntry, is_closed};
use crate::transcript::local_time;

/// The article of one case.
pub fn article(view: &View<'_>, entry: &CaseEntry) -> String {
    let case = &entry.case;
    let id = case.id;
    let mut html = String::with_capacity(4096);
    let _ = write!(
        html,
        "<article class=\"case\" id=\"case-{id}\" data-case=\"{id}\" tabindex=\"-1\" aria-labelledby=\"case-{id}-title\">\
         <h3 id=\"case-{id}-title\">{}</h3><p class=\"case-meta\">{}</p>",
        heading(view, entry),
        meta(view, entry),
    );
    html.push_str(&texts(view, case));
    html.push_str(&actions(view, case));
    html.push_str(&export_box(view, id));
    html.push_str(&decision(view, entry));
    html.push_str(&trail(view, entry));
    html.push_str("</article>");
    html
}

/// "Conversation 12 · nickname".
fn heading(view: &View<'_>, entry: &CaseEntry) -> String {
    let number = Arg::Number(entry.case.conversation.0);
    match entry.nickname.as_deref().map(str::trim) {
        Some(nickname) if !nickname.is_empty() => view.text_with(
            "casepage-case-of-nickname",
            &[("number", number), ("nickname", Arg::Text(nickname))],
        ),
        _ => view.text_with("casepage-case-of", &[("number", number)]),
    }
}

/// The state in words, who proposed it and when, who reviewed it, and the
/// texts' language.
fn meta(view: &View<'_>, entry: &CaseEntry) -> String {
    let case = &entry.case;
    // Raw words: `text_with` escapes its variables.
    let status = i18n::text(view.lang, status_id(case.status));
    let proposer = staff_name(view, &entry.trail, case.proposed_by);
    let proposed = view.text_with(
        "casepage-proposed-by",
        &[
            ("name", Arg::Text(&proposer)),
            ("date", Arg::Text(&when(view, case.created_at_ms))),
        ],
    );
    let reviewed = match case.reviewed_by {
        Some(reviewer) => {
            let name = staff_name(view, &entry.trail, reviewer);
            view.text_with("casepage-reviewed-by", &[("name", Arg::Text(&name))])
        }
        None => view.text("casepage-not-reviewed"),
    };
    let language = i18n::text(
        view.lang,
        match case.lang {
            Lang::Ja => "casepage-language-ja",
            Lang::En => "casepage-language-en",
        },
    );
    format!(
        "<span class=\"case-status {}\">{}</span><br>{proposed}<br>{reviewed}<br>{}",
        case.status.name(),
        view.text_with("casepage-status", &[("status", Arg::Text(&status))]),
        view.text_with(
            "casepage-language-of-case",
            &[("language", Arg::Text(&language))]
        ),
    )
}

/// The Fluent id of a state's words.
fn status_id(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Draft => "casepage-status-draft",
        CaseStatus::Sent => "casepage-status-sent",
        CaseStatus::Approved => "casepage-status-approved",
        CaseStatus::Declined => "casepage-status-declined",
        CaseStatus::Withdrawn => "casepage-status-withdrawn",
    }
}

/// A staff member's name as the trail knows it (their latest step), or
/// "a former staff member".
fn staff_name(view: &View<'_>, trail: &[CaseEvent], staff: i64) -> String {
    trail
        .iter()
        .rev()
        .find_map(|event| match &event.actor {
            CaseActor::Staff { id, name } if *id == staff => name.clone(),
            _ => None,
        })
        .unwrap_or_else(|| i18n::text(view.lang, "casepage-former-staff"))
}

/// A time in the page's zone and language.
fn when(view: &View<'_>, at_ms: i64) -> String {
    local_time(at_ms, view.zone, view.lang)
}

/// The two texts: editable while a draft (with the words to hide), read-only
/// after. `autocomplete="off"`: a browser that restores a form's fields on
/// reload would otherwise put back what was typed before a step, not what
/// the server now holds.
fn texts(view: &View<'_>, case: &StaffCase) -> String {
    let id = case.id;
    let draft = case.status == CaseStatus::Draft;
    let readonly = if draft { "" } else { " readonly" };
    let mut html = String::new();
    if draft {
        let _ = write!(
            html,
            "<p class=\"note\">{}</p>",
            view.text("casepage-redaction-note")
        );
    }
    let max = i64::try_from(max_short_chars(case.lang)).unwrap_or(i64::MAX);
    let _ = write!(
        html,
        "<label for=\"case-{id}-short\">{}</label>\
         <textarea id=\"case-{id}-short\" rows=\"4\" data-field=\"short\" autocomplete=\"off\"{readonly}>{}</textarea>\
         <label for=\"case-{id}-long\">{}</label>\
         <textarea id=\"case-{id}-long\" rows=\"10\" data-field=\"long\" autocomplete=\"off\"{readonly}>{}</textarea>",
        view.text_with("casepage-short", &[("max", Arg::Number(max))]),
        escaped(&case.texts.short),
        view.text("casepage-long"),
        escaped(&case.texts.long),
    );
    if draft {
        let _ = write!(
            html,
            "<label for=\"case-{id}-hide\">{}</label>\
             <input id=\"case-{id}-hide\" type=\"text\" data-field=\"hide\" autocomplete=\"off\">",
            view.text("casepage-hide"),
        );
    }
    html
}

/// The buttons the case's state allows.
fn actions(view: &View<'_>, case: &StaffCase) -> String {
    let id = case.id;
    let mut html = String::from("<div class=\"case-actions\">");
    if case.status == CaseStatus::Draft {
        let _ = write!(
            html,
            "<button type=\"button\" class=\"tool\" data-action=\"save\">{}</button>\
             <button type=\"button\" class=\"send\" data-action=\"send\">{}</button>",
            view.text("casepage-save"),
            view.text("casepage-send"),
        );
    }
    let mut note = String::new();
    if !is_closed(case.status) && case.reviewed_by.is_none() {
        if case.proposed_by == view.viewer {
            let _ = write!(
                html,
                "<button type=\"button\" class=\"tool\" disabled aria-describedby=\"case-{id}-own\">{}</button>",
                view.text("casepage-review"),
            );
            let _ = write!(
                note,
                "<p class=\"note\" id=\"case-{id}-own\">{}</p>",
                view.text("casepage-review-own"),
            );
        } else {
            let _ = write!(
                html,
                "<button type=\"button\" class=\"send\" data-action=\"review\">{}</button>",
                view.text("casepage-review"),
            );
        }
    }
    let export_class = if case.exportable { "send" } else { "tool" };
    let _ = write!(
        html,
        "<button type=\"button\" class=\"{export_class}\" data-action=\"export\" \
         aria-controls=\"case-{id}-export\">{}</button></div>{note}",
        view.text("casepage-export"),
    );
    html
}

/// Where an export's texts appear, hidden until exported.
fn export_box(view: &View<'_>, id: i64) -> String {
    let mut html = format!("<section class=\"export\" id=\"case-{id}-export\" hidden>");
    for (field, label, copy) in [
        ("short", "casepage-export-short", "casepage-copy-short"),
        ("long", "casepage-export-long", "casepage-copy-long"),
    ] {
        let _ = write!(
            html,
            "<label for=\"case-{id}-export-{field}\">{}</label>\
             <textarea id=\"case-{id}-export-{field}\" rows=\"{rows}\" readonly data-export=\"{field}\"></textarea>\
             <button type=\"button\" class=\"tool\" data-action=\"copy\" data-copy=\"case-{id}-export-{field}\">{}</button>",
            view.text(label),
            view.text(copy),
            rows = if field == "short" { 4 } else { 10 },
        );
    }
    html.push_str("</section>");
    html
}

/// The parent's decision: the latest answer and when, or that there is
/// none yet.
fn decision(view: &View<'_>, entry: &CaseEntry) -> String {
    let answer = entry.trail.iter().rev().find_map(|event| {
        let id = match event.step {
            CaseStep::Approved => "casepage-decision-approved",
            CaseStep::Declined => "casepage-decision-declined",
            CaseStep::Withdrawn => "casepage-decision-withdrawn",
            _ => return None,
        };
        let date = when(view, event.at_ms);
        Some(view.text_with(id, &[("date", Arg::Text(&date))]))
    });
    let said = answer.unwrap_or_else(|| {
        view.text(match entry.case.status {
            CaseStatus::Draft => "casepage-decision-unsent",
            _ => "casepage-decision-none",
        })
    });
    format!(
        "<section class=\"decision\" aria-labelledby=\"case-{id}-decision\">\
         <h4 id=\"case-{id}-decision\">{}</h4><p>{said}</p></section>",
        view.text("casepage-decision"),
        id = entry.case.id,
    )
}

/// The audit trail: when, what, who, oldest first.
fn trail(view: &View<'_>, entry: &CaseEntry) -> String {
    let zone = match view.zone.iana_name() {
        Some("Asia/Tokyo") => i18n::text(view.lang, "casepage-zone-tokyo"),
        Some(name) => name.to_owned(),
        None => "UTC".to_owned(),
    };
    let id = entry.case.id;
    let mut html = format!(
        "<section class=\"trail\" aria-labelledby=\"case-{id}-trail\"><h4 id=\"case-{id}-trail\">{}</h4><ol>",
        view.text_with("casepage-trail", &[("zone", Arg::Text(&zone))]),
    );
    for event in &entry.trail {
        let step = i18n::text(view.lang, event.step.fluent_id());
        let actor = match &event.actor {
            CaseActor::Parent => i18n::text(view.lang, "case-actor-parent"),
            CaseActor::Staff { name, .. } => name
                .clone()
                .unwrap_or_else(|| i18n::text(view.lang, "casepage-former-staff")),
        };
        let datetime = jiff::Timestamp::from_millisecond(event.at_ms)
            .map(|at| at.to_string())
            .unwrap_or_default();
        let _ = write!(
            html,
            "<li><time datetime=\"{datetime}\">{}</time> {}</li>",
            escaped(&when(view, event.at_ms)),
            view.text_with(
                "casepage-trail-entry",
                &[("step", Arg::Text(&step)), ("actor", Arg::Text(&actor))]
            ),
        );
    }
    html.push_str("</ol></section>");
    html
}
