//! Which language a message is written in, for its `lang` attribute: a
//! screen reader voices Japanese text with a Japanese voice even when the
//! interface is in English, and English text with an English one. Pure and
//! tiny, so it is tested here without a browser.

use yorisoi_protocol::Lang;

/// Japanese when the text holds any kana or kanji (a single one marks a
/// Japanese message: parents mix in English words, rarely the reverse),
/// else English.
pub fn text_lang(text: &str) -> Lang {
    if text.chars().any(is_japanese) {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// Hiragana, katakana (full and half width), kanji and the iteration mark.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_or_kanji_make_a_message_japanese() {
        for text in [
            "はじめまして",
            "カタカナだけ",
            "夜泣き",
            "ｶﾀｶﾅ",
            "人々",
            "Hello, 2歳の娘です",
            "😊ありがとう😊",
            "ＡＢＣあ",
        ] {
            assert_eq!(text_lang(text), Lang::Ja, "{text}");
        }
    }

    #[test]
    fn latin_digits_symbols_and_full_width_latin_alone_are_english() {
        for text in [
            "Hello. My son is two.",
            "",
            "12:30 !?",
            "😊",
            "ＡＢＣ１２３",
            "https://example.org/",
        ] {
            assert_eq!(text_lang(text), Lang::En, "{text}");
        }
    }
}
