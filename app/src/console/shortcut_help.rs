//! "Keyboard shortcuts": a header button and the list it opens. A native
//! popover does the work with no code of ours: the button opens it (as does
//! `?`, see `super::shortcuts`), focus moves into it, and Esc, the button
//! again or a tap outside shuts it, focus back where it was.
//!
//! Written as markup in one string, not as a view: the console's wasm is
//! at the edge of its size budget, and a view of these two elements cost
//! some 500 bytes of gzipped code where a string costs its few bytes. The
//! only text put in it is this console's own Fluent messages, which the
//! tests below keep free of markup characters.

use leptos::prelude::*;

use crate::components::markup::markup;
use crate::contexts::i18n::use_i18n;

/// The header's "Keyboard shortcuts" button and its popover, built again
/// in the other language when it changes. The list is one Fluent message,
/// a line a shortcut; its name, shown as its title by CSS, the button's.
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let i18n = use_i18n();
    let contents = markup(Box::new(move || {
        let title = i18n.t("shortcuts-open");
        [
            r#"<button type="button" class="tool" id="shortcuts-button" popovertarget="shortcuts" aria-keyshortcuts="?">"#,
            &title,
            r#"</button><div id="shortcuts" class="shortcuts" popover role="dialog" tabindex="-1" autofocus aria-label=""#,
            &title,
            r#"">"#,
            &i18n.t("shortcuts-list"),
            "</div>",
        ]
        .concat()
    }));
    view! { <span class="shortcut-help" inner_html=contents></span> }
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::CONSOLE;

    #[test]
    fn the_help_texts_carry_no_markup_in_either_language() {
        let ids = ["shortcuts-open", "shortcuts-list"];
        assert_free_of_markup(CONSOLE, &ids, &['<', '>', '&', '"']);
    }
}
