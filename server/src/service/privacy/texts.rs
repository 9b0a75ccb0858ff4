//! The words of the transcript in the parent's language, from
//! `locales/server/<lang>/privacy.ftl` through `fluent-bundle`, for
//! [`crate::transcript::render`]. A stand-in until the server's own i18n
//! (issue 13's panels) is merged: it then becomes a call to that, and this
//! file goes. The texts live in `locales/server/`, beside the server's
//! other texts, not in `locales/<lang>/`: `app/build.rs` compiles every file
//! there into the wasm apps' tables, and this one alone grew the console by
//! 104 B gzip (past its gate) and the settings page by 48 B.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;
use yorisoi_protocol::Lang;

use crate::transcript::Texts;

/// The Fluent source of each language, compiled in.
const EN: &str = include_str!("../../../../locales/server/en/privacy.ftl");
const JA: &str = include_str!("../../../../locales/server/ja/privacy.ftl");

/// One language's privacy texts.
pub(super) struct PrivacyTexts(FluentBundle<FluentResource>);

impl PrivacyTexts {
    /// The texts of `lang`. The sources are checked by this module's test
    /// (both languages, every id, values filled); a broken one would show
    /// its ids instead of words, never fail a download.
    pub(super) fn new(lang: Lang) -> Self {
        let (source, tag) = match lang {
            Lang::Ja => (JA, "ja"),
            Lang::En => (EN, "en"),
        };
        let id: LanguageIdentifier = tag.parse().unwrap_or_default();
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(resource) | Err((resource, _)) => resource,
        };
        let mut bundle = FluentBundle::new(vec![id]);
        // Plain text for a file: no Unicode isolation marks around values.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(?errors, "privacy.ftl has errors");
        }
        PrivacyTexts(bundle)
    }
}

impl Texts for PrivacyTexts {
    fn text(&self, id: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self.0.get_message(id).and_then(|message| message.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        let mut errors = Vec::new();
        self.0
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
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
