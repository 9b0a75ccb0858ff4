//! Parts of a view written as markup in a string rather than as `view!`:
//! each `view!` shape and each closure type costs the wasm its own code,
//! where a string costs its few bytes. What goes in is the apps' own Fluent
//! text (tests keep it free of markup characters), digits, and anything
//! else [`escaped`].

/// `text` as it reads inside markup: `&`, `<`, `>` and `"` as entities.
#[inline(never)]
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Markup rebuilt whenever what `build` reads changes, for `inner_html`:
/// one closure type for every such part of an app, so one copy of
/// tachys's code for it in the wasm.
pub fn markup(build: Box<dyn Fn() -> String + Send + Sync>) -> impl Fn() -> String + Send + Sync {
    move || build()
}

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn a_name_is_escaped_for_markup() {
        assert_eq!(
            escaped(r#"<b>"Ann" & co</b> さくら"#),
            "&lt;b&gt;&quot;Ann&quot; &amp; co&lt;/b&gt; さくら"
        );
    }
}

/// Asserts that every message of `ids` exists in `catalog` in both
/// languages and holds none of `forbidden`: the Fluent texts a part puts
/// into markup unescaped.
#[cfg(test)]
pub(crate) fn assert_free_of_markup(
    catalog: crate::i18n::Catalog,
    ids: &[&str],
    forbidden: &[char],
) {
    for lang in yorisoi_protocol::Lang::ALL {
        for id in ids {
            let text = crate::i18n::translate(catalog, lang, id);
            assert!(
                !text.is_empty() && text != *id,
                "{id} is missing in {lang:?}"
            );
            assert!(
                !text.contains(forbidden),
                "{id} in {lang:?} would be read as markup: {text:?}"
            );
        }
    }
}

#[cfg(test)]
mod unescaped_texts {
    use super::assert_free_of_markup;
    use crate::i18n::{CONSOLE, WIDGET};

    /// The Fluent texts put in markup unescaped, beyond those each
    /// component's own tests check: the console list's words and a
    /// message's time.
    #[test]
    fn carry_no_markup_in_either_language() {
        let console = [
            "console-nickname",
            "console-anonymous",
            "console-unread",
            "time-months",
            "message-time",
        ];
        assert_free_of_markup(CONSOLE, &console, &['<', '&']);
        assert_free_of_markup(WIDGET, &["time-months", "message-time"], &['<', '&']);
    }
}
