//! Which language a text is written in: the clients give a message's body
//! its `lang` attribute from it (a screen reader voices Japanese text with a
//! Japanese voice even when the interface is in English, and English text
//! with an English one), and the server learns from it which language a
//! parent writes in. Only Japanese and English are told apart, by a few
//! code-point ranges, so it costs the wasm apps next to nothing.
//!
//! A single kana or kanji makes a text Japanese: parents mix English words
//! and brand names into Japanese, rarely the reverse, and an English writer
//! rarely types kana by chance.

use crate::Lang;

/// The language to mark a text with: Japanese when it holds any kana or
/// kanji, else English (the fallback, also for emoji or digits alone).
pub fn text_lang(text: &str) -> Lang {
    // Not `writing_lang(text).unwrap_or(Lang::En)`: this one runs in the
    // wasm apps, which need no Latin table.
    if text.chars().any(is_japanese) {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// The language a text shows its writer writes in: Japanese when it holds
/// any kana or kanji, English when it holds a Latin letter and nothing
/// Japanese, `None` when it says nothing either way (emoji, digits,
/// punctuation, other scripts).
pub fn writing_lang(text: &str) -> Option<Lang> {
    let mut latin = false;
    for c in text.chars() {
        if is_japanese(c) {
            return Some(Lang::Ja);
        }
        latin = latin || is_latin_letter(c);
    }
    latin.then_some(Lang::En)
}

/// Hiragana, katakana (full and half width), kanji and the iteration mark.
/// The rarer kanji beyond U+FFFF (𠮷) are left out: they come with kana
/// around them, and each range costs the widget bytes.
fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}'                  // 々
        | '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // kanji, extension A
        | '\u{4E00}'..='\u{9FFF}'   // kanji
        | '\u{F900}'..='\u{FAFF}'   // compatibility kanji
        | '\u{FF66}'..='\u{FF9F}'   // half-width katakana
    )
}

/// Latin letters: ASCII, accented (café, naïve), and full-width (ＡＢＣ).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' if c != '×' && c != '÷')
        || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

#[cfg(test)]
mod tests;
