//! Builds the two browser apps (`yorisoi-widget`, `yorisoi-console`: separate
//! binaries, so the widget never carries the console's code), runs
//! wasm-bindgen through its library crate (pinned to the same version as the
//! `wasm-bindgen` dependency, so no global CLI can drift from it), then
//! wasm-opt for size.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, anyhow};

use crate::{cargo, root, run, tools};

/// The wasm binaries, by their cargo bin name (also the output file stem).
pub const APPS: [&str; 2] = ["yorisoi-widget", "yorisoi-console"];

/// Features Rust 1.95 emits that wasm-opt must accept.
const WASM_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds both apps into `out_dir` as `<app>.js` and `<app>_bg.wasm`.
pub fn build_apps(out_dir: &Path) -> anyhow::Result<()> {
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
    run(&mut build)?;
    let wasm_opt = tools::node_tool("wasm-opt")?;
    let built = root().join("target/wasm32-unknown-unknown/wasm-release");
    for app in APPS {
        bindgen(&built.join(format!("{app}.wasm")), app, out_dir)?;
        optimise(&wasm_opt, &out_dir.join(format!("{app}_bg.wasm")))?;
    }
    Ok(())
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

fn optimise(wasm_opt: &Path, wasm: &Path) -> anyhow::Result<()> {
    let mut command = Command::new(wasm_opt);
    // -Oz to a fixed point, then flattening and re-looping the control flow
    // and -Oz again: measured 1.2 KB gzip smaller for the widget than one
    // -Oz pass (binaryen 132), for a few seconds more of build time.
    command
        .args([
            "-Oz",
            "--converge",
            "--flatten",
            "--rereloop",
            "-Oz",
            "--converge",
        ])
        .args(WASM_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    run(&mut command).context("wasm-opt failed")
}
