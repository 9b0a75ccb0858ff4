//! Postal codes, addresses and place names (schools are [`super::schools`]'s).
//!
//! Japanese places are found by their suffixes: a prefecture by name (with
//! or without 県, 府, 都), a city, ward, town or village by a kanji name
//! before 市, 区, 町, 村 or 郡, a station before 駅. A place followed by a
//! block and house number (3丁目, 1-2-3, 番地) becomes an address.
//! English places are known Japanese place names in romaji, a capitalised
//! name before Station, Ward, City or -ku, and after "live in" and "moved
//! to"; English addresses are a house number, a name and a street word.

use super::Kind;
use super::scan::{Folded, capitalised_word, is_kanji, is_katakana};

type Found = Vec<(usize, usize, Kind)>;

pub(super) fn detect(text: &Folded, found: &mut Found) {
    postal_codes(text, found);
    let start = found.len();
    prefectures(text, found);
    municipalities(text, found);
    stations(text, found);
    romaji_places(text, found);
    // Every Japanese place followed by a block and house number is an address.
    for place in found.iter_mut().skip(start) {
        if let Some(end) = house_number_after(text, place.1) {
            *place = (place.0, end, Kind::Address);
        }
    }
    blocks(text, found);
    street_addresses(text, found);
}

/// 〒123-4567, 〒1234567 and a bare 123-4567.
fn postal_codes(text: &Folded, found: &mut Found) {
    for index in 0..text.len() {
        let marked = text.at(index) == Some('〒');
        let start = if marked {
            text.run_right(index + 1, |c| c == ' ')
        } else {
            index
        };
        if !marked
            && (start > 0 && text.chars[start - 1].is_ascii_digit()
                || !text.at(start).is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let first = text.run_right(start, |c| c.is_ascii_digit());
        let (end, shaped) =
            if first - start == 3 && matches!(text.at(first), Some('-' | '−' | 'ー' | '‐')) {
                let second = text.run_right(first + 1, |c| c.is_ascii_digit());
                (second, second - first - 1 == 4)
            } else {
                (first, marked && first - start == 7)
            };
        if shaped && !text.at(end).is_some_and(|c| c.is_ascii_digit() || c == '-') {
            found.push((if marked { index } else { start }, end, Kind::Address));
        }
    }
}

const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森",
    "岩手",
    "宮城",
    "秋田",
    "山形",
    "福島",
    "茨城",
    "栃木",
    "群馬",
    "埼玉",
    "千葉",
    "東京",
    "神奈川",
    "新潟",
    "富山",
    "石川",
    "福井",
    "山梨",
    "長野",
    "岐阜",
    "静岡",
    "愛知",
    "三重",
    "滋賀",
    "京都",
    "大阪",
    "兵庫",
    "奈良",
    "和歌山",
    "鳥取",
    "島根",
    "岡山",
    "広島",
    "山口",
    "徳島",
    "香川",
    "愛媛",
    "高知",
    "福岡",
    "佐賀",
    "長崎",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "沖縄",
];

/// Prefectures whose bare name is also an ordinary word (大分 "quite",
/// 三重 "triple"): found only with their suffix.
const ORDINARY_WORDS: [&str; 2] = ["大分", "三重"];

/// Big cities and wards often named without their suffix.
const CITIES: [&str; 14] = [
    "横浜",
    "名古屋",
    "札幌",
    "神戸",
    "仙台",
    "川崎",
    "北九州",
    "新宿",
    "渋谷",
    "池袋",
    "世田谷",
    "練馬",
    "さいたま",
    "つくば",
];

fn prefectures(text: &Folded, found: &mut Found) {
    for index in 0..text.len() {
        for name in PREFECTURES.iter().chain(CITIES.iter()) {
            if !text.starts_with(index, name) {
                continue;
            }
            let end = index + name.chars().count();
            let suffixed =
                matches!(text.at(end), Some('県' | '府' | '都' | '市' | '区')) && *name != "北海道";
            if suffixed {
                found.push((index, end + 1, Kind::Place));
            } else if !ORDINARY_WORDS.contains(name) {
                found.push((index, end, Kind::Place));
            }
        }
    }
}

/// Kanji words before 市, 区, 町, 村 that are no place's name.
const NOT_PLACES: [&str; 22] = [
    "都", "同", "当", "本", "各", "他", "地", "学", "校", "全", "隣", "下", "城下", "門前", "選挙",
    "市", "区", "町", "村", "市区", "行政", "特別",
];

/// Characters after 市, 区, 町 that make an ordinary word (市販, 区別).
const NOT_AFTER: [char; 6] = ['販', '別', '切', '分', '画', '内'];

fn municipalities(text: &Folded, found: &mut Found) {
    for index in 1..text.len() {
        let c = text.chars[index];
        if !matches!(c, '市' | '区' | '町' | '村' | '郡')
            || text.at(index + 1).is_some_and(|n| NOT_AFTER.contains(&n))
        {
            continue;
        }
        let start = text.run_left(index, is_kanji).max(index.saturating_sub(5));
        let name = text.slice(start, index);
        if start < index && !NOT_PLACES.contains(&name.as_str()) {
            found.push((start, index + 1, Kind::Place));
        }
    }
}

/// Words before 駅 that name no station.
const NOT_STATIONS: [&str; 10] = [
    "最寄",
    "各",
    "次",
    "前",
    "隣",
    "同",
    "主要",
    "終着",
    "始発",
    "ターミナル",
];

fn stations(text: &Folded, found: &mut Found) {
    for index in text.find_all("駅") {
        let kanji = text.run_left(index, is_kanji);
        let start = if kanji < index {
            kanji
        } else {
            text.run_left(index, is_katakana)
        };
        let name = text.slice(start, index);
        if start < index && !NOT_STATIONS.contains(&name.as_str()) {
            found.push((start, index + 1, Kind::Place));
        }
    }
}

/// After a place: a town name and a block and house number (桜丘3丁目5-2,
/// 中央1-2-3, 123番地). The end of the address, or None.
fn house_number_after(text: &Folded, place_end: usize) -> Option<usize> {
    let town = text.run_right(place_end, is_kanji);
    let end = text.run_right(town, is_house_number);
    let number = text.slice(town, end);
    let has_number = number
        .chars()
        .any(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let mut end = end;
    while end > town && matches!(text.chars[end - 1], '-' | 'の' | 'ー') {
        end -= 1;
    }
    has_number.then_some(end)
}

fn is_house_number(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '-' | 'ー' | '−' | 'の' | '丁' | '目' | '番' | '地' | '号' | '条' | '線'
        )
        || "一二三四五六七八九十".contains(c)
}

/// 3丁目, 5番地 without a detected place before them: the town name before
/// and the numbers after are part of the address.
fn blocks(text: &Folded, found: &mut Found) {
    for mark in ["丁目", "番地"] {
        for index in text.find_all(mark) {
            let numbers = text.run_left(index, |c| {
                c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
            });
            let start = text.run_left(numbers, is_kanji);
            let end = text.run_right(index, is_house_number);
            found.push((start, end, Kind::Address));
        }
    }
}

const STREETS: [&str; 20] = [
    "Street",
    "St",
    "Road",
    "Rd",
    "Avenue",
    "Ave",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Close",
    "Way",
    "Court",
    "Place",
    "Boulevard",
    "Blvd",
    "Crescent",
    "Terrace",
    "Gardens",
    "Grove",
];

/// "12 Oak Street", "4B Kings Road", with ", Town" after it.
fn street_addresses(text: &Folded, found: &mut Found) {
    for index in 0..text.len() {
        if !text.chars[index].is_ascii_digit() || !text.starts_word(index) {
            continue;
        }
        let mut at = text.run_right(index, |c| c.is_ascii_alphanumeric());
        let mut words = 0;
        while words < 4 {
            let Some(end) = capitalised_word(text, text.run_right(at, |c| c == ' ')) else {
                break;
            };
            let word = text.slice(text.run_right(at, |c| c == ' '), end);
            at = end;
            words += 1;
            if words > 1 && STREETS.contains(&word.as_str()) {
                let end = if text.at(at) == Some('.') { at + 1 } else { at };
                found.push((index, end, Kind::Address));
                break;
            }
        }
    }
}

/// Known Japanese places in romaji.
const ROMAJI: [&str; 24] = [
    "Tokyo",
    "Osaka",
    "Kyoto",
    "Hokkaido",
    "Kanagawa",
    "Saitama",
    "Chiba",
    "Fukuoka",
    "Hiroshima",
    "Okinawa",
    "Yokohama",
    "Nagoya",
    "Sapporo",
    "Kobe",
    "Sendai",
    "Kawasaki",
    "Shinjuku",
    "Shibuya",
    "Setagaya",
    "Ikebukuro",
    "Nerima",
    "Hyogo",
    "Aichi",
    "Shizuoka",
];

const PLACE_AFTER: [&str; 7] = [
    " Station",
    " Ward",
    " City",
    " Prefecture",
    "-ku",
    "-shi",
    "-cho",
];
const PLACE_BEFORE: [&str; 6] = [
    "live in ",
    "lives in ",
    "living in ",
    "moved to ",
    "moving to ",
    "near ",
];
/// Capitalised words after "live in" that name no place.
const NOT_PLACE_NAMES: [&str; 6] = ["Japan", "England", "English", "Japanese", "The", "A"];

fn romaji_places(text: &Folded, found: &mut Found) {
    for index in 0..text.len() {
        for name in ROMAJI {
            let end = index + name.len();
            if text.starts_with(index, name)
                && text.starts_word(index)
                && (text.is_word(index, end) || text.at(end) == Some('-'))
            {
                let suffix = PLACE_AFTER
                    .iter()
                    .find(|s| text.starts_with(end, s))
                    .map_or(0, |s| s.len());
                found.push((index, end + suffix, Kind::Place));
            }
        }
        let Some(mut end) = capitalised_word(text, index) else {
            continue;
        };
        // Up to three capitalised words: "Musashi Kosugi Station".
        for _ in 0..2 {
            match capitalised_word(text, end + 1) {
                Some(next)
                    if text.at(end) == Some(' ')
                        && !PLACE_AFTER.iter().any(|s| text.starts_with(end, s)) =>
                {
                    end = next
                }
                _ => break,
            }
        }
        if let Some(suffix) = PLACE_AFTER.iter().find(|s| text.starts_with(end, s)) {
            found.push((index, end + suffix.len(), Kind::Place));
        }
        let name = text.slice(index, end);
        let introduced = PLACE_BEFORE.iter().any(|before| {
            index >= before.len()
                && text
                    .slice(index - before.len(), index)
                    .eq_ignore_ascii_case(before)
        });
        if introduced && !NOT_PLACE_NAMES.contains(&name.as_str()) {
            found.push((index, end, Kind::Place));
        }
    }
}
