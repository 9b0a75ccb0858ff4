//! The cards in which a parent answers a case staff sent for their consent
//! (issue 13), written by the server in the widget's language and carried
//! to the widget as markup by `ServerFrame::Cases`: the exact words staff
//! would share, short and full, in the case's own language; "Approve" /
//! 「承認する」 and "Decline" / 「お断りする」 while it waits; "Withdraw
//! consent" / 「同意を取り消す」 once approved; a line saying it will not be
//! shared once declined or withdrawn. Written here, the cards cost the
//! widget's wasm one string and one click listener (its budget has no
//! room for a view per case and state, nor for decoding the cases).
//!
//! The widget reads each button's `data-case`, `data-hash` (the digest of
//! the words shown, so words changed meanwhile are never approved unseen)
//! and class (`approve`, `decline`, `withdraw`). Each card's status line
//! has the id `case-<id>`: the widget moves focus there after an answer.
//! Everything not ours is escaped. A leaf: it imports nothing of the
//! server but [`crate::i18n`] and the escaping of [`crate::help`].

use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::{CaseStatus, ParentCase};

use crate::help::escaped;
use crate::i18n;

/// The cards of `cases` (newest first), in `lang`; empty for none.
pub fn render(cases: &[ParentCase], lang: Lang) -> String {
    cases.iter().map(|case| card(case, lang)).collect()
}

fn card(case: &ParentCase, lang: Lang) -> String {
    let t = |id: &str| i18n::text(lang, id);
    let (status, buttons): (&str, &[(&str, &str)]) = match case.status {
        CaseStatus::Sent => (
            "consent-explain",
            &[
                ("approve", "consent-approve"),
                ("decline", "consent-decline"),
            ],
        ),
        CaseStatus::Approved => ("consent-approved", &[("withdraw", "consent-withdraw")]),
        CaseStatus::Declined => ("consent-declined", &[]),
        // A draft is never sent to a parent.
        CaseStatus::Withdrawn | CaseStatus::Draft => ("consent-withdrawn", &[]),
    };
    let id = case.id;
    let mut out = format!(
        r#"<section class="case"><h2>{}</h2><p tabindex="-1" id="case-{id}">{}</p>"#,
        escaped(&t("consent-heading")),
        escaped(&t(status)),
    );
    if !buttons.is_empty() {
        let words = case.lang.tag();
        for (heading, text) in [
            ("consent-short", &case.texts.short),
            ("consent-long", &case.texts.long),
        ] {
            out.push_str(&format!(
                r#"<h3>{}</h3><blockquote lang="{words}">{}</blockquote>"#,
                escaped(&t(heading)),
                escaped(text),
            ));
        }
        for (class, label) in buttons {
            out.push_str(&format!(
                r#"<button type="button" class="{class}" data-case="{id}" data-hash="{}">{}</button> "#,
                escaped(&case.wording_hash),
                escaped(&t(label)),
            ));
        }
    }
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use yorisoi_protocol::cases::CaseTexts;

    use super::*;

    fn case(status: CaseStatus, long: &str) -> ParentCase {
        ParentCase {
            id: 7,
            lang: Lang::Ja,
            status,
            texts: CaseTexts {
                short: "夜泣きがつらい".into(),
                long: long.into(),
            },
            wording_hash: "ab12".into(),
        }
    }

    #[test]
    fn a_waiting_case_shows_its_words_and_both_answers_in_the_parents_language() {
        let cards = render(&[case(CaseStatus::Sent, "【相談】\n夜泣き")], Lang::En);
        assert!(
            cards.contains(r#"<blockquote lang="ja">夜泣きがつらい</blockquote>"#),
            "{cards}"
        );
        assert!(cards.contains("May we share your story?"), "{cards}");
        for (class, name) in [("approve", ">Approve<"), ("decline", ">Decline<")] {
            assert!(
                cards.contains(&format!(
                    r#"class="{class}" data-case="7" data-hash="ab12""#
                )),
                "{cards}"
            );
            assert!(cards.contains(name), "{cards}");
        }
        let japanese = render(&[case(CaseStatus::Sent, "x")], Lang::Ja);
        assert!(japanese.contains(">承認する<") && japanese.contains(">お断りする<"));
    }

    #[test]
    fn an_answered_case_offers_only_what_is_left_to_do() {
        let approved = render(&[case(CaseStatus::Approved, "x")], Lang::Ja);
        assert!(approved.contains(">同意を取り消す<") && !approved.contains(">承認する<"));
        let declined = render(&[case(CaseStatus::Declined, "x")], Lang::En);
        assert!(declined.contains("will not be shared") && !declined.contains("<button"));
        let withdrawn = render(&[case(CaseStatus::Withdrawn, "x")], Lang::En);
        assert!(!withdrawn.contains("<blockquote"), "{withdrawn}");
        assert_eq!(render(&[], Lang::Ja), "");
    }

    #[test]
    fn the_words_are_escaped() {
        let cards = render(
            &[case(CaseStatus::Sent, r#"<img src=x onerror="alert(1)">"#)],
            Lang::Ja,
        );
        assert!(!cards.contains("<img"), "{cards}");
        assert!(
            cards.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
            "{cards}"
        );
    }
}
