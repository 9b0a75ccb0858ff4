//! The writing language with what parents really write: Japanese with
//! English words and brand names in it, half-width katakana, kanji alone,
//! English with Japanese loan words in romaji, emoji everywhere. The corpus
//! lives in `tests/corpus/writing_language.tsv` so it grows without code.

use super::*;

/// Lines `ja<TAB>text`, `en<TAB>text` or `none<TAB>text`; `#` starts a comment.
const CORPUS: &str = include_str!("../../../../tests/corpus/writing_language.tsv");

#[test]
fn the_corpus_is_read_in_its_writers_language() {
    let mut counts = [("ja", 0), ("en", 0), ("none", 0)];
    let mut misses = Vec::new();
    for (number, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((label, text)) = line.split_once('\t') else {
            panic!("line {}: no tab: {line:?}", number + 1);
        };
        let expected = match label {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            "none" => None,
            other => panic!("line {}: unknown label {other:?}", number + 1),
        };
        if let Some(count) = counts.iter_mut().find(|(name, _)| *name == label) {
            count.1 += 1;
        }
        let found = writing_lang(text);
        if found != expected {
            misses.push(format!(
                "line {}: {text:?} is {found:?}, not {label}",
                number + 1
            ));
        }
    }
    println!("writing-language corpus: {counts:?}");
    assert!(
        counts[0].1 >= 25 && counts[1].1 >= 20 && counts[2].1 >= 5,
        "{counts:?}"
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

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
        assert_eq!(writing_lang(text), Some(Lang::Ja), "{text}");
    }
}

#[test]
fn latin_digits_symbols_and_full_width_latin_alone_are_marked_english() {
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

#[test]
fn text_with_no_letter_tells_no_writing_language() {
    for text in ["", "12:30 !?", "😊👍🏻", "！？。", "안녕하세요", "   "] {
        assert_eq!(writing_lang(text), None, "{text}");
    }
    assert_eq!(writing_lang("café ☕"), Some(Lang::En));
    assert_eq!(writing_lang("ＯＫ"), Some(Lang::En));
}
