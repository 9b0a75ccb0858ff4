//! Translations compiled at build time. `build.rs` turns `locales/*/*.ftl`
//! into the static [`table`] of [`format::Part`]s; this module looks messages
//! up by id and formats them. The reactive side (the current language, `t!`)
//! lives in [`crate::contexts::i18n`].

pub mod format;

use yorisoi_protocol::Lang;

pub use format::Arg;
use format::{Part, Select, Variant};

mod table {
    //! The generated tables, one per `.ftl` file name (`COMMON`, `WIDGET`…):
    //! `(id, [ja, en])`, sorted by id.
    use super::{Messages, Part, Select, Variant};
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

/// One `.ftl` file's messages: `(id, [ja, en])`, sorted by id.
pub type Messages = [(&'static str, [&'static [Part]; 2])];

/// The files an app uses. Each app names only its own, so the widget's
/// wasm does not carry the console's strings.
pub type Catalog = &'static [&'static Messages];

/// The parent widget's messages.
pub static WIDGET: Catalog = &[table::COMMON, table::WIDGET, table::ERRORS];

/// The staff console's messages.
pub static CONSOLE: Catalog = &[table::COMMON, table::CONSOLE, table::ERRORS];

/// The staff settings page's messages.
pub static SETTINGS: Catalog = &[table::COMMON, table::SETTINGS, table::ERRORS];

/// Every message of every file (tests).
pub static EVERYTHING: Catalog = table::ALL;

/// Every message id in `catalog`.
pub fn message_ids(catalog: Catalog) -> impl Iterator<Item = &'static str> {
    catalog
        .iter()
        .flat_map(|messages| messages.iter().map(|(id, _)| *id))
}

/// True when `id` names a message of `catalog` (in both languages: the
/// build checks that).
pub fn has_message(catalog: Catalog, id: &str) -> bool {
    find(catalog, id).is_some()
}

fn find(catalog: Catalog, id: &str) -> Option<&'static [&'static [Part]; 2]> {
    catalog.iter().find_map(|messages| {
        let index = messages.binary_search_by(|(key, _)| (*key).cmp(id)).ok()?;
        messages.get(index).map(|(_, parts)| parts)
    })
}

fn column(lang: Lang) -> usize {
    match lang {
        Lang::Ja => 0,
        Lang::En => 1,
    }
}

/// Formats message `id` in `lang` with `args`. An unknown id comes back as
/// itself, so a typo shows on screen instead of an empty label.
pub fn translate_with(catalog: Catalog, lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let Some(columns) = find(catalog, id) else {
        return id.to_owned();
    };
    let mut out = String::new();
    format::format_parts(lang, columns[column(lang)], args, &mut out);
    out
}

/// Formats message `id` in `lang` without variables.
pub fn translate(catalog: Catalog, lang: Lang, id: &str) -> String {
    translate_with(catalog, lang, id, &[])
}

/// A language's name in that language, as the language switch and the
/// console's badges show it (never translated: a reader finds their own).
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "日本語",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests;
