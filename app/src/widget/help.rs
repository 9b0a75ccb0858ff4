//! Opens the emergency notice when the server says so. The notice is the
//! page's, not a view of ours: the server writes it into the widget's page
//! as a `<dialog>` per language (`help-ja`, `help-en`; see the server's
//! `help` module), and the page's own script (`public/widget-boot.js`)
//! opens the one in `<html lang>` — from the header's "Emergency help"
//! button (a click it catches for any `.sos` button) and from here, when
//! the server's `Help` frame says a parent's message suggested danger or a
//! staff member sent the notice. A modal dialog: focus moves into it, Esc
//! and its own button close it, focus returns where it was. Written so, the
//! notice costs the widget's wasm one import; it opens with no request even
//! if the connection just dropped. A leaf: imports nothing of the widget.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `window.yorisoiHelp()`, defined by `widget-boot.js`.
    #[wasm_bindgen(js_namespace = window, js_name = yorisoiHelp)]
    pub fn open();
}
