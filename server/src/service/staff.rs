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
use crate::secrets::{
    MIN_PASSWORD_CHARS, digest, dummy_hash, hash_password, new_secret, verify_password,
};
use crate::store::{SessionState, StaffRecord, Store, normalise_email};
use crate::throttle::{Scope, log_refusal};

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
    /// Checks credentials under the login limits and opens a session;
    /// returns the session id for the cookie. Wrong email and wrong password
    /// give the same error after the same work.
    pub async fn login(
        &self,
        address: &ClientAddress,
        email: &str,
        password: &str,
    ) -> Result<(String, StaffInfo), ServiceError> {
        let limits = self.limits();
        let now = self.now_ms();
        // Accounts are keyed by a digest: no email sits in memory.
        let account = digest(&normalise_email(email));
        let address_key = address.key();
        if let Err(retry_after_secs) = limits.login_address.take(&address_key, now) {
            log_refusal(self.config(), "login", Scope::Address, address);
            return Err(rate_limited(retry_after_secs));
        }
        if let Err(retry_after_secs) = limits.login_account.take(&account, now) {
            limits.login_address.refund(&address_key);
            log_refusal(self.config(), "login", Scope::Account, address);
            return Err(rate_limited(retry_after_secs));
        }
        let found = self.store().staff_credentials(email).await?;
        let (hash, staff) = match found {
            Some((staff, hash)) => (hash, Some(staff)),
            None => (dummy_hash().to_owned(), None),
        };
        let password = password.to_owned();
        // Argon2 takes tens of milliseconds of CPU: keep it off the async workers.
        let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
            .await
            .map_err(|error| ServiceError::Internal(format!("password check failed: {error}")))?;
        let (true, Some(staff)) = (matches, staff) else {
            return Err(ServiceError::refused(ErrorCode::BadCredentials));
        };
        let session_id = new_secret(self.random());
        self.store()
            .create_session(&digest(&session_id), staff.id, self.now_ms())
            .await?;
        limits.login_address.refund(&address_key);
        limits.login_account.refund(&account);
        tracing::info!(staff = staff.id, "staff logged in");
        Ok((session_id, staff))
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
            self.hub().revoke(
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
            self.hub().revoke(
                staff.organisation,
                Credential::Session(session_hash.to_owned()),
            );
        }
        Ok(())
    }

    /// Ends every session of the staff member; their open consoles close.
    pub async fn logout_everywhere(&self, staff: &StaffInfo) -> Result<(), ServiceError> {
        self.store().delete_staff_sessions(staff.id).await?;
        self.hub()
            .revoke(staff.organisation, Credential::Staff(staff.id));
        tracing::info!(staff = staff.id, "staff logged out everywhere");
        Ok(())
    }
}

fn rate_limited(retry_after_secs: u64) -> ServiceError {
    ServiceError::RateLimited {
        retry_after_secs,
        client_id: None,
    }
}
