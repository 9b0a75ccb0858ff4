//! What text a person may send: message bodies and nicknames are cleaned the
//! same way by the server (which stores only the cleaned text) and by the
//! clients (which check early). This module owns the character rules; the
//! limits built on them (length, emptiness, the nickname's refusal) are in
//! [`crate::limits`]; which language a text is written in is [`lang`]'s.
//! It compiles into the wasm widget too, so it carries no
//! Unicode tables beyond a few ranges: it knows the characters that can hide
//! text or rearrange a screen, not every character there is.
//!
//! The rules:
//! - **Line breaks** in any form (`\r\n`, `\r`, NEL, U+2028, U+2029) become
//!   `\n`, the one line break every client shows the same way.
//! - **Control characters** (C0, DEL, C1) are removed except `\n` and `\t`:
//!   NUL, BEL or an ESC sequence's ESC mean nothing to a reader, and may mean
//!   something to a terminal reading logs or an export.
//! - **Bidirectional embeddings, overrides and isolates** (U+202A–U+202E,
//!   U+2066–U+2069) are removed: they open a state that runs on until closed,
//!   so an unclosed U+202E (RLO) would reverse what follows. The *marks*
//!   U+200E, U+200F and U+061C are kept: they open nothing, only nudge
//!   neutral characters next to them, and mixed Arabic or Hebrew text needs
//!   them. Clients still show every body and nickname in its own isolated
//!   element (`dir="auto"`), so nothing inside can reorder what is around.
//! - **Visible text**: a body or nickname needs at least one character that
//!   leaves ink on its own. Whitespace (the ideographic space U+3000 too),
//!   zero-width characters, variation selectors, tags, fillers and combining
//!   marks do not: alone they show nothing, or a mark floating on nothing.
//!   Inside a message they stay, so 👨‍👩‍👧 (zero-width joiners), 👶🏻 (a
//!   skin tone) and the flag of Scotland (tag characters) arrive as sent.
//! - **Nicknames** are cleaned as bodies are, then every run of whitespace
//!   (line breaks and tabs included) becomes one space and the ends are
//!   trimmed. A nickname that names the team ([`STAFF_WORDS`]) is refused,
//!   see [`poses_as_staff`].

pub mod lang;

/// Words a parent's nickname may not contain, because a nickname holding
/// them could be read as the organisation speaking: its staff, its
/// management, its office, its counsellors, "official". They are compared
/// with a folded nickname (see [`poses_as_staff`]), so hiragana, half-width
/// katakana, full-width Latin letters and letters spaced out or separated by
/// symbols all match. Professions parents themselves often have (保育士,
/// 看護師) are left out on purpose: a parent may say what they do.
///
/// A plain substring test, so a nickname that merely contains the letters
/// (`badminton` holds `admin`) is refused too; the parent is told why and
/// picks another, which is cheaper than a staff member being impersonated.
pub const STAFF_WORDS: [&str; 14] = [
    "staff",
    "admin",
    "moderator",
    "official",
    "counsel",
    "スタッフ",
    "カウンセラー",
    "管理者",
    "管理人",
    "運営",
    "事務局",
    "相談員",
    "職員",
    "代表",
];

/// The cleaned text of a message body (see the module's rules); text that
/// needs no cleaning comes back byte-identical.
pub fn normalise_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            // `\r\n` is one line break, as is a lone `\r`.
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else if is_line_break(c) {
            out.push('\n');
        } else if !is_removed(c) {
            out.push(c);
        }
    }
    out
}

/// True when `text` has a character that shows on its own (see the
/// module's rules): false for "", "\u{3000}\n" or "\u{200B}\u{FE0F}".
pub fn has_visible(text: &str) -> bool {
    text.chars().any(is_visible)
}

/// The cleaned text of a nickname: cleaned as a body, each run of
/// whitespace made one space (an ideographic space when the run starts with
/// one, as in 山田　花子), the ends trimmed. Blank or invisible stays so: the
/// caller decides that it means no nickname.
pub fn clean_nickname(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in normalise_body(text).chars() {
        if c.is_whitespace() {
            if !in_space && !out.is_empty() {
                out.push(if c == '\u{3000}' { c } else { ' ' });
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    if in_space {
        out.pop();
    }
    out
}

/// True when a nickname contains one of [`STAFF_WORDS`] once folded: every
/// Latin letter and digit made ASCII and lower case (ＳＴＡＦＦ → staff),
/// every kana made full-width katakana (すたっふ, ｽﾀｯﾌ → スタッフ), and
/// everything that is not such a letter, a kana or a kanji dropped (spaces,
/// zero-width characters, dots, emoji: `S.T.A.F.F`, `ス タ ッ フ`). Letters
/// of other scripts that merely look Latin (Cyrillic `ѕ`) are not caught:
/// the console always shows a nickname as the parent's own, which is the
/// real defence.
pub fn poses_as_staff(nickname: &str) -> bool {
    let folded: String = nickname.chars().filter_map(fold).collect();
    // Byte windows rather than `str::contains`, whose substring searcher
    // would cost the widget kilobytes. A match is always on a character
    // boundary: each word starts with an ASCII or a leading byte, which no
    // continuation byte equals.
    STAFF_WORDS.iter().any(|word| {
        folded
            .as_bytes()
            .windows(word.len())
            .any(|window| window == word.as_bytes())
    })
}

/// Line breaks other than `\n` and `\r` (which [`normalise_body`] reads
/// itself, for `\r\n`): NEL, U+2028, U+2029.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// True for characters the cleaning removes: controls other than `\n` and
/// `\t`, and the bidirectional controls that open a state.
fn is_removed(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for a character that shows something by itself.
fn is_visible(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || is_invisible(c) || is_combining(c))
}

/// Characters that print nothing by themselves: zero-width spaces and
/// joiners, bidi marks and controls, word joiner and invisible operators,
/// soft hyphen, fillers (Hangul, Braille blank), variation selectors, the
/// byte-order mark, format controls of a few scripts, and tags.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Combining marks of the common blocks (accents, enclosing keycaps, the
/// combining dakuten): they need a base character to sit on.
fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Half-width katakana U+FF66–U+FF9D as full-width, in code point order.
const HALF_WIDTH_KATAKANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

/// One character of a nickname folded for [`poses_as_staff`], or `None`
/// when the comparison ignores it.
fn fold(c: char) -> Option<char> {
    let c = match c {
        // Full-width ASCII to ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        '\u{FF66}'..='\u{FF9D}' => HALF_WIDTH_KATAKANA.chars().nth(c as usize - 0xFF66)?,
        // Hiragana to katakana: the same letters 0x60 further on.
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60)?,
        other => other,
    };
    let kept = c.is_ascii_alphanumeric()
        || matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    kept.then(|| c.to_ascii_lowercase())
}

#[cfg(test)]
mod tests;
