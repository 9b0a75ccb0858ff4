//! The wasm apps' linker: xtask itself stands in for `rust-lld` (cargo is
//! told so by [`linker_config`]) and runs it with every argument but the
//! exports of wasm-streams' classes.
//!
//! Why: Leptos always links server_fn's browser client, which depends on
//! wasm-streams, whose `IntoUnderlyingSource`, `…ByteSource` and `…Sink`
//! are `#[wasm_bindgen]` classes for JavaScript to call. rustc asks the
//! linker to export their methods, so the linker keeps them and everything
//! they reach, and gives every function whose address they take (the
//! `future_to_promise` tasks of `pull`, `write`, `close`, `abort`…) a slot
//! in the function table. Removing the exports afterwards (wasm-opt's
//! `--remove-exports`, see [`crate::glue`]) drops the methods but not those
//! slots: wasm-opt cannot know that no vtable in the data points at them,
//! so about 7.6 KB of raw wasm per app stayed. Not asking the linker for
//! the exports at all leaves the slots out from the start.
//!
//! Safe because nothing but JavaScript could call these exports, and the
//! glue's classes that would are removed and checked gone
//! ([`crate::glue::drop_unused_classes`]); wasm-bindgen accepts a class
//! method whose export and descriptor are both absent (it binds nothing for
//! it). Our code never creates such a stream.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

/// The first argument rustc gives a linker of the wasm target's flavor
/// (`-flavor wasm`, for the multi-flavor `rust-lld`): how xtask knows it
/// was started as the linker.
pub const FLAVOR_FLAG: &str = "-flavor";

/// The part of an export's name, in lower case, that marks wasm-streams'
/// classes (their methods, `free` and descriptors).
const UNWANTED: &str = "intounderlying";

/// The `--config` that makes this very executable the wasm target's linker.
pub fn linker_config() -> anyhow::Result<String> {
    let xtask = std::env::current_exe()?;
    // A TOML string; a path with a quote or backslash is not one we make.
    anyhow::ensure!(
        !xtask.to_string_lossy().contains(['"', '\\']),
        "xtask's path {} cannot be written into cargo's configuration",
        xtask.display()
    );
    Ok(format!(
        "target.wasm32-unknown-unknown.linker=\"{}\"",
        xtask.display()
    ))
}

/// Runs `rust-lld` (found on the `PATH` rustc gives its linker) with
/// `args`, the unwanted exports left out, and exits as it does.
pub fn run(args: Vec<OsString>) -> ExitCode {
    let result = args
        .iter()
        .map(expand_response_file)
        .collect::<std::io::Result<Vec<_>>>()
        .and_then(|args| {
            Command::new("rust-lld")
                .args(without_unwanted_exports(args.concat()))
                .status()
        });
    match result {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("xtask (as linker): rust-lld failed with {status}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("xtask (as linker): could not run rust-lld: {error}");
            ExitCode::FAILURE
        }
    }
}

/// An `@file` argument (what rustc passes when a command line would be too
/// long: one argument a line) as the arguments it holds; any other argument
/// as itself.
fn expand_response_file(arg: &OsString) -> std::io::Result<Vec<OsString>> {
    match arg.to_str().and_then(|text| text.strip_prefix('@')) {
        Some(file) => Ok(std::fs::read_to_string(Path::new(file))?
            .lines()
            .map(OsString::from)
            .collect()),
        None => Ok(vec![arg.clone()]),
    }
}

/// `args` without the `--export NAME` (or `--export=NAME`) pairs naming
/// wasm-streams' classes.
fn without_unwanted_exports(args: Vec<OsString>) -> Vec<OsString> {
    let unwanted = |name: &OsString| name.to_string_lossy().to_lowercase().contains(UNWANTED);
    let mut kept = Vec::with_capacity(args.len());
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let dropped = if arg == "--export" {
            args.next_if(|name| unwanted(name)).is_some()
        } else {
            arg.to_string_lossy().starts_with("--export=") && unwanted(&arg)
        };
        if !dropped {
            kept.push(arg);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<OsString> {
        text.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn only_the_exports_of_wasm_streams_classes_are_left_out() {
        let given = args(
            "-flavor wasm --export main --export intounderlyingsource_pull_58a9 \
             --export __wbindgen_describe_intounderlyingsink_write_58a9 \
             --export=__wbg_IntoUnderlyingSink_free --export __wbindgen_malloc \
             --gc-sections -o app.wasm",
        );
        assert_eq!(
            without_unwanted_exports(given),
            args("-flavor wasm --export main --export __wbindgen_malloc --gc-sections -o app.wasm")
        );
    }

    #[test]
    fn an_export_flag_at_the_end_is_kept_for_the_linker_to_judge() {
        assert_eq!(
            without_unwanted_exports(args("-o app.wasm --export")),
            args("-o app.wasm --export")
        );
    }
}
