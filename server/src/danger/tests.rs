//! The danger words with what parents write, from the corpus in
//! `tests/corpus/danger_words.tsv` (its format is at its top).

use super::*;

const CORPUS: &str = include_str!("../../../tests/corpus/danger_words.tsv");

#[test]
fn the_corpus_raises_what_it_should_and_nothing_more() {
    let mut counts = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut failures = Vec::new();
    for (number, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((label, message)) = line.split_once('\t') else {
            panic!("line {}: no tab: {line:?}", number + 1);
        };
        let expected = match label {
            "self-harm" => Some(Danger::SelfHarm),
            "harm-to-child" => Some(Danger::HarmToChild),
            "emergency" => Some(Danger::Emergency),
            "none" => None,
            other => panic!("line {}: unknown label {other:?}", number + 1),
        };
        let found = detect(message);
        let right = match expected {
            Some(danger) => found.contains(&danger),
            None => found.is_empty(),
        };
        let count = counts.entry(label).or_default();
        count.1 += 1;
        if right {
            count.0 += 1;
        } else if expected != Some(Danger::Emergency) {
            failures.push(format!(
                "line {}: {message:?} raised {found:?}, not {label}",
                number + 1
            ));
        } else {
            println!("  missed emergency, line {}: {message:?}", number + 1);
        }
    }
    println!("danger corpus (right of listed): {counts:?}");
    let positives: usize = counts
        .iter()
        .filter(|(label, _)| **label != "none")
        .map(|(_, count)| count.1)
        .sum();
    let negatives = counts.get("none").map_or(0, |count| count.1);
    assert!(
        positives >= 30 && negatives >= 30,
        "{positives} positives, {negatives} negatives"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn one_message_can_raise_several_kinds_each_once() {
    assert_eq!(
        detect("叩いてしまって、もう死にたい。死にたい。"),
        vec![Danger::SelfHarm, Danger::HarmToChild]
    );
    assert_eq!(
        detect("I shook the baby and now he's not breathing"),
        vec![Danger::HarmToChild, Danger::Emergency]
    );
    assert!(detect("").is_empty());
}

#[test]
fn folding_reads_every_width_and_script_alike() {
    assert_eq!(fold("ＡＢＣ　ｼﾆﾀｲ"), "abc しにたい");
    assert_eq!(fold("ﾀﾞﾒ、Don’t!!"), "だめ don't");
}

proptest::proptest! {
    /// Any text, half-width voiced marks and all, is read without a panic.
    #[test]
    fn any_text_is_read(text in "[ｦ-ﾟﾞﾟ死にたいkill myself ]{0,30}|\\PC{0,40}") {
        let found = detect(&text);
        proptest::prop_assert!(found.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
