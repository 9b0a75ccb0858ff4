//! The rules side of the profile and canned reply forms, pure and testable
//! without a browser: which fields are at fault, each asked of the
//! protocol's own check alone ([`StaffProfile::check`], [`name_ok`],
//! [`CannedDraft::check`]; no rule copied here), with the Fluent id of what
//! to say beside it. The hours' rules are `super::hours_rules`.

use yorisoi_protocol::canned::CannedDraft;
use yorisoi_protocol::profile::{ProfileEdit, name_ok};
use yorisoi_protocol::team::StaffProfile;

/// The profile's fields at fault, each asked of the protocol alone.
pub fn profile_problems(edit: &ProfileEdit) -> Vec<(u8, &'static str)> {
    let mut wrong = Vec::new();
    if !name_ok(&edit.name) {
        wrong.push((0, "settings-problem-display-name"));
    }
    let p = &edit.profile;
    let texts = [&p.role_ja, &p.role_en, &p.intro_ja, &p.intro_en];
    for (key, text) in (1u8..).zip(texts) {
        let mut alone = StaffProfile::default();
        let (slot, message) = match key {
            1 => (&mut alone.role_ja, "settings-problem-role"),
            2 => (&mut alone.role_en, "settings-problem-role"),
            3 => (&mut alone.intro_ja, "settings-problem-intro"),
            _ => (&mut alone.intro_en, "settings-problem-intro"),
        };
        slot.clone_from(text);
        if alone.check().is_err() {
            wrong.push((key, message));
        }
    }
    wrong
}

/// The canned reply's fields at fault, each asked of the protocol alone.
pub fn canned_problems(draft: &CannedDraft) -> Vec<(u8, &'static str)> {
    let fails = |title: &str, ja: &str, en: &str| {
        let alone = CannedDraft {
            title: title.into(),
            ja: ja.into(),
            en: en.into(),
        };
        alone.check().is_err()
    };
    let mut wrong = Vec::new();
    if fails(&draft.title, "-", "") {
        wrong.push((0, "settings-problem-canned-title"));
    }
    let (ja, en) = (draft.ja.trim(), draft.en.trim());
    if ja.is_empty() && en.is_empty() {
        wrong.push((1, "settings-problem-canned-empty"));
    }
    if !ja.is_empty() && fails("-", ja, "") {
        wrong.push((1, "settings-problem-canned-long"));
    }
    if !en.is_empty() && fails("-", "", en) {
        wrong.push((2, "settings-problem-canned-long"));
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{SETTINGS, has_message};
    use yorisoi_protocol::canned::MAX_CANNED_TEXT_CHARS;
    use yorisoi_protocol::team::{MAX_INTRO_CHARS, MAX_ROLE_CHARS};

    #[test]
    fn each_profile_field_at_fault_is_named() {
        let edit = ProfileEdit {
            name: " \u{3000}".into(),
            profile: StaffProfile {
                role_ja: "保育士".into(),
                role_en: "a".repeat(MAX_ROLE_CHARS + 1),
                intro_ja: "あ".repeat(MAX_INTRO_CHARS + 1),
                intro_en: String::new(),
            },
        };
        assert_eq!(
            profile_problems(&edit),
            [
                (0, "settings-problem-display-name"),
                (2, "settings-problem-role"),
                (3, "settings-problem-intro"),
            ]
        );
    }

    #[test]
    fn each_canned_field_at_fault_is_named_and_every_word_exists() {
        let empty = CannedDraft::default();
        assert_eq!(
            canned_problems(&empty),
            [
                (0, "settings-problem-canned-title"),
                (1, "settings-problem-canned-empty")
            ]
        );
        let long = CannedDraft {
            title: "お礼".into(),
            ja: "はい".into(),
            en: "a".repeat(MAX_CANNED_TEXT_CHARS + 1),
        };
        assert_eq!(
            canned_problems(&long),
            [(2, "settings-problem-canned-long")]
        );
        for id in [
            "settings-problem-display-name",
            "settings-problem-role",
            "settings-problem-intro",
            "settings-problem-canned-title",
            "settings-problem-canned-empty",
            "settings-problem-canned-long",
            "settings-problem-spans",
            "settings-problem-dates",
            "settings-problem-zone",
            "settings-problem-photo",
        ] {
            assert!(has_message(SETTINGS, id), "{id}");
        }
    }
}
