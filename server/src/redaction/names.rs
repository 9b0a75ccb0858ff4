//! People's names. Japanese: the name before an honorific (田中さん, ゆう
//! くん, はるちゃん, 田中先生), unless it is a family word or a trade (お母
//! さん, 赤ちゃん, お医者さん, パン屋さん). English: one or two capitalised
//! words after a family word (my son Tom, our daughter, Emma), after
//! "named", "called" or "name is", after a title (Dr Smith), and romaji
//! with an honorific (Yui-chan). A name found once is hidden wherever it
//! appears again in the text (Tom ... Tom's).

use super::Kind;
use super::scan::{Folded, capitalised_word, is_hiragana, is_kanji, is_katakana, skip_spaces};

type Found = Vec<(usize, usize, Kind)>;

pub(super) fn detect(text: &Folded, found: &mut Found) {
    let first = found.len();
    japanese(text, found);
    english(text, found);
    repeated(text, first, found);
}

const HONORIFICS: [&str; 7] = ["ちゃん", "くん", "さん", "君", "様", "先生", "せんせい"];

/// Hiragana that may follow an honorific: particles and sentence ends.
/// Anything else means the honorific was part of a word (さんぽ, くんせい).
const AFTER_HONORIFIC: &str = "はがのにともをへやでかねよだなマパ";

/// Kanji words before an honorific that are no one's name.
const NOT_NAMES_KANJI: [&str; 36] = [
    "母", "父", "兄", "姉", "弟", "妹", "娘", "息子", "祖母", "祖父", "義母", "義父", "皆", "赤",
    "奥", "旦那", "主人", "担任", "園長", "校長", "教頭", "大家", "隣", "近所", "友達", "客", "子",
    "孫", "叔母", "叔父", "伯母", "伯父", "彼", "彼女", "嫁", "婿",
];

/// Time words that often run straight into a name in kanji.
const TIME_WORDS: [&str; 12] = [
    "昨日", "今日", "明日", "先日", "先週", "先月", "今朝", "毎日", "今度", "以前", "最近", "今年",
];

/// Trades and roles end in these (パン屋, 歯医者, 看護師, 保育士, 店員).
const ROLE_ENDINGS: &str = "屋者師士員長医科手生";

/// Hiragana words before an honorific that are no one's name, after a
/// leading お or ご is dropped (おかあさん, たくさん, みなさん, あかちゃん).
const NOT_NAMES_KANA: [&str; 20] = [
    "かあ",
    "とう",
    "ばあ",
    "じい",
    "ねえ",
    "にい",
    "ば",
    "じ",
    "あか",
    "く",
    "いしゃ",
    "まわり",
    "きゃく",
    "よめ",
    "みな",
    "たく",
    "ひめ",
    "だんな",
    "つかれ",
    "ねーち",
];

const NOT_NAMES_KATAKANA: [&str; 8] = [
    "ママ",
    "パパ",
    "ババ",
    "ジジ",
    "ナース",
    "ヘルパー",
    "ベビー",
    "ママ友",
];

fn japanese(text: &Folded, found: &mut Found) {
    for honorific in HONORIFICS {
        for index in text.find_all(honorific) {
            let end = index + honorific.chars().count();
            let next = text.at(end);
            if honorific.chars().all(is_hiragana)
                && next.is_some_and(|c| is_hiragana(c) && !AFTER_HONORIFIC.contains(c))
            {
                continue;
            }
            if let Some(start) =
                japanese_name_start(text, index, honorific == "ちゃん" && next == Some('と'))
            {
                found.push((start, end, Kind::Name));
            }
        }
    }
}

/// The start of the name before an honorific at `index`, or None.
/// `chanto` is true for ちゃんと, which is far more often "properly" than a
/// name followed by "and": only a kana name that cannot end an adverb counts.
fn japanese_name_start(text: &Folded, index: usize, chanto: bool) -> Option<usize> {
    let before = text.at(index.checked_sub(1)?)?;
    if is_kanji(before) {
        if chanto {
            return None;
        }
        let mut start = text.run_left(index, is_kanji).max(index.saturating_sub(6));
        // A time word run into the name: 昨日田中さん.
        if let Some(time) = TIME_WORDS
            .iter()
            .find(|word| text.starts_with(start, word) && start + word.chars().count() < index)
        {
            start += time.chars().count();
        }
        start = start.max(index.saturating_sub(4));
        let name = text.slice(start, index);
        if NOT_NAMES_KANJI.contains(&name.as_str())
            || name
                .chars()
                .last()
                .is_some_and(|c| ROLE_ENDINGS.contains(c))
        {
            return None;
        }
        // A family name before a space: 山田 花子さん.
        if start >= 2 && text.chars[start - 1] == ' ' && is_kanji(text.chars[start - 2]) {
            start = text
                .run_left(start - 1, is_kanji)
                .max(start.saturating_sub(4));
        }
        return Some(start);
    }
    if is_katakana(before) {
        let start = text.run_left(index, is_katakana);
        let name = text.slice(start, index);
        return (!NOT_NAMES_KATAKANA.contains(&name.as_str())).then_some(start);
    }
    if !is_hiragana(before) {
        return None;
    }
    let mut start = text.run_left(index, is_hiragana);
    // The particle before the name: 娘のはる, ママ友のゆか, きょうがゆう.
    if start > 0 && "のはがをにへともで".contains(text.chars[start]) {
        start += 1;
    }
    if let Some(particle) = (start + 1..index.saturating_sub(1))
        .rev()
        .find(|&at| "のがをにへ".contains(text.chars[at]))
    {
        start = particle + 1;
    }
    // One kana after a kanji is the kanji word's ending: お巡りさん.
    if start >= index || (index - start == 1 && start > 0 && is_kanji(text.chars[start - 1])) {
        return None;
    }
    let name = text.slice(start, index);
    let bare = name.strip_prefix(['お', 'ご']).unwrap_or(&name);
    if NOT_NAMES_KANA.contains(&bare) || (chanto && "とだもはがをでてく".contains(before))
    {
        return None;
    }
    Some(start)
}

/// Words after which a capitalised word is a name.
const FAMILY: [&str; 24] = [
    "son",
    "daughter",
    "baby",
    "boy",
    "girl",
    "husband",
    "wife",
    "partner",
    "toddler",
    "child",
    "kid",
    "twins",
    "brother",
    "sister",
    "friend",
    "teacher",
    "neighbour",
    "neighbor",
    "nanny",
    "niece",
    "nephew",
    "grandson",
    "granddaughter",
    "named",
];
const TITLES: [&str; 9] = [
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Doctor",
    "Nurse",
    "Sensei",
    "Professor",
];
const INTRODUCERS: [&str; 4] = ["called", "name is", "name's", "names are"];

/// Capitalised words that follow a family word without being a name.
const NOT_NAMES: [&str; 22] = [
    "I", "I'm", "The", "He", "She", "It", "They", "We", "And", "But", "Is", "Was", "Has", "Who",
    "When", "So", "Then", "This", "That", "Please", "Thank", "Thanks",
];

fn english(text: &Folded, found: &mut Found) {
    for index in 0..text.len() {
        if !text.starts_word(index) || !text.at(index).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let after = FAMILY
            .iter()
            .chain(INTRODUCERS.iter())
            .find(|word| {
                text.starts_with_ignore_case(index, word) && text.is_word(index, index + word.len())
            })
            .map(|word| index + word.len())
            .or_else(|| {
                TITLES
                    .iter()
                    .find(|word| {
                        text.starts_with(index, word) && text.is_word(index, index + word.len())
                    })
                    .map(|word| {
                        index + word.len() + usize::from(text.at(index + word.len()) == Some('.'))
                    })
            });
        if let Some(after) = after {
            names_at(text, skip_spaces(text, after), found);
        }
        // Romaji with an honorific: Yui-chan, Haruto-kun.
        if let Some(end) = capitalised_word(text, index) {
            let word = text.slice(index, end);
            if let Some(honorific) = ["-chan", "-kun", "-san", "-sensei"]
                .iter()
                .find(|h| word.ends_with(*h))
            {
                found.push((index, end - honorific.len(), Kind::Name));
            }
        }
    }
}

/// One or two capitalised names at `start` ("Tom", "Emma Jones", "Tom and
/// Lily" for twins).
fn names_at(text: &Folded, start: usize, found: &mut Found) {
    let Some(mut end) = capitalised_word(text, start) else {
        return;
    };
    if NOT_NAMES.contains(&text.slice(start, end).as_str()) {
        return;
    }
    if text.at(end) == Some(' ')
        && let Some(surname) = capitalised_word(text, end + 1)
        && !NOT_NAMES.contains(&text.slice(end + 1, surname).as_str())
    {
        end = surname;
    }
    found.push((start, end, Kind::Name));
    if text.starts_with(end, " and ") {
        names_at(text, end + 5, found);
    }
}

/// Every later appearance of a name already found: whole Latin words, and
/// kanji names of two characters or more (kana names are too short to find
/// alone safely: ゆう is in ゆうがた).
fn repeated(text: &Folded, first: usize, found: &mut Found) {
    let names: Vec<String> = found[first..]
        .iter()
        .filter(|(_, _, kind)| *kind == Kind::Name)
        .map(|&(start, end, _)| name_core(text, start, end))
        .filter(|name| {
            name.chars().count() >= 2
                && (name.chars().all(is_kanji)
                    || name.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        })
        .collect();
    for name in names {
        for index in text.find_all(&name) {
            let end = index + name.chars().count();
            if !name.is_ascii() || text.is_word(index, end) {
                found.push((index, end, Kind::Name));
            }
        }
    }
}

/// A found name without its honorific: 田中さん → 田中, Yui → Yui.
fn name_core(text: &Folded, start: usize, end: usize) -> String {
    let name = text.slice(start, end);
    HONORIFICS
        .iter()
        .find_map(|h| name.strip_suffix(h))
        .unwrap_or(&name)
        .to_owned()
}
