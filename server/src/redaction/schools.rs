//! School and nursery names: the name before 保育園, 幼稚園, 小学校 and
//! their kin (ひまわり保育園, 青葉小学校), unless it is a kind of school
//! (認可保育園, 公立) or a word around it (近くの保育園, 5月から保育園); in
//! English, capitalised words before Nursery, Elementary School and the like
//! (Little Acorns Nursery), unless they are "The", "My" or "Local".

use super::Kind;
use super::scan::{Folded, capitalised_word, is_hiragana, is_kanji, is_katakana};

const SCHOOLS: [&str; 13] = [
    "保育園",
    "保育所",
    "幼稚園",
    "こども園",
    "子ども園",
    "小学校",
    "中学校",
    "高等学校",
    "高校",
    "学園",
    "託児所",
    "学童",
    "支援学校",
];

/// Words before 保育園 and the like that name no school: kinds and places.
const NOT_SCHOOLS: [&str; 22] = [
    "認可",
    "認可外",
    "無認可",
    "公立",
    "私立",
    "市立",
    "区立",
    "町立",
    "県立",
    "国立",
    "近所",
    "地元",
    "小規模",
    "企業主導型",
    "夜間",
    "病児",
    "一時",
    "希望",
    "第一希望",
    "入園",
    "転園",
    "同じ",
];

const ENGLISH_SCHOOLS: [&str; 14] = [
    "Nursery School",
    "Nursery",
    "Preschool",
    "Pre-school",
    "Kindergarten",
    "Elementary School",
    "Elementary",
    "Primary School",
    "Primary",
    "Junior High School",
    "High School",
    "Middle School",
    "Academy",
    "Daycare",
];
const NOT_SCHOOL_WORDS: [&str; 12] = [
    "The", "A", "My", "Our", "Her", "His", "Their", "Local", "Public", "Private", "Japanese",
    "This",
];

pub(super) fn detect(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    for suffix in SCHOOLS {
        for index in text.find_all(suffix) {
            let end = index + suffix.chars().count();
            if let Some(start) = school_name_start(text, index) {
                found.push((start, end, Kind::School));
            }
        }
    }
    for index in 0..text.len() {
        let Some(suffix) = ENGLISH_SCHOOLS
            .iter()
            .find(|s| text.starts_with(index, s) && text.is_word(index, index + s.len()))
        else {
            continue;
        };
        let mut start = index;
        while start >= 2 && text.chars[start - 1] == ' ' {
            let word_start = text.run_left(start - 1, |c| {
                c.is_ascii_alphabetic() || c == '\'' || c == '’'
            });
            match capitalised_word(text, word_start) {
                Some(_)
                    if !NOT_SCHOOL_WORDS.contains(&text.slice(word_start, start - 1).as_str()) =>
                {
                    start = word_start
                }
                _ => break,
            }
        }
        if start < index {
            found.push((start, index + suffix.len(), Kind::School));
        }
    }
}

/// The start of the name before a school word at `index`, or None: a kanji
/// or katakana run, Latin letters, or a hiragana name (ひまわり保育園) that
/// does not end in a particle.
fn school_name_start(text: &Folded, index: usize) -> Option<usize> {
    let before = text.at(index.checked_sub(1)?)?;
    let start = if is_kanji(before) {
        text.run_left(index, is_kanji)
    } else if is_katakana(before) {
        text.run_left(index, is_katakana)
    } else if before.is_ascii_alphanumeric() {
        text.run_left(index, |c| c.is_ascii_alphanumeric())
    } else if is_hiragana(before) && !"はがのにをもでへやとだるたい".contains(before)
    {
        let start = text.run_left(index, is_hiragana);
        let name = text.slice(start, index);
        let particle = ["から", "まで", "より", "など", "とか", "って"]
            .iter()
            .any(|p| name.ends_with(p));
        (index - start >= 2 && !particle).then_some(start)?
    } else {
        return None;
    };
    let name = text.slice(start, index);
    (!NOT_SCHOOLS.contains(&name.as_str())).then_some(start)
}
