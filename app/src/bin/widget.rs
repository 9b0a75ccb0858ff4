//! Entry point of the parent widget's wasm (`yorisoi-widget`).
//!
//! The widget swaps the standard library's allocator (dlmalloc, some 7 KB
//! of wasm) for `lol_alloc`'s free list, a fraction of that: every byte
//! counts against the opened widget's 100 KB gzip (issue 10). A free list
//! sorted by address that merges adjacent freed blocks, so a long
//! consultation's messages, redrawn markup and frames reuse the memory they
//! free instead of growing it; its linear search is cheap at a widget's
//! few live allocations. The locked variant, because it is safe to build
//! (the single-threaded one needs `unsafe`, which the workspace forbids);
//! its uncontended spin lock costs next to nothing.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

fn main() {
    yorisoi_app::widget::mount();
}
