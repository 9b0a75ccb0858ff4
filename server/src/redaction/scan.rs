//! The text the detectors read: every character folded once (full-width
//! digits, letters and signs made ASCII, the ideographic space a space) with
//! the byte offset of the original, so a detector works on characters and
//! a span still points into the text as the parent wrote it.

/// A text as folded characters, with the original byte offsets.
pub(super) struct Folded {
    /// The folded characters, one per original character.
    pub chars: Vec<char>,
    /// The byte offset of each original character, and the text's length last.
    offsets: Vec<usize>,
}

impl Folded {
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        for (offset, c) in text.char_indices() {
            chars.push(fold(c));
            offsets.push(offset);
        }
        offsets.push(text.len());
        Folded { chars, offsets }
    }

    /// The byte offset of character `index` (the text's length past the end).
    pub fn byte(&self, index: usize) -> usize {
        self.offsets[index.min(self.chars.len())]
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    /// True when `word` starts at character `index`.
    pub fn starts_with(&self, index: usize, word: &str) -> bool {
        (index..)
            .zip(word.chars())
            .all(|(at, c)| self.at(at) == Some(c))
    }

    /// Like [`Folded::starts_with`], ignoring ASCII case.
    pub fn starts_with_ignore_case(&self, index: usize, word: &str) -> bool {
        let mut at = index;
        for c in word.chars() {
            match self.at(at) {
                Some(found) if found.eq_ignore_ascii_case(&c) => at += 1,
                _ => return false,
            }
        }
        true
    }

    /// Every index where `word` starts.
    pub fn find_all<'a>(&'a self, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.len()).filter(move |&index| self.starts_with(index, word))
    }

    /// The start of the run of characters matching `keep` that ends at `end`.
    pub fn run_left(&self, end: usize, keep: impl Fn(char) -> bool) -> usize {
        let mut start = end;
        while start > 0 && keep(self.chars[start - 1]) {
            start -= 1;
        }
        start
    }

    /// The end of the run of characters matching `keep` that starts at `start`.
    pub fn run_right(&self, start: usize, keep: impl Fn(char) -> bool) -> usize {
        let mut end = start;
        while end < self.len() && keep(self.chars[end]) {
            end += 1;
        }
        end
    }

    /// True when no Latin letter or digit touches `start..end` on either side.
    pub fn is_word(&self, start: usize, end: usize) -> bool {
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        self.starts_word(start) && !alnum(self.at(end))
    }

    /// True when no Latin letter or digit comes right before `index`.
    pub fn starts_word(&self, index: usize) -> bool {
        index == 0 || !self.chars[index - 1].is_ascii_alphanumeric()
    }

    /// The characters `start..end` as a string.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end.min(self.len())].iter().collect()
    }
}

/// Full-width ASCII (ＡＢＣ１２３＠－) as ASCII, the ideographic space as a space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Kanji, the iteration mark 々 and ヶ (as in 霞ヶ関).
pub(super) fn is_kanji(c: char) -> bool {
    matches!(c, '々' | 'ヶ' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

pub(super) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Katakana with the long-vowel mark, full and half width.
pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// A Latin word starting with a capital letter (Tom, O'Brien, Mary-Ann) at
/// `start`: its end, or `None`.
pub(super) fn capitalised_word(text: &Folded, start: usize) -> Option<usize> {
    if !text.at(start).is_some_and(|c| c.is_ascii_uppercase()) || !text.starts_word(start) {
        return None;
    }
    let end = text.run_right(start + 1, |c| {
        c.is_ascii_alphabetic() || c == '\'' || c == '’' || c == '-'
    });
    // "Tom's" is Tom: the possessive is not part of the name.
    let mut end = end;
    while end > start + 1
        && matches!(text.chars[end - 1], '\'' | '’' | '-' | 's')
        && matches!(text.chars[end - 2], '\'' | '’' | '-')
    {
        end -= 2;
    }
    while end > start + 1 && matches!(text.chars[end - 1], '\'' | '’' | '-') {
        end -= 1;
    }
    Some(end)
}

/// The index after the spaces (and one optional comma) at `index`.
pub(super) fn skip_spaces(text: &Folded, index: usize) -> usize {
    text.run_right(index, |c| c == ' ' || c == ',')
}

/// The number written by ASCII digits at `start..end`, if short enough.
pub(super) fn number(text: &Folded, start: usize, end: usize) -> Option<u32> {
    if start >= end || end - start > 6 {
        return None;
    }
    text.slice(start, end).parse().ok()
}
