//! The texts of a case, as pure text work (no store, no I/O): the long
//! draft built from a conversation's messages, the short one cut from it
//! for a social-media post, the digest of a wording, and the "never less"
//! rule for staff's edits. The case service ([`crate::service::cases`])
//! calls these with the redaction ([`crate::redaction`]) and the headings
//! in the case's language ([`Headings`], from `locales/server/*/cases.ftl`).
//!
//! What goes into a draft: the parent's messages and the staff's replies,
//! in order, each run of one side under its heading (相談/回答, Question/
//! Answer). Internal notes never do (they are not messages), nor staff
//! names or the parent's nickname: a published case names nobody.
//!
//! Sizes: the short text is at most [`max_short_chars`] (140 characters in
//! Japanese, 280 in English: what one post on X holds, where a CJK
//! character counts twice), the long one [`MAX_LONG_CHARS`]. A draft too
//! long is cut at a paragraph or a sentence and ends with "…".

use sha2::{Digest as _, Sha256};
use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::{CaseTexts, MAX_LONG_CHARS, max_short_chars};

use crate::redaction::{self, Draft, Kind};

/// The headings the long text puts above each side's messages.
#[derive(Debug, Clone, Copy)]
pub struct Headings<'a> {
    /// Above the parent's messages (【相談】, "Question:").
    pub parent: &'a str,
    /// Above the staff's replies (【回答】, "Answer:").
    pub staff: &'a str,
}

/// One message of the conversation, as the draft needs it.
#[derive(Debug, Clone, Copy)]
pub struct Said<'a> {
    /// True for the parent, false for staff.
    pub by_parent: bool,
    /// The text.
    pub body: &'a str,
}

/// Why staff's edit was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefusal {
    /// It brings back something hidden.
    RevealsHidden,
    /// It adds a phone number or email address.
    AddsContact,
}

/// The unredacted long text: each run of one side's messages under its
/// heading, runs separated by a blank line. Only the server sees it: the
/// service redacts it before anyone reads it.
pub fn compose(messages: &[Said<'_>], headings: Headings<'_>) -> String {
    let mut text = String::new();
    let mut side = None;
    for said in messages {
        let body = said.body.trim();
        if body.is_empty() {
            continue;
        }
        if side != Some(said.by_parent) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(if said.by_parent {
                headings.parent
            } else {
                headings.staff
            });
            side = Some(said.by_parent);
        }
        text.push('\n');
        text.push_str(body);
    }
    text
}

/// The long text of a redacted draft, within [`MAX_LONG_CHARS`].
pub fn long_text(redacted: &str) -> String {
    fit(redacted, MAX_LONG_CHARS, &["\n\n", "\n"])
}

/// The short text drafted from a redacted long text: the parent's first
/// words (their heading and blank lines dropped, line breaks kept as a post
/// keeps them), within the size of a post.
pub fn short_text(redacted_long: &str, headings: Headings<'_>, lang: Lang) -> String {
    let first_run = redacted_long
        .split("\n\n")
        .find(|run| run.starts_with(headings.parent))
        .unwrap_or(redacted_long);
    let body = first_run.strip_prefix(headings.parent).unwrap_or(first_run);
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    fit(
        &lines.join("\n"),
        max_short_chars(lang),
        &["。", "！", "？", ". ", "! ", "? ", "\n"],
    )
}

/// `text` if it has at most `max` characters, else cut after the last of
/// `breaks` that keeps at least half of it (or at the limit) with "…"
/// added, never inside a placeholder.
pub fn fit(text: &str, max: usize, breaks: &[&str]) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    // Room for the ellipsis.
    let limit = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..limit];
    let at_break = breaks
        .iter()
        .filter_map(|mark| head.rfind(mark).map(|at| at + mark.len()))
        .max()
        .filter(|at| *at * 2 >= head.len());
    let mut cut = head[..at_break.unwrap_or(head.len())].trim_end();
    // A placeholder cut in two would read as garbage: cut before it.
    let opened = cut.rfind(['［', '[']);
    let closed = cut.rfind(['］', ']']);
    if let Some(opened) = opened
        && closed.is_none_or(|closed| closed < opened)
    {
        cut = cut[..opened].trim_end();
    }
    format!("{cut}…")
}

/// The digest a parent's decision records: SHA-256 (hex) of both texts,
/// each preceded by its length so no two wordings share one.
pub fn wording_hash(texts: &CaseTexts) -> String {
    let mut hasher = Sha256::new();
    for text in [&texts.short, &texts.long] {
        hasher.update(text.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(text.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Replaces every occurrence of each of `words` in `text` with the name
/// placeholder in `lang` (staff's "hide this too").
pub fn hide_words(text: &str, words: &[String], lang: Lang) -> String {
    let mut text = text.to_owned();
    for word in words
        .iter()
        .map(|word| word.trim())
        .filter(|w| !w.is_empty())
    {
        text = text.replace(word, Kind::Name.placeholder(lang));
    }
    text
}

/// Honorifics a detected name carries in its span (はるちゃん): the name
/// without one is as telling, so the edit rule looks for both.
const HONORIFICS: [&str; 10] = [
    "ちゃん",
    "くん",
    "さん",
    "君",
    "様",
    "さま",
    "先生",
    "せんせい",
    "-kun",
    "-chan",
];

/// What a draft hides, as the edit rule compares it: each hidden part, and
/// a name's part without its honorific too.
pub fn hidden_parts(draft: &Draft) -> Vec<&str> {
    let mut parts = Vec::new();
    for span in draft.spans() {
        let part = draft.text()[span.range.clone()].trim();
        parts.push(part);
        if span.kind == Kind::Name
            && let Some(stem) = HONORIFICS
                .iter()
                .find_map(|honorific| part.strip_suffix(honorific))
            && !stem.trim().is_empty()
        {
            parts.push(stem.trim());
        }
    }
    parts
}

/// Checks staff's `edited` text against the `current` one it replaces
/// and the `hidden` parts of the source ([`hidden_parts`]): refused when it holds a hidden
/// part more often than the current text does (it brings one back; a
/// part that is also an ordinary word elsewhere stays allowed where it
/// already was) or a phone number or email address. Anything else the
/// redaction detects in it is hidden: the text returned.
pub fn check_edit(
    edited: &str,
    current: &str,
    hidden: &[&str],
    lang: Lang,
) -> Result<String, EditRefusal> {
    let (edited_folded, current_folded) = (fold(edited), fold(current));
    for part in hidden.iter().map(|part| fold(part)) {
        if !part.is_empty()
            && edited_folded.matches(&part).count() > current_folded.matches(&part).count()
        {
            return Err(EditRefusal::RevealsHidden);
        }
    }
    let found = redaction::detect(edited);
    if found
        .iter()
        .any(|span| matches!(span.kind, Kind::Phone | Kind::Email))
    {
        return Err(EditRefusal::AddsContact);
    }
    let placeholders = placeholder_ranges(edited);
    let mut out = String::with_capacity(edited.len());
    let mut at = 0;
    for span in found {
        let inside_placeholder = placeholders
            .iter()
            .any(|range| span.range.start < range.end && range.start < span.range.end);
        if inside_placeholder {
            continue;
        }
        out.push_str(&edited[at..span.range.start]);
        out.push_str(span.kind.placeholder(lang));
        at = span.range.end;
    }
    out.push_str(&edited[at..]);
    Ok(out)
}

/// Where `text` holds a placeholder of any kind or language: what the
/// redaction may see as a word of its own ([名前] looks like a name).
fn placeholder_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for kind in Kind::ALL {
        for lang in Lang::ALL {
            let placeholder = kind.placeholder(lang);
            ranges.extend(
                text.match_indices(placeholder)
                    .map(|(at, _)| at..at + placeholder.len()),
            );
        }
    }
    ranges
}

/// A form for comparing what a text holds: full-width ASCII made
/// half-width, lower case, no spaces or hyphens (「０９０ー」 is "090").
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '‐' | '−'))
        .collect()
}

#[cfg(test)]
mod tests;
