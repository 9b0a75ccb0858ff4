//! Fills the loader's few strings from the Fluent sources at build time: the
//! loader is plain JS with a 2 KB budget, so it carries the formatted strings
//! for each language instead of a Fluent runtime, and no string is written
//! outside `locales/`.

use std::fs;

use anyhow::{Context, bail};
use fluent_bundle::{FluentBundle, FluentResource};

use crate::root;

/// The placeholder in `public/widget.js` replaced by the strings object.
const PLACEHOLDER: &str = "/*STRINGS*/{}";

/// Loader keys and the Fluent ids they come from (`locales/*/loader.ftl`).
const KEYS: [(&str, &str); 5] = [
    ("open", "loader-open"),
    ("close", "loader-close"),
    ("title", "loader-frame-title"),
    ("loading", "loader-loading"),
    ("down", "loader-unavailable"),
];

/// Returns the loader source with its strings object filled in.
pub fn fill_strings(source: &str) -> anyhow::Result<String> {
    if !source.contains(PLACEHOLDER) {
        bail!("public/widget.js lacks the strings placeholder {PLACEHOLDER}");
    }
    let mut languages = serde_json::Map::new();
    for lang in ["en", "ja"] {
        languages.insert(lang.into(), strings_for(lang)?.into());
    }
    let json = serde_json::Value::Object(languages).to_string();
    Ok(minify(&source.replace(PLACEHOLDER, &json)))
}

/// A light, safe minification for the loader's budget: drops the leading
/// comment, indentation and blank lines (no line of it is whitespace-sensitive).
fn minify(source: &str) -> String {
    let body = match (source.starts_with("/*"), source.find("*/")) {
        (true, Some(end)) => &source[end + 2..],
        _ => source,
    };
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n") + "\n"
}

fn strings_for(lang: &str) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let path = root().join("locales").join(lang).join("loader.ftl");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let resource = FluentResource::try_new(text)
        .map_err(|(_, errors)| anyhow::anyhow!("{}: {errors:?}", path.display()))?;
    let langid = lang.parse().context("language id")?;
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| anyhow::anyhow!("{}: {errors:?}", path.display()))?;
    let mut strings = serde_json::Map::new();
    for (key, id) in KEYS {
        let message = bundle
            .get_message(id)
            .and_then(|message| message.value())
            .with_context(|| format!("{}: message {id} is missing", path.display()))?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(message, None, &mut errors);
        if !errors.is_empty() {
            bail!("{}: {id}: {errors:?}", path.display());
        }
        strings.insert(key.into(), text.into_owned().into());
    }
    Ok(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_code_and_drops_the_header_comment() {
        let source = "/* about\n   the loader */\n(() => {\n  const a = 1;\n\n  go(a);\n})();\n";
        assert_eq!(minify(source), "(() => {\nconst a = 1;\ngo(a);\n})();\n");
    }

    #[test]
    fn every_loader_string_exists_in_both_languages() {
        let filled = fill_strings(PLACEHOLDER).expect("strings");
        let json: serde_json::Value = serde_json::from_str(filled.trim()).expect("json");
        for lang in ["en", "ja"] {
            for (key, _) in KEYS {
                let text = json[lang][key].as_str().unwrap_or_default();
                assert!(!text.is_empty(), "{lang}.{key} is empty");
            }
        }
        assert_eq!(json["ja"]["open"], "チャットを開く");
        assert_eq!(json["en"]["open"], "Open chat");
    }
}
