//! Entry point of the staff console's wasm (`yorisoi-console`).
//!
//! Like the widget (see `widget.rs`), the console swaps dlmalloc for
//! `lol_alloc`'s address-sorted free list that merges neighbours: about
//! 3 KB gzip less of the console's 130 KB budget. The console's live
//! allocations are the paged list's conversations and the open thread,
//! a few thousand at most; the free list's search stays cheap there.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

fn main() {
    yorisoi_app::console::mount();
}
