//! The texts the server writes itself, in Japanese and English: what it
//! puts into the widget's page (the emergency notice, the privacy notice
//! after the widget's standard welcome)
//! and, later, into files it hands out. The apps carry their own compiled
//! tables (see `app/build.rs`); the server has no size budget, so it reads
//! the same Fluent sources with the reference implementation.
//!
//! The sources are baked in (`include_str!`), parsed once per language on
//! first use; a message missing in one language is caught by the test
//! below, and a missing id reads as the id itself (a visible mistake, never
//! a panic). Texts come without Unicode isolation marks: they go into HTML
//! and plain text, where the marks would only be stray characters.
//! A leaf: imports nothing of the server.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use yorisoi_protocol::Lang;

/// The Fluent files the server reads, per language: its own
/// (`locales/server/<lang>/`, which the apps never compile in) and the
/// widget's, for the standard welcome it writes before the privacy notice.
const SOURCES: [(Lang, &[&str]); 2] = [
    (
        Lang::Ja,
        &[
            include_str!("../../locales/server/ja/notices.ftl"),
            include_str!("../../locales/server/ja/privacy.ftl"),
            include_str!("../../locales/server/ja/cases.ftl"),
            include_str!("../../locales/ja/widget.ftl"),
        ],
    ),
    (
        Lang::En,
        &[
            include_str!("../../locales/server/en/notices.ftl"),
            include_str!("../../locales/server/en/privacy.ftl"),
            include_str!("../../locales/server/en/cases.ftl"),
            include_str!("../../locales/en/widget.ftl"),
        ],
    ),
];

/// One language's bundle.
type Bundle = FluentBundle<FluentResource>;

/// The bundles, parsed on first use, in the order of [`Lang::ALL`].
fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(bundle))
}

/// The bundle of `lang`'s sources. A source that does not parse keeps the
/// messages that do (the test below fails on any error).
fn bundle(lang: Lang) -> Bundle {
    let tag = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    bundle.set_use_isolating(false);
    let sources = SOURCES
        .iter()
        .filter(|(of, _)| *of == lang)
        .flat_map(|(_, sources)| sources.iter());
    for source in sources {
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(kept, _)| kept);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Message `id` in `lang`.
pub fn text(lang: Lang, id: &str) -> String {
    text_with(lang, id, &[])
}

/// Message `id` in `lang` with its variables.
pub fn text_with(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = &bundles()[index(lang)];
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return id.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(text) => fluent_args.set(*name, FluentValue::from(*text)),
            Arg::Number(number) => fluent_args.set(*name, FluentValue::from(*number)),
        }
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Whether `lang` has message `id` (for texts an organisation may replace).
pub fn has(lang: Lang, id: &str) -> bool {
    bundles()[index(lang)].has_message(id)
}

/// A variable's value.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(&'a str),
    /// A number (selects plural forms).
    Number(i64),
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::Ja => 0,
        Lang::En => 1,
    }
}

#[cfg(test)]
mod tests;
