//! The markup of the settings page's newer sections (issue 12: profiles
//! and hours, canned replies, the team's week), written as strings, not as
//! views: the page's wasm has a tight budget, and a view per form, field
//! and row cost it several times what these few string builders do (see
//! `crate::components::markup`). Pure: given the data and a translator
//! (`t`, Fluent id to text), each function appends markup; every value and
//! text is [`escaped`]. The forms are driven by `super::team_forms`, which
//! finds each field by the ids made here ([`field_id`]).

use yorisoi_protocol::canned::CannedReply;
use yorisoi_protocol::profile::{StaffCard, WeekLoad};

use super::hours_rules::{DATES, DAY_LABELS, QUIET, ZONE};
use crate::components::markup::escaped;

/// A translator: Fluent id to text.
pub type T<'a> = &'a dyn Fn(&'static str) -> String;

/// The profile form's text fields: key, label, several lines, language.
pub const PROFILE_FIELDS: [(u8, &str, bool, &str); 5] = [
    (0, "settings-display-name", false, ""),
    (1, "settings-role-ja", false, "ja"),
    (2, "settings-role-en", false, "en"),
    (3, "settings-intro-ja", true, "ja"),
    (4, "settings-intro-en", true, "en"),
];
/// The photo's key in the profile form.
pub const PHOTO: u8 = 5;
/// The canned reply form's fields.
pub const CANNED_FIELDS: [(u8, &str, bool, &str); 3] = [
    (0, "settings-canned-title", false, ""),
    (1, "settings-canned-ja", true, "ja"),
    (2, "settings-canned-en", true, "en"),
];

/// The id of field `key` of the form `form` (`p12`: staff 12's profile,
/// `h12` their hours, `c3` canned reply 3, `c0` the new one).
pub fn field_id(form: &str, key: u8) -> String {
    let mut id = String::from(form);
    id.push('-');
    id.push(char::from(b'0' + key));
    id
}

fn push_escaped(out: &mut String, text: &str) {
    out.push_str(&escaped(text));
}

/// A labelled field with its hint and the place for its problem.
fn field(
    out: &mut String,
    t: T,
    id: &str,
    look: (&'static str, bool, &str),
    value: &str,
    hint: Option<&'static str>,
) {
    let (label, multiline, lang) = look;
    out.push_str(r#"<div class="field"><label for=""#);
    out.push_str(id);
    out.push_str(r#"">"#);
    push_escaped(out, &t(label));
    out.push_str(if multiline {
        r#"</label><textarea rows="3" id=""#
    } else {
        r#"</label><input type="text" autocomplete="off" id=""#
    });
    out.push_str(id);
    if !lang.is_empty() {
        out.push_str(r#"" lang=""#);
        out.push_str(lang);
    }
    out.push_str(r#"" aria-describedby=""#);
    out.push_str(id);
    out.push_str("-hint ");
    out.push_str(id);
    if multiline {
        out.push_str(r#"-problem">"#);
        push_escaped(out, value);
        out.push_str("</textarea>");
    } else {
        out.push_str(r#"-problem" value=""#);
        push_escaped(out, value);
        out.push_str(r#"">"#);
    }
    out.push_str(r#"<p class="hint" id=""#);
    out.push_str(id);
    out.push_str(r#"-hint">"#);
    if let Some(hint) = hint {
        push_escaped(out, &t(hint));
    }
    out.push_str(r#"</p><p class="field-problem" id=""#);
    out.push_str(id);
    out.push_str(r#"-problem"></p></div>"#);
}

/// A section's start: its heading (whose id is `heading`, its Fluent id)
/// and introduction; the caller closes it.
pub fn section_start(out: &mut String, t: T, heading: &'static str, intro: &'static str) {
    out.push_str(r#"<section class="settings-section" aria-labelledby=""#);
    out.push_str(heading);
    out.push_str(r#""><h2 id=""#);
    out.push_str(heading);
    out.push_str(r#"">"#);
    push_escaped(out, &t(heading));
    out.push_str(r#"</h2><p class="intro">"#);
    push_escaped(out, &t(intro));
    out.push_str("</p>");
}

/// A form's end: its alert, its status and its submit button.
fn form_end(out: &mut String, t: T, form: &str, button: &'static str) {
    out.push_str(r#"<p class="alert" role="alert" id=""#);
    out.push_str(form);
    out.push_str(r#"-alert"></p><p class="notice" role="status" id=""#);
    out.push_str(form);
    out.push_str(r#"-status"></p><button type="submit" class="primary">"#);
    push_escaped(out, &t(button));
    out.push_str("</button>");
}

/// A form's start: `kind` (`p`, `h`, `c`) and its own id `form`.
fn form_start(out: &mut String, class: &str, form: &str) {
    out.push_str(r#"<form novalidate class=""#);
    out.push_str(class);
    out.push_str(r#"" id=""#);
    out.push_str(form);
    out.push_str(r#"">"#);
}

/// One person: their name, profile form and hours form.
pub fn person(out: &mut String, t: T, card: &StaffCard) {
    let id = card.id.to_string();
    let (profile, hours) = (format!("p{id}"), format!("h{id}"));
    out.push_str(r#"<article class="person" aria-labelledby="staff-"#);
    out.push_str(&id);
    out.push_str(r#""><h3 id="staff-"#);
    out.push_str(&id);
    out.push_str(r#"">"#);
    push_escaped(out, &card.name);
    out.push_str("</h3><h4>");
    push_escaped(out, &t("settings-profile"));
    out.push_str("</h4>");
    form_start(out, "profile-form", &profile);
    let p = &card.profile;
    let values = [&card.name, &p.role_ja, &p.role_en, &p.intro_ja, &p.intro_en];
    for ((key, label, multiline, lang), value) in PROFILE_FIELDS.into_iter().zip(values) {
        field(
            out,
            t,
            &field_id(&profile, key),
            (label, multiline, lang),
            value,
            None,
        );
    }
    let photo = field_id(&profile, PHOTO);
    out.push_str(r#"<div class="field photo"><img alt="" id=""#);
    out.push_str(&photo);
    out.push_str(r#"-img""#);
    match &card.photo {
        Some(path) => {
            out.push_str(r#" src=""#);
            push_escaped(out, path);
            out.push('"');
        }
        None => out.push_str(" hidden"),
    }
    out.push_str(r#"><label for=""#);
    out.push_str(&photo);
    out.push_str(r#"">"#);
    push_escaped(out, &t("settings-photo"));
    out.push_str(r#"</label><input type="file" accept="image/png,image/jpeg,image/webp" id=""#);
    out.push_str(&photo);
    out.push_str(r#"" aria-describedby=""#);
    out.push_str(&photo);
    out.push_str(r#"-problem"><p class="field-problem" id=""#);
    out.push_str(&photo);
    out.push_str(r#"-problem"></p></div>"#);
    form_end(out, t, &profile, "settings-save-profile");
    out.push_str("</form><h4>");
    push_escaped(out, &t("settings-hours"));
    out.push_str("</h4>");
    form_start(out, "hours-form", &hours);
    out.push_str(r#"<p class="hint">"#);
    push_escaped(out, &t("settings-hours-hint"));
    out.push_str("</p>");
    let text = &card.hours;
    for ((key, label), value) in (0u8..).zip(DAY_LABELS).zip(&text.days) {
        field(
            out,
            t,
            &field_id(&hours, key),
            (label, false, ""),
            value,
            None,
        );
    }
    let more = [
        (
            DATES,
            "settings-dates",
            true,
            &text.dates,
            "settings-dates-hint",
        ),
        (
            QUIET,
            "settings-quiet",
            false,
            &text.quiet,
            "settings-quiet-hint",
        ),
        (
            ZONE,
            "settings-zone",
            false,
            &text.time_zone,
            "settings-zone-hint",
        ),
    ];
    for (key, label, multiline, value, hint) in more {
        field(
            out,
            t,
            &field_id(&hours, key),
            (label, multiline, ""),
            value,
            Some(hint),
        );
    }
    form_end(out, t, &hours, "settings-save-hours");
    out.push_str("</form></article>");
}

/// The canned replies' forms, then the form for a new one.
pub fn canned(out: &mut String, t: T, replies: &[CannedReply]) {
    let new = CannedReply {
        id: 0,
        title: String::new(),
        ja: String::new(),
        en: String::new(),
    };
    for reply in replies.iter().chain([&new]) {
        let form = format!("c{}", reply.id);
        form_start(out, "canned-form", &form);
        out.push_str("<h3>");
        if reply.id == 0 {
            push_escaped(out, &t("settings-canned-new"));
        } else {
            push_escaped(out, &reply.title);
        }
        out.push_str("</h3>");
        let values = [&reply.title, &reply.ja, &reply.en];
        for ((key, label, multiline, lang), value) in CANNED_FIELDS.into_iter().zip(values) {
            field(
                out,
                t,
                &field_id(&form, key),
                (label, multiline, lang),
                value,
                None,
            );
        }
        if reply.id == 0 {
            form_end(out, t, &form, "settings-canned-add");
        } else {
            form_end(out, t, &form, "settings-canned-save");
            out.push_str(r#" <button type="button" class="tool" data-delete=""#);
            out.push_str(&reply.id.to_string());
            out.push_str(r#"">"#);
            push_escaped(out, &t("settings-canned-delete"));
            out.push_str("</button>");
        }
        out.push_str("</form>");
    }
}

/// The team's week as a table.
pub fn week(
    out: &mut String,
    t: T,
    hours_text: &dyn Fn(u32, u32) -> String,
    caption: &str,
    load: &WeekLoad,
) {
    out.push_str(r#"<table class="load"><caption>"#);
    push_escaped(out, caption);
    out.push_str("</caption><thead><tr>");
    for id in [
        "settings-load-staff",
        "settings-load-conversations",
        "settings-load-messages",
        "settings-load-hours",
    ] {
        out.push_str(r#"<th scope="col">"#);
        push_escaped(out, &t(id));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in &load.staff {
        out.push_str(r#"<tr><th scope="row">"#);
        push_escaped(out, &row.name);
        out.push_str("</th><td>");
        out.push_str(&row.conversations.to_string());
        out.push_str("</td><td>");
        out.push_str(&row.messages.to_string());
        out.push_str("</td><td>");
        push_escaped(
            out,
            &hours_text(row.online_minutes / 60, row.online_minutes % 60),
        );
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::profile::StaffLoad;
    use yorisoi_protocol::team::StaffProfile;

    fn t(id: &'static str) -> String {
        format!("[{id}]")
    }

    #[test]
    fn a_person_is_written_escaped_with_every_field_findable_by_its_label() {
        let card = StaffCard {
            id: 7,
            name: r#"<b>"あき"</b>"#.into(),
            admin: false,
            profile: StaffProfile {
                role_ja: "保育士 & 母".into(),
                ..StaffProfile::default()
            },
            hours: yorisoi_protocol::profile::HoursText::of(None),
            photo: None,
        };
        let mut out = String::new();
        person(&mut out, &t, &card);
        assert!(out.contains("&lt;b&gt;&quot;あき&quot;&lt;/b&gt;"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains(r#"value="保育士 &amp; 母""#), "{out}");
        for key in 0..=PHOTO {
            let id = field_id("p7", key);
            assert!(
                out.contains(&format!(r#"<label for="{id}">"#)),
                "{id}: {out}"
            );
        }
        for key in 0..=ZONE {
            let id = field_id("h7", key);
            assert!(out.contains(&format!(r#"id="{id}""#)), "{id}");
            assert!(out.contains(&format!(r#"id="{id}-problem""#)), "{id}");
        }
        assert!(out.contains(r#"value="Asia/Tokyo""#), "the default zone");
        assert_eq!(out.matches("<form").count(), out.matches("</form>").count());
    }

    #[test]
    fn canned_replies_end_with_a_form_for_a_new_one_and_the_week_is_a_table() {
        let reply = CannedReply {
            id: 3,
            title: "お礼".into(),
            ja: "ありがとうございます".into(),
            en: "Thank you".into(),
        };
        let mut out = String::new();
        canned(&mut out, &t, &[reply]);
        assert!(
            out.contains(r#"id="c3""#) && out.contains(r#"id="c0""#),
            "{out}"
        );
        assert!(out.contains(r#"data-delete="3""#), "{out}");
        assert_eq!(
            out.matches("data-delete").count(),
            1,
            "no removing the new one"
        );

        let load = WeekLoad {
            since_ms: 0,
            time_zone: "Asia/Tokyo".into(),
            staff: vec![StaffLoad {
                id: 1,
                name: "あき".into(),
                conversations: 2,
                messages: 5,
                online_minutes: 95,
            }],
        };
        let mut out = String::new();
        let hours = |h: u32, m: u32| format!("{h}:{m}");
        week(&mut out, &t, &hours, "caption", &load);
        assert!(out.contains("<td>2</td><td>5</td><td>1:35</td>"), "{out}");
    }
}
