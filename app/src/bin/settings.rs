//! Entry point of the staff settings page's wasm (`yorisoi-settings`).

fn main() {
    yorisoi_app::settings::mount();
}
