//! Reading and checking setting values: the settings file's text into raw
//! values ([`parse_file`], pure, so a fuzz target can call it), and raw
//! values into a typed [`Config`] ([`build`]), every check in one place.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::{Config, Database, Raw, Sourced};
use crate::error::ConfigError;
use crate::web_origin::parse_origin;

/// Every setting's name, as written in the file (and, upper-cased after
/// `YORISOI_`, in the environment).
pub(super) const NAMES: [&str; 38] = [
    "bind",
    "database",
    "log",
    "secure_cookies",
    "allowed_origins",
    "public_url",
    "trusted_proxy_header",
    "session_idle_hours",
    "session_absolute_days",
    "log_client_addresses",
    "limit_new_conversations",
    "limit_proven_new_conversations",
    "proof_of_work_bits",
    "limit_site_new_conversations",
    "limit_new_conversations_window_secs",
    "limit_messages_per_minute",
    "limit_messages_burst",
    "limit_address_messages_per_minute",
    "limit_site_messages_per_minute",
    "limit_login_failures_per_account",
    "limit_login_failures_per_address",
    "limit_login_window_secs",
    "limit_connections_per_address",
    "limit_staff_connections_per_address",
    "limit_socket_frames_per_second",
    "limit_socket_frames_burst",
    "limit_widget_writes_per_minute",
    "limit_unread_asks_per_minute",
    "nomination_wait_hours",
    "overdue_alert_hours",
    "overdue_sweep_ms",
    "password_hash_concurrency",
    "revoked_token_retention_days",
    "http_header_timeout_secs",
    "limit_http_connections_per_address",
    "retention_sweep_ms",
    "limit_key_secret",
    "consultation_code_hours",
];

/// A settings file, read: known values as text (a TOML array of origins
/// becomes a comma-separated list, as in the environment), unknown keys.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSettings {
    /// Known settings and their values.
    pub values: BTreeMap<&'static str, String>,
    /// Keys that are not settings (warned about, not fatal).
    pub unknown: Vec<String>,
}

/// Parses a settings file's text and checks every value it sets. Errors
/// name the file as `settings file`; the loader puts the path in.
pub fn parse_file(text: &str) -> Result<FileSettings, ConfigError> {
    let table: toml::Table = toml::from_str(text).map_err(|error| ConfigError::ParseFile {
        path: String::new(),
        // toml's messages span several lines with a source excerpt; keep one.
        message: error.message().replace('\n', " "),
    })?;
    let mut settings = FileSettings::default();
    for (key, value) in table {
        let Some(name) = NAMES.iter().find(|name| **name == key) else {
            settings.unknown.push(key);
            continue;
        };
        let text = match value {
            toml::Value::String(text) => text,
            toml::Value::Integer(number) => number.to_string(),
            toml::Value::Boolean(flag) => flag.to_string(),
            toml::Value::Array(items) => {
                let texts: Option<Vec<String>> = items
                    .into_iter()
                    .map(|item| match item {
                        toml::Value::String(text) if !text.contains(',') => Some(text),
                        _ => None,
                    })
                    .collect();
                texts
                    .ok_or_else(|| ConfigError::ParseFile {
                        path: String::new(),
                        message: format!("`{key}` must be a list of strings"),
                    })?
                    .join(",")
            }
            _ => {
                return Err(ConfigError::ParseFile {
                    path: String::new(),
                    message: format!("`{key}` has a value of the wrong type"),
                });
            }
        };
        settings.values.insert(name, text);
    }
    // Check the values now, so a bad file is refused even when the
    // environment overrides the bad value.
    let raw: Raw = settings
        .values
        .iter()
        .map(|(name, value)| {
            let sourced = Sourced {
                value: value.clone(),
                origin: "settings file".to_owned(),
            };
            (*name, sourced)
        })
        .collect();
    build(&raw)?;
    Ok(settings)
}

/// Builds the typed settings from raw values and defaults.
pub(super) fn build(raw: &Raw) -> Result<Config, ConfigError> {
    let defaults = Config::default();
    let number = |name: &'static str, default: u32| value(raw, name, default, parse_count);
    let flag = |name: &'static str, default: bool| value(raw, name, default, parse_flag);
    Ok(Config {
        bind: value(raw, "bind", defaults.bind, parse_bind)?,
        database: value(raw, "database", defaults.database, Database::parse)?,
        log: value(raw, "log", defaults.log, parse_log)?,
        secure_cookies: flag("secure_cookies", defaults.secure_cookies)?,
        allowed_origins: value(raw, "allowed_origins", Vec::new(), parse_origins)?,
        public_url: value(raw, "public_url", None, |text| {
            parse_optional(text, |text| parse_origin(text).ok_or_else(origin_hint))
        })?,
        trusted_proxy_header: value(raw, "trusted_proxy_header", None, |text| {
            parse_optional(text, parse_header_name)
        })?,
        session_idle_hours: number("session_idle_hours", defaults.session_idle_hours)?,
        session_absolute_days: number("session_absolute_days", defaults.session_absolute_days)?,
        log_client_addresses: flag("log_client_addresses", defaults.log_client_addresses)?,
        limit_new_conversations: number(
            "limit_new_conversations",
            defaults.limit_new_conversations,
        )?,
        limit_proven_new_conversations: number(
            "limit_proven_new_conversations",
            defaults.limit_proven_new_conversations,
        )?,
        proof_of_work_bits: number("proof_of_work_bits", defaults.proof_of_work_bits)?,
        limit_site_new_conversations: number(
            "limit_site_new_conversations",
            defaults.limit_site_new_conversations,
        )?,
        limit_new_conversations_window_secs: number(
            "limit_new_conversations_window_secs",
            defaults.limit_new_conversations_window_secs,
        )?,
        limit_messages_per_minute: number(
            "limit_messages_per_minute",
            defaults.limit_messages_per_minute,
        )?,
        limit_messages_burst: number("limit_messages_burst", defaults.limit_messages_burst)?,
        limit_address_messages_per_minute: number(
            "limit_address_messages_per_minute",
            defaults.limit_address_messages_per_minute,
        )?,
        limit_site_messages_per_minute: number(
            "limit_site_messages_per_minute",
            defaults.limit_site_messages_per_minute,
        )?,
        limit_login_failures_per_account: number(
            "limit_login_failures_per_account",
            defaults.limit_login_failures_per_account,
        )?,
        limit_login_failures_per_address: number(
            "limit_login_failures_per_address",
            defaults.limit_login_failures_per_address,
        )?,
        limit_login_window_secs: number(
            "limit_login_window_secs",
            defaults.limit_login_window_secs,
        )?,
        limit_connections_per_address: number(
            "limit_connections_per_address",
            defaults.limit_connections_per_address,
        )?,
        limit_staff_connections_per_address: number(
            "limit_staff_connections_per_address",
            defaults.limit_staff_connections_per_address,
        )?,
        limit_socket_frames_per_second: number(
            "limit_socket_frames_per_second",
            defaults.limit_socket_frames_per_second,
        )?,
        limit_socket_frames_burst: number(
            "limit_socket_frames_burst",
            defaults.limit_socket_frames_burst,
        )?,
        limit_widget_writes_per_minute: number(
            "limit_widget_writes_per_minute",
            defaults.limit_widget_writes_per_minute,
        )?,
        limit_unread_asks_per_minute: number(
            "limit_unread_asks_per_minute",
            defaults.limit_unread_asks_per_minute,
        )?,
        nomination_wait_hours: number("nomination_wait_hours", defaults.nomination_wait_hours)?,
        overdue_alert_hours: number("overdue_alert_hours", defaults.overdue_alert_hours)?,
        overdue_sweep_ms: number("overdue_sweep_ms", defaults.overdue_sweep_ms)?,
        password_hash_concurrency: number(
            "password_hash_concurrency",
            defaults.password_hash_concurrency,
        )?,
        revoked_token_retention_days: number(
            "revoked_token_retention_days",
            defaults.revoked_token_retention_days,
        )?,
        http_header_timeout_secs: number(
            "http_header_timeout_secs",
            defaults.http_header_timeout_secs,
        )?,
        limit_http_connections_per_address: number(
            "limit_http_connections_per_address",
            defaults.limit_http_connections_per_address,
        )?,
        retention_sweep_ms: number("retention_sweep_ms", defaults.retention_sweep_ms)?,
        limit_key_secret: value(raw, "limit_key_secret", None, |text| {
            parse_optional(text, |text| Ok(text.to_owned()))
        })?,
        consultation_code_hours: number(
            "consultation_code_hours",
            defaults.consultation_code_hours,
        )?,
    })
}

/// The value of `name`, parsed, or `default` when not given.
fn value<T>(
    raw: &Raw,
    name: &'static str,
    default: T,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, ConfigError> {
    let Some(sourced) = raw.get(name) else {
        return Ok(default);
    };
    parse(&sourced.value).map_err(|reason| ConfigError::Invalid {
        setting: name,
        value: sourced.value.chars().take(200).collect(),
        origin: sourced.origin.clone(),
        reason,
    })
}

fn parse_bind(text: &str) -> Result<SocketAddr, String> {
    text.trim()
        .parse()
        .map_err(|_| "expected IP:PORT such as 127.0.0.1:8080".to_owned())
}

fn parse_log(text: &str) -> Result<String, String> {
    tracing_subscriber::EnvFilter::try_new(text)
        .map(|_| text.to_owned())
        .map_err(|error| error.to_string().replace('\n', " "))
}

fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

/// A positive count: a limit of 0 would refuse everyone.
fn parse_count(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(count) if count > 0 => Ok(count),
        _ => Err("expected a whole number from 1 to 4294967295".to_owned()),
    }
}

fn origin_hint() -> String {
    "expected an origin such as https://example.org or http://127.0.0.1:8081 (no path)".to_owned()
}

fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            parse_origin(item)
                .ok_or_else(|| format!("`{item}` is not an origin: {}", origin_hint()))
        })
        .collect()
}

fn parse_optional<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text.trim()).map(Some)
    }
}

fn parse_header_name(text: &str) -> Result<String, String> {
    axum::http::HeaderName::from_bytes(text.as_bytes())
        .map(|name| name.as_str().to_owned())
        .map_err(|_| "expected an HTTP header name such as x-forwarded-for".to_owned())
}
