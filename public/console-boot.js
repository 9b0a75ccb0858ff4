// Starts the console: fetches yorisoi-console_bg.wasm beside this file and runs
// the app's main. A file of its own because the pages' CSP allows no inline
// script; the wasm path is explicit because the wasm-bindgen library does not
// bake a default one into the glue. The app calls console-alerts.js.
import "./console-alerts.js";
import init from "./yorisoi-console.js";

init({ module_or_path: new URL("./yorisoi-console_bg.wasm", import.meta.url) });
