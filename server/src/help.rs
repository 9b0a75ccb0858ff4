//! The emergency notice the widget opens from its header ("Emergency help" /
//! 「緊急のとき」) and shows by itself when a parent's message suggests
//! danger: where to call, one tap a number. The server writes it into the
//! widget's page as two `<dialog>`s, one per language (`help-ja`,
//! `help-en`), so it opens at once — no request, nothing to load, even if
//! the connection has just dropped — and costs the widget's wasm nothing
//! but the button that opens it.
//!
//! The numbers are Japan's (119, #8000 for a sick child at night, 189 for
//! child-abuse consultation, いのちの電話, and TELL for help in English);
//! each has a name and a line on when to call, from `locales/server/*/notices.ftl`.
//! An organisation adds its own lines under them (a local centre, its own
//! hours). Everything not ours is escaped. A leaf: it imports nothing of
//! the server but [`crate::i18n`].

use std::fmt::Write as _;

use yorisoi_protocol::Lang;

use crate::i18n::{self, Arg};

/// A number to call: as shown, as dialled (`tel:`, `#` escaped), and the
/// Fluent prefix of its name (`-name`) and of when to call (`-what`).
const NUMBERS: [(&str, &str, &str); 5] = [
    ("119", "119", "help-ambulance"),
    ("#8000", "%238000", "help-child-night"),
    ("189", "189", "help-child-guidance"),
    ("0570-783-556", "0570783556", "help-lifeline"),
    ("03-5774-0992", "0357740992", "help-tell"),
];

/// What an organisation adds to the notice, per language (empty: nothing).
#[derive(Debug, Clone, Copy, Default)]
pub struct Local<'a> {
    /// The organisation's name in that language.
    pub name: &'a str,
    /// Its own lines, plain text (line breaks kept).
    pub text: &'a str,
}

/// Both dialogs, for the end of the widget's `<body>`.
pub fn dialogs<'a>(local: impl Fn(Lang) -> Local<'a>) -> String {
    Lang::ALL
        .iter()
        .map(|&lang| dialog(lang, local(lang)))
        .collect()
}

/// The notice in `lang`.
pub fn dialog(lang: Lang, local: Local<'_>) -> String {
    let tag = lang.tag();
    let mut html = String::with_capacity(2048);
    let _ = write!(
        html,
        "<dialog id=\"help-{tag}\" class=\"help\" lang=\"{tag}\" aria-labelledby=\"help-{tag}-title\">\
         <h2 id=\"help-{tag}-title\">{}</h2><p>{}</p><ul class=\"numbers\">",
        escaped(&i18n::text(lang, "help-title")),
        escaped(&i18n::text(lang, "help-intro")),
    );
    for (shown, dialled, id) in NUMBERS {
        let _ = write!(
            html,
            "<li><a href=\"tel:{dialled}\"><b>{}</b> {}</a><p>{}</p></li>",
            escaped(shown),
            escaped(&i18n::text(lang, &[id, "-name"].concat())),
            escaped(&i18n::text(lang, &[id, "-what"].concat())),
        );
    }
    html.push_str("</ul>");
    let text = local.text.trim();
    if !text.is_empty() {
        let heading = i18n::text_with(lang, "help-local", &[("name", Arg::Text(local.name))]);
        let _ = write!(
            html,
            "<section class=\"local\"><h3>{}</h3><p>{}</p></section>",
            escaped(&heading),
            escaped(text).replace('\n', "<br>"),
        );
    }
    let _ = write!(
        html,
        "<form method=\"dialog\"><button class=\"quiet\">{}</button></form></dialog>",
        escaped(&i18n::text(lang, "help-close")),
    );
    html
}

/// The notice as plain text, for the card staff send into a conversation
/// (the widget shows a message as text; its header's button and the
/// notice it opens with the card make the numbers tappable).
pub fn card(lang: Lang, local: Local<'_>) -> String {
    let mut text = [
        i18n::text(lang, "help-title"),
        "\n".into(),
        i18n::text(lang, "help-intro"),
        "\n".into(),
    ]
    .concat();
    for (shown, _, id) in NUMBERS {
        let _ = write!(
            text,
            "\n{shown} {}\n{}\n",
            i18n::text(lang, &[id, "-name"].concat()),
            i18n::text(lang, &[id, "-what"].concat()),
        );
    }
    let own = local.text.trim();
    if !own.is_empty() {
        let heading = i18n::text_with(lang, "help-local", &[("name", Arg::Text(local.name))]);
        let _ = write!(text, "\n{heading}\n{own}\n");
    }
    text.trim_end().to_owned()
}

/// `text` as it reads inside markup.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_lists_every_number_to_tap_with_its_name() {
        let japanese = dialog(Lang::Ja, Local::default());
        assert!(japanese.starts_with("<dialog id=\"help-ja\""));
        assert!(japanese.contains("<a href=\"tel:119\"><b>119</b> 救急車・消防</a>"));
        assert!(japanese.contains("<a href=\"tel:%238000\"><b>#8000</b> 子ども医療電話相談</a>"));
        assert!(japanese.contains("tel:189"));
        assert!(japanese.contains("いのちの電話"));
        assert!(japanese.contains(">閉じる</button>"));
        let english = dialog(Lang::En, Local::default());
        assert!(english.contains("lang=\"en\""));
        assert!(english.contains("<b>119</b> Ambulance and fire"));
        assert!(english.contains("TELL Lifeline"));
        assert!(
            !english.contains("class=\"local\""),
            "nothing added, no section"
        );
    }

    #[test]
    fn the_card_lists_every_number_in_plain_text_with_the_organisations_lines() {
        let japanese = card(Lang::Ja, Local::default());
        assert!(japanese.starts_with("今すぐ助けが必要なとき"), "{japanese}");
        assert!(japanese.contains("119 救急車・消防"), "{japanese}");
        assert!(japanese.contains("#8000 子ども医療電話相談"));
        assert!(!japanese.contains('<'), "no markup: {japanese}");
        let local = Local {
            name: "Hidamari",
            text: "Our centre: 03-1234-5678",
        };
        let english = card(Lang::En, local);
        assert!(english.contains("189 Child guidance centre line"));
        assert!(
            english.ends_with("From Hidamari\nOur centre: 03-1234-5678"),
            "{english}"
        );
    }

    #[test]
    fn what_an_organisation_adds_is_escaped_with_its_lines_kept() {
        let local = Local {
            name: "ひだまり<会>",
            text: "子育て支援センター 03-1234-5678\n<script>alert(1)</script>",
        };
        let html = dialog(Lang::Ja, local);
        assert!(
            html.contains("<h3>ひだまり&lt;会&gt;からのご案内</h3>"),
            "{html}"
        );
        assert!(html.contains("03-1234-5678<br>&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn both_dialogs_come_together() {
        let html = dialogs(|_| Local::default());
        assert!(html.contains("id=\"help-ja\"") && html.contains("id=\"help-en\""));
    }
}
