//! The lexical half of [`super::read`]: a cursor over JSON text that reads
//! one token at a time (punctuation, keywords, strings with their escapes,
//! integers) and keeps count of the nesting, so that [`super::read`] can
//! stay with serde's side of things.

use super::Malformed;

type Result<T> = std::result::Result<T, Malformed>;

/// Deeper than any frame: a conversation's history is an array of objects
/// in an object in an object.
pub const MAX_DEPTH: u32 = 32;

/// Where reading stands in one JSON text.
pub struct Reader<'de> {
    /// The whole text.
    pub text: &'de str,
    /// Byte offset of the next unread byte.
    pub at: usize,
    /// Objects and arrays open around the current value.
    pub depth: u32,
}

/// A string as read: borrowed when it had no escapes.
pub enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Reader<'de> {
    /// The next byte that is not whitespace, left unread.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.text.as_bytes().get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte` (after whitespace), or fails.
    pub fn eat(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Consumes the keyword `word` (`true`, `false`, `null`).
    pub fn keyword(&mut self, word: &str) -> Result<()> {
        if self.text.as_bytes().get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Enters an object or array (after its opening byte).
    pub fn descend(&mut self, open: u8) -> Result<()> {
        self.eat(open)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Malformed);
        }
        Ok(())
    }

    /// Before an element or key: true at the closing byte (consumed), after
    /// consuming the comma that must separate it from an earlier one.
    pub fn next_in(&mut self, close: u8, first: &mut bool) -> Result<bool> {
        if self.peek() == Some(close) {
            self.at += 1;
            self.depth -= 1;
            return Ok(true);
        }
        if !std::mem::replace(first, false) {
            self.eat(b',')?;
        }
        Ok(false)
    }

    pub fn string(&mut self) -> Result<Text<'de>> {
        self.eat(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let byte = *bytes.get(self.at).ok_or(Malformed)?;
            match byte {
                b'"' => {
                    let tail = self.text.get(run..self.at).ok_or(Malformed)?;
                    self.at += 1;
                    return Ok(match owned {
                        None => Text::Borrowed(tail),
                        Some(mut text) => {
                            text.push_str(tail);
                            Text::Owned(text)
                        }
                    });
                }
                b'\\' => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(self.text.get(run..self.at).ok_or(Malformed)?);
                    self.at += 1;
                    let escaped = self.escape()?;
                    text.push(escaped);
                    run = self.at;
                }
                0..=0x1f => return Err(Malformed),
                _ => self.at += 1,
            }
        }
    }

    /// One escape, after its backslash.
    pub fn escape(&mut self) -> Result<char> {
        let byte = *self.text.as_bytes().get(self.at).ok_or(Malformed)?;
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = if (0xd800..0xdc00).contains(&unit) {
                    // A high surrogate: its low half must follow.
                    self.keyword("\\u")?;
                    let low = self.hex4()?;
                    if !(0xdc00..0xe000).contains(&low) {
                        return Err(Malformed);
                    }
                    0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                } else {
                    unit
                };
                char::from_u32(code).ok_or(Malformed)?
            }
            _ => return Err(Malformed),
        })
    }

    pub fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(Malformed)?;
        self.at += 4;
        digits.chars().try_fold(0, |value, digit| {
            Ok(value * 16 + digit.to_digit(16).ok_or(Malformed)?)
        })
    }

    /// An integer: `Ok(Err(n))` when negative, `Ok(Ok(n))` otherwise.
    pub fn integer(&mut self) -> Result<std::result::Result<u64, i64>> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(digit) = self
            .text
            .as_bytes()
            .get(self.at)
            .filter(|b| b.is_ascii_digit())
        {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit - b'0')))
                .ok_or(Malformed)?;
            self.at += 1;
        }
        let after = self.text.as_bytes().get(self.at);
        if self.at == start || matches!(after, Some(b'.' | b'e' | b'E')) {
            return Err(Malformed);
        }
        if negative {
            0i64.checked_sub_unsigned(value).map(Err).ok_or(Malformed)
        } else {
            Ok(Ok(value))
        }
    }
}
