//! The `yorisoi` binary's command line: adding staff via stdin and via the
//! environment, refusing duplicates and short passwords, and bad settings
//! giving a one-line error and a non-zero exit instead of a panic.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `yorisoi` in `dir` (so no stray `yorisoi.toml` is read) with a clean
/// `YORISOI_*` environment, the database in `dir`, and `stdin` as input.
fn yorisoi(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    command.current_dir(dir).args(args);
    for name in [
        "YORISOI_BIND",
        "YORISOI_DATABASE",
        "YORISOI_LOG",
        "YORISOI_STAFF_PASSWORD",
        "YORISOI_SECURE_COOKIES",
    ] {
        command.env_remove(name);
    }
    command
        .env("YORISOI_DATABASE", dir.join("cli.db"))
        .env("RUST_BACKTRACE", "1");
    command.envs(env.iter().copied());
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start yorisoi");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for yorisoi")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A one-line error from the binary: failure status, no panic, no backtrace.
fn assert_one_line_failure(output: &Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "must fail: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn staff_add_reads_the_password_from_stdin_and_list_shows_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "staff",
        "add",
        "--email",
        "Aiko@Example.org",
        "--name",
        "Aiko",
    ];
    let added = yorisoi(dir.path(), &args, &[], "a fine password\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    let listed = yorisoi(dir.path(), &["staff", "list"], &[], "");
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert_eq!(text(&listed.stdout), "1\taiko@example.org\tAiko\n");
}

#[test]
fn staff_add_reads_the_password_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "staff",
        "add",
        "--email",
        "ken@example.org",
        "--name",
        "Ken",
    ];
    let added = yorisoi(
        dir.path(),
        &args,
        &[("YORISOI_STAFF_PASSWORD", "another password")],
        "",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let listed = yorisoi(dir.path(), &["staff", "list"], &[], "");
    assert!(text(&listed.stdout).contains("ken@example.org"));
}

#[test]
fn duplicate_emails_and_short_passwords_are_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "staff",
        "add",
        "--email",
        "mika@example.org",
        "--name",
        "Mika",
    ];
    assert!(
        yorisoi(dir.path(), &args, &[], "password one\n")
            .status
            .success()
    );
    let duplicate = [
        "staff",
        "add",
        "--email",
        "MIKA@example.org",
        "--name",
        "Other",
    ];
    assert_one_line_failure(
        &yorisoi(dir.path(), &duplicate, &[], "password two\n"),
        "already exists",
    );
    let short = [
        "staff",
        "add",
        "--email",
        "new@example.org",
        "--name",
        "New",
    ];
    assert_one_line_failure(&yorisoi(dir.path(), &short, &[], "short\n"), "at least 8");
    assert_one_line_failure(&yorisoi(dir.path(), &short, &[], ""), "at least 8");
}

#[test]
fn a_bad_bind_value_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = yorisoi(dir.path(), &["serve", "--bind", "not-an-address"], &[], "");
    assert_one_line_failure(&output, "not-an-address");
    let from_env = yorisoi(
        dir.path(),
        &["serve"],
        &[("YORISOI_BIND", "999.1.1.1:80")],
        "",
    );
    assert_one_line_failure(&from_env, "YORISOI_BIND");
}
