//! A small proof of work for new conversations from a busy address.
//!
//! Many real parents can share one address (a family-support centre's
//! Wi-Fi, a school, a mobile carrier), so the address alone cannot tell them
//! from a script. What a script cannot avoid is paying for each conversation
//! it opens: past an address's few free new conversations, the server asks
//! for work ([`crate::widget::ServerFrame::ProveWork`]): a nonce such that
//! SHA-256 of the challenge followed by the nonce starts with `bits` zero
//! bits. A parent's widget finds it in the background while they type (a
//! fraction of a second); the price rises with every conversation the
//! address opened recently, so a flood costs more and more.
//!
//! SHA-256 is written out here (FIPS 180-4) rather than taken from a crate:
//! the widget's size budget is tight, and one compression per attempt is
//! all that is needed (the input always fits one block).

/// The longest challenge accepted (the input must fit one SHA-256 block).
pub const MAX_CHALLENGE_LEN: usize = 40;

/// The most bits ever asked for (about 4 billion attempts on average: a
/// wall, not a price).
pub const MAX_BITS: u8 = 32;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256 of a message of at most 55 bytes (one block), as eight words.
fn sha256_short(message: &[u8]) -> [u32; 8] {
    debug_assert!(message.len() <= 55);
    let mut block = [0u8; 64];
    block[..message.len()].copy_from_slice(message);
    block[message.len()] = 0x80;
    block[56..].copy_from_slice(&((message.len() as u64) * 8).to_be_bytes());
    let mut w = [0u32; 64];
    for (i, word) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = H0;
    for i in 0..64 {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let choice = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(choice)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let majority = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(majority);
        (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
    }
    let mut out = H0;
    for (word, add) in out.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(add);
    }
    out
}

/// The number of leading zero bits of `challenge`'s digest with `nonce`.
fn zero_bits(challenge: &[u8], nonce: u64) -> u32 {
    let mut input = [0u8; MAX_CHALLENGE_LEN + 8];
    input[..challenge.len()].copy_from_slice(challenge);
    input[challenge.len()..challenge.len() + 8].copy_from_slice(&nonce.to_be_bytes());
    let digest = sha256_short(&input[..challenge.len() + 8]);
    let mut zeros = 0;
    for word in digest {
        zeros += word.leading_zeros();
        if word != 0 {
            break;
        }
    }
    zeros
}

/// True when `nonce` proves `bits` of work for `challenge`. A challenge
/// longer than [`MAX_CHALLENGE_LEN`] never verifies.
pub fn verify(challenge: &str, bits: u8, nonce: u64) -> bool {
    challenge.len() <= MAX_CHALLENGE_LEN
        && zero_bits(challenge.as_bytes(), nonce) >= u32::from(bits)
}

/// Tries the nonces `from..from + count`; the first that proves `bits` of
/// work, if any. Callers in a browser call it in slices so the page stays
/// responsive.
pub fn search(challenge: &str, bits: u8, from: u64, count: u64) -> Option<u64> {
    if challenge.len() > MAX_CHALLENGE_LEN {
        return None;
    }
    (from..from.saturating_add(count))
        .find(|&nonce| zero_bits(challenge.as_bytes(), nonce) >= u32::from(bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(digest: [u32; 8]) -> String {
        digest.iter().map(|word| format!("{word:08x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard_test_vectors() {
        assert_eq!(
            hex(sha256_short(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256_short(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // 55 bytes: the longest single-block message.
        assert_eq!(
            hex(sha256_short(&[b'a'; 55])),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        );
    }

    #[test]
    fn a_found_nonce_verifies_and_others_mostly_do_not() {
        let challenge = "0123456789abcdef0123456789abcdef";
        let nonce = search(challenge, 12, 0, 1 << 20).expect("12 bits are found quickly");
        assert!(verify(challenge, 12, nonce));
        // The nonce proves work for its own challenge only.
        let others = (0..64)
            .filter(|n| verify(&format!("{n:032x}"), 12, nonce))
            .count();
        assert!(others <= 2, "{others} of 64 other challenges accepted it");
        // Zero bits: anything proves it; 32 bits: the first nonces do not.
        assert!(verify(challenge, 0, 7));
        assert_eq!(search(challenge, MAX_BITS, 0, 1_000), None);
    }

    #[test]
    fn the_found_nonce_is_the_first_that_works() {
        let challenge = "c";
        let nonce = search(challenge, 8, 0, 1 << 16).expect("found");
        assert!((0..nonce).all(|n| !verify(challenge, 8, n)));
        assert_eq!(search(challenge, 8, nonce, 1), Some(nonce));
    }

    #[test]
    fn overlong_challenges_never_verify() {
        let long = "x".repeat(MAX_CHALLENGE_LEN + 1);
        assert!(!verify(&long, 0, 0));
        assert_eq!(search(&long, 0, 0, 10), None);
    }
}
