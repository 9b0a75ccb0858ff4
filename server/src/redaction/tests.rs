//! Redaction with what parents really write, from the corpus in
//! `tests/corpus/redaction.tsv` (its format is documented at its top), and
//! the draft's promise: staff can hide more, never less.

use super::*;

const CORPUS: &str = include_str!("../../../tests/corpus/redaction.tsv");

/// Floors for the kinds whose misses do not fail at once, as caught out of
/// expected in the corpus today; raise them as detection improves.
const FLOORS: [(Kind, f64); 6] = [
    (Kind::Name, 0.95),
    (Kind::Address, 1.0),
    (Kind::Age, 0.8),
    (Kind::Date, 0.85),
    (Kind::Place, 0.8),
    (Kind::School, 1.0),
];

fn kind_named(name: &str) -> Option<Kind> {
    Some(match name {
        "name" => Kind::Name,
        "phone" => Kind::Phone,
        "email" => Kind::Email,
        "address" => Kind::Address,
        "age" => Kind::Age,
        "date" => Kind::Date,
        "place" => Kind::Place,
        "school" => Kind::School,
        _ => return None,
    })
}

fn hidden(spans: &[Span], range: &Range<usize>) -> bool {
    (range.start..range.end).all(|byte| spans.iter().any(|span| span.range.contains(&byte)))
}

fn touched(spans: &[Span], range: &Range<usize>) -> bool {
    spans
        .iter()
        .any(|span| span.range.start < range.end && range.start < span.range.end)
}

#[test]
fn the_corpus_is_redacted() {
    let mut caught = std::collections::BTreeMap::<Kind, (usize, usize)>::new();
    let (mut ja, mut en) = (0, 0);
    let mut failures = Vec::new();
    let mut misses = Vec::new();
    for (number, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut columns = line.split('\t');
        let sentence = columns.next().unwrap_or_default();
        match writing_lang(sentence) {
            Some(Lang::Ja) => ja += 1,
            _ => en += 1,
        }
        let spans = detect(sentence);
        let mut expected_hidden = Vec::new();
        for expectation in columns {
            let Some((label, part)) = expectation.split_once('=') else {
                panic!("line {}: no '=' in {expectation:?}", number + 1);
            };
            let Some(start) = sentence.find(part) else {
                panic!("line {}: {part:?} is not in the sentence", number + 1);
            };
            let range = start..start + part.len();
            if label == "keep" {
                if touched(&spans, &range) {
                    failures.push(format!(
                        "line {}: {part:?} was redacted: {}",
                        number + 1,
                        Draft::new(sentence).redacted()
                    ));
                }
                continue;
            }
            let Some(kind) = kind_named(label) else {
                panic!("line {}: unknown kind {label:?}", number + 1);
            };
            expected_hidden.push(range.clone());
            let count = caught.entry(kind).or_default();
            count.1 += 1;
            if hidden(&spans, &range) {
                count.0 += 1;
            } else {
                let report = format!(
                    "line {}: {label} {part:?} missed: {}",
                    number + 1,
                    Draft::new(sentence).redacted()
                );
                if matches!(kind, Kind::Phone | Kind::Email) {
                    failures.push(report);
                } else {
                    misses.push(report);
                }
            }
        }
        // With no expectation at all, nothing may be hidden.
        if expected_hidden.is_empty() && line.split('\t').count() == 1 && !spans.is_empty() {
            failures.push(format!(
                "line {}: redacted for nothing: {}",
                number + 1,
                Draft::new(sentence).redacted()
            ));
        }
    }
    println!("redaction corpus: {ja} Japanese and {en} English sentences");
    for (kind, (found, expected)) in &caught {
        println!(
            "  {kind:?}: caught {found} of {expected}, missed {}",
            expected - found
        );
    }
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(
        ja >= 40 && en >= 30,
        "{ja} Japanese and {en} English sentences"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (kind, floor) in FLOORS {
        let (found, expected) = caught.get(&kind).copied().unwrap_or_default();
        assert!(expected > 0, "{kind:?} has no example in the corpus");
        assert!(
            found as f64 >= floor * expected as f64,
            "{kind:?}: {found} of {expected} is below the floor {floor}"
        );
    }
}

#[test]
fn placeholders_are_in_the_texts_language() {
    assert_eq!(
        Draft::new("田中さんの電話は090-1234-5678です").redacted(),
        "［名前］の電話は［電話番号］です"
    );
    assert_eq!(
        Draft::new("My son Tom: tom@example.com").redacted(),
        "My son [name]: [email]"
    );
}

#[test]
fn staff_can_redact_more() {
    let mut draft = Draft::new("夫の実家は海の近くです");
    assert!(draft.spans().is_empty());
    let start = draft.text().find("海").unwrap_or_default();
    draft
        .redact_more(Span {
            range: start..start + "海".len(),
            kind: Kind::Place,
        })
        .expect("a span on characters");
    assert_eq!(draft.redacted(), "夫の実家は［地名］の近くです");
}

#[test]
fn staff_spans_outside_the_text_or_inside_a_character_are_refused() {
    let mut draft = Draft::new("海の近く");
    let kind = Kind::Place;
    assert_eq!(
        draft.redact_more(Span { range: 1..3, kind }),
        Err(RedactError::NotOnCharacters(1..3))
    );
    assert_eq!(
        draft.redact_more(Span { range: 3..99, kind }),
        Err(RedactError::OutOfText(3..99))
    );
    assert_eq!(
        draft.redact_more(Span { range: 3..3, kind }),
        Err(RedactError::OutOfText(3..3))
    );
    assert_eq!(draft.redacted(), "海の近く");
}

#[test]
fn a_restored_draft_never_hides_less_than_detection() {
    let text = "ゆうくんの番号は090-1234-5678です";
    // Stored without any span, as if one had been lost: detection comes back.
    let restored = Draft::restore(text, Vec::new()).expect("no stored span to refuse");
    assert_eq!(restored.redacted(), Draft::new(text).redacted());
    assert_eq!(restored.redacted(), "［名前］の番号は［電話番号］です");
    // A staff span overlapping a detected one widens it, never shrinks it.
    let widened = Draft::restore(
        text,
        vec![Span {
            range: 0..3,
            kind: Kind::Place,
        }],
    )
    .expect("on characters");
    assert_eq!(widened.redacted(), "［名前］の番号は［電話番号］です");
}

proptest::proptest! {
    /// Any text, however odd, gives sorted, separate spans on character
    /// boundaries (the draft slices the text by them) and no panic.
    #[test]
    fn spans_are_sorted_separate_and_on_characters(text in "[0-9０-９a-zA-Z@.+\\- 　〒年月日歳ヶ月市区町駅園さんくちゃ田中ゆう丁目番地の]{0,40}|\\PC{0,40}") {
        let spans = detect(&text);
        for pair in spans.windows(2) {
            proptest::prop_assert!(pair[0].range.end <= pair[1].range.start, "{spans:?}");
        }
        for span in &spans {
            proptest::prop_assert!(span.range.start < span.range.end);
            proptest::prop_assert!(text.is_char_boundary(span.range.start) && text.is_char_boundary(span.range.end));
        }
        let _ = Draft::new(&text).redacted();
    }
}
