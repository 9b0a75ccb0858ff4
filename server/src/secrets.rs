//! Secrets, a leaf that imports nothing of the server but the randomness
//! seam: argon2id password hashes, and the SHA-256 digests under which
//! session ids and visitor tokens are stored. Session ids and visitor tokens
//! are random 256-bit secrets handed to the client once; the database keeps
//! only their digest ([`digest`]), so a leaked database cannot be replayed.

use argon2::password_hash::{self, PasswordHash, PasswordHasher, SaltString};
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

/// True when `password` matches the PHC string `hash`: a one-off check; the server checks on its password threads, each with
/// a [`Verifier`] it keeps.
pub fn verify_password(hash: &str, password: &str) -> bool {
    Verifier::new().verify(hash, password)
}

/// Checks passwords against argon2 PHC strings in one block of memory it
/// keeps: argon2 needs ~19 MiB per check, and allocating it each time left
/// freed blocks in every allocator arena that ever ran a check.
#[derive(Debug, Default)]
pub struct Verifier {
    /// The algorithm's working memory, grown to the largest `m` seen.
    blocks: Vec<argon2::Block>,
}

impl Verifier {
    /// A verifier with no memory yet (it takes it on the first check).
    pub fn new() -> Self {
        Verifier::default()
    }

    /// True when `password` matches the PHC string `hash` (compared in
    /// constant time); false for anything unreadable.
    pub fn verify(&mut self, hash: &str, password: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
            return false;
        };
        let version = match parsed.version.map(Version::try_from) {
            Some(Ok(version)) => version,
            Some(Err(_)) => return false,
            None => Version::default(),
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        let mut salt_bytes = [0u8; 64];
        let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
            return false;
        };
        let needed = params.block_count();
        if self.blocks.len() < needed {
            self.blocks.resize(needed, argon2::Block::default());
        }
        let mut out = [0u8; 64];
        let Some(out) = out.get_mut(..expected.len()) else {
            return false;
        };
        let hashed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            out,
            &mut self.blocks[..needed],
        );
        hashed.is_ok() && password_hash::Output::new(out).is_ok_and(|computed| computed == expected)
    }
}

/// A hash to verify against when the email is unknown, so a wrong email
/// costs the same time as a wrong password and timing reveals nothing. Made
/// once with [`hash_password`] and the same parameters (of a password
/// nobody uses), so no request has to compute it.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$1svTa2wxH/T2qCOww+2G7g$cdNPkNfjEQQfRwdHxdi72+W4WEZ7dOGlxacm2dPY4bk"
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
    fn the_dummy_hash_has_the_parameters_of_real_ones() {
        let real = hash_password("x", crate::clock::os_random).expect("hash");
        let params = |hash: &str| hash.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(dummy_hash()), params(&real));
        assert!(Verifier::new().verify(dummy_hash(), "yorisoi-dummy-password"));
    }

    #[test]
    fn the_verifier_agrees_with_the_library_and_keeps_its_memory() {
        let hash = hash_password("correct horse", crate::clock::os_random).expect("hash");
        let mut verifier = Verifier::new();
        assert!(verifier.verify(&hash, "correct horse"));
        assert!(!verifier.verify(&hash, "correct horsE"));
        assert!(!verifier.verify("not a hash", "correct horse"));
        let kept = verifier.blocks.as_ptr();
        assert!(verifier.verify(&hash, "correct horse"));
        assert_eq!(kept, verifier.blocks.as_ptr(), "no new memory per check");
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
