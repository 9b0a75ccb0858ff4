//! The redacted draft of a case: which parts of a consultation text identify
//! someone, and the text with each of them replaced by a placeholder of its
//! kind, in the text's language (「［名前］」 in Japanese text, "[name]" in
//! English). Pure text work: no store, no I/O; the case service calls it.
//!
//! What is detected (each detector is its own submodule):
//! - [`names`]: Japanese names before an honorific (田中さん, ゆうくん, はる
//!   ちゃん, 田中先生), English names after a family word or a title (my son
//!   Tom, Dr Smith), after "named"/"called", and romaji with -kun/-chan.
//! - [`contact`]: phone numbers (Japanese mobile and landline, hyphens or
//!   none, full-width digits, +81) and email addresses.
//! - [`places`]: postal codes and addresses (〒, prefecture, city, 丁目,
//!   番地, English street addresses) and place names (prefectures, cities
//!   and wards, stations).
//! - [`schools`]: school and nursery names.
//! - [`dates`]: identifying ages and dates.
//!
//! Which ages and dates identify: a date with its day (2024年5月3日, 5月3日,
//! "May 3", "born on 3 May 2024") and an age given to the month (3歳2ヶ月,
//! "2 years 3 months", and months alone from 12 up: "14 months old",
//! 「生後18ヶ月」). An age in years (3歳, "two years old") and a baby's age
//! in months under a year (生後3ヶ月) stay: they are how parents say how old
//! a child is, advice depends on them, and many children share them; 1歳6か月
//! 健診 (a checkup every child has) stays too. A month or a year alone stays.
//!
//! Staff may redact more and never less: a [`Draft`] only grows. Its spans
//! are private, it exposes [`Draft::redact_more`] and no way to remove a
//! span, and a draft rebuilt from stored parts ([`Draft::restore`]) detects
//! again, so a detected span lost in storage comes back.

mod contact;
mod dates;
mod names;
mod places;
mod scan;
mod schools;

use std::ops::Range;

use yorisoi_protocol::Lang;
use yorisoi_protocol::text::lang::writing_lang;

use scan::Folded;

/// What a redacted span identified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Name,
    Phone,
    Email,
    Address,
    Age,
    Date,
    Place,
    School,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 8] = [
        Kind::Name,
        Kind::Phone,
        Kind::Email,
        Kind::Address,
        Kind::Age,
        Kind::Date,
        Kind::Place,
        Kind::School,
    ];

    /// The placeholder standing for this kind in a text of `lang`.
    pub fn placeholder(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Ja, Kind::Name) => "［名前］",
            (Lang::Ja, Kind::Phone) => "［電話番号］",
            (Lang::Ja, Kind::Email) => "［メールアドレス］",
            (Lang::Ja, Kind::Address) => "［住所］",
            (Lang::Ja, Kind::Age) => "［年齢］",
            (Lang::Ja, Kind::Date) => "［日付］",
            (Lang::Ja, Kind::Place) => "［地名］",
            (Lang::Ja, Kind::School) => "［園・学校名］",
            (Lang::En, Kind::Name) => "[name]",
            (Lang::En, Kind::Phone) => "[phone]",
            (Lang::En, Kind::Email) => "[email]",
            (Lang::En, Kind::Address) => "[address]",
            (Lang::En, Kind::Age) => "[age]",
            (Lang::En, Kind::Date) => "[date]",
            (Lang::En, Kind::Place) => "[place]",
            (Lang::En, Kind::School) => "[school]",
        }
    }

    /// Which kind wins when two spans overlap: the more sensitive one.
    fn rank(self) -> u8 {
        match self {
            Kind::Email | Kind::Phone => 4,
            Kind::Address => 3,
            Kind::Name | Kind::School => 2,
            Kind::Age | Kind::Date => 1,
            Kind::Place => 0,
        }
    }
}

/// A byte range of the text and what it identifies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Why staff's extra span was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RedactError {
    #[error("the span {0:?} is empty or outside the text")]
    OutOfText(Range<usize>),
    #[error("the span {0:?} does not start and end between characters")]
    NotOnCharacters(Range<usize>),
}

/// The spans of `text` that identify someone, sorted and not overlapping.
pub fn detect(text: &str) -> Vec<Span> {
    let folded = Folded::new(text);
    let mut found = Vec::new();
    contact::detect(&folded, &mut found);
    places::detect(&folded, &mut found);
    schools::detect(&folded, &mut found);
    dates::detect(&folded, &mut found);
    names::detect(&folded, &mut found);
    let spans = found
        .into_iter()
        .filter(|(start, end, _)| start < end)
        .map(|(start, end, kind)| Span {
            range: folded.byte(start)..folded.byte(end),
            kind,
        })
        .collect();
    merge(spans)
}

/// A case's text with the spans to hide. It only grows: see the module.
#[derive(Clone, Debug)]
pub struct Draft {
    text: String,
    spans: Vec<Span>,
}

impl Draft {
    /// The draft of `text` with everything detected in it redacted.
    pub fn new(text: &str) -> Self {
        Draft {
            text: text.to_owned(),
            spans: detect(text),
        }
    }

    /// A draft rebuilt from a stored text and stored spans: detection runs
    /// again, so stored spans can add to what is hidden and never remove.
    pub fn restore(text: &str, stored: Vec<Span>) -> Result<Self, RedactError> {
        let mut draft = Draft::new(text);
        for span in stored {
            draft.redact_more(span)?;
        }
        Ok(draft)
    }

    /// Hides one more span, chosen by staff. Overlapping spans join.
    pub fn redact_more(&mut self, span: Span) -> Result<(), RedactError> {
        let Range { start, end } = span.range.clone();
        if start >= end || end > self.text.len() {
            return Err(RedactError::OutOfText(span.range));
        }
        if !self.text.is_char_boundary(start) || !self.text.is_char_boundary(end) {
            return Err(RedactError::NotOnCharacters(span.range));
        }
        let mut spans = std::mem::take(&mut self.spans);
        spans.push(span);
        self.spans = merge(spans);
        Ok(())
    }

    /// The original text (never shown outside the server).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The hidden spans, sorted and not overlapping.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The redacted text with placeholders in the text's own language
    /// (Japanese when it holds any Japanese, else English).
    pub fn redacted(&self) -> String {
        self.redacted_in(writing_lang(&self.text).unwrap_or(Lang::En))
    }

    /// The redacted text with placeholders in `lang`.
    pub fn redacted_in(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for span in &self.spans {
            out.push_str(&self.text[at..span.range.start]);
            out.push_str(span.kind.placeholder(lang));
            at = span.range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Sorts spans and joins overlapping ones (the more sensitive kind wins);
/// a place touching an address becomes part of the address.
fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|span| (span.range.start, std::cmp::Reverse(span.range.end)));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(last) = merged.last_mut() {
            let overlaps = span.range.start < last.range.end;
            let touching_address = span.range.start == last.range.end
                && matches!(
                    (last.kind, span.kind),
                    (Kind::Place | Kind::Address, Kind::Address)
                        | (Kind::Address, Kind::Place)
                        | (Kind::Place, Kind::Place)
                );
            if overlaps || touching_address {
                last.range.end = last.range.end.max(span.range.end);
                if touching_address && span.kind != last.kind {
                    last.kind = Kind::Address;
                } else if span.kind.rank() > last.kind.rank() {
                    last.kind = span.kind;
                }
                continue;
            }
        }
        merged.push(span);
    }
    merged
}

#[cfg(test)]
mod tests;
