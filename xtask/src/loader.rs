//! Builds the loader: fills its few strings from the Fluent sources (the
//! loader is plain JS with a 2 KB budget, so it carries the formatted strings
//! for each language instead of a Fluent runtime, and no string is written
//! outside `locales/`), then minifies it with terser. A string with a count
//! (`$count`) carries `#` in its place, which the loader fills in.

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

use crate::{root, tools};

/// The placeholder in `public/widget.js` replaced by the strings object.
const PLACEHOLDER: &str = "/*STRINGS*/{}";

/// What stands for `$count` in the loader's strings.
const COUNT: &str = "#";

/// Loader keys and the Fluent ids they come from (`locales/*/loader.ftl`).
const KEYS: [(&str, &str); 7] = [
    ("open", "loader-open"),
    ("unread", "loader-open-unread"),
    ("close", "loader-close"),
    ("title", "loader-frame-title"),
    ("loading", "loader-loading"),
    ("down", "loader-unavailable"),
    ("refused", "loader-refused"),
];

/// The loader as served: strings filled in, then minified.
pub fn build(source: &str) -> anyhow::Result<String> {
    let filled = fill_strings(source)?;
    let mut terser = Command::new(tools::node_tool("terser")?)
        .args(["--compress", "--mangle", "--ecma", "2020"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting terser")?;
    terser
        .stdin
        .take()
        .context("terser's stdin")?
        .write_all(filled.as_bytes())?;
    let output = terser.wait_with_output()?;
    if !output.status.success() {
        bail!("terser failed on public/widget.js");
    }
    Ok(String::from_utf8(output.stdout)?)
}

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
    Ok(source.replace(PLACEHOLDER, &json))
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
    let mut args = FluentArgs::new();
    args.set("count", COUNT);
    let mut strings = serde_json::Map::new();
    for (key, id) in KEYS {
        let message = bundle
            .get_message(id)
            .and_then(|message| message.value())
            .with_context(|| format!("{}: message {id} is missing", path.display()))?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(message, Some(&args), &mut errors);
        if !errors.is_empty() {
            bail!("{}: {id}: {errors:?}", path.display());
        }
        let counts = text.matches(COUNT).count();
        if counts != usize::from(key == "unread") {
            bail!("{}: {id} has {counts} {COUNT} (the count)", path.display());
        }
        strings.insert(key.into(), text.into_owned().into());
    }
    Ok(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // With replies waiting, the launcher's name still begins with what
        // it does (other tests and people find it by that).
        for lang in ["en", "ja"] {
            let unread = json[lang]["unread"].as_str().unwrap_or_default();
            let open = json[lang]["open"].as_str().unwrap_or_default();
            assert!(unread.starts_with(open), "{lang}: {unread}");
        }
        assert_eq!(json["ja"]["unread"], "チャットを開く（新しい返信 # 件）");
    }

    /// The loader hands the parent's token to the chat frame and stores
    /// what the frame says: it must post to the chat server's origin alone,
    /// and hear the chat server's origin in its own frame alone.
    #[test]
    fn the_loader_talks_only_with_its_own_frame() {
        let path = root().join("public/widget.js");
        let source = fs::read_to_string(&path).expect("public/widget.js");
        let posts: Vec<&str> = source
            .match_indices("postMessage(")
            .map(|(at, _)| &source[at..])
            .collect();
        assert_eq!(posts.len(), 1, "one place posts to the frame");
        assert!(
            posts[0].starts_with("postMessage(message, origin)"),
            "only to the chat server's origin: {}",
            &posts[0][..40]
        );
        assert_eq!(source.matches(r#"addEventListener("message""#).count(), 1);
        assert!(source.contains(
            "if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;"
        ));
    }

    /// The badge's question carries the parent's token: only to the chat
    /// server, in a POST body (never in a URL, where logs and referrers
    /// keep it), as a CORS simple request (no preflight).
    #[test]
    fn the_token_leaves_only_in_the_body_of_the_badges_question() {
        let path = root().join("public/widget.js");
        let source = fs::read_to_string(&path).expect("public/widget.js");
        let asks: Vec<&str> = source
            .match_indices("fetch(")
            .map(|(at, _)| &source[at..])
            .collect();
        assert_eq!(asks.len(), 2, "the face and the badge");
        assert!(asks.iter().any(|ask| ask.starts_with(
            r#"fetch(`${origin}/api/widget/unread`, { method: "POST", body: token })"#
        )));
        assert!(
            !source.contains("headers:"),
            "a simple request, no preflight"
        );
    }
}
