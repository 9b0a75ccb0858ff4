//! One closure type for each kind of closure that Leptos compiles anew per
//! closure type: [`effect`] for effects, [`handler`] for event handlers,
//! as [`crate::components::markup::markup`] is for markup parts.
//!
//! `Effect::new` compiles its whole task (the loop that waits for a change,
//! tracks what the closure reads and runs it again) once per closure type it
//! is given, and `on:click` and the other events their listener wrapper and
//! attribute code once per handler type. Boxed, every effect of an app is
//! the same type, and every handler of one kind of event too, so the wasm
//! carries each of those once (measured on the console: its five effects
//! boxed, with its empty-string texts, 1.6 KB gzip; its handlers, 0.9 KB).

use leptos::prelude::*;

/// Runs `run` (on the next tick, as `Effect::new` does) and again whenever
/// a signal it read changes. An effect that needs what it saw last time
/// keeps that itself, in a `StoredValue`.
pub fn effect(run: Box<dyn Fn()>) {
    Effect::new(move |_| run());
}

/// `handle` boxed, as every handler of its kind of event (`E`: a click's
/// `MouseEvent`, a change's `Event`…): `on:click=handler(move |_| …)`.
pub fn handler<E: 'static>(handle: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(handle)
}
