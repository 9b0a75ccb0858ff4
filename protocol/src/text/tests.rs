//! The text rules with the text parents and staff really write: 全角,
//! 絵文字 with joiners and skin tones, long lines without spaces, and the
//! characters that hide text or turn a screen around.

use super::*;

/// Ordinary Japanese messages, which must come through byte-identical.
const ORDINARY: [&str; 6] = [
    "夜泣きがひどくて眠れません😢👶🏻",
    "家族👨‍👩‍👧で相談したいです。\n\tよろしくお願いします🙇‍♀️",
    "ＡＢＣ１２３\u{3000}全角スペースも入ります",
    "国旗🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}と異体字の葛\u{E0100}城、1️⃣",
    "שלום\u{200F} 123 — مرحبا\u{61C}",
    "が\u{3099}ぎ",
];

#[test]
fn ordinary_text_is_left_as_it_is() {
    let long_line = "あいうえおかきくけこ".repeat(400);
    for text in ORDINARY.iter().copied().chain([long_line.as_str()]) {
        assert_eq!(normalise_body(text).as_bytes(), text.as_bytes(), "{text}");
        assert!(has_visible(text), "{text}");
    }
}

#[test]
fn control_characters_are_removed_but_newline_and_tab_stay() {
    assert_eq!(normalise_body("a\0b\u{7}c"), "abc");
    assert_eq!(normalise_body("\u{1b}[31m赤\u{1b}[0m"), "[31m赤[0m");
    assert_eq!(normalise_body("x\u{7f}\u{9b}y\u{c}\u{b}"), "xy");
    assert_eq!(normalise_body("一行目\n\t二行目"), "一行目\n\t二行目");
}

#[test]
fn every_line_break_becomes_a_newline() {
    assert_eq!(normalise_body("a\r\nb\rc\r\r\nd"), "a\nb\nc\n\nd");
    assert_eq!(normalise_body("a\u{85}b\u{2028}c\u{2029}d"), "a\nb\nc\nd");
}

#[test]
fn bidi_controls_that_open_a_state_are_removed_and_marks_kept() {
    assert_eq!(normalise_body("abc\u{202E}txt.exe"), "abctxt.exe");
    assert_eq!(
        normalise_body("\u{202A}\u{202B}\u{202C}\u{202D}x\u{2066}\u{2067}\u{2068}\u{2069}"),
        "x"
    );
    assert_eq!(normalise_body("a\u{200E}b\u{200F}c"), "a\u{200E}b\u{200F}c");
}

#[test]
fn text_without_anything_to_see_is_not_visible() {
    for blank in [
        "",
        " ",
        "\n\t",
        "\u{3000}\u{3000}",
        "\u{a0}\u{2003}",
        "\u{200B}\u{200C}\u{200D}",
        "\u{2060}\u{FEFF}",
        "\u{FE0F}\u{E0100}",
        "\u{200E}\u{200F}",
        "\u{2800}\u{3164}\u{115F}",
        "\u{0301}\u{0308}\u{20E3}",
        "\u{0}\u{7}\u{1b}",
    ] {
        assert!(!has_visible(blank), "{blank:?}");
    }
    for seen in ["あ", ".", "👍", "\u{3000}x", "e\u{301}", "\u{E000}"] {
        assert!(has_visible(seen), "{seen:?}");
    }
}

#[test]
fn a_nickname_is_one_clean_line() {
    assert_eq!(clean_nickname("  さくら  "), "さくら");
    assert_eq!(clean_nickname("さくら\nママ\t2歳"), "さくら ママ 2歳");
    assert_eq!(
        clean_nickname("山田\u{3000}\u{3000}花子"),
        "山田\u{3000}花子"
    );
    assert_eq!(
        clean_nickname("\u{3000}ゆい \u{3000}ママ\u{3000}"),
        "ゆい ママ"
    );
    assert_eq!(clean_nickname("\u{202E}ikuji\u{0}"), "ikuji");
    assert_eq!(clean_nickname("ママ👩‍👧"), "ママ👩‍👧");
    assert_eq!(clean_nickname(" \u{3000}\n"), "");
}

#[test]
fn nicknames_naming_the_team_pose_as_staff() {
    for posing in [
        "スタッフ さくら (Staff)",
        "スタッフ",
        "すたっふ",
        "ｽﾀｯﾌ",
        "Staff",
        "ＳＴＡＦＦ",
        "S.T.A.F.F",
        "s t a f f",
        "ス\u{200B}タ\u{200B}ッ\u{200B}フ",
        "ス・タ・ッ・フ",
        "スタ🌸ッフ",
        "admin",
        "Administrator",
        "moderator",
        "Official",
        "Counsellor Yui",
        "カウンセラー",
        "運営",
        "事務局の田中",
        "管理者",
        "管理人",
        "相談員",
        "市の職員",
        "代表 山田",
    ] {
        assert!(poses_as_staff(posing), "{posing}");
    }
}

#[test]
fn ordinary_nicknames_do_not_pose_as_staff() {
    for nickname in [
        "さくら",
        "ゆいママ👩‍👧",
        "二児の父",
        "保育士ママ",
        "Stefanie",
        "Mum of two",
        "たっくん",
        "ＡＢＣ",
        "",
    ] {
        assert!(!poses_as_staff(nickname), "{nickname}");
    }
}

#[test]
fn folding_maps_every_half_width_katakana() {
    let half: String = ('\u{FF66}'..='\u{FF9D}').collect();
    let folded: String = half.chars().filter_map(fold).collect();
    assert_eq!(folded, HALF_WIDTH_KATAKANA);
}

proptest::proptest! {
    #[test]
    fn cleaning_twice_changes_nothing(text in "\\PC*|[\\x00-\\x1f\\r\\n\\u{80}-\\u{9f}\\u{2028}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a ]*") {
        let body = normalise_body(&text);
        proptest::prop_assert_eq!(normalise_body(&body), body.clone());
        proptest::prop_assert!(!body.contains('\r'));
        proptest::prop_assert!(!body.chars().any(is_removed));
        let nickname = clean_nickname(&text);
        proptest::prop_assert_eq!(clean_nickname(&nickname), nickname.clone());
        proptest::prop_assert!(!nickname.contains(['\n', '\t']));
    }
}
