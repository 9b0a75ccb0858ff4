//! The `yorisoi` binary's command line: adding staff via stdin and via the
//! environment, to an organisation and as admins; adding, listing and
//! changing organisations; refusals (duplicates, short passwords, taken
//! origins, unknown slugs, bad settings) giving a one-line error and a
//! non-zero exit instead of a panic; and a database from before
//! organisations moving into the first one with nothing lost.
//!
//! Commands are written as an operator types them (`'…'` groups words).

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use yorisoi_protocol::organisation::{DEFAULT_ACCENT, LauncherSide};
use yorisoi_protocol::{Author, ConversationId, Lang, OrganisationId};
use yorisoi_server::Config;
use yorisoi_server::store::{Organisation, Store};

/// The password `ok` and `refused` give through the environment.
const PASSWORD: (&str, &str) = ("YORISOI_STAFF_PASSWORD", "a fine password");

/// Runs `yorisoi` in `dir` (so no stray `yorisoi.toml` is read) with a clean
/// `YORISOI_*` environment, the database in `dir`, and `stdin` as input.
fn yorisoi(dir: &Path, line: &str, env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    command.current_dir(dir).args(words(line));
    for name in [
        "YORISOI_BIND",
        "YORISOI_DATABASE",
        "YORISOI_LOG",
        "YORISOI_STAFF_PASSWORD",
        "YORISOI_SECURE_COOKIES",
        "YORISOI_ALLOWED_ORIGINS",
    ] {
        command.env_remove(name);
    }
    command
        .env("YORISOI_DATABASE", database(dir))
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

/// Splits a command line on spaces, keeping `'quoted words'` together.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    for (n, part) in line.split('\'').enumerate() {
        if n % 2 == 1 {
            words.push(part.to_owned());
        } else {
            words.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    words
}

fn database(dir: &Path) -> PathBuf {
    dir.join("cli.db")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command that must succeed; its standard output.
fn ok(dir: &Path, line: &str) -> String {
    let output = yorisoi(dir, line, &[PASSWORD], "");
    assert!(output.status.success(), "{line}: {}", text(&output.stderr));
    text(&output.stdout)
}

/// A one-line error from the binary: failure status, no panic, no backtrace.
fn assert_one_line_failure(output: &Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "must fail: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

/// Runs a command that must fail in one line mentioning `expected`.
fn refused(dir: &Path, line: &str, expected: &str) {
    assert_one_line_failure(&yorisoi(dir, line, &[PASSWORD], ""), expected);
}

/// `yorisoi org add …` for `slug`; the new organisation's id, from its output.
fn org_add(dir: &Path, slug: &str, rest: &str) -> String {
    let said = ok(dir, &format!("org add --slug {slug} {rest}"));
    let prefix = format!("added organisation {slug} (id ");
    let id = said
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected output {said:?}"));
    id.to_owned()
}

/// A row of `yorisoi org list`: id, slug, both names and the origins.
type Row = (String, String, String, String, BTreeSet<String>);

fn org_list(dir: &Path) -> Vec<Row> {
    ok(dir, "org list")
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!((4..=5).contains(&fields.len()), "{line:?}");
            let origins = fields.get(4).copied().unwrap_or_default();
            let [id, slug, name_ja, name_en] = [0, 1, 2, 3].map(|n| fields[n].to_owned());
            (id, slug, name_ja, name_en, set(origins))
        })
        .collect()
}

/// The origins `yorisoi org list` shows for `slug`.
fn origins_of(dir: &Path, slug: &str) -> BTreeSet<String> {
    let rows = org_list(dir);
    rows.into_iter()
        .find(|row| row.1 == slug)
        .expect("listed")
        .4
}

/// A set of comma-separated origins.
fn set(origins: &str) -> BTreeSet<String> {
    let origins = origins.split(',').filter(|origin| !origin.is_empty());
    origins.map(str::to_owned).collect()
}

/// The organisation `slug` as the library reads it (its face included).
fn organisation(dir: &Path, slug: &str) -> Organisation {
    let config = Config {
        database: database(dir).into(),
        ..Config::default()
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let all = runtime.block_on(yorisoi_server::admin::list_organisations(&config));
    let all = all.expect("list organisations");
    all.into_iter().find(|o| o.slug == slug).expect("listed")
}

#[test]
fn staff_add_reads_the_password_from_stdin_and_list_shows_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "staff add --email Aiko@Example.org --name Aiko";
    let added = yorisoi(dir.path(), line, &[], "a fine password\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    // No organisation yet: the first one is made, and Aiko joins it.
    let said = text(&added.stdout);
    assert_eq!(
        said,
        "added staff member Aiko <aiko@example.org> (id 1) to main\n"
    );
    let listed = ok(dir.path(), "staff list");
    assert_eq!(listed, "1\taiko@example.org\tAiko\tmain\tstaff\n");
}

#[test]
fn staff_add_reads_the_password_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "staff add --email ken@example.org --name Ken --admin";
    let env = [("YORISOI_STAFF_PASSWORD", "another password")];
    let added = yorisoi(dir.path(), line, &env, "");
    assert!(added.status.success(), "{}", text(&added.stderr));
    let listed = ok(dir.path(), "staff list");
    assert_eq!(listed, "1\tken@example.org\tKen\tmain\tadmin\n");
}

#[test]
fn duplicate_emails_and_short_passwords_are_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mika = "staff add --email mika@example.org --name Mika";
    let added = yorisoi(dir.path(), mika, &[], "password one\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    // Emails are unique across organisations: a login names one person.
    org_add(dir.path(), "kodama", "--name-ja こだま --name-en Kodama");
    let duplicate = "staff add --org kodama --email MIKA@example.org --name Other";
    let output = yorisoi(dir.path(), duplicate, &[], "password two\n");
    assert_one_line_failure(&output, "already exists");
    let short = "staff add --org main --email new@example.org --name New";
    let output = yorisoi(dir.path(), short, &[], "short\n");
    assert_one_line_failure(&output, "at least 8");
    assert_one_line_failure(&yorisoi(dir.path(), short, &[], ""), "at least 8");
}

#[test]
fn a_bad_bind_value_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = yorisoi(dir.path(), "serve --bind not-an-address", &[], "");
    assert_one_line_failure(&output, "not-an-address");
    let env = [("YORISOI_BIND", "999.1.1.1:80")];
    assert_one_line_failure(&yorisoi(dir.path(), "serve", &env, ""), "YORISOI_BIND");
}

#[test]
fn org_add_and_list_show_every_organisation_with_its_sites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hidamari = org_add(
        dir.path(),
        "hidamari",
        "--name-ja ひだまり子育てネット --name-en 'Hidamari Parenting Net' \
         --origin https://hidamari.example.org --origin https://blog.hidamari.example.org",
    );
    let kodama = org_add(
        dir.path(),
        "kodama",
        "--name-ja こだま --name-en Kodama --origin https://kodama.example.org",
    );
    let rows = org_list(dir.path());
    let slugs: Vec<&str> = rows.iter().map(|row| row.1.as_str()).collect();
    // Organisations added before the first start need no placeholder: the
    // first one added is the first organisation.
    assert_eq!(slugs, ["hidamari", "kodama"], "by id, first first");
    let sites = "https://blog.hidamari.example.org,https://hidamari.example.org";
    let expected: Row = (
        hidamari,
        "hidamari".into(),
        "ひだまり子育てネット".into(),
        "Hidamari Parenting Net".into(),
        set(sites),
    );
    assert_eq!(rows[0], expected);
    assert_eq!(rows[1].0, kodama);
    assert_eq!(rows[1].4, set("https://kodama.example.org"));
}

#[test]
fn org_set_changes_names_face_and_sites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = "https://old.hidamari.example.org";
    let names = format!("--name-ja ひだまり --name-en Hidamari --origin {old}");
    org_add(dir.path(), "hidamari", &names);
    let said = ok(
        dir.path(),
        "org set hidamari --name-ja ひだまり子育てネット --name-en 'Hidamari Parenting Net' \
         --greeting-ja なんでも話してね --greeting-en 'Tell us anything' \
         --accent #1D4ED8 --side left",
    );
    assert_eq!(said, "updated organisation hidamari\n");
    let hidamari = organisation(dir.path(), "hidamari");
    let face = &hidamari.face;
    assert_eq!(face.name_ja, "ひだまり子育てネット");
    assert_eq!(face.name_en, "Hidamari Parenting Net");
    assert_eq!(face.greeting_ja, "なんでも話してね");
    assert_eq!(face.greeting_en, "Tell us anything");
    assert_eq!(face.accent_color, "#1d4ed8", "stored in lower case");
    assert_eq!(face.launcher_side, LauncherSide::Left);
    assert_eq!(hidamari.origins, [old], "sites untouched by a face change");

    let a = "https://a.hidamari.example.org";
    let b = "https://b.hidamari.example.org";
    let c = "https://c.hidamari.example.org";
    ok(
        dir.path(),
        &format!("org set hidamari --origin {a} --origin {b}"),
    );
    let replaced = origins_of(dir.path(), "hidamari");
    assert_eq!(replaced, set(&format!("{a},{b}")), "replaced");
    ok(
        dir.path(),
        &format!("org set hidamari --add-origin {c} --remove-origin {a}"),
    );
    let changed = origins_of(dir.path(), "hidamari");
    assert_eq!(changed, set(&format!("{b},{c}")));
    let rows = org_list(dir.path());
    let row = rows.iter().find(|row| row.1 == "hidamari").expect("listed");
    assert_eq!(row.2, "ひだまり子育てネット", "names stay");
}

#[test]
fn organisation_mistakes_are_one_line_errors_that_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let taken = "https://hidamari.example.org";
    let names = format!("--name-ja ひだまり --name-en Hidamari --origin {taken}");
    org_add(dir.path(), "hidamari", &names);
    org_add(dir.path(), "kodama", "--name-ja こだま --name-en Kodama");
    let before = org_list(dir.path());
    let add = |slug: &str, origin: &str| {
        format!("org add --slug {slug} --name-ja 名前 --name-en Name --origin {origin}")
    };
    let dir = dir.path();
    refused(dir, &add("hidamari", "https://new.example.org"), "hidamari");
    refused(dir, &add("sakura", taken), taken);
    refused(dir, &add("sakura", "'not an origin'"), "not an origin");
    refused(
        dir,
        &add("'Bad Slug'", "https://new.example.org"),
        "Bad Slug",
    );
    refused(dir, "org set nowhere --name-en X", "nowhere");
    refused(dir, &format!("org set kodama --add-origin {taken}"), taken);
    // A change refused in part is refused whole: the name stays too.
    let both = format!("org set kodama --name-en Renamed --origin {taken}");
    refused(dir, &both, taken);
    refused(dir, "org set kodama --accent #ffff00", "");
    let staff = "staff add --org nowhere --email a@example.org --name A";
    refused(dir, staff, "nowhere");
    assert_eq!(org_list(dir), before, "a refused command changes nothing");
    let kodama = organisation(dir, "kodama");
    assert_eq!(kodama.face.accent_color, DEFAULT_ACCENT);
    assert_eq!(ok(dir, "staff list"), "");
}

#[test]
fn staff_join_the_organisation_named_and_must_name_one_among_several() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    org_add(dir, "hidamari", "--name-ja ひだまり --name-en Hidamari");
    org_add(dir, "kodama", "--name-ja こだま --name-en Kodama");
    refused(dir, "staff add --email ren@example.org --name Ren", "--org");
    let ren = ok(
        dir,
        "staff add --org kodama --email ren@example.org --name Ren",
    );
    assert_eq!(
        ren,
        "added staff member Ren <ren@example.org> (id 1) to kodama\n"
    );
    ok(
        dir,
        "staff add --org hidamari --email aoi@example.org --name Aoi --admin",
    );
    assert_eq!(
        ok(dir, "staff list"),
        "1\tren@example.org\tRen\tkodama\tstaff\n2\taoi@example.org\tAoi\thidamari\tadmin\n"
    );
    assert_eq!(
        ok(dir, "staff list --org hidamari"),
        "2\taoi@example.org\tAoi\thidamari\tadmin\n"
    );
    // `--database` names another file for every subcommand.
    let elsewhere = format!("--database '{}'", dir.join("elsewhere.db").display());
    ok(
        dir,
        &format!("{elsewhere} org add --slug hoshi --name-ja 星 --name-en Hoshi"),
    );
    let yui = format!("{elsewhere} staff add --org hoshi --email yui@example.org --name Yui");
    ok(dir, &yui);
    let listed = ok(dir, &format!("{elsewhere} staff list"));
    assert_eq!(listed, "1\tyui@example.org\tYui\thoshi\tstaff\n");
    let here = ok(dir, "org list");
    assert!(!here.contains("hoshi"), "{here}");
}

#[path = "cli/migration.rs"]
mod migration;
