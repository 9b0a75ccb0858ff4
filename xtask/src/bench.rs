//! `cargo xtask bench`: builds the server and the load client
//! (`yorisoi-bench`, a binary of the `yorisoi-tests` crate under
//! `tests/bench/`) and runs the client, which starts the server on loopback
//! with fresh databases, measures, prints a table and writes
//! `target/bench/report.json`.
//!
//! The full run builds both in release mode and adds the download sizes
//! that `cargo xtask size` computes (of `target/site`, built first when
//! missing) and Chromium for the click-to-input timing. `--quick` builds in the dev profile (which `cargo test` has
//! mostly built already) and runs small counts in seconds: it checks
//! correctness only, never speed, and fails when a check fails; `cargo
//! xtask test` runs it. Other arguments go to the client (`--idle N`).

use std::process::Command;

use anyhow::Context as _;

use crate::{cargo, root, run, site, site_dir, tools};

/// `cargo xtask bench [--quick] [client arguments]`.
pub fn bench(args: &[String]) -> anyhow::Result<()> {
    let quick = args.iter().any(|arg| arg == "--quick");
    let profile = if quick { "debug" } else { "release" };
    let mut client_args = Vec::new();
    if !quick {
        if !site_dir().join("widget.js.gz").is_file() {
            // The server embeds the site, and the sizes are of it.
            site::assemble()?;
        }
        // The sizes are `cargo xtask size`'s lines: if their form changed,
        // the report says "not measured" rather than the bench failing.
        client_args = payload_arguments().unwrap_or_else(|error| {
            eprintln!("xtask: payload sizes not measured: {error:#}");
            Vec::new()
        });
        // Click-to-input needs Chromium; without it the report says so.
        match tools::ensure_chromium() {
            Ok((chromium, chromedriver)) => client_args.extend([
                "--chromium".to_owned(),
                chromium.display().to_string(),
                "--chromedriver".to_owned(),
                chromedriver.display().to_string(),
            ]),
            Err(error) => eprintln!("xtask: no Chromium, click-to-input not measured: {error:#}"),
        }
    }
    for (package, binary) in [
        ("yorisoi-server", "yorisoi"),
        ("yorisoi-tests", "yorisoi-bench"),
    ] {
        let mut build = cargo();
        build.args(["build", "--package", package, "--bin", binary]);
        if !quick {
            build.arg("--release");
        }
        run(&mut build)?;
    }
    let target = root().join("target").join(profile);
    let out = root().join("target").join(if quick {
        "bench/quick.json"
    } else {
        "bench/report.json"
    });
    run(Command::new(target.join("yorisoi-bench"))
        .arg("--server")
        .arg(target.join("yorisoi"))
        .arg("--out")
        .arg(out)
        .args(client_args)
        .args(args)
        .current_dir(root()))
}

/// The gzip sizes of the built site, as `cargo xtask size` reports them,
/// as arguments for the client.
fn payload_arguments() -> anyhow::Result<Vec<String>> {
    let xtask = std::env::current_exe().context("xtask's own path")?;
    let output = Command::new(xtask)
        .arg("size")
        .current_dir(root())
        .output()
        .context("running xtask size")?;
    // Over a budget `size` fails, but it has printed every size first.
    let text = String::from_utf8_lossy(&output.stdout);
    let mut arguments = Vec::new();
    for (prefix, flag) in [
        ("size: loader ", "--loader-gz"),
        ("size: widget  total", "--widget-gz"),
        ("size: console total", "--console-gz"),
        ("size: settings total", "--settings-gz"),
    ] {
        let bytes = text
            .lines()
            .find(|line| line.starts_with(prefix))
            .and_then(bytes_before_unit)
            .with_context(|| format!("no `{prefix}` line in the size report:\n{text}"))?;
        arguments.extend([flag.to_owned(), bytes.to_string()]);
    }
    Ok(arguments)
}

/// The number just before ` B gzip` in a size line.
fn bytes_before_unit(line: &str) -> Option<u64> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let unit = words.iter().position(|word| *word == "B")?;
    words.get(unit.checked_sub(1)?)?.parse().ok()
}
