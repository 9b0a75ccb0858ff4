//! The team as parents and colleagues see it: each staff member's profile
//! (role and introduction in both languages, a photo), their presence, and
//! what the widget is told about who answers and when ([`Team`]). A staff
//! member's working hours are a [`crate::schedule::Schedule`]; the server
//! turns hours and presence into the times here, so clients do no time-zone
//! arithmetic beyond showing an instant in the reader's own zone.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Longest role, in characters (each language): "代表", "保育士", "Childcare worker".
pub const MAX_ROLE_CHARS: usize = 40;
/// Longest introduction, in characters (each language).
pub const MAX_INTRO_CHARS: usize = 400;
/// Largest profile photo, in bytes (a small square picture is plenty).
pub const MAX_PHOTO_BYTES: usize = 256 * 1024;

/// Whether a staff member is answering right now. Chosen in the console;
/// `Offline` when they have not said (their schedule then tells parents
/// when they are usually there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Presence {
    /// At the console and answering.
    Online,
    /// At the console but not answering for now (a nap to settle, a walk).
    Away,
    /// Not at the console.
    #[default]
    Offline,
}

impl Presence {
    /// `online`, `away` or `offline`, as stored and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Away => "away",
            Presence::Offline => "offline",
        }
    }

    /// Reads [`Presence::as_str`]'s words.
    pub fn parse(text: &str) -> Option<Presence> {
        match text.trim().to_ascii_lowercase().as_str() {
            "online" => Some(Presence::Online),
            "away" => Some(Presence::Away),
            "offline" => Some(Presence::Offline),
            _ => None,
        }
    }
}

/// What a staff member tells parents about themselves, as they edit it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffProfile {
    /// Role in Japanese (代表, 保育士…).
    #[serde(default)]
    pub role_ja: String,
    /// Role in English.
    #[serde(default)]
    pub role_en: String,
    /// A short introduction in Japanese.
    #[serde(default)]
    pub intro_ja: String,
    /// A short introduction in English.
    #[serde(default)]
    pub intro_en: String,
}

/// Which rule a profile breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileProblem {
    /// A role is longer than [`MAX_ROLE_CHARS`] or holds a line break.
    Role,
    /// An introduction is longer than [`MAX_INTRO_CHARS`].
    Intro,
}

impl StaffProfile {
    /// The same profile trimmed, as it is stored.
    pub fn normalised(&self) -> StaffProfile {
        StaffProfile {
            role_ja: self.role_ja.trim().to_owned(),
            role_en: self.role_en.trim().to_owned(),
            intro_ja: self.intro_ja.trim().to_owned(),
            intro_en: self.intro_en.trim().to_owned(),
        }
    }

    /// Checks every rule on the normalised profile; the first one broken.
    pub fn check(&self) -> Result<(), ProfileProblem> {
        let profile = self.normalised();
        let role_ok = |role: &str| {
            role.chars().count() <= MAX_ROLE_CHARS && !role.chars().any(char::is_control)
        };
        if !role_ok(&profile.role_ja) || !role_ok(&profile.role_en) {
            return Err(ProfileProblem::Role);
        }
        let intro_ok = |intro: &str| intro.chars().count() <= MAX_INTRO_CHARS;
        if !intro_ok(&profile.intro_ja) || !intro_ok(&profile.intro_en) {
            return Err(ProfileProblem::Intro);
        }
        Ok(())
    }

    /// The role in `lang`, or in the other language when this one is empty.
    pub fn role(&self, lang: Lang) -> &str {
        either(&self.role_ja, &self.role_en, lang)
    }

    /// The introduction in `lang`, or in the other language when empty.
    pub fn intro(&self, lang: Lang) -> &str {
        either(&self.intro_ja, &self.intro_en, lang)
    }
}

/// `ja` or `en` as `lang` asks, falling back to the other when empty.
fn either<'a>(ja: &'a str, en: &'a str, lang: Lang) -> &'a str {
    let (first, second) = match lang {
        Lang::Ja => (ja, en),
        Lang::En => (en, ja),
    };
    if first.is_empty() { second } else { first }
}

/// An availability meaning "now": times at or before the present are sent
/// as this, so a team that did not change reads the same a second later.
pub const NOW: i64 = 0;

/// One staff member as the widget's chooser shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// Their id (what a nomination names).
    pub id: i64,
    /// Their display name.
    pub name: String,
    /// Role and introduction in both languages; the widget shows its own.
    pub profile: StaffProfile,
    /// The path of their photo on this server (changes when the photo
    /// does), or none.
    #[serde(default)]
    pub photo: Option<String>,
    /// When they can next be expected to answer (ms since the Unix epoch;
    /// [`NOW`]: answering now); none when they set no hours and are not
    /// online.
    #[serde(default)]
    pub available_at_ms: Option<i64>,
}

/// What the widget is told about who answers and when: sent after
/// `Welcome` and again whenever it changes (presence, hours, nomination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Everyone who answers, in the organisation's order.
    pub members: Vec<TeamMember>,
    /// Whom the parent asked for; none: anyone.
    #[serde(default)]
    pub nominee: Option<i64>,
    /// When a reply can be expected: the nominee's availability, or the
    /// earliest of everyone's ([`NOW`]: now); none when unknown.
    #[serde(default)]
    pub reply_by_ms: Option<i64>,
    /// Nobody is answering now: the widget shows the organisation's away
    /// message.
    #[serde(default)]
    pub away: bool,
    /// The nominee will not be available for a while: the widget asks the
    /// parent whether someone else may answer.
    #[serde(default)]
    pub ask_for_anyone: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_speaks_the_other_language_rather_than_nothing() {
        let profile = StaffProfile {
            role_ja: "保育士".into(),
            role_en: String::new(),
            intro_ja: String::new(),
            intro_en: "Mother of two.".into(),
        };
        assert_eq!(profile.role(Lang::En), "保育士");
        assert_eq!(profile.role(Lang::Ja), "保育士");
        assert_eq!(profile.intro(Lang::Ja), "Mother of two.");
    }

    #[test]
    fn profiles_are_checked_after_trimming() {
        let mut profile = StaffProfile {
            role_ja: format!("  {}  ", "代".repeat(MAX_ROLE_CHARS)),
            ..StaffProfile::default()
        };
        assert_eq!(profile.check(), Ok(()));
        profile.role_en = "Chair\nperson".into();
        assert_eq!(profile.check(), Err(ProfileProblem::Role));
        profile.role_en.clear();
        profile.intro_en = "a".repeat(MAX_INTRO_CHARS + 1);
        assert_eq!(profile.check(), Err(ProfileProblem::Intro));
    }

    #[test]
    fn presence_reads_its_own_words() {
        for presence in [Presence::Online, Presence::Away, Presence::Offline] {
            assert_eq!(Presence::parse(presence.as_str()), Some(presence));
        }
        assert_eq!(Presence::parse(" Online "), Some(Presence::Online));
        assert_eq!(Presence::parse("busy"), None);
    }
}
