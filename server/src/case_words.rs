//! The words of cases (issue 13): those the server writes into a case's
//! text, and the names of refusals and trail steps for the screens, from
//! `locales/server/<lang>/cases.ftl`, read at compile time. They live
//! apart from `locales/<lang>/`, which `app/build.rs` compiles into every
//! wasm app: a server-only file there still moved the apps' gzip sizes
//! (measured: the console from 129,953 to 130,012 bytes, past its gate),
//! and here it cannot. Those files hold plain
//! messages only (`id = text`, no variables), so a few lines read them here;
//! when the server's Fluent module (`i18n`) arrives, these look-ups move to
//! it and the text building ([`crate::case_text`]) stays as it is: it takes
//! the words as arguments.

use yorisoi_protocol::Lang;

use crate::case_text::Headings;

const EN: &str = include_str!("../../locales/server/en/cases.ftl");
const JA: &str = include_str!("../../locales/server/ja/cases.ftl");

/// The text of message `id` in `lang`; empty (and logged) if missing, which
/// the tests rule out.
pub fn word(lang: Lang, id: &str) -> &'static str {
    let source = match lang {
        Lang::Ja => JA,
        Lang::En => EN,
    };
    source
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .find(|(key, _)| key.trim() == id)
        .map_or_else(
            || {
                tracing::error!(id, "case word missing");
                ""
            },
            |(_, text)| text.trim(),
        )
}

/// The headings of a case's long text in `lang`.
pub fn headings(lang: Lang) -> Headings<'static> {
    Headings {
        parent: word(lang, "case-heading-parent"),
        staff: word(lang, "case-heading-staff"),
    }
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
            let headings = headings(lang);
            assert!(!headings.parent.is_empty() && !headings.staff.is_empty());
            assert_ne!(headings.parent, headings.staff);
        }
        assert_eq!(headings(Lang::Ja).parent, "【相談】");
        assert_eq!(headings(Lang::En).staff, "Answer:");
    }
}
