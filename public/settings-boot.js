// Starts the staff settings page: fetches yorisoi-settings_bg.wasm beside this
// file and runs the app's main. A file of its own because the pages' CSP
// allows no inline script; the wasm path is explicit because the wasm-bindgen
// library does not bake a default one into the glue.
import init from "./yorisoi-settings.js";

init({ module_or_path: new URL("./yorisoi-settings_bg.wasm", import.meta.url) });
