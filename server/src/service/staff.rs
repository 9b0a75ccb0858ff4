//! Staff accounts and sessions: adding a staff member to an organisation,
//! login with its limits, checking a session, logout and logout
//! everywhere. Sessions end after `session_idle_hours` unused or
//! `session_absolute_days` after login, checked on every use; an ended
//! session is announced so its open consoles close.
//!
//! Logins are throttled per account and per client address: each attempt
//! takes a token from both buckets and a success gives it back, so only
//! failures count and parallel attempts cannot slip past the limit. These
//! two buckets guard the server before any organisation is known (an
//! account digest names one staff member, and so one organisation).

use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::limits::MAX_STAFF_NAME_CHARS;
use yorisoi_protocol::model::StaffInfo;

use super::Service;
use crate::client_address::ClientAddress;
use crate::error::{ServiceError, StoreError};
use crate::hub::Credential;
use crate::secrets::{MIN_PASSWORD_CHARS, digest, dummy_hash, hash_password, new_secret};
use crate::store::{SessionState, StaffRecord, Store, normalise_email};
use crate::throttle::{Scope, log_refusal};

/// A device cookie lets its staff member past the per-account login limit
/// for this long after the login that made it (180 days).
pub const DEVICE_RETENTION_MS: i64 = 180 * 24 * 60 * 60 * 1000;

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The new session's id, for the session cookie.
    pub session_id: String,
    /// Who.
    pub staff: StaffInfo,
    /// A new device id for the device cookie, when the login did not come
    /// with a known one.
    pub new_device: Option<String>,
}

/// Longest email we accept (the SMTP limit).
const MAX_EMAIL_CHARS: usize = 254;

/// A staff member to add, as `yorisoi staff add` gives them.
#[derive(Debug, Clone, Default)]
pub struct NewStaff {
    /// The organisation's slug; `None` while there is only one.
    pub organisation: Option<String>,
    /// Login email.
    pub email: String,
    /// Display name shown to parents.
    pub name: String,
    /// The password (hashed before it is stored).
    pub password: String,
    /// An organisation admin.
    pub admin: bool,
}

/// Adds a staff member (checks email shape, name and password length,
/// duplicates); returns them with their organisation's slug.
pub async fn add(
    store: &Store,
    new: &NewStaff,
    random: crate::clock::RandomSource,
    now_ms: i64,
) -> Result<(StaffInfo, String), ServiceError> {
    let email = new.email.trim();
    let name = new.name.trim();
    if email.len() > MAX_EMAIL_CHARS
        || email.chars().any(char::is_whitespace)
        || !email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && !domain.is_empty())
    {
        return Err(ServiceError::Invalid(format!(
            "`{email}` is not an email address"
        )));
    }
    if name.is_empty() || name.chars().count() > MAX_STAFF_NAME_CHARS {
        return Err(ServiceError::Invalid(format!(
            "the name must have 1 to {MAX_STAFF_NAME_CHARS} characters"
        )));
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServiceError::Invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let organisation = organisation_for_staff(store, new.organisation.as_deref(), now_ms).await?;
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, random))
        .await
        .map_err(|error| ServiceError::Internal(error.to_string()))?
        .map_err(ServiceError::Internal)?;
    let record = StaffRecord {
        organisation: organisation.0,
        email,
        name,
        password_hash: &hash,
        admin: new.admin,
    };
    let staff = store.add_staff(record, now_ms).await?;
    Ok((staff, organisation.1))
}

/// The organisation a new staff member joins: the one named, or the only
/// one (made first when there is none).
async fn organisation_for_staff(
    store: &Store,
    slug: Option<&str>,
    now_ms: i64,
) -> Result<(OrganisationId, String), ServiceError> {
    if let Some(slug) = slug {
        let found = store.organisation_by_slug(slug).await?;
        return found
            .map(|organisation| (organisation.id, organisation.slug))
            .ok_or_else(|| ServiceError::Invalid(format!("there is no organisation `{slug}`")));
    }
    let mut all = store.organisations().await?;
    match all.len() {
        0 => {
            let first = super::organisations::ensure_first(store, now_ms).await?;
            Ok((first.id, first.slug))
        }
        1 => {
            let only = all.remove(0);
            Ok((only.id, only.slug))
        }
        _ => {
            let slugs: Vec<String> = all.into_iter().map(|o| o.slug).collect();
            Err(ServiceError::Invalid(format!(
                "there are several organisations: name one with --org ({})",
                slugs.join(", ")
            )))
        }
    }
}

impl Service {
    /// Checks credentials under the login limits and opens a session.
    /// Wrong email and wrong password give the same error after the same
    /// work. Every attempt costs its address a token (refused ones too, so
    /// polling a locked account is not free); the per-account limit is
    /// skipped for a `device` this staff member logged in from before, so
    /// a flood of wrong passwords cannot lock them out of their own browser.
    pub async fn login(
        &self,
        address: &ClientAddress,
        email: &str,
        password: &str,
        device: Option<&str>,
    ) -> Result<LoggedIn, ServiceError> {
        let limits = self.limits();
        let now = self.now_ms();
        // Accounts are keyed by a digest: no email sits in memory.
        let account = digest(&normalise_email(email));
        let address_key = address.key();
        if let Err(retry_after_secs) = limits.login_address.take(&address_key, now).await {
            log_refusal(self.config(), "login", Scope::Address, address);
            return Err(ServiceError::rate_limited(retry_after_secs));
        }
        let found = self.store().staff_credentials(email).await?;
        let known_device = match (device, &found) {
            (Some(device), Some((staff, _))) => {
                let since = now - DEVICE_RETENTION_MS;
                self.store().device_staff(&digest(device), since).await? == Some(staff.id)
            }
            _ => false,
        };
        if !known_device
            && let Err(retry_after_secs) = limits.login_account.take(&account, now).await
        {
            log_refusal(self.config(), "login", Scope::Account, address);
            return Err(ServiceError::rate_limited(retry_after_secs));
        }
        let (hash, staff) = match found {
            Some((staff, hash)) => (hash, Some(staff)),
            None => (dummy_hash().to_owned(), None),
        };
        if !self.password_matches(hash, password).await? {
            return Err(ServiceError::refused(ErrorCode::BadCredentials));
        }
        let Some(staff) = staff else {
            return Err(ServiceError::refused(ErrorCode::BadCredentials));
        };
        let session_id = new_secret(self.random());
        self.store()
            .create_session(&digest(&session_id), staff.id, self.now_ms())
            .await?;
        limits.login_address.refund(&address_key).await;
        if !known_device {
            limits.login_account.refund(&account).await;
        }
        let new_device = if known_device {
            None
        } else {
            let device = new_secret(self.random());
            self.store()
                .remember_device(&digest(&device), staff.id, self.now_ms())
                .await?;
            Some(device)
        };
        tracing::info!(staff = staff.id, known_device, "staff logged in");
        Ok(LoggedIn {
            session_id,
            staff,
            new_device,
        })
    }

    /// Checks a password against its hash on the password threads (at
    /// most `password_hash_concurrency` at once, whatever the flood: see
    /// `crate::password_pool`).
    async fn password_matches(&self, hash: String, password: &str) -> Result<bool, ServiceError> {
        self.passwords()
            .verify(hash, password.to_owned())
            .await
            .ok_or_else(|| ServiceError::Internal("the password threads are gone".to_owned()))
    }

    /// What a session (by digest) stands for now. An expired session is
    /// deleted and announced, so its open consoles close. `touch` counts
    /// this as a use (not for heartbeat checks).
    pub async fn session_state(
        &self,
        session_hash: &str,
        touch: bool,
    ) -> Result<SessionState, StoreError> {
        let config = self.config();
        let found = self
            .store()
            .session_staff(
                session_hash,
                config.session_idle_ms(),
                config.session_absolute_ms(),
                touch,
                self.now_ms(),
            )
            .await?;
        if found == SessionState::Expired {
            // Expired sessions are deleted, so no organisation is known any
            // more: consoles match the digest alone.
            self.revoke(
                OrganisationId::default(),
                Credential::Session(session_hash.to_owned()),
            );
        }
        Ok(found)
    }

    /// Ends one session (logout); an unknown one is ignored.
    pub async fn logout(&self, session_hash: &str) -> Result<(), ServiceError> {
        if let SessionState::Valid(staff) = self.session_state(session_hash, false).await? {
            self.store().delete_session(session_hash).await?;
            self.revoke(
                staff.organisation,
                Credential::Session(session_hash.to_owned()),
            );
        }
        Ok(())
    }

    /// Ends every session of the staff member; their open consoles close.
    pub async fn logout_everywhere(&self, staff: &StaffInfo) -> Result<(), ServiceError> {
        self.store().delete_staff_sessions(staff.id).await?;
        self.revoke(staff.organisation, Credential::Staff(staff.id));
        tracing::info!(staff = staff.id, "staff logged out everywhere");
        Ok(())
    }
}
