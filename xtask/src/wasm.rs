//! Builds the three browser apps (`yorisoi-widget`, `yorisoi-console` and
//! `yorisoi-settings`: separate binaries, so the widget never carries the
//! console's code nor the console the settings page's), runs
//! wasm-bindgen through its library crate (pinned to the same version as the
//! `wasm-bindgen` dependency, so no global CLI can drift from it), then
//! wasm-opt for size, and shortens the names between the wasm and its JS
//! glue (see [`glue`]).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, anyhow};

use crate::{cargo, glue, link, root, run, tools};

/// The wasm binaries, by their cargo bin name (also the output file stem).
pub const APPS: [&str; 3] = ["yorisoi-widget", "yorisoi-console", "yorisoi-settings"];

/// Features Rust 1.95 emits that wasm-opt must accept.
const WASM_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds every app into `out_dir` as `<app>.js` and `<app>_bg.wasm`.
pub fn build_apps(out_dir: &Path) -> anyhow::Result<()> {
    build_with(out_dir, Names::Strip)
}

/// Builds every app like [`build_apps`] but keeps the name section, so
/// `twiggy top`/`dominators` can say which functions the bytes belong to.
/// For analysis only: names cost bytes, and this output is never shipped.
pub fn build_named(out_dir: &Path) -> anyhow::Result<()> {
    build_with(out_dir, Names::Keep)
}

/// Whether wasm-opt keeps the function names (`-g`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    Strip,
    Keep,
}

fn build_with(out_dir: &Path, names: Names) -> anyhow::Result<()> {
    tools::ensure_wasm_target()?;
    let mut build = cargo();
    build.args([
        "build",
        "--package",
        "yorisoi-app",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
        "--bins",
    ]);
    build.arg("--config").arg(remapped_paths()?);
    build.arg("--config").arg(link::linker_config()?);
    run(&mut build)?;
    let wasm_opt = tools::node_tool("wasm-opt")?;
    let built = root().join("target/wasm32-unknown-unknown/wasm-release");
    for app in APPS {
        bindgen(&built.join(format!("{app}.wasm")), app, out_dir)?;
        let wasm = out_dir.join(format!("{app}_bg.wasm"));
        optimise(&wasm_opt, &wasm, names)?;
        glue::drop_unused_classes(&out_dir.join(format!("{app}.js")))?;
        if names == Names::Strip {
            let js = out_dir.join(format!("{app}.js"));
            glue::minify_names(&wasm_opt, &WASM_FEATURES, &wasm, &js)?;
            glue::minify_js(&js)?;
        }
    }
    Ok(())
}

/// Rust flags for the wasm target that shorten the source paths kept for
/// panic locations (`/root/.cargo/registry/src/index.crates.io-…/tachys-…`
/// becomes `tachys-…`): some 60 paths, about 110 B gzip per app, and the
/// build machine's home directory no longer ships in every download. As a
/// `--config` of the wasm target only, so native builds are untouched.
fn remapped_paths() -> anyhow::Result<String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let mut prefixes = Vec::new();
    // One directory per registry (`index.crates.io-<hash>`).
    if let Ok(registries) = std::fs::read_dir(cargo_home.join("registry").join("src")) {
        for registry in registries {
            prefixes.push(format!("{}/", registry?.path().display()));
        }
    }
    // The standard library's own paths, as rustc records them.
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc).arg("-vV").output()?;
    let version = String::from_utf8_lossy(&version.stdout);
    if let Some(hash) = version
        .lines()
        .find_map(|line| line.strip_prefix("commit-hash: "))
    {
        prefixes.push(format!("/rustc/{}/", hash.trim()));
    }
    let flags: Vec<String> = prefixes
        .iter()
        .map(|prefix| format!("\"--remap-path-prefix={prefix}=\""))
        .collect();
    Ok(format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        flags.join(",")
    ))
}

fn bindgen(input: &Path, app: &str, out_dir: &Path) -> anyhow::Result<()> {
    eprintln!("xtask: wasm-bindgen {}", input.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(input)
        .out_name(app)
        .web(true)
        .map_err(|error| anyhow!("{error}"))?
        .typescript(false)
        .generate(out_dir)
        .map_err(|error| anyhow!("wasm-bindgen failed for {app}: {error}"))
}

fn optimise(wasm_opt: &Path, wasm: &Path, names: Names) -> anyhow::Result<()> {
    let mut command = Command::new(wasm_opt);
    if names == Names::Keep {
        command.arg("-g");
    }
    // -Oz to a fixed point, then flattening and re-looping the control flow
    // and -Oz again: measured 1.2 KB gzip smaller for the widget than one
    // -Oz pass (binaryen 132), for a few seconds more of build time.
    command
        .args(glue::UNUSED_EXPORTS)
        .args([
            "-Oz",
            "--converge",
            "--flatten",
            "--rereloop",
            "-Oz",
            "--converge",
        ])
        // The wasm needs no toolchain or feature notes (~300 B raw).
        .args(["--strip-producers", "--strip-target-features"])
        .args(WASM_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    run(&mut command).context("wasm-opt failed")
}
