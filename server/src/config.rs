//! Settings: the typed [`Config`] and the one place that loads and validates
//! it. Precedence, lowest first: built-in defaults, the optional TOML file
//! (`--config FILE`, else `./yorisoi.toml` when present), `YORISOI_*`
//! environment variables, then command-line flags. Every value remembers where
//! it came from so that a bad one is reported in one line naming its origin.
//! Unknown keys in the file are returned as warnings (logging is not set up
//! yet while settings load, so the caller logs them).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::ConfigError;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "yorisoi.toml";

/// The server's settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// SQLite database file (created if missing).
    pub database: PathBuf,
    /// `tracing` filter, e.g. `info` or `yorisoi_server=debug`.
    pub log: String,
    /// Adds `Secure` to the session cookie. Off by default because local
    /// development runs over plain HTTP; turn it on behind TLS.
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: PathBuf::from("yorisoi.db"),
            log: "info".to_owned(),
            secure_cookies: false,
        }
    }
}

/// Values given on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--bind ADDR`.
    pub bind: Option<String>,
    /// `--database PATH`.
    pub database: Option<PathBuf>,
}

/// A loaded configuration plus warnings for the caller to log.
#[derive(Debug)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// Things worth telling the operator (unknown keys).
    pub warnings: Vec<String>,
}

/// The settings file's shape. Unknown keys land in `unknown` so we can warn
/// instead of refusing: a typo should not stop a small team's server.
#[derive(Debug, Default, Deserialize)]
struct FileSettings {
    bind: Option<String>,
    database: Option<PathBuf>,
    log: Option<String>,
    secure_cookies: Option<bool>,
    #[serde(flatten)]
    unknown: BTreeMap<String, toml::Value>,
}

/// A raw value and where it came from, kept until validation.
struct Sourced<T> {
    value: T,
    origin: String,
}

impl<T> Sourced<T> {
    fn new(value: T, origin: impl Into<String>) -> Self {
        Sourced {
            value,
            origin: origin.into(),
        }
    }
}

/// Loads settings from the process environment and `./yorisoi.toml`.
pub fn load(overrides: &Overrides) -> Result<Loaded, ConfigError> {
    load_from(overrides, |name| std::env::var(name).ok(), Path::new("."))
}

/// Loads settings with an injectable environment and working directory (tests).
pub fn load_from(
    overrides: &Overrides,
    env: impl Fn(&str) -> Option<String>,
    working_dir: &Path,
) -> Result<Loaded, ConfigError> {
    let defaults = Config::default();
    let mut bind = Sourced::new(defaults.bind.to_string(), "default");
    let mut database = Sourced::new(defaults.database, "default");
    let mut log = Sourced::new(defaults.log, "default");
    let mut secure_cookies = Sourced::new(defaults.secure_cookies.to_string(), "default");
    let mut warnings = Vec::new();

    let file = match &overrides.config {
        Some(path) => Some(path.clone()),
        None => Some(working_dir.join(DEFAULT_FILE)).filter(|path| path.is_file()),
    };
    if let Some(path) = file {
        let origin = path.display().to_string();
        let settings = read_file(&path)?;
        for key in settings.unknown.keys() {
            warnings.push(format!("unknown setting `{key}` in {origin} is ignored"));
        }
        if let Some(value) = settings.bind {
            bind = Sourced::new(value, origin.clone());
        }
        if let Some(value) = settings.database {
            database = Sourced::new(value, origin.clone());
        }
        if let Some(value) = settings.log {
            log = Sourced::new(value, origin.clone());
        }
        if let Some(value) = settings.secure_cookies {
            secure_cookies = Sourced::new(value.to_string(), origin);
        }
    }

    if let Some(value) = env("YORISOI_BIND") {
        bind = Sourced::new(value, "YORISOI_BIND");
    }
    if let Some(value) = env("YORISOI_DATABASE") {
        database = Sourced::new(PathBuf::from(value), "YORISOI_DATABASE");
    }
    if let Some(value) = env("YORISOI_LOG") {
        log = Sourced::new(value, "YORISOI_LOG");
    }
    if let Some(value) = env("YORISOI_SECURE_COOKIES") {
        secure_cookies = Sourced::new(value, "YORISOI_SECURE_COOKIES");
    }

    if let Some(value) = &overrides.bind {
        bind = Sourced::new(value.clone(), "--bind");
    }
    if let Some(value) = &overrides.database {
        database = Sourced::new(value.clone(), "--database");
    }

    let config = validate(bind, database, log, secure_cookies)?;
    Ok(Loaded { config, warnings })
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        path: path.display().to_string(),
        source,
    })?;
    toml::from_str(&text).map_err(|error| ConfigError::ParseFile {
        path: path.display().to_string(),
        // toml's messages span several lines with a source excerpt; keep one.
        message: error.message().replace('\n', " "),
    })
}

/// Every check on settings lives here.
fn validate(
    bind: Sourced<String>,
    database: Sourced<PathBuf>,
    log: Sourced<String>,
    secure_cookies: Sourced<String>,
) -> Result<Config, ConfigError> {
    let bind_addr = bind
        .value
        .trim()
        .parse::<SocketAddr>()
        .map_err(|_| ConfigError::Invalid {
            setting: "bind",
            value: bind.value.clone(),
            origin: bind.origin.clone(),
            reason: "expected IP:PORT such as 127.0.0.1:8080".to_owned(),
        })?;
    if database.value.as_os_str().is_empty() {
        return Err(ConfigError::Invalid {
            setting: "database",
            value: String::new(),
            origin: database.origin,
            reason: "expected a file path".to_owned(),
        });
    }
    if let Err(error) = tracing_subscriber::EnvFilter::try_new(&log.value) {
        return Err(ConfigError::Invalid {
            setting: "log",
            value: log.value,
            origin: log.origin,
            reason: error.to_string(),
        });
    }
    let secure = match secure_cookies.value.trim() {
        "true" | "1" => true,
        "false" | "0" => false,
        _ => {
            return Err(ConfigError::Invalid {
                setting: "secure_cookies",
                value: secure_cookies.value,
                origin: secure_cookies.origin,
                reason: "expected true or false".to_owned(),
            });
        }
    };
    Ok(Config {
        bind: bind_addr,
        database: database.value,
        log: log.value,
        secure_cookies: secure,
    })
}

#[cfg(test)]
mod tests {
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
        assert_eq!(config.database, PathBuf::from("flag.db"), "flag beats env");
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
}
