//! The `database` setting: which backend and where. A plain path or a
//! `sqlite://` URL is the embedded SQLite file (the default, nothing to
//! install); a `postgres://` (or `postgresql://`) URL is a PostgreSQL
//! database, for several nodes behind one address. Parsed once here, so the
//! store only matches on the result.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where the data lives.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// An embedded SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (the database must exist).
    Postgres(String),
}

impl Database {
    /// Reads the setting's text; `Err` says what was expected.
    pub fn parse(text: &str) -> Result<Database, String> {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(Database::Postgres(text.to_owned()));
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        if path.is_empty() {
            return Err(
                "expected a SQLite file path (or sqlite://PATH) or a postgres:// URL".to_owned(),
            );
        }
        if text.contains("://") && !text.starts_with("sqlite://") {
            return Err(format!(
                "unknown database URL `{}`: use a SQLite file path or a postgres:// URL",
                redacted(text)
            ));
        }
        Ok(Database::Sqlite(PathBuf::from(path)))
    }

    /// The SQLite file, if this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Database::Sqlite(path) => Some(path),
            Database::Postgres(_) => None,
        }
    }
}

impl From<PathBuf> for Database {
    fn from(path: PathBuf) -> Self {
        Database::Sqlite(path)
    }
}

impl From<&Path> for Database {
    fn from(path: &Path) -> Self {
        Database::Sqlite(path.to_owned())
    }
}

/// Shown without a password: settings are logged and printed in errors.
impl fmt::Display for Database {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(formatter, "{}", path.display()),
            Database::Postgres(url) => formatter.write_str(&redacted(url)),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Database({self})")
    }
}

/// A URL with the password (between `user:` and `@`) replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_name_their_backend() {
        let sqlite = |path: &str| Ok(Database::Sqlite(PathBuf::from(path)));
        assert_eq!(Database::parse("yorisoi.db"), sqlite("yorisoi.db"));
        assert_eq!(Database::parse("sqlite:///var/y.db"), sqlite("/var/y.db"));
        assert_eq!(Database::parse("sqlite://y.db"), sqlite("y.db"));
        assert_eq!(
            Database::parse("postgres://yorisoi@db:5432/chat"),
            Ok(Database::Postgres("postgres://yorisoi@db:5432/chat".into()))
        );
        assert!(Database::parse("postgresql://db/chat").is_ok());
        assert!(Database::parse("").is_err());
        assert!(Database::parse("mysql://db/chat").is_err());
    }

    #[test]
    fn a_password_is_never_shown() {
        let database = Database::parse("postgres://yorisoi:s3cret@db:5432/chat").expect("url");
        assert_eq!(database.to_string(), "postgres://yorisoi:***@db:5432/chat");
        assert!(!format!("{database:?}").contains("s3cret"));
        let error = Database::parse("mysql://root:hunter2@db/x").expect_err("unknown");
        assert!(!error.contains("hunter2"), "{error}");
    }
}
