//! The case texts: what a draft holds and in which order, the sizes a post
//! allows in each language, and staff's edits hiding more, never less.

use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::{CaseTexts, MAX_LONG_CHARS, MAX_SHORT_CHARS_EN, MAX_SHORT_CHARS_JA};

use super::*;
use crate::redaction::Draft;

const JA: Headings<'static> = Headings {
    parent: "【相談】",
    staff: "【回答】",
};
const EN: Headings<'static> = Headings {
    parent: "Question:",
    staff: "Answer:",
};

fn parent(body: &str) -> Said<'_> {
    Said {
        by_parent: true,
        body,
    }
}

fn staff(body: &str) -> Said<'_> {
    Said {
        by_parent: false,
        body,
    }
}

#[test]
fn a_draft_keeps_the_order_and_puts_each_side_under_its_heading() {
    let text = compose(
        &[
            parent("夜泣きがひどいです"),
            parent("毎晩3回起きます"),
            staff("大変ですね。"),
            parent("ありがとうございます"),
        ],
        JA,
    );
    assert_eq!(
        text,
        "【相談】\n夜泣きがひどいです\n毎晩3回起きます\n\n【回答】\n大変ですね。\n\n【相談】\nありがとうございます"
    );
}

#[test]
fn a_long_japanese_message_becomes_a_post_of_at_most_140_characters() {
    // One long line without spaces, as Japanese is written.
    let sentence = "子どもが夜中に何度も起きてしまい、私もほとんど眠れていません。";
    let body = sentence.repeat(12);
    let long = long_text(&compose(&[parent(&body), staff("大変ですね。")], JA));
    let short = short_text(&long, JA, Lang::Ja);
    assert!(short.chars().count() <= MAX_SHORT_CHARS_JA, "{short}");
    assert!(short.ends_with("。…"), "cut after a sentence: {short}");
    assert!(!short.contains("【相談】"), "no heading in a post: {short}");
}

#[test]
fn a_long_english_message_becomes_a_post_of_at_most_280_characters() {
    let body = "My daughter wakes up every night and cries for an hour. ".repeat(10);
    let long = long_text(&compose(&[parent(&body)], EN));
    let short = short_text(&long, EN, Lang::En);
    assert!(short.chars().count() <= MAX_SHORT_CHARS_EN, "{short}");
    assert!(
        short.chars().count() > MAX_SHORT_CHARS_JA,
        "English gets 280"
    );
    assert!(short.ends_with(".…"), "{short}");
}

#[test]
fn a_short_consultation_is_posted_whole() {
    let long = compose(
        &[
            parent("卒乳の時期に迷っています。"),
            staff("焦らなくて大丈夫ですよ。"),
        ],
        JA,
    );
    assert_eq!(
        short_text(&long, JA, Lang::Ja),
        "卒乳の時期に迷っています。"
    );
    assert_eq!(long_text(&long), long);
}

#[test]
fn a_long_text_past_its_limit_is_cut_between_paragraphs() {
    let said: Vec<String> = (0..400).map(|n| format!("質問{n}です。")).collect();
    let messages: Vec<Said<'_>> = said
        .iter()
        .enumerate()
        .map(|(n, body)| Said {
            by_parent: n % 2 == 0,
            body,
        })
        .collect();
    let long = long_text(&compose(&messages, JA));
    assert!(long.chars().count() <= MAX_LONG_CHARS);
    assert!(long.ends_with("です。…"), "{}", &long[long.len() - 40..]);
}

#[test]
fn a_cut_never_leaves_half_a_placeholder() {
    let text = format!("{}［名前］さん", "あ".repeat(136));
    let cut = fit(&text, 140, &[]);
    assert_eq!(cut, format!("{}…", "あ".repeat(136)));
}

#[test]
fn two_wordings_never_share_a_digest() {
    let texts = |short: &str, long: &str| CaseTexts {
        short: short.into(),
        long: long.into(),
    };
    assert_ne!(
        wording_hash(&texts("ab", "c")),
        wording_hash(&texts("a", "bc"))
    );
    assert_eq!(
        wording_hash(&texts("a", "b")),
        wording_hash(&texts("a", "b"))
    );
}

#[test]
fn an_edit_that_brings_back_a_hidden_name_is_refused() {
    let draft = Draft::new("娘のはるちゃんが夜泣きします");
    let current = draft.redacted_in(Lang::Ja);
    assert!(!current.contains("はる"), "{current}");
    let hidden = hidden_parts(&draft);
    let edited = current.replace("［名前］", "はる");
    assert_eq!(
        check_edit(&edited, &current, &hidden, Lang::Ja),
        Err(EditRefusal::RevealsHidden)
    );
    // Written in full-width or with spaces, it is still the name.
    let phone = Draft::new("電話は090-1234-5678です");
    let current = phone.redacted_in(Lang::Ja);
    let edited = current.replace("［電話番号］", "０９０ １２３４ ５６７８");
    assert_eq!(
        check_edit(&edited, &current, &hidden_parts(&phone), Lang::Ja),
        Err(EditRefusal::RevealsHidden)
    );
}

#[test]
fn an_edit_that_adds_a_phone_number_or_email_is_refused() {
    let current = "夜泣きがひどいです";
    for added in ["連絡は03-1234-5678へ", "mail: haru@example.jp"] {
        assert_eq!(
            check_edit(&format!("{current}{added}"), current, &[], Lang::Ja),
            Err(EditRefusal::AddsContact),
            "{added}"
        );
    }
}

#[test]
fn an_edit_that_hides_more_is_kept_with_new_names_hidden_too() {
    let draft = Draft::new("息子のゆうくんは3歳です。保育園で噛まれました。");
    let current = draft.redacted_in(Lang::Ja);
    let hidden = hidden_parts(&draft);
    // Shorter, and a name typed anew is hidden rather than refused.
    let edited = "息子の［名前］くん（3歳）が、たろうくんに噛まれました。";
    let kept = check_edit(edited, &current, &hidden, Lang::Ja).expect("allowed");
    assert!(!kept.contains("たろう"), "{kept}");
    assert!(
        kept.starts_with("息子の［名前］くん"),
        "placeholders stay: {kept}"
    );
    // Unchanged text passes as it is, even where a hidden word also occurs
    // as an ordinary one.
    assert_eq!(
        check_edit(&current, &current, &hidden, Lang::Ja),
        Ok(current.clone())
    );
}

#[test]
fn english_placeholders_survive_an_edit_and_a_hidden_word_can_be_added() {
    let draft = Draft::new("My son Tom is 2 and bites at nursery.");
    let current = draft.redacted_in(Lang::En);
    assert!(current.contains("[name]"), "{current}");
    let hidden = hidden_parts(&draft);
    let edited = hide_words(
        "My son [name] bites other children at Sunflower club.",
        &["Sunflower club".into()],
        Lang::En,
    );
    let kept = check_edit(&edited, &current, &hidden, Lang::En).expect("allowed");
    assert_eq!(kept, "My son [name] bites other children at [name].");
}
