//! Secrets, a leaf that imports nothing of the server but the randomness
//! seam: argon2id password hashes, and the SHA-256 digests under which
//! session ids and visitor tokens are stored. Session ids and visitor tokens
//! are random 256-bit secrets handed to the client once; the database keeps
//! only their digest ([`digest`]), so a leaked database cannot be replayed.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

use crate::clock::RandomSource;

/// Shortest password `staff add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Argon2id with OWASP's minimum parameters: m=19456 KiB, t=2, p=1.
fn argon2() -> Argon2<'static> {
    // These constants are valid by construction; `Params::DEFAULT` is the
    // same m/t/p, used only if the library ever rejects them.
    let params = Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (salt and parameters included).
pub fn hash_password(password: &str, random: RandomSource) -> Result<String, String> {
    let salt_bytes = random();
    let salt = SaltString::encode_b64(&salt_bytes[..16]).map_err(|error| error.to_string())?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| error.to_string())
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the email is unknown, so a wrong email
/// costs the same time as a wrong password and timing reveals nothing.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("yorisoi-dummy-password", crate::clock::os_random).unwrap_or_default()
    })
}

/// The SHA-256 hex digest under which a secret (token, session id) is stored.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A fresh secret: 32 random bytes, hex (64 characters).
pub fn new_secret(random: RandomSource) -> String {
    hex::encode(random())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let hash = hash_password("correct horse", crate::clock::os_random).expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "correct horsE"));
        assert!(!verify_password("not a hash", "correct horse"));
    }

    #[test]
    fn salts_differ_so_equal_passwords_hash_differently() {
        let first = hash_password("same password", crate::clock::os_random).expect("hash");
        let second = hash_password("same password", crate::clock::os_random).expect("hash");
        assert_ne!(first, second);
    }

    #[test]
    fn digests_are_sha256_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(new_secret(crate::clock::os_random).len(), 64);
    }
}
