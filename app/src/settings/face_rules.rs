//! The rules side of the organisation settings form, pure and testable
//! without a browser: its text fields, which of them break a rule (decided
//! by the protocol's own [`OrganisationFace::check`], no rule copied here),
//! and what to say about each [`FaceProblem`].

use yorisoi_protocol::Lang;
use yorisoi_protocol::organisation::{
    DEFAULT_ACCENT, FaceProblem, MAX_GREETING_CHARS, MAX_ORGANISATION_NAME_CHARS, OrganisationFace,
};

use crate::i18n::Arg;

/// A text field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The name in Japanese.
    NameJa,
    /// The name in English.
    NameEn,
    /// The greeting in Japanese.
    GreetingJa,
    /// The greeting in English.
    GreetingEn,
    /// The accent colour, `#rrggbb`.
    Accent,
}

impl Field {
    /// Every field, in the form's order.
    pub const ALL: [Field; 5] = [
        Field::NameJa,
        Field::NameEn,
        Field::GreetingJa,
        Field::GreetingEn,
        Field::Accent,
    ];

    /// The control's element id.
    pub fn id(self) -> &'static str {
        match self {
            Field::NameJa => "face-name-ja",
            Field::NameEn => "face-name-en",
            Field::GreetingJa => "face-greeting-ja",
            Field::GreetingEn => "face-greeting-en",
            Field::Accent => "face-accent",
        }
    }

    /// The Fluent id of its label (its accessible name).
    pub fn label_id(self) -> &'static str {
        match self {
            Field::NameJa => "settings-name-ja",
            Field::NameEn => "settings-name-en",
            Field::GreetingJa => "settings-greeting-ja",
            Field::GreetingEn => "settings-greeting-en",
            Field::Accent => "settings-accent",
        }
    }

    /// The language its text is written in, if it is text.
    pub fn lang(self) -> Option<Lang> {
        match self {
            Field::NameJa | Field::GreetingJa => Some(Lang::Ja),
            Field::NameEn | Field::GreetingEn => Some(Lang::En),
            Field::Accent => None,
        }
    }

    /// True for the greetings, written on several lines.
    pub fn multiline(self) -> bool {
        matches!(self, Field::GreetingJa | Field::GreetingEn)
    }

    /// The field's value in `face`.
    pub fn value(self, face: &OrganisationFace) -> &str {
        match self {
            Field::NameJa => &face.name_ja,
            Field::NameEn => &face.name_en,
            Field::GreetingJa => &face.greeting_ja,
            Field::GreetingEn => &face.greeting_en,
            Field::Accent => &face.accent_color,
        }
    }

    fn slot(self, face: &mut OrganisationFace) -> &mut String {
        match self {
            Field::NameJa => &mut face.name_ja,
            Field::NameEn => &mut face.name_en,
            Field::GreetingJa => &mut face.greeting_ja,
            Field::GreetingEn => &mut face.greeting_en,
            Field::Accent => &mut face.accent_color,
        }
    }
}

/// The fields at fault in `face`: each one that a face right everywhere
/// else is refused with.
pub fn wrong_fields(face: &OrganisationFace) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|field| {
            let mut alone = OrganisationFace {
                name_ja: "-".into(),
                name_en: "-".into(),
                greeting_ja: String::new(),
                greeting_en: String::new(),
                accent_color: DEFAULT_ACCENT.into(),
                launcher_side: face.launcher_side,
            };
            *field.slot(&mut alone) = field.value(face).to_owned();
            alone.check().is_err()
        })
        .collect()
}

/// The Fluent id and arguments of what to say about `problem`.
pub fn problem_message(
    problem: FaceProblem,
) -> (&'static str, Option<(&'static str, Arg<'static>)>) {
    match problem {
        FaceProblem::Name => (
            "settings-problem-name",
            Some(("max", MAX_ORGANISATION_NAME_CHARS.into())),
        ),
        FaceProblem::Greeting => (
            "settings-problem-greeting",
            Some(("max", MAX_GREETING_CHARS.into())),
        ),
        FaceProblem::AccentFormat => ("settings-problem-accent-format", None),
        FaceProblem::AccentContrast => ("settings-problem-accent-contrast", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{SETTINGS, has_message, translate_with};
    use yorisoi_protocol::organisation::LauncherSide;

    fn face() -> OrganisationFace {
        OrganisationFace {
            name_ja: "ひだまり子育てネット".into(),
            name_en: "Hidamari Parenting Net".into(),
            greeting_ja: "いつでも書いてくださいね。".into(),
            greeting_en: String::new(),
            accent_color: "#1d4ed8".into(),
            launcher_side: LauncherSide::Left,
        }
    }

    #[test]
    fn a_good_face_has_no_field_at_fault() {
        assert_eq!(face().check(), Ok(()));
        assert_eq!(wrong_fields(&face()), Vec::new());
    }

    #[test]
    fn the_fields_at_fault_are_the_ones_that_break_a_rule() {
        let mut blank = face();
        blank.name_en = " \u{3000}".into();
        assert_eq!(blank.check(), Err(FaceProblem::Name));
        assert_eq!(wrong_fields(&blank), [Field::NameEn]);

        let mut long = face();
        long.greeting_ja = "あ".repeat(MAX_GREETING_CHARS + 1);
        long.accent_color = "#fff".into();
        assert_eq!(long.check(), Err(FaceProblem::Greeting));
        assert_eq!(wrong_fields(&long), [Field::GreetingJa, Field::Accent]);

        let mut pale = face();
        pale.accent_color = "#ffff00".into();
        assert_eq!(pale.check(), Err(FaceProblem::AccentContrast));
        assert_eq!(wrong_fields(&pale), [Field::Accent]);
    }

    #[test]
    fn every_problem_and_label_has_words_in_both_languages() {
        for problem in [
            FaceProblem::Name,
            FaceProblem::Greeting,
            FaceProblem::AccentFormat,
            FaceProblem::AccentContrast,
        ] {
            let (id, arg) = problem_message(problem);
            for lang in Lang::ALL {
                let text = translate_with(SETTINGS, lang, id, arg.as_slice());
                assert!(
                    !text.contains('{') && text != id,
                    "{id} in {lang:?}: {text}"
                );
            }
        }
        let text = translate_with(
            SETTINGS,
            Lang::En,
            "settings-problem-greeting",
            &[("max", MAX_GREETING_CHARS.into())],
        );
        assert!(text.contains("600"), "{text}");
        for field in Field::ALL {
            assert!(has_message(SETTINGS, field.label_id()), "{field:?}");
        }
    }
}
