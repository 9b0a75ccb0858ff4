// Starts the widget: fetches yorisoi-widget_bg.wasm beside this file and runs
// the app's main, and opens the emergency notice. A file of its own because the pages' CSP allows no inline
// script; the wasm path is explicit because the wasm-bindgen library does not
// bake a default one into the glue.
import init from "./yorisoi-widget.js";

// The emergency notice the server writes into this page, one <dialog> per
// language: opened from the header's "Emergency help" (.sos) button, and
// by the widget when the server says so (app/src/widget/help.rs). Esc
// closes an open notice only, not the whole chat (the widget's own Esc
// handler, on the document, asks the loader to hide the panel).
// (showModal on a notice already open as a modal does nothing.)
const help = (window.yorisoiHelp = () =>
  document.getElementById("help-" + document.documentElement.lang)?.showModal());
addEventListener("click", (event) => event.target.closest(".sos") && help());
addEventListener(
  "keydown",
  (event) => event.key == "Escape" && document.querySelector("dialog[open]") && event.stopPropagation(),
  true,
);

init({ module_or_path: new URL("./yorisoi-widget_bg.wasm", import.meta.url) });
