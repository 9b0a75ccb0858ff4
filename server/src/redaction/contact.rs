//! Phone numbers and email addresses: the two kinds a case must never
//! leak, so these scanners lean towards hiding too much.
//!
//! A phone number is a run of digits and separators (hyphens of every
//! width and the katakana long-vowel mark people type for one, spaces,
//! brackets, dots) holding 10 or 11 digits and starting with 0 (Japanese
//! mobiles and landlines), or starting with + and holding 10 to 13 digits
//! (+81 90-1234-5678). A postal code (7 digits), a date (8) or an amount
//! never has that many.

use super::Kind;
use super::scan::Folded;

pub(super) fn detect(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    phones(text, found);
    emails(text, found);
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '―'
            | '−'
            | 'ー'
            | 'ｰ'
            | ' '
            | '('
            | ')'
            | '.'
            | '（'
            | '）'
    )
}

fn phones(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    let mut index = 0;
    while index < text.len() {
        let c = text.chars[index];
        let starts =
            c.is_ascii_digit() || ((c == '+' || c == '(') && next_is_digit(text, index + 1));
        if !starts || (index > 0 && text.chars[index - 1].is_ascii_digit()) {
            index += 1;
            continue;
        }
        let (end, digits) = number_run(text, index);
        let first_digit = text.chars[index..end].iter().find(|c| c.is_ascii_digit());
        let phone = if c == '+' {
            (10..=13).contains(&digits)
        } else {
            first_digit == Some(&'0') && (10..=11).contains(&digits)
        };
        if phone {
            found.push((index, end, Kind::Phone));
        }
        index = end.max(index + 1);
    }
}

fn next_is_digit(text: &Folded, index: usize) -> bool {
    text.at(index).is_some_and(|c| c.is_ascii_digit())
}

/// The end of the digits-and-separators run at `start` (never ending on a
/// separator) and how many digits it holds. Two separators in a row end it,
/// so "090-1234-5678 / 03" stays two numbers.
fn number_run(text: &Folded, start: usize) -> (usize, usize) {
    let mut end = start + 1;
    let mut digits = usize::from(text.chars[start].is_ascii_digit());
    let mut index = start + 1;
    let mut separators = 0;
    while let Some(c) = text.at(index) {
        if c.is_ascii_digit() {
            digits += 1;
            separators = 0;
            end = index + 1;
        } else if is_separator(c) && separators < 2 {
            separators += 1;
        } else {
            break;
        }
        index += 1;
    }
    (end, digits)
}

fn is_local_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn emails(text: &Folded, found: &mut Vec<(usize, usize, Kind)>) {
    for at in text.find_all("@") {
        let start = text.run_left(at, is_local_part);
        let mut end = text.run_right(at + 1, is_domain_part);
        while end > at + 1 && matches!(text.chars[end - 1], '.' | '-') {
            end -= 1;
        }
        let domain = text.slice(at + 1, end);
        if start < at && domain.contains('.') && !domain.starts_with('.') {
            found.push((start, end, Kind::Email));
        }
    }
}
