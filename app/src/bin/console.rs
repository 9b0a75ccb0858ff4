//! Entry point of the staff console's wasm (`yorisoi-console`).

fn main() {
    yorisoi_app::console::mount();
}
