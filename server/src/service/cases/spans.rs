//! The hidden spans of a case as stored: a draft's spans written as
//! `start-end-Kind` (byte offsets into the unredacted source), read back
//! through [`Draft::restore`] so that detection runs again and stored
//! spans only add to it; and staff's "hide this word too".

use crate::error::StoreError;
use crate::redaction::{Draft, Kind, Span};
use crate::store::cases::CaseRecord;

/// Hides every occurrence of each of `words` in the draft's source.
pub(super) fn hide_in_draft(draft: &mut Draft, words: &[String]) -> Result<(), StoreError> {
    for word in words
        .iter()
        .map(|word| word.trim())
        .filter(|w| !w.is_empty())
    {
        let found: Vec<usize> = draft.text().match_indices(word).map(|(at, _)| at).collect();
        for at in found {
            let span = Span {
                range: at..at + word.len(),
                kind: Kind::Name,
            };
            // On character boundaries by construction.
            draft
                .redact_more(span)
                .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        }
    }
    Ok(())
}

/// The stored form of hidden spans: `start-end-Kind`, comma-separated.
pub(super) fn encode_spans(spans: &[Span]) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|span| format!("{}-{}-{:?}", span.range.start, span.range.end, span.kind))
        .collect();
    parts.join(",")
}

/// The draft of a stored case: detection runs again over its source, and
/// the stored spans add to it (see [`Draft::restore`]).
pub(super) fn restore(record: &CaseRecord) -> Result<Draft, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("hidden spans of case {}", record.id));
    let mut spans = Vec::new();
    for part in record.hidden.split(',').filter(|part| !part.is_empty()) {
        let mut fields = part.splitn(3, '-');
        let (Some(start), Some(end), Some(kind)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(corrupt());
        };
        let kind = Kind::ALL
            .into_iter()
            .find(|known| format!("{known:?}") == kind)
            .ok_or_else(corrupt)?;
        let (start, end) = (
            start.parse().map_err(|_| corrupt())?,
            end.parse().map_err(|_| corrupt())?,
        );
        spans.push(Span {
            range: start..end,
            kind,
        });
    }
    Draft::restore(&record.source, spans).map_err(|error| StoreError::Corrupt(error.to_string()))
}
