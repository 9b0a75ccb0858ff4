//! Loading settings: precedence, warnings and one-line errors.
use super::*;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[test]
fn defaults_apply_when_nothing_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load_from(&Overrides::default(), env_of(&[]), dir.path()).expect("load");
    assert_eq!(loaded.config, Config::default());
    assert!(loaded.warnings.is_empty());
}

#[test]
fn flags_beat_env_which_beats_file_which_beats_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(DEFAULT_FILE),
        "bind = \"127.0.0.1:1111\"\ndatabase = \"file.db\"\nlog = \"debug\"\n",
    )
    .expect("write");
    let env = env_of(&[
        ("YORISOI_BIND", "127.0.0.1:2222"),
        ("YORISOI_DATABASE", "env.db"),
    ]);
    let overrides = Overrides {
        database: Some("flag.db".into()),
        ..Overrides::default()
    };
    let config = load_from(&overrides, env, dir.path()).expect("load").config;
    assert_eq!(config.bind.port(), 2222, "env beats the file");
    assert_eq!(
        config.database,
        Database::Sqlite(PathBuf::from("flag.db")),
        "flag beats env"
    );
    assert_eq!(config.log, "debug", "file beats the default");
}

#[test]
fn unknown_keys_are_warned_about_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("custom.toml");
    std::fs::write(&path, "bnid = \"127.0.0.1:1\"\n").expect("write");
    let overrides = Overrides {
        config: Some(path),
        ..Overrides::default()
    };
    let loaded = load_from(&overrides, env_of(&[]), dir.path()).expect("load");
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0].contains("bnid"), "{:?}", loaded.warnings);
}

#[test]
fn bad_values_are_one_line_errors_naming_their_origin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let overrides = Overrides {
        bind: Some("nowhere".into()),
        ..Overrides::default()
    };
    let error = load_from(&overrides, env_of(&[]), dir.path()).expect_err("bad bind");
    let text = error.to_string();
    assert!(
        text.contains("--bind") && text.contains("nowhere"),
        "{text}"
    );
    assert!(!text.contains('\n'));

    let env = env_of(&[("YORISOI_LOG", "a=b=c")]);
    let error = load_from(&Overrides::default(), env, dir.path()).expect_err("bad log");
    assert!(error.to_string().contains("YORISOI_LOG"), "{error}");
}

#[test]
fn a_malformed_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(DEFAULT_FILE), "bind = [1, 2\n").expect("write");
    let error = load_from(&Overrides::default(), env_of(&[]), dir.path()).expect_err("bad");
    assert!(matches!(error, ConfigError::ParseFile { .. }), "{error}");
    let missing = Overrides {
        config: Some(dir.path().join("nope.toml")),
        ..Overrides::default()
    };
    let error = load_from(&missing, env_of(&[]), dir.path()).expect_err("missing");
    assert!(matches!(error, ConfigError::ReadFile { .. }), "{error}");
}

#[test]
fn security_settings_have_documented_defaults() {
    let config = Config::default();
    assert!(config.allowed_origins.is_empty());
    assert_eq!(config.trusted_proxy_header, None);
    assert_eq!(config.public_url, None);
    assert_eq!(
        (config.session_idle_hours, config.session_absolute_days),
        (12, 7)
    );
    assert!(!config.log_client_addresses);
    assert!(!config.cookies_secure());
}

#[test]
fn allowed_origins_come_as_a_list_from_env_or_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = env_of(&[(
        "YORISOI_ALLOWED_ORIGINS",
        "https://Example.org/, http://127.0.0.1:8081",
    )]);
    let config = load_from(&Overrides::default(), env, dir.path())
        .expect("load")
        .config;
    assert_eq!(
        config.allowed_origins,
        ["https://example.org", "http://127.0.0.1:8081"]
    );
    std::fs::write(
        dir.path().join(DEFAULT_FILE),
        "allowed_origins = [\"https://a.example\"]\ntrusted_proxy_header = \"X-Forwarded-For\"\n\
         limit_messages_burst = 3\npublic_url = \"https://chat.example.org\"\n",
    )
    .expect("write");
    let config = load_from(&Overrides::default(), env_of(&[]), dir.path())
        .expect("load")
        .config;
    assert_eq!(config.allowed_origins, ["https://a.example"]);
    assert_eq!(
        config.trusted_proxy_header.as_deref(),
        Some("x-forwarded-for")
    );
    assert_eq!(config.limit_messages_burst, 3);
    assert!(
        config.cookies_secure(),
        "an https public_url means Secure cookies"
    );
}

#[test]
fn a_bad_origin_or_limit_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, value) in [
        (
            "YORISOI_ALLOWED_ORIGINS",
            "https://ok.example,https://bad.example/path",
        ),
        ("YORISOI_PUBLIC_URL", "chat.example.org"),
        ("YORISOI_LIMIT_MESSAGES_BURST", "0"),
        ("YORISOI_TRUSTED_PROXY_HEADER", "bad header"),
        ("YORISOI_LOG_CLIENT_ADDRESSES", "maybe"),
    ] {
        let error =
            load_from(&Overrides::default(), env_of(&[(name, value)]), dir.path()).expect_err(name);
        let text = error.to_string();
        assert!(text.contains(name) && !text.contains('\n'), "{text}");
    }
}

#[test]
fn parse_file_is_pure_and_refuses_bad_values_and_shapes() {
    let parsed = parse_file("log = \"debug\"\nsurprise = 1\n").expect("parse");
    assert_eq!(parsed.values.get("log").map(String::as_str), Some("debug"));
    assert_eq!(parsed.unknown, ["surprise"]);
    for bad in [
        "allowed_origins = [1]",
        "allowed_origins = [\"a,b\"]",
        "allowed_origins = [\"https://x.example/p\"]",
        "bind = { a = 1 }",
        "limit_new_conversations = -1",
        "[[",
    ] {
        assert!(parse_file(bad).is_err(), "{bad}");
    }
}
