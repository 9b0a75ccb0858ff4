//! The consultation code: a short code a parent writes down to find their
//! conversation again on another device, or after closing a page that could
//! keep nothing (`ClientFrame::NewCode` / `UseCode`).
//!
//! A code is [`CODE_LEN`] symbols of Crockford's base 32 (digits and
//! capitals without I, L, O, U: 60 random bits), shown in groups of four
//! (`K7QM-3XPA-9RTD`). What a person types is read forgivingly: case,
//! spaces and hyphens do not matter, and the letters people mistake for
//! digits (I, L → 1; O → 0) count as those digits. The server keeps only
//! a digest of the [`normalise`]d code, and counts wrong codes per client
//! address like failed logins, so guessing one is hopeless.

/// Symbols in a code.
pub const CODE_LEN: usize = 12;

/// Crockford's base 32, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The code as the server keys it (`CODE_LEN` symbols of [`ALPHABET`]),
/// or `None` when `typed` cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    let mut code = String::with_capacity(CODE_LEN);
    for c in typed.chars().map(narrow) {
        let symbol = match c.to_ascii_uppercase() {
            ' ' | '-' | '\u{3000}' | 'ー' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        code.push(symbol);
        if code.len() > CODE_LEN {
            return None;
        }
    }
    (code.len() == CODE_LEN).then_some(code)
}

/// The ASCII form of a full-width character (as a Japanese keyboard may
/// type `Ｋ７－`); any other character as it is.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// `code` (normalised) in groups of four, for showing: `K7QM-3XPA-9RTD`.
pub fn grouped(code: &str) -> String {
    let mut shown = String::with_capacity(code.len() + code.len() / 4);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            shown.push('-');
        }
        shown.push(c);
    }
    shown
}

/// A code from `CODE_LEN` random bytes (each byte gives one symbol from its
/// low five bits).
pub fn from_random(bytes: &[u8; CODE_LEN]) -> String {
    bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(byte & 31)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_read_forgivingly() {
        let code = "K7QM3XPA9RTD";
        assert_eq!(normalise(code).as_deref(), Some(code));
        assert_eq!(normalise("k7qm-3xpa-9rtd").as_deref(), Some(code));
        assert_eq!(normalise(" K7QM 3XPA 9RTD ").as_deref(), Some(code));
        assert_eq!(
            normalise("Ｋ７ＱＭ－３ＸＰＡ－９ＲＴＤ").as_deref(),
            Some(code)
        );
        assert_eq!(normalise("I0LO-0000-0000").as_deref(), Some("101000000000"));
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("K7QM-3XPA-9RT"), None, "too short");
        assert_eq!(normalise("K7QM-3XPA-9RTDX"), None, "too long");
        assert_eq!(normalise("K7QM-3XPA-9RTU"), None, "U is not a symbol");
        assert_eq!(normalise("K7QM-3XPA-9RT!"), None);
        assert_eq!(normalise("相談コード12345678"), None);
    }

    #[test]
    fn codes_are_shown_in_groups_of_four() {
        assert_eq!(grouped("K7QM3XPA9RTD"), "K7QM-3XPA-9RTD");
        let code = from_random(&[0, 1, 31, 32, 33, 255, 7, 8, 9, 10, 11, 12]);
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(normalise(&grouped(&code)), Some(code));
    }
}
