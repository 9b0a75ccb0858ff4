//! Identifying ages and dates (which ones identify is decided in the
//! parent module's documentation): 2024年5月3日, 令和6年5月3日, 5月3日,
//! 2024/5/3, "May 3rd, 2024", "3 May", 3歳2ヶ月, "2 years 3 months",
//! "14 months old", 「生後18ヶ月」.

use super::Kind;
use super::scan::{Folded, is_kanji, number};

pub(super) fn detect(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    japanese_dates(text, found);
    numeric_dates(text, found);
    english_dates(text, found);
    japanese_ages(text, found);
    english_ages(text, found);
}

fn digits_left(text: &Folded, end: usize) -> usize {
    text.run_left(end, |c| c.is_ascii_digit())
}

fn digits_right(text: &Folded, start: usize) -> usize {
    text.run_right(start, |c| c.is_ascii_digit())
}

/// 5月3日 with an optional year before it (2024年, 令和6年, 令和元年).
fn japanese_dates(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    for month_mark in text.find_all("月") {
        let month_start = digits_left(text, month_mark);
        let day_end = digits_right(text, month_mark + 1);
        let month = number(text, month_start, month_mark);
        let day = number(text, month_mark + 1, day_end);
        let dated = text.at(day_end) == Some('日');
        if !(dated
            && month.is_some_and(|m| (1..=12).contains(&m))
            && day.is_some_and(|d| (1..=31).contains(&d)))
        {
            continue;
        }
        let mut start = month_start;
        if start > 0 && text.chars[start - 1] == '年' {
            let year_start = digits_left(text, start - 1);
            let year_start =
                if year_start == start - 1 && start >= 2 && text.chars[start - 2] == '元' {
                    start - 2
                } else {
                    year_start
                };
            start = year_start;
            for era in ["令和", "平成", "昭和"] {
                if start >= 2 && text.slice(start - 2, start) == era {
                    start -= 2;
                }
            }
        }
        found.push((start, day_end + 1, Kind::Date));
    }
}

/// 2024/5/3, 2024-05-03, 2024.5.3 and 3/5/2024.
fn numeric_dates(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    let mut index = 0;
    while index < text.len() {
        if !text.chars[index].is_ascii_digit()
            || (index > 0 && text.chars[index - 1].is_ascii_digit())
        {
            index += 1;
            continue;
        }
        let mut parts = Vec::new();
        let mut at = index;
        let mut separator = None;
        loop {
            let end = digits_right(text, at);
            parts.push(end - at);
            let next = text.at(end);
            if parts.len() < 3
                && matches!(next, Some('/' | '-' | '.'))
                && separator.is_none_or(|s| Some(s) == next)
                && text.at(end + 1).is_some_and(|c| c.is_ascii_digit())
            {
                separator = next;
                at = end + 1;
            } else {
                at = end;
                break;
            }
        }
        let shaped = matches!(parts.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4]);
        if shaped && text.is_word(index, at) {
            found.push((index, at, Kind::Date));
        }
        index = at.max(index + 1);
    }
}

const MONTHS: [&str; 23] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
];

/// The end of a month's name at `index` (with an optional dot), or None.
fn month_at(text: &Folded, index: usize) -> Option<usize> {
    MONTHS.iter().find_map(|month| {
        let end = index + month.chars().count();
        (text.starts_with(index, month) && text.is_word(index, end)).then(|| {
            if text.at(end) == Some('.') {
                end + 1
            } else {
                end
            }
        })
    })
}

/// The end of a day number (3, 3rd, 21st) at `index`, or None.
fn day_at(text: &Folded, index: usize) -> Option<usize> {
    let end = digits_right(text, index);
    let day = number(text, index, end)?;
    if !(1..=31).contains(&day) || (index > 0 && text.chars[index - 1].is_ascii_digit()) {
        return None;
    }
    let suffixed = ["st", "nd", "rd", "th"]
        .iter()
        .find(|s| text.starts_with_ignore_case(end, s))
        .map_or(end, |_| end + 2);
    text.is_word(index, suffixed).then_some(suffixed)
}

/// ", 2024" or " 2024" after a date: its end, or `end` itself.
fn year_after(text: &Folded, end: usize) -> usize {
    let at = text.run_right(end, |c| c == ' ' || c == ',');
    let year_end = digits_right(text, at);
    if at > end && year_end - at == 4 && text.is_word(at, year_end) {
        year_end
    } else {
        end
    }
}

/// "May 3", "May 3rd, 2024", "3 May 2024", "3rd of May".
fn english_dates(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    for index in 0..text.len() {
        if let Some(month_end) = month_at(text, index) {
            let day_start = text.run_right(month_end, |c| c == ' ');
            if day_start > month_end
                && let Some(day_end) = day_at(text, day_start)
                && text.at(day_end) != Some(':')
            {
                found.push((index, year_after(text, day_end), Kind::Date));
            }
        }
        if let Some(day_end) = day_at(text, index) {
            let mut at = text.run_right(day_end, |c| c == ' ');
            if text.starts_with(at, "of ") {
                at += 3;
            }
            if at > day_end
                && let Some(month_end) = month_at(text, at)
            {
                found.push((index, year_after(text, month_end), Kind::Date));
            }
        }
    }
}

const MONTH_MARKS: [&str; 6] = ["ヶ月", "か月", "カ月", "ヵ月", "ケ月", "ヶげつ"];

/// Words after an age that make it a checkup or a duration, not a child's age.
const NOT_AN_AGE_AFTER: [&str; 8] = ["健診", "検診", "児", "前", "間", "後", "ぶり", "以上"];

/// 3歳2ヶ月 (any number of months) and 18ヶ月 (12 months and more).
fn japanese_ages(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    for mark in MONTH_MARKS {
        for mark_at in text.find_all(mark) {
            let end = mark_at + mark.chars().count();
            if NOT_AN_AGE_AFTER
                .iter()
                .any(|word| text.starts_with(end, word))
            {
                continue;
            }
            let months_start = digits_left(text, mark_at);
            let Some(months) = number(text, months_start, mark_at) else {
                continue;
            };
            let with_years = months_start > 0 && text.chars[months_start - 1] == '歳';
            if with_years {
                let years_start = digits_left(text, months_start - 1);
                if years_start < months_start - 1 {
                    found.push((years_start, end, Kind::Age));
                }
            } else if months >= 12
                && !(months_start > 0
                    && is_kanji(text.chars[months_start - 1])
                    && text.chars[months_start - 1] != '後')
            {
                found.push((months_start, end, Kind::Age));
            }
        }
    }
}

/// "2 years 3 months", "2 years and 3 months", "14 months old", "a
/// 14-month-old".
fn english_ages(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    let mut index = 0;
    while index < text.len() {
        if !text.chars[index].is_ascii_digit()
            || (index > 0 && text.chars[index - 1].is_ascii_digit())
        {
            index += 1;
            continue;
        }
        let first_end = digits_right(text, index);
        let first = number(text, index, first_end).unwrap_or(0);
        let unit_at = text.run_right(first_end, |c| c == ' ' || c == '-');
        if let Some(years_end) = word_after(text, unit_at, &["years", "year", "yrs", "yr"]) {
            let at = text.run_right(years_end, |c| c == ' ' || c == ',');
            let at = if text.starts_with(at, "and ") {
                at + 4
            } else {
                at
            };
            let months_end = digits_right(text, at);
            if months_end > at {
                let unit = text.run_right(months_end, |c| c == ' ' || c == '-');
                if let Some(end) = word_after(text, unit, &["months", "month", "mos", "mo"]) {
                    found.push((index, end, Kind::Age));
                    index = end;
                    continue;
                }
            }
        }
        if let Some(months_end) = word_after(text, unit_at, &["months", "month"]) {
            let old_at = text.run_right(months_end, |c| c == ' ' || c == '-');
            if let Some(end) = word_after(text, old_at, &["old"])
                && first >= 12
            {
                found.push((index, end, Kind::Age));
            }
        }
        index = first_end;
    }
}

fn word_after(text: &Folded, at: usize, words: &[&str]) -> Option<usize> {
    words.iter().find_map(|word| {
        let end = at + word.len();
        (text.starts_with_ignore_case(at, word) && text.is_word(at, end)).then_some(end)
    })
}
