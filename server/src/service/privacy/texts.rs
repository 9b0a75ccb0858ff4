//! The words of the transcript in the parent's language
//! (`locales/server/<lang>/privacy.ftl`, read by [`crate::i18n`]), for
//! [`crate::transcript::render`].

use yorisoi_protocol::Lang;

use crate::i18n::{self, Arg};
use crate::transcript::Texts;

/// One language's privacy texts.
pub(super) struct PrivacyTexts(Lang);

impl PrivacyTexts {
    /// The texts of `lang`. The sources are checked by this module's test
    /// (both languages, every id, values filled); a broken one would show
    /// its ids instead of words, never fail a download.
    pub(super) fn new(lang: Lang) -> Self {
        PrivacyTexts(lang)
    }
}

impl Texts for PrivacyTexts {
    fn text(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args
            .iter()
            .map(|(name, value)| (*name, Arg::Text(value)))
            .collect();
        i18n::text_with(self.0, id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_transcript_text_with_its_values() {
        for lang in [Lang::Ja, Lang::En] {
            let texts = PrivacyTexts::new(lang);
            for id in [
                "transcript-title",
                "transcript-number",
                "transcript-period",
                "transcript-downloaded",
                "transcript-you",
                "transcript-empty",
            ] {
                let args = [
                    ("organisation", "ひだまり"),
                    ("number", "12"),
                    ("first", "A"),
                    ("last", "B"),
                    ("date", "D"),
                ];
                let text = texts.text(id, &args);
                assert_ne!(text, id, "{lang:?} lacks {id}");
                assert!(!text.contains('{'), "{lang:?} {id}: {text}");
            }
        }
        let ja = PrivacyTexts::new(Lang::Ja);
        assert_eq!(
            ja.text("transcript-number", &[("number", "12")]),
            "相談番号：12"
        );
    }
}
