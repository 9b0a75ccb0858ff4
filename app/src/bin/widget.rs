//! Entry point of the parent widget's wasm (`yorisoi-widget`).

fn main() {
    yorisoi_app::widget::mount();
}
