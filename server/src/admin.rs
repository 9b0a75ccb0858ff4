//! Administrative commands that work on the database without serving:
//! adding and listing staff. The CLI and the tests share them, so the same
//! checks (email shape, name length, password length, duplicates) apply.

use std::sync::Arc;

use yorisoi_protocol::limits::MAX_STAFF_NAME_CHARS;
use yorisoi_protocol::model::StaffInfo;

use crate::auth::{MIN_PASSWORD_CHARS, hash_password};
use crate::clock::{SystemClock, os_random};
use crate::config::Config;
use crate::error::ServerError;
use crate::store::Store;

/// Longest email we accept (the SMTP limit).
const MAX_EMAIL_CHARS: usize = 254;

/// Adds a staff member to the configured database.
pub async fn add_staff(
    config: &Config,
    email: &str,
    name: &str,
    password: &str,
) -> Result<StaffInfo, ServerError> {
    let email = email.trim();
    let name = name.trim();
    if email.len() > MAX_EMAIL_CHARS
        || email.chars().any(char::is_whitespace)
        || !email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && !domain.is_empty())
    {
        return Err(ServerError::Invalid(format!(
            "`{email}` is not an email address"
        )));
    }
    if name.is_empty() || name.chars().count() > MAX_STAFF_NAME_CHARS {
        return Err(ServerError::Invalid(format!(
            "the name must have 1 to {MAX_STAFF_NAME_CHARS} characters"
        )));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServerError::Invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let store = Store::open(&config.database, Arc::new(SystemClock)).await?;
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, os_random))
        .await
        .map_err(|error| ServerError::Hash(error.to_string()))?
        .map_err(ServerError::Hash)?;
    Ok(store.add_staff(email, name, &hash).await?)
}

/// Every staff member of the configured database.
pub async fn list_staff(config: &Config) -> Result<Vec<StaffInfo>, ServerError> {
    let store = Store::open(&config.database, Arc::new(SystemClock)).await?;
    Ok(store.list_staff().await?)
}
