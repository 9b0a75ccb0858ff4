//! The organisation's face in the widget. The server writes it into the
//! widget page as JSON (`<script type="application/json">` with the id
//! [`FACE_ELEMENT_ID`], see `yorisoi_protocol::http`), so the header shows
//! the organisation's name and the welcome its greeting in the parent's
//! language, and its accent colour tints the buttons and the parent's own
//! bubbles. A page without it (an older server, a test page) keeps the
//! standard title, welcome and colours.
//!
//! The accent goes onto `<html>` as the CSS custom property `--accent`
//! through the CSSOM: the page's policy (`style-src 'self'`) refuses inline
//! `style` attributes but not `style.setProperty`. `<html data-accent>` then
//! tells widget.css to derive the paler and darker shades from it (see the
//! test below for why they stay readable). The server guarantees white text
//! on the accent reads at 4.5:1.
//!
//! The JSON is read field by field through the browser (`JSON.parse`,
//! `Reflect.get`) rather than through serde: a derived decoder for this one
//! struct costs the widget about 1 KB of its gzip budget.

use js_sys::{JSON, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use yorisoi_protocol::Lang;
use yorisoi_protocol::http::FACE_ELEMENT_ID;
use yorisoi_protocol::organisation::{OrganisationFace, parse_hex_colour};

/// What the widget shows of its organisation; a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct Face(StoredValue<Option<OrganisationFace>>);

impl Face {
    /// Reads the face from the page and applies its accent colour.
    pub fn start() -> Face {
        let face = read();
        if let Some(face) = &face {
            apply_accent(&face.accent_color);
        }
        Face(StoredValue::new(face))
    }

    /// The organisation's name in `lang`, if it has one to show.
    pub fn name(self, lang: Lang) -> Option<String> {
        self.0
            .with_value(|face| shown(face.as_ref()?.name(lang)).map(str::to_owned))
    }

    /// The organisation's greeting in `lang`, if it wrote one.
    pub fn greeting(self, lang: Lang) -> Option<String> {
        self.0
            .with_value(|face| shown(face.as_ref()?.greeting(lang)).map(str::to_owned))
    }
}

/// `text` when it says something; `None` means "use the standard text".
fn shown(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|text| !text.is_empty())
}

/// The face the server put into the page, if any and if it is JSON. A
/// missing or non-text field reads as empty (the standard text shows).
fn read() -> Option<OrganisationFace> {
    let element = web_sys::window()?
        .document()?
        .get_element_by_id(FACE_ELEMENT_ID)?;
    let face = JSON::parse(&element.text_content()?).ok()?;
    let field = |name: &str| {
        Reflect::get(&face, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    };
    Some(OrganisationFace {
        name_ja: field("name_ja"),
        name_en: field("name_en"),
        greeting_ja: field("greeting_ja"),
        greeting_en: field("greeting_en"),
        accent_color: field("accent_color"),
        // The launcher's side is the loader's business.
        launcher_side: Default::default(),
    })
}

/// Puts a well-formed `#rrggbb` accent on `<html>`, where widget.css reads
/// it; anything else leaves the standard colours.
fn apply_accent(accent: &str) {
    if parse_hex_colour(accent).is_none() {
        return;
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root
        && root.style().set_property("--accent", accent).is_ok()
    {
        let _ = root.set_attribute("data-accent", "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::organisation::{MIN_ACCENT_CONTRAST, contrast_with_white};

    /// The share of the accent in a `color-mix(in srgb, var(--accent) N%, …)`
    /// of widget.css's `:root[data-accent]` rule for `property`.
    fn share_in_css(property: &str) -> f64 {
        let css = include_str!("../../../public/widget.css");
        let rule = &css[css.find(":root[data-accent]").expect("the accent rule")..];
        let declaration = &rule[rule.find(&format!("{property}:")).expect(property)..];
        let mix = &declaration[..declaration.find(';').expect("a declaration")];
        let percent = mix.split("var(--accent) ").nth(1).expect("a share");
        let percent = &percent[..percent.find('%').expect("a percentage")];
        percent.parse::<f64>().expect("a number") / 100.0
    }

    /// `rgb` mixed in sRGB with `other`, `share` of it `rgb`, as
    /// `color-mix(in srgb, …)` does.
    fn mix(rgb: [u8; 3], share: f64, other: u8) -> [u8; 3] {
        rgb.map(|c| (f64::from(c) * share + f64::from(other) * (1.0 - share)).round() as u8)
    }

    /// The WCAG contrast ratio between two colours.
    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        // contrast_with_white gives 1.05 / (L + 0.05); recover each L.
        let luminance = |rgb| 1.05 / contrast_with_white(rgb) - 0.05;
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn text_on_the_parents_bubbles_stays_readable_for_any_allowed_accent() {
        let soft_share = share_in_css("--accent-soft");
        let ink_share = share_in_css("--accent-ink");
        let muted = [0x6e, 0x62, 0x5a];
        let ink = [0x3b, 0x34, 0x30];
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let accent = [r as u8, g as u8, b as u8];
                    if contrast_with_white(accent) < MIN_ACCENT_CONTRAST {
                        continue;
                    }
                    let soft = mix(accent, soft_share, 255);
                    let accent_ink = mix(accent, ink_share, 0);
                    assert!(contrast(muted, soft) >= 4.5, "muted on {accent:?}");
                    assert!(contrast(ink, soft) >= 4.5, "text on {accent:?}");
                    assert!(contrast(accent_ink, soft) >= 4.5, "ink on {accent:?}");
                    assert!(contrast(accent_ink, [255; 3]) >= 4.5, "{accent:?}");
                }
            }
        }
    }

    #[test]
    fn blank_names_and_greetings_fall_back_to_the_standard_text() {
        assert_eq!(shown("  ひだまり "), Some("ひだまり"));
        assert_eq!(shown(" \u{3000}\n"), None);
        assert_eq!(shown(""), None);
    }
}
