//! Shrinks what wasm-bindgen leaves between the wasm and the browser, after
//! wasm-opt. Each app has some 200 imports and 30 exports whose names carry a
//! hash (`__wbg_addEventListener_6a82629b3d430a48`), written twice: in the
//! wasm and in the JS glue; hashes do not compress, so wasm-opt renames them
//! to one or two letters and this module rewrites the glue to match (measured
//! about 3.5 KB gzip per app). Then terser minifies the glue (another 2 KB).
//!
//! Leptos links wasm-streams (through server_fn, which it always depends
//! on), whose three `IntoUnderlying*` classes are exported for JS to use;
//! nothing of ours does, so the linker is not asked for their methods
//! (`crate::link`), any export of theirs left goes ([`UNUSED_EXPORTS`], for
//! wasm-opt, which then drops the code only it reached) and so do their
//! classes in the glue (about 1.3 KB gzip per app).
//!
//! The glue is generated code with a fixed shape (one import object
//! `import0`, exports read as `wasm.<name>`); every rename is checked to have
//! happened exactly as often as expected, so a new wasm-bindgen that writes
//! it differently fails the build instead of shipping a glue that cannot
//! instantiate.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail, ensure};

use crate::tools;

/// wasm-opt arguments removing the exports of wasm-streams' classes.
pub const UNUSED_EXPORTS: [&str; 2] = [
    "--remove-exports",
    "--pass-arg=remove-exports@*intounderlying*",
];

/// The glue's classes for those exports.
const UNUSED_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// The name binaryen gives the one import module once minified.
const MINIFIED_MODULE: &str = "a";

/// Renames the imports and exports of `wasm` (in place) and of its glue `js`.
pub fn minify_names(
    wasm_opt: &Path,
    features: &[&str],
    wasm: &Path,
    js: &Path,
) -> anyhow::Result<()> {
    let output = Command::new(wasm_opt)
        .arg("--minify-imports-and-exports-and-modules")
        .args(features)
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .output()
        .context("starting wasm-opt to minify names")?;
    ensure!(
        output.status.success(),
        "wasm-opt --minify-imports-and-exports-and-modules failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let map: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading the names wasm-opt minified")?;
    let glue = fs::read_to_string(js)?;
    let glue = rename_imports(&glue, &pairs(&map["imports"], 1, 2)?, &module_of(&map)?)?;
    let glue = rename_exports(&glue, &pairs(&map["exports"], 0, 1)?.into_iter().collect())?;
    fs::write(js, glue)?;
    Ok(())
}

/// Removes from the glue `js` (in place) the classes whose exports
/// [`UNUSED_EXPORTS`] removed from the wasm.
pub fn drop_unused_classes(js: &Path) -> anyhow::Result<()> {
    let mut glue = fs::read_to_string(js)?;
    for class in UNUSED_CLASSES {
        glue = cut(
            &glue,
            &format!("export class {class} {{"),
            &format!(
                "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
            ),
        )?;
        glue = cut(&glue, &format!("const {class}Finalization = "), ");\n")?;
    }
    // The byte source's `type` getter would use this enum; since the linker
    // no longer exports the classes' methods (see `crate::link`), it is not
    // bound and wasm-bindgen writes no enum.
    const STREAM_TYPE: &str = "const __wbindgen_enum_ReadableStreamType = ";
    if glue.contains(STREAM_TYPE) {
        glue = cut(&glue, STREAM_TYPE, ";\n")?;
    }
    ensure!(
        !glue.to_lowercase().contains("intounderlying"),
        "the glue still uses wasm-streams' classes"
    );
    fs::write(js, glue)?;
    Ok(())
}

/// `text` without its one span from `start` to the first `end` after it.
fn cut(text: &str, start: &str, end: &str) -> anyhow::Result<String> {
    ensure!(
        text.matches(start).count() == 1,
        "{start:?} is not once in the glue"
    );
    let from = text.find(start).context("the span's start")?;
    let to = from
        + text[from..]
            .find(end)
            .with_context(|| format!("{end:?} never follows {start:?}"))?
        + end.len();
    Ok(format!("{}{}", &text[..from], &text[to..]))
}

/// Minifies the glue `js` in place (an ES module: its exports stay named).
pub fn minify_js(js: &Path) -> anyhow::Result<()> {
    let source = fs::read(js)?;
    let mut terser = Command::new(tools::node_tool("terser")?)
        .args(["--module", "--compress", "--mangle", "--ecma", "2020"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting terser")?;
    terser
        .stdin
        .take()
        .context("terser's stdin")?
        .write_all(&source)?;
    let output = terser.wait_with_output()?;
    ensure!(output.status.success(), "terser failed on {}", js.display());
    fs::write(js, output.stdout)?;
    Ok(())
}

/// `(old, new)` pairs from wasm-opt's listing, whose rows are arrays.
fn pairs(
    rows: &serde_json::Value,
    old: usize,
    new: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let rows = rows
        .as_array()
        .context("wasm-opt's name listing changed shape")?;
    rows.iter()
        .map(|row| {
            let field = |i: usize| row[i].as_str().map(str::to_owned);
            field(old)
                .zip(field(new))
                .context("wasm-opt's name listing changed shape")
        })
        .collect()
}

/// The one module the imports come from (wasm-bindgen's glue file).
fn module_of(map: &serde_json::Value) -> anyhow::Result<String> {
    let mut modules: Vec<&str> = map["imports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| row[0].as_str())
        .collect();
    modules.dedup();
    match modules.as_slice() {
        [module] => Ok((*module).to_owned()),
        _ => bail!("expected the imports of one JS module, found {modules:?}"),
    }
}

/// Renames the keys of the glue's import object and the module it is given as.
fn rename_imports(
    glue: &str,
    renames: &[(String, String)],
    module: &str,
) -> anyhow::Result<String> {
    let mut glue = glue.to_owned();
    for (old, new) in renames {
        // Keys sit alone at the start of their line in `const import0 = {`.
        let key = format!("\n        {old}: ");
        ensure!(
            glue.matches(&key).count() == 1,
            "import {old} is not once in the glue"
        );
        glue = glue.replacen(&key, &format!("\n        {new}: "), 1);
    }
    let given = format!("\"{module}\": import0");
    ensure!(
        glue.matches(&given).count() == 1,
        "the glue does not hand its imports over as {given}"
    );
    Ok(glue.replacen(&given, &format!("\"{MINIFIED_MODULE}\": import0"), 1))
}

/// Renames every `wasm.<export>` the glue reads.
fn rename_exports(glue: &str, renames: &HashMap<String, String>) -> anyhow::Result<String> {
    const PREFIX: &str = "wasm.";
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    while let Some(at) = rest.find(PREFIX) {
        let before = rest[..at].chars().next_back();
        out.push_str(&rest[..at + PREFIX.len()]);
        rest = &rest[at + PREFIX.len()..];
        if before.is_some_and(is_name) {
            continue; // part of a longer name, such as `newwasm.`
        }
        let end = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
        let name = &rest[..end];
        let Some(new) = renames.get(name) else {
            bail!("the glue reads wasm.{name}, which wasm-opt did not list");
        };
        out.push_str(new);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_and_exports_are_renamed_in_the_glue() {
        let glue = "const import0 = {\n        __wbg_x_1: function(a) { wasm.__wbindgen_malloc(a); },\n    };\n    return { \"./app_bg.js\": import0 };";
        let renamed = rename_imports(glue, &[("__wbg_x_1".into(), "b".into())], "./app_bg.js")
            .expect("imports");
        let exports = HashMap::from([("__wbindgen_malloc".to_owned(), "C".to_owned())]);
        let renamed = rename_exports(&renamed, &exports).expect("exports");
        assert_eq!(
            renamed,
            "const import0 = {\n        b: function(a) { wasm.C(a); },\n    };\n    return { \"a\": import0 };"
        );
    }

    #[test]
    fn a_span_is_cut_once() {
        assert_eq!(cut("a [x] b y]", "[", "]").expect("cut"), "a  b y]");
        assert!(cut("a", "[", "]").is_err());
    }

    #[test]
    fn an_unknown_export_fails_the_build() {
        assert!(rename_exports("wasm.gone()", &HashMap::new()).is_err());
    }
}
