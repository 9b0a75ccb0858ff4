//! Contrast as the browser paints it (WCAG 2.2 relative luminance, from the
//! computed colours): text against the first opaque background behind it,
//! and a control's border against what surrounds the control. Colours
//! mixed with `color-mix` compute as `color(srgb r g b)`, in 0–1.

use fantoccini::Client;
use fantoccini::elements::Element;

/// The JavaScript helpers: `ratio(a, b)` of two CSS colours and
/// `behind(element)`, the first opaque background colour behind it.
const HELPERS: &str = "
    const rgb = (c) => { const n = c.match(/[\\d.]+/g).map(Number);
        return c.startsWith('color(') ? [...n.slice(0, 3).map((v) => v * 255), n[3]] : n; };
    const lum = (c) => { const [r, g, b] = rgb(c).slice(0, 3).map((v) => {
        v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    const behind = (e) => { for (; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor; const a = rgb(c)[3];
        if (a === undefined || a === 1) return c; } return 'rgb(255, 255, 255)'; };";

/// The contrast of `element`'s text on its background.
pub async fn of_text(client: &Client, element: &Element) -> anyhow::Result<f64> {
    let script = format!(
        "{HELPERS} const e = arguments[0]; return ratio(getComputedStyle(e).color, behind(e));"
    );
    let value = client
        .execute(&script, vec![serde_json::to_value(element)?])
        .await?;
    Ok(value.as_f64().unwrap_or_default())
}

/// The contrast of `element`'s border on the background around it.
pub async fn of_border(client: &Client, element: &Element) -> anyhow::Result<f64> {
    let script = format!(
        "{HELPERS} const e = arguments[0]; \
         return ratio(getComputedStyle(e).borderTopColor, behind(e.parentElement));"
    );
    let value = client
        .execute(&script, vec![serde_json::to_value(element)?])
        .await?;
    Ok(value.as_f64().unwrap_or_default())
}
