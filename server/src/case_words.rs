//! The words of cases (issue 13): those the server writes into a case's
//! text, and the names of refusals and trail steps for the screens, from
//! `locales/server/<lang>/cases.ftl` through [`crate::i18n`]. The text
//! building ([`crate::case_text`]) takes the words as arguments.

use yorisoi_protocol::Lang;

use crate::i18n;

/// The text of message `id` in `lang` (the id itself if missing, which the
/// tests rule out).
pub fn word(lang: Lang, id: &str) -> String {
    i18n::text(lang, id)
}

/// The headings of a case's long text in `lang`: the parent's, the staff's.
pub fn headings(lang: Lang) -> [String; 2] {
    [
        word(lang, "case-heading-parent"),
        word(lang, "case-heading-staff"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_and_step_has_words_in_both_languages() {
        use yorisoi_protocol::cases::{CaseRefusal, CaseStep};
        let ids = CaseRefusal::ALL
            .iter()
            .map(|reason| reason.fluent_id())
            .chain(CaseStep::ALL.iter().map(|step| step.fluent_id()))
            .chain(["case-actor-parent"]);
        for id in ids {
            for lang in Lang::ALL {
                assert!(i18n::has(lang, id), "{id} in {lang:?}");
                assert!(!word(lang, id).is_empty(), "{id} in {lang:?}");
            }
        }
        // The id is the reason as sent, so a panel can name it from the body.
        let sent = serde_json::to_string(&CaseRefusal::EditRevealsHidden).expect("json");
        assert_eq!(
            format!("\"case-refusal-{}", &sent[1..]),
            format!("\"{}\"", CaseRefusal::EditRevealsHidden.fluent_id())
        );
    }

    #[test]
    fn every_heading_has_words_in_both_languages() {
        for lang in Lang::ALL {
            let [parent, staff] = headings(lang);
            assert!(!parent.is_empty() && !staff.is_empty());
            assert_ne!(parent, staff);
        }
        assert_eq!(headings(Lang::Ja)[0], "【相談】");
        assert_eq!(headings(Lang::En)[1], "Answer:");
    }
}
