//! Values shared down the component tree through Leptos contexts, each with a
//! `provide_*_context()` to install it and a `use_*()` to read it.

pub mod i18n;
