//! Entry point of the staff settings page's wasm (`yorisoi-settings`).
//!
//! The same small allocator as the widget and the console (see
//! `widget.rs`): a page of a few forms keeps few allocations alive.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

fn main() {
    yorisoi_app::settings::mount();
}
