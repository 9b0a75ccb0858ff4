//! The UI language as a reactive context. Components read labels through
//! [`I18n::text`] (or [`I18n::t`] inside their own closures), so switching
//! language re-renders every label in place without rebuilding the page.

use leptos::prelude::*;
use yorisoi_protocol::Lang;

use crate::browser;
use crate::erased::effect;
use crate::i18n::{Arg, Catalog, translate, translate_with};
use crate::time_text::time_text;

/// Where an app remembers the language chosen: a key and how to read and
/// write it (the console: its own `localStorage`; the widget: wherever it
/// keeps its items, so the choice survives where the frame's own storage
/// does not).
#[derive(Debug, Clone, Copy)]
pub struct LangKeeping {
    /// The key.
    pub key: &'static str,
    /// Reads a key.
    pub get: fn(&str) -> Option<String>,
    /// Writes a key.
    pub set: fn(&str, &str),
}

/// The current UI language and where it is remembered.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    keeping: LangKeeping,
    catalog: Catalog,
}

impl I18n {
    /// The current language (tracked: callers re-run when it changes).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, without subscribing the caller.
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Switches language and remembers the choice.
    pub fn set_lang(&self, lang: Lang) {
        (self.keeping.set)(self.keeping.key, lang.tag());
        self.lang.set(lang);
    }

    /// Message `id` in the current language.
    pub fn t(&self, id: &str) -> String {
        translate(self.catalog, self.lang.get(), id)
    }

    /// Message `id` as a label for `view!` that follows the language. Every
    /// call gives the same closure type, so tachys builds the rendering
    /// code of a reactive label once for all of them, not once per label
    /// as a `move || i18n.t(id)` written at each place would.
    pub fn text(self, id: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.t(id)
    }

    /// Message `id` in the current language, with variables.
    pub fn t_with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        translate_with(self.catalog, self.lang.get(), id, args)
    }

    /// When `ms` (since the epoch) was, in the browser's time zone: its
    /// machine-readable form for `<time datetime>`, and the text shown in
    /// the current language ([`time_text`]: 24-hour, dated when not today).
    pub fn time(&self, ms: i64) -> (String, String) {
        let at = browser::local_time(Some(ms));
        let shown = time_text(self.catalog, self.lang.get(), at, browser::local_time(None));
        (at.machine(), shown)
    }
}

/// Picks the starting language: the user's remembered choice, then the
/// page's `?lang`, then the browser's language, then English.
pub fn initial_lang(keeping: LangKeeping) -> Lang {
    (keeping.get)(keeping.key)
        .and_then(|tag| Lang::from_tag(&tag))
        .or_else(|| browser::query_param("lang").and_then(|tag| Lang::from_tag(&tag)))
        .or_else(browser::navigator_lang)
        .unwrap_or_default()
}

/// Installs the language context for an app using `catalog`. `title_id` names the message used as the
/// document title; `<html lang>` and the title follow the language.
pub fn provide_i18n_context(
    catalog: Catalog,
    keeping: LangKeeping,
    title_id: &'static str,
) -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang(keeping)),
        keeping,
        catalog,
    };
    effect(Box::new(move || {
        let lang = i18n.lang.get();
        browser::set_document_language(lang, &translate(catalog, lang, title_id));
    }));
    provide_context(i18n);
    i18n
}

/// The language context installed by [`provide_i18n_context`].
pub fn use_i18n() -> I18n {
    // Not `expect_context`: its panic message formats the type's name with
    // `{:?}`, which alone brings string escaping and Unicode tables (some
    // 4 KB) into the wasm.
    use_context::<I18n>().expect("provide_i18n_context runs first")
}

/// A reactive closure giving a translated message, for use in `view!`:
/// `t!(i18n, "send")` or `t!(i18n, "chars-remaining", count = n.get())`.
#[macro_export]
macro_rules! t {
    ($i18n:expr, $id:literal) => {{
        let i18n = $i18n;
        i18n.text($id)
    }};
    ($i18n:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let i18n = $i18n;
        move || i18n.t_with($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    }};
}
