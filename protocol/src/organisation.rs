//! Organisations as the clients see them: the face an organisation shows
//! parents (its name and greeting in both languages, an accent colour, the
//! launcher's side) and the rules such settings must follow. The server
//! checks them ([`OrganisationFace::check`]); the console checks the same
//! rules first so it can say early what to fix.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// An organisation's id. Every staff member, conversation and setting
/// belongs to exactly one organisation.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct OrganisationId(pub i64);

/// Which side of the host page the chat launcher sits on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LauncherSide {
    /// Bottom left.
    Left,
    /// Bottom right (the default).
    #[default]
    Right,
}

impl LauncherSide {
    /// `left` or `right`, as in the JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            LauncherSide::Left => "left",
            LauncherSide::Right => "right",
        }
    }

    /// Reads `left` or `right`.
    pub fn parse(text: &str) -> Option<LauncherSide> {
        match text.trim().to_ascii_lowercase().as_str() {
            "left" => Some(LauncherSide::Left),
            "right" => Some(LauncherSide::Right),
            _ => None,
        }
    }
}

/// Longest organisation name, in characters (each language).
pub const MAX_ORGANISATION_NAME_CHARS: usize = 80;

/// Longest greeting, in characters (each language).
pub const MAX_GREETING_CHARS: usize = 600;

/// The accent colour a new organisation starts with (the loader's warm
/// terracotta, 5.1:1 against white).
pub const DEFAULT_ACCENT: &str = "#b4532a";

/// Lowest contrast of white text on the accent colour (WCAG AA for text).
pub const MIN_ACCENT_CONTRAST: f64 = 4.5;

/// What parents see of an organisation: in the widget's header and welcome,
/// and on the launcher. Public: served to any page that embeds the widget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationFace {
    /// The name in Japanese.
    pub name_ja: String,
    /// The name in English.
    pub name_en: String,
    /// The greeting in Japanese; empty: the widget's standard welcome.
    #[serde(default)]
    pub greeting_ja: String,
    /// The greeting in English; empty: the widget's standard welcome.
    #[serde(default)]
    pub greeting_en: String,
    /// `#rrggbb`, the colour of the launcher and the widget's buttons.
    #[serde(default = "default_accent")]
    pub accent_color: String,
    /// Where the launcher sits.
    #[serde(default)]
    pub launcher_side: LauncherSide,
}

fn default_accent() -> String {
    DEFAULT_ACCENT.to_owned()
}

/// Which rule a face breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaceProblem {
    /// A name is empty or longer than [`MAX_ORGANISATION_NAME_CHARS`].
    Name,
    /// A greeting is longer than [`MAX_GREETING_CHARS`].
    Greeting,
    /// The accent is not `#rrggbb`.
    AccentFormat,
    /// White text on the accent is below [`MIN_ACCENT_CONTRAST`].
    AccentContrast,
}

impl OrganisationFace {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.name_ja,
            Lang::En => &self.name_en,
        }
    }

    /// The greeting in `lang` (empty: use the standard welcome).
    pub fn greeting(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.greeting_ja,
            Lang::En => &self.greeting_en,
        }
    }

    /// The same face with names and greetings trimmed and the colour in
    /// lower case, as it is stored.
    pub fn normalised(&self) -> OrganisationFace {
        OrganisationFace {
            name_ja: self.name_ja.trim().to_owned(),
            name_en: self.name_en.trim().to_owned(),
            greeting_ja: self.greeting_ja.trim().to_owned(),
            greeting_en: self.greeting_en.trim().to_owned(),
            accent_color: self.accent_color.trim().to_ascii_lowercase(),
            launcher_side: self.launcher_side,
        }
    }

    /// Checks every rule (on the normalised face); the first one broken.
    pub fn check(&self) -> Result<(), FaceProblem> {
        let face = self.normalised();
        let name_ok = |name: &str| {
            !name.is_empty()
                && name.chars().count() <= MAX_ORGANISATION_NAME_CHARS
                && !name.chars().any(char::is_control)
        };
        if !name_ok(&face.name_ja) || !name_ok(&face.name_en) {
            return Err(FaceProblem::Name);
        }
        let greeting_ok = |text: &str| text.chars().count() <= MAX_GREETING_CHARS;
        if !greeting_ok(&face.greeting_ja) || !greeting_ok(&face.greeting_en) {
            return Err(FaceProblem::Greeting);
        }
        let Some(rgb) = parse_hex_colour(&face.accent_color) else {
            return Err(FaceProblem::AccentFormat);
        };
        if contrast_with_white(rgb) < MIN_ACCENT_CONTRAST {
            return Err(FaceProblem::AccentContrast);
        }
        Ok(())
    }
}

/// An organisation's settings as its admins edit them in the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSettings {
    /// Its id.
    pub id: OrganisationId,
    /// Its short name in addresses and on the command line (`hidamari`).
    pub slug: String,
    /// What parents see.
    pub face: OrganisationFace,
}

/// `#rrggbb` into its three channels.
pub fn parse_hex_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// The WCAG contrast ratio of white against `rgb` (1 to 21).
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let linear = |channel: u8| {
        let value = f64::from(channel) / 255.0;
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb;
    let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    1.05 / (luminance + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(accent: &str) -> OrganisationFace {
        OrganisationFace {
            name_ja: "ひだまり子育てネット".into(),
            name_en: "Hidamari Parenting Net".into(),
            greeting_ja: String::new(),
            greeting_en: String::new(),
            accent_color: accent.into(),
            launcher_side: LauncherSide::Left,
        }
    }

    #[test]
    fn accents_must_be_hex_and_readable_under_white_text() {
        assert_eq!(face(DEFAULT_ACCENT).check(), Ok(()));
        assert_eq!(face(" #1D4ED8 ").check(), Ok(()));
        assert_eq!(face("#ffff00").check(), Err(FaceProblem::AccentContrast));
        assert_eq!(face("red").check(), Err(FaceProblem::AccentFormat));
        assert_eq!(face("#12345").check(), Err(FaceProblem::AccentFormat));
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn names_are_required_and_bounded() {
        let mut blank = face(DEFAULT_ACCENT);
        blank.name_en = "  ".into();
        assert_eq!(blank.check(), Err(FaceProblem::Name));
        let mut long = face(DEFAULT_ACCENT);
        long.greeting_ja = "あ".repeat(MAX_GREETING_CHARS + 1);
        assert_eq!(long.check(), Err(FaceProblem::Greeting));
    }

    #[test]
    fn json_uses_lower_case_sides_and_defaults_missing_fields() {
        let face: OrganisationFace =
            serde_json::from_str(r#"{"name_ja":"あ","name_en":"A"}"#).expect("parse");
        assert_eq!(face.accent_color, DEFAULT_ACCENT);
        assert_eq!(face.launcher_side, LauncherSide::Right);
        let json = serde_json::to_string(&LauncherSide::Left).expect("json");
        assert_eq!(json, r#""left""#);
    }
}
