//! The HTML of the console's cases page, in the staff member's language:
//! the page around the cases (title, the way back to the console, the
//! language links, the alert and status regions, "Propose as a case"), and
//! the words its script shows after a request (a JSON block: the page's CSP
//! runs no inline script, and a data block is not run). Each case is
//! written by [`super::article`]. Every text not ours is escaped.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use serde_json::{Map, Value};
use yorisoi_protocol::cases::CaseRefusal;
use yorisoi_protocol::{ConversationId, Lang};

use super::article;
use crate::help::escaped;
use crate::i18n::{self, Arg};
use crate::service::cases::CaseBook;

/// The page's path.
pub const PATH: &str = "/console/cases";

/// The id of the JSON block of the script's words.
pub const WORDS_ID: &str = "case-words";

/// What one page shows, and to whom.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The staff member's language.
    pub lang: Lang,
    /// The staff member reading it (the proposer cannot review).
    pub viewer: i64,
    /// The cases; `None` when the conversation asked about is unknown.
    pub book: Option<&'a CaseBook>,
    /// The conversation asked about (`?conversation=`), if any.
    pub conversation: Option<ConversationId>,
    /// True when the script should propose a case at once (`?propose=1`
    /// and the conversation has no open case).
    pub propose_now: bool,
    /// The zone the times are written in.
    pub zone: &'a TimeZone,
}

impl View<'_> {
    /// Message `id` in the page's language, escaped.
    pub fn text(&self, id: &str) -> String {
        escaped(&i18n::text(self.lang, id))
    }

    /// Message `id` with its variables, escaped (variables included).
    pub fn text_with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        escaped(&i18n::text_with(self.lang, id, args))
    }
}

/// The whole page.
pub fn page(view: &View<'_>) -> String {
    let tag = view.lang.tag();
    let mut html = String::with_capacity(16 * 1024);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n<title>{} – Yorisoi</title>\n\
         <link rel=\"stylesheet\" href=\"/assets/console.css\">\n\
         <link rel=\"stylesheet\" href=\"/assets/cases.css\">\n\
         <script type=\"application/json\" id=\"{WORDS_ID}\">{}</script>\n\
         <script type=\"module\" src=\"/assets/cases-boot.js\"></script>\n</head>\n<body>\n",
        view.text("casepage-title"),
        words_block(view.lang),
    );
    html.push_str(&topbar(view));
    let mut main = String::from("<main class=\"cases\" id=\"cases\"");
    if let Some(id) = view.conversation {
        let _ = write!(main, " data-conversation=\"{}\"", id.0);
    }
    if view.propose_now {
        main.push_str(" data-propose-now=\"1\"");
    }
    main.push('>');
    html.push_str(&main);
    let _ = write!(
        html,
        "<p class=\"intro\">{}</p>\
         <p class=\"alert\" role=\"alert\" id=\"case-alert\"></p>\
         <p class=\"hint\" role=\"status\" id=\"case-status\"></p>",
        view.text("casepage-intro"),
    );
    html.push_str(&cases(view));
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// The bar at the top: the title, the way back to the console, and the
/// language links (which keep the conversation asked about).
fn topbar(view: &View<'_>) -> String {
    let mut links = String::new();
    for lang in Lang::ALL {
        let mut href = String::from(PATH);
        if let Some(id) = view.conversation {
            let _ = write!(href, "?conversation={}&amp;", id.0);
        } else {
            href.push('?');
        }
        let current = if lang == view.lang {
            " aria-current=\"true\""
        } else {
            ""
        };
        let _ = write!(
            links,
            "<a href=\"{href}lang={tag}\" lang=\"{tag}\" hreflang=\"{tag}\" data-lang=\"{tag}\"{current}>{}</a>",
            native_name(lang),
            tag = lang.tag(),
        );
    }
    format!(
        "<header class=\"topbar\"><div class=\"titles\"><h1>{title}</h1></div>\
         <nav class=\"tools\" aria-label=\"{title}\">\
         <a class=\"tool\" href=\"/console\">{back}</a>\
         <div class=\"lang-switch\" role=\"group\" aria-label=\"{language}\">{links}</div>\
         </nav></header>\n",
        title = view.text("casepage-title"),
        back = view.text("casepage-back"),
        language = view.text("casepage-language"),
    )
}

/// A language's name in itself, as the console's switch names it.
fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "日本語",
        Lang::En => "English",
    }
}

/// The heading of the list, "Propose as a case" when it makes sense, and
/// every case.
fn cases(view: &View<'_>) -> String {
    let mut html = String::new();
    let Some(book) = view.book else {
        let _ = write!(
            html,
            "<h2>{}</h2><p class=\"empty\">{}</p>",
            view.text("casepage-all"),
            view.text("casepage-unknown-conversation"),
        );
        return html;
    };
    let heading = match &book.asked {
        Some(asked) => view.text_with(
            "casepage-of-conversation",
            &[("number", Arg::Number(asked.id.0))],
        ),
        None => view.text("casepage-all"),
    };
    let _ = write!(html, "<h2 id=\"cases-heading\">{heading}</h2>");
    if let Some(asked) = book.asked.as_ref().filter(|asked| asked.may_propose) {
        let _ = write!(
            html,
            "<p class=\"propose\"><button type=\"button\" class=\"send\" data-action=\"propose\" \
             data-conversation=\"{}\">{}</button></p>",
            asked.id.0,
            view.text("casepage-propose"),
        );
    }
    if book.entries.is_empty() {
        let empty = match book.asked {
            Some(_) => "casepage-none-here",
            None => "casepage-none",
        };
        let _ = write!(html, "<p class=\"empty\">{}</p>", view.text(empty));
    }
    for entry in &book.entries {
        html.push_str(&article::article(view, entry));
    }
    html
}

/// The words the page's script shows, as JSON safe inside a `<script>`
/// data block: why a step was refused (by the reason the server sends) and
/// what it says while working, after copying, or when something failed.
fn words_block(lang: Lang) -> String {
    let refusals: Map<String, Value> = CaseRefusal::ALL
        .iter()
        .filter_map(|reason| {
            let key = serde_json::to_value(reason).ok()?.as_str()?.to_owned();
            Some((key, Value::from(i18n::text(lang, reason.fluent_id()))))
        })
        .collect();
    let mut words = Map::new();
    words.insert("refusals".into(), Value::Object(refusals));
    for (key, id) in [
        ("working", "casepage-working"),
        ("proposing", "casepage-proposing"),
        ("failed", "casepage-failed"),
        ("signedOut", "casepage-signed-out"),
        ("copied", "casepage-copied"),
        ("copyFailed", "casepage-copy-failed"),
    ] {
        words.insert(key.into(), Value::from(i18n::text(lang, id)));
    }
    // Nothing in it can end the block or open markup.
    Value::Object(words)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
