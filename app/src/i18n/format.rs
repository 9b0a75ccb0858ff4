//! The runtime half of the build-time Fluent compiler: the shapes `build.rs`
//! emits, and a formatter that fills in variables and picks select variants
//! the way `fluent-bundle` does for the subset we allow.

use yorisoi_protocol::Lang;

/// A piece of a compiled message.
#[derive(Debug)]
pub enum Part {
    /// Literal text (terms and message references are already inlined).
    Text(&'static str),
    /// `{ $name }`.
    Var(&'static str),
    /// `{ $name -> [key] … *[other] … }`.
    Select(&'static Select),
}

/// A select expression on one variable.
#[derive(Debug)]
pub struct Select {
    /// The variable selected on.
    pub var: &'static str,
    /// Index of the `*[default]` variant.
    pub default: usize,
    /// The variants, in source order (the first match wins).
    pub variants: &'static [Variant],
}

/// One `[key] pattern` of a select expression.
#[derive(Debug)]
pub struct Variant {
    /// The key as written.
    pub key: &'static str,
    /// True for a number literal key such as `[0]`.
    pub numeric: bool,
    /// The variant's pattern.
    pub parts: &'static [Part],
}

/// A value for a message variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    /// Text, inserted as is.
    Str(&'a str),
    /// An integer count; selects plural variants.
    Num(i64),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}

/// CLDR cardinal plural category for integers: English has `one` for exactly
/// 1, Japanese has no plural forms.
fn plural_category(lang: Lang, n: i64) -> &'static str {
    match (lang, n) {
        (Lang::En, 1) => "one",
        _ => "other",
    }
}

/// Appends the formatted `parts` to `out`. A missing variable is written as
/// `{$name}`, as fluent-bundle does, so the gap is visible rather than silent.
pub fn format_parts(lang: Lang, parts: &[Part], args: &[(&str, Arg<'_>)], out: &mut String) {
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Var(name) => match lookup(args, name) {
                Some(Arg::Str(text)) => out.push_str(text),
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Part::Select(select) => {
                let chosen = lookup(args, select.var)
                    .and_then(|value| select.variants.iter().find(|v| matches(lang, v, value)))
                    .or_else(|| select.variants.get(select.default));
                if let Some(variant) = chosen {
                    format_parts(lang, variant.parts, args, out);
                }
            }
        }
    }
}

fn lookup<'a>(args: &[(&str, Arg<'a>)], name: &str) -> Option<Arg<'a>> {
    args.iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| *value)
}

fn matches(lang: Lang, variant: &Variant, value: Arg<'_>) -> bool {
    match (value, variant.numeric) {
        (Arg::Str(text), false) => text == variant.key,
        // Integer keys only: parsing floats would add kilobytes to the wasm.
        (Arg::Num(n), true) => variant.key.parse::<i64>() == Ok(n),
        (Arg::Num(n), false) => plural_category(lang, n) == variant.key,
        (Arg::Str(_), true) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ITEMS: Select = Select {
        var: "n",
        default: 2,
        variants: &[
            Variant {
                key: "0",
                numeric: true,
                parts: &[Part::Text("none")],
            },
            Variant {
                key: "one",
                numeric: false,
                parts: &[Part::Text("one item")],
            },
            Variant {
                key: "other",
                numeric: false,
                parts: &[Part::Var("n"), Part::Text(" items")],
            },
        ],
    };

    fn run(lang: Lang, n: i64) -> String {
        let mut out = String::new();
        format_parts(
            lang,
            &[Part::Select(&ITEMS)],
            &[("n", Arg::Num(n))],
            &mut out,
        );
        out
    }

    #[test]
    fn exact_keys_win_then_plural_category_then_default() {
        assert_eq!(run(Lang::En, 0), "none");
        assert_eq!(run(Lang::En, 1), "one item");
        assert_eq!(run(Lang::En, 5), "5 items");
        assert_eq!(run(Lang::Ja, 1), "1 items");
    }

    #[test]
    fn missing_variables_stay_visible() {
        let mut out = String::new();
        format_parts(
            Lang::En,
            &[Part::Text("Hi "), Part::Var("name")],
            &[],
            &mut out,
        );
        assert_eq!(out, "Hi {$name}");
    }
}
